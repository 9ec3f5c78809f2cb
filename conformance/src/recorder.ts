/**
 * Recording client↔server exchanges in the format of the recorded fixtures
 * (`{ interactions: [{ request: { cls, module, message }, response |
 * response_stream | error }] }`), so users can capture their own traffic and
 * replay it with the replay server.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type DescMessage, type DescMethod, type Message, toJson } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  type HandlerContext,
  type Interceptor,
  type Transport,
} from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { registry } from "@yc-assistants/types";
import { grpcCodeName } from "./grpc-code.js";
import { type Host, startHost } from "./host.js";
import { SERVICES } from "./replay-script.js";
import type { JsonValue } from "./shape.js";
import { type WireCall, WireLog } from "./wire-log.js";

/** A recorded message: the Python-style module and class names and its proto JSON. */
export interface RecordedMessage {
  readonly cls: string;
  /** `yandex.cloud.ai.assistants.v1.runs.run_service_pb2`: the proto file's path plus `_pb2`. */
  readonly module: string;
  readonly message: JsonValue;
}

/** One recorded call. */
export interface RecordedInteraction {
  readonly request: RecordedMessage;
  /** Every request of a client or bidi stream (the first is also `request`). */
  readonly request_stream?: RecordedMessage[];
  readonly response?: RecordedMessage;
  readonly response_stream?: RecordedMessage[];
  /** The status a failed call ended with (after `response_stream`, if any). */
  readonly error?: { code: string; message: string };
}

/** A recorded session. */
export interface Recording {
  readonly interactions: RecordedInteraction[];
}

/** The module name the recordings use for a message type. */
export function moduleOf(schema: DescMessage): string {
  return `${schema.file.name.replace(/\//g, ".")}_pb2`;
}

function record(schema: DescMessage, message: Message): RecordedMessage {
  return {
    cls: schema.name,
    module: moduleOf(schema),
    message: toJson(schema, message, { registry }) as JsonValue,
  };
}

const streamsRequests = (m: DescMethod) =>
  m.methodKind === "client_streaming" || m.methodKind === "bidi_streaming";
const streamsResponses = (m: DescMethod) =>
  m.methodKind === "server_streaming" || m.methodKind === "bidi_streaming";

/** Converts logged calls into a recording (calls without a request are left out). */
export function toRecording(calls: readonly WireCall[]): Recording {
  const interactions: RecordedInteraction[] = [];
  for (const call of calls) {
    const first = call.requests[0];
    if (!first) continue;
    const input = call.method.input;
    const output = call.method.output;
    const entry: {
      request: RecordedMessage;
      request_stream?: RecordedMessage[];
      response?: RecordedMessage;
      response_stream?: RecordedMessage[];
      error?: { code: string; message: string };
    } = { request: record(input, first) };
    if (streamsRequests(call.method))
      entry.request_stream = call.requests.map((m) => record(input, m));
    if (streamsResponses(call.method)) {
      entry.response_stream = call.responses.map((m) => record(output, m));
    } else if (call.responses[0] && !call.error) {
      entry.response = record(output, call.responses[0]);
    }
    if (call.error)
      entry.error = { code: grpcCodeName(call.error.code), message: call.error.message };
    interactions.push(entry);
  }
  return { interactions };
}

