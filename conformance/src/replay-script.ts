/**
 * The replay server's script: exchanges (a request the client should send and
 * what the server answers) read from a recorded fixture or written in a case,
 * decoded once with the schemas of @yc-assistants/types.
 */
import type { DescMessage, DescMethod, DescService, JsonValue, Message } from "@bufbuild/protobuf";
import { fromJson } from "@bufbuild/protobuf";
import type { Code } from "@connectrpc/connect";
import {
  ApiEndpointService,
  AssistantService,
  FileService,
  MessageService,
  OperationService,
  RunService,
  registry,
  SearchIndexFileService,
  SearchIndexService,
  ThreadService,
} from "@yc-assistants/types";
import type { ExchangeSpec } from "./case-schema.js";
import { parseGrpcCode } from "./grpc-code.js";
import { type Path, ShapeError } from "./shape.js";

/** The services the replay server, the recorder and the cases know. */
export const SERVICES: readonly DescService[] = [
  RunService,
  ThreadService,
  MessageService,
  AssistantService,
  // issue 9: files, search indexes, operations and endpoint discovery
  // (../shared/fixtures/yandex-recorded-files).
  FileService,
  SearchIndexService,
  SearchIndexFileService,
  OperationService,
  ApiEndpointService,
];

/** `RunService.Get` for a method: the spelling of cases and reports. */
export function rpcName(method: DescMethod): string {
  return `${method.parent.name}.${method.name}`;
}

/** Finds a method by `Service.Method` (e.g. `RunService.Submit`). */
export function findRpc(name: string): DescMethod | undefined {
  const [serviceName, methodName] = name.split(".");
  const service = SERVICES.find((s) => s.name === serviceName);
  return service?.methods.find((m) => m.name === methodName);
}

/** Finds the method whose request type is `typeName` (full proto name). */
export function findRpcByRequestType(typeName: string): DescMethod | undefined {
  for (const s of SERVICES) {
    for (const m of s.methods) if (m.input.typeName === typeName) return m;
  }
  return undefined;
}

/** The full proto name of a recorded message from its Python module and class names. */
export function typeNameOf(module: string, cls: string): string {
  // "yandex.cloud.ai.assistants.v1.runs.run_service_pb2" + "CreateRunRequest":
  // the module's proto package is the module path without its file part.
  const pkg = module.split(".").slice(0, -1).join(".");
  return `${pkg}.${cls}`;
}

/** An error the replay server answers with. */
export interface ReplayError {
  readonly code: Code;
  readonly message: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** One decoded exchange. */
export interface ReplayExchange {
  readonly method: DescMethod;
  /** The request the client should send, when known (recorded or scripted). */
  readonly request: Message | undefined;
  /** The unary response. */
  readonly response: Message | undefined;
  /** The messages of a server stream. */
  readonly stream: readonly Message[] | undefined;
  readonly error: ReplayError | undefined;
  readonly delayMs: number;
  /** How many calls it answers before the next exchange of its RPC is used. */
  readonly times: number;
  /** Where it comes from, for messages: `test_run/test_run.json interaction #4`. */
  readonly source: string;
}

function decode(schema: DescMessage, json: unknown, path: Path): Message {
  try {
    return fromJson(schema, json as JsonValue, { registry });
  } catch (e) {
    throw new ShapeError(
      path,
      `not a valid ${schema.typeName} in proto JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

const isStreamingResponse = (m: DescMethod) =>
  m.methodKind === "server_streaming" || m.methodKind === "bidi_streaming";

/**
 * Checks a scripted exchange of a case file and decodes it. Throws
 * {@link ShapeError} at `path` when the RPC is unknown, a message does not
 * decode, or the answer does not fit the method (a stream for a unary call).
 */
export function validateExchange(x: ExchangeSpec, path: Path, source = "exchange"): ReplayExchange {
  const method = findRpc(x.rpc);
  if (!method) {
    const known = SERVICES.flatMap((s) => s.methods.map(rpcName)).join(", ");
    throw new ShapeError([...path, "rpc"], `unknown RPC "${x.rpc}" (known: ${known})`);
  }
  const streaming = isStreamingResponse(method);
  if (x.response !== undefined && streaming) {
    throw new ShapeError([...path, "response"], `${x.rpc} is a streaming call: use "stream"`);
  }
  if (x.stream !== undefined && !streaming) {
    throw new ShapeError([...path, "stream"], `${x.rpc} is a unary call: use "response"`);
  }
  if (!streaming && x.response === undefined && x.error === undefined) {
    throw new ShapeError(path, `needs a "response" or an "error"`);
  }
  if (streaming && x.stream === undefined && x.error === undefined) {
    throw new ShapeError(path, `needs a "stream" or an "error"`);
  }
  if (x.response !== undefined && x.error !== undefined) {
    throw new ShapeError(
      [...path, "error"],
      `a unary exchange has a "response" or an "error", not both`,
    );
  }
  return {
    method,
    request:
      x.request === undefined ? undefined : decode(method.input, x.request, [...path, "request"]),
    response:
      x.response === undefined
        ? undefined
        : decode(method.output, x.response, [...path, "response"]),
    stream: x.stream?.map((m, i) => decode(method.output, m, [...path, "stream", i])),
    error: x.error && {
      code: x.error.code,
      message: x.error.message ?? "scripted error",
      metadata: x.error.metadata ?? {},
    },
    delayMs: x.delayMs ?? 0,
    times: x.times ?? 1,
    source,
  };
}

/** A recorded message: `{ cls, module, message }`. */
interface RecordedMessage {
  cls: string;
  module: string;
  message: unknown;
}

function isRecorded(v: unknown): v is RecordedMessage {
  const r = v as Partial<RecordedMessage> | null;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.cls === "string" &&
    typeof r.module === "string" &&
    typeof r.message === "object"
  );
}

function decodeRecorded(r: RecordedMessage, where: string): Message {
  const typeName = typeNameOf(r.module, r.cls);
  const schema = registry.getMessage(typeName);
  if (!schema) throw new Error(`${where}: unknown message type ${typeName}`);
  try {
    return fromJson(schema, r.message as JsonValue, { registry });
  } catch (e) {
    throw new Error(`${where}: ${typeName} does not decode: ${e instanceof Error ? e.message : e}`);
  }
}

/**
 * Decodes a recorded session (`{ interactions: [...] }`, the format of
 * `../shared/fixtures/yandex-recorded` and of `--record`) into exchanges.
 *
 * @param label how messages name the file, e.g. `test_run/test_run.json`.
 */
export function exchangesFromRecording(data: unknown, label: string): ReplayExchange[] {
  const interactions = (data as { interactions?: unknown } | null)?.interactions;
  if (!Array.isArray(interactions)) throw new Error(`${label}: no "interactions" list`);
  return interactions.map((raw, i) => {
    const where = `${label} interaction #${i + 1}`;
    const it = raw as {
      request?: unknown;
      request_stream?: unknown;
      response?: unknown;
      response_stream?: unknown;
      error?: { code?: unknown; message?: unknown; metadata?: unknown };
    };
    const firstRequest = isRecorded(it.request)
      ? it.request
      : Array.isArray(it.request_stream) && isRecorded(it.request_stream[0])
        ? it.request_stream[0]
        : undefined;
    if (!firstRequest) throw new Error(`${where}: no request`);
    const typeName = typeNameOf(firstRequest.module, firstRequest.cls);
    const method = findRpcByRequestType(typeName);
    if (!method) throw new Error(`${where}: no known RPC takes ${typeName}`);
    let error: ReplayError | undefined;
    if (it.error !== undefined) {
      const code = parseGrpcCode(it.error.code as string | number);
      if (code === undefined) throw new Error(`${where}: bad error code ${String(it.error.code)}`);
      error = {
        code,
        message: typeof it.error.message === "string" ? it.error.message : "",
        metadata: (it.error.metadata as Record<string, string> | undefined) ?? {},
      };
    }
    const stream = Array.isArray(it.response_stream)
      ? it.response_stream.map((m, j) => {
          if (!isRecorded(m)) throw new Error(`${where}: response_stream[${j}] is not a message`);
          return decodeRecorded(m, `${where} response_stream[${j}]`);
        })
      : undefined;
    const response = isRecorded(it.response)
      ? decodeRecorded(it.response, `${where} response`)
      : undefined;
    if (!response && !stream && !error) throw new Error(`${where}: no response, stream or error`);
    return {
      method,
      request: decodeRecorded(firstRequest, `${where} request`),
      response,
      stream: stream ?? (isStreamingResponse(method) && !error ? [] : undefined),
      error,
      delayMs: 0,
      times: 1,
      source: where,
    };
  });
}