/** Writes a recording as pretty JSON, creating the directory. */
export function writeRecording(file: string, recording: Recording): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(recording, null, 2)}\n`);
}

/** A recorder to put into any Connect client's interceptors (our client's `interceptors` option). */
export interface Recorder {
  readonly interceptor: Interceptor;
  /** What was recorded so far. */
  recording(): Recording;
  /** Writes what was recorded so far to `file`. */
  write(file: string): void;
}

/**
 * Records every call of a Connect client.
 *
 * @example
 * const recorder = createRecorder();
 * const client = new AssistantsClient({ interceptors: [recorder.interceptor] });
 * // ... use the client ...
 * recorder.write("my-session.json"); // replay it: cases `server: { replay: { fixture: ... } }`
 */
export function createRecorder(): Recorder {
  const log = new WireLog();
  return {
    interceptor: log.interceptor,
    recording: () => toRecording(log.calls),
    write: (file) => writeRecording(file, toRecording(log.calls)),
  };
}

// Headers of the HTTP/2 and gRPC layers that the forwarding transport sets itself.
const HOP_HEADERS = new Set([
  "content-type",
  "content-length",
  "te",
  "host",
  "connection",
  "user-agent",
  "accept-encoding",
  "grpc-timeout",
  "grpc-accept-encoding",
  "grpc-encoding",
  "connect-protocol-version",
  "connect-timeout-ms",
]);

function forwardHeaders(ctx: HandlerContext): Headers {
  const out = new Headers();
  ctx.requestHeader.forEach((v, k) => {
    if (!HOP_HEADERS.has(k) && !k.startsWith(":")) out.set(k, v);
  });
  return out;
}

function copyInto(target: Headers, source: Headers): void {
  source.forEach((v, k) => {
    if (!HOP_HEADERS.has(k) && !k.startsWith("grpc-")) target.set(k, v);
  });
}

/** Routes that forward every call of every service to `upstream`. */
export function createForwardingRoutes(upstream: Transport): (router: ConnectRouter) => void {
  return (router) => {
    for (const service of SERVICES) {
      for (const method of service.methods) {
        if (method.methodKind === "unary") {
          router.rpc(method, (async (request: Message, ctx: HandlerContext) => {
            const res = await upstream.unary(
              method as never,
              ctx.signal,
              ctx.timeoutMs(),
              forwardHeaders(ctx),
              request as never,
            );
            copyInto(ctx.responseHeader, res.header);
            copyInto(ctx.responseTrailer, res.trailer);
            return res.message;
          }) as never);
          continue;
        }
        const handler = async function* (
          input: Message | AsyncIterable<Message>,
          ctx: HandlerContext,
        ) {
          const requests: AsyncIterable<Message> =
            Symbol.asyncIterator in (input as object)
              ? (input as AsyncIterable<Message>)
              : (async function* () {
                  yield input as Message;
                })();
          const res = await upstream.stream(
            method as never,
            ctx.signal,
            ctx.timeoutMs(),
            forwardHeaders(ctx),
            requests as never,
          );
          copyInto(ctx.responseHeader, res.header);
          try {
            for await (const m of res.message as AsyncIterable<Message>) yield m;
          } finally {
            copyInto(ctx.responseTrailer, res.trailer);
          }
        };
        router.rpc(method, handler as never);
      }
    }
  };
}

/** A running recording proxy. */
export interface RecordingProxy {
  /** Point clients here: `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** What passed through so far. */
  recording(): Recording;
  /** Stops the proxy (the recording stays readable). */
  close(): Promise<void>;
}

/**
 * Starts an HTTP/2 proxy that forwards every Assistants API call to
 * `upstream` (gRPC over HTTP/2; `https://` for TLS) and records the exchanges.
 * Credentials pass through in headers and are never written to the recording.
 *
 * @example
 * const proxy = await startRecordingProxy({ upstream: "https://assistant.api.cloud.yandex.net" });
 * // run your program with endpoint = proxy.url, then:
 * writeRecording("session.json", proxy.recording());
 */
export async function startRecordingProxy(options: {
  upstream: string;
  port?: number;
  host?: string;
}): Promise<RecordingProxy> {
  const log = new WireLog();
  const upstream = createGrpcTransport({ baseUrl: options.upstream });
  let host: Host;
  try {
    host = await startHost(createForwardingRoutes(upstream), {
      interceptors: [log.interceptor],
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
    });
  } catch (e) {
    throw new ConnectError(`cannot start the recording proxy: ${String(e)}`, Code.Unavailable);
  }
  return { url: host.url, recording: () => toRecording(log.calls), close: () => host.close() };
}
