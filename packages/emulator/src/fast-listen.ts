/**
 * The Listen fast path: `RunService.Listen` over gRPC served straight from the run's event log,
 * below Connect.
 *
 * issue 10, "halve the emulator's CPU per event": through Connect every event of a Listen
 * costs about 10-15 µs of emulator CPU (a chain of async iterators per event, one
 * `toBinary` per event and per listener, one HTTP/2 write per event), almost none of it the
 * emulator's own code. Here an event is encoded once, when a listener first needs it, and kept
 * (the log is append-only and its events never change); the events at hand are written as one
 * HTTP/2 write. What a client sees is what Connect sends: the same headers, the same envelopes,
 * the same trailers and status codes (auth, validation, NOT_FOUND, deadline, shutdown).
 *
 * It only serves the plain case: gRPC with binary protobuf, no request compression, and an
 * emulator without request logging or fault injection (both hook into Connect); anything
 * else goes to Connect as before.
 *
 * @module
 */
import type http2 from "node:http2";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { parseTimeout, setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import {
  ListenRunRequestSchema,
  type StreamEvent,
  StreamEventSchema,
} from "@yc-assistants/types/runs";
import { notFound } from "./errors.js";
import { createAuthCheck } from "./interceptors/auth-interceptor.js";
import { startIndex } from "./services/run-service.js";
import type { ServiceContext } from "./services/service-context.js";
import { isFinalEvent, type RunRecord } from "./state/run-record.js";
import { validateRequest } from "./validation.js";

const LISTEN_PATH = "/yandex.cloud.ai.assistants.v1.runs.RunService/Listen";

/** Each event's gRPC envelope (flags, length, message), made once per event. */
const envelopes = new WeakMap<StreamEvent, Buffer>();

function envelopeOf(event: StreamEvent): Buffer {
  let envelope = envelopes.get(event);
  if (envelope === undefined) {
    const body = toBinary(StreamEventSchema, event);
    envelope = Buffer.allocUnsafe(5 + body.length);
    envelope[0] = 0;
    envelope.writeUInt32BE(body.length, 1);
    envelope.set(body, 5);
    envelopes.set(event, envelope);
  }
  return envelope;
}

/** What the fast path needs of the emulator. */
export interface FastListenOptions {
  readonly context: Pick<ServiceContext, "state" | "quirks">;
  readonly auth: { apiKey?: string; iamToken?: string } | undefined;
  /** Connect's `readMaxBytes` of the same server. */
  readonly readMaxBytes: number;
  /** Aborted (with UNAVAILABLE) when the emulator closes. */
  readonly shutdown: AbortSignal;
}

/**
 * A handler that serves a gRPC `RunService.Listen` request and returns `true`, or returns
 * `false` (having touched nothing) for any other request, which then goes to Connect.
 *
 * @example
 * const fastListen = createFastListen({ context, auth, readMaxBytes, shutdown });
 * const serve = (req, res) => fastListen(req, res) || connectHandler(req, res);
 */
export function createFastListen(
  options: FastListenOptions,
): (request: http2.Http2ServerRequest, response: http2.Http2ServerResponse) => boolean {
  const checkAuth = createAuthCheck(options.auth ?? {});
  return (request, response) => {
    if (request.method !== "POST" || request.url !== LISTEN_PATH) return false;
    const type = request.headers["content-type"];
    if (type !== "application/grpc" && type !== "application/grpc+proto") return false;
    const encoding = request.headers["grpc-encoding"];
    if (encoding !== undefined && encoding !== "identity") return false;
    void serve(options, checkAuth, request, response);
    return true;
  };
}

async function serve(
  options: FastListenOptions,
  checkAuth: (header: string | null) => ConnectError | undefined,
  request: http2.Http2ServerRequest,
  response: http2.Http2ServerResponse,
): Promise<void> {
  const call = new AbortController();
  const onShutdown = () => call.abort(options.shutdown.reason);
  const onClose = () => call.abort(new ConnectError("the client went away", Code.Canceled));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let headersSent = false;
  const sendHeaders = () => {
    if (headersSent) return;
    headersSent = true;
    response.writeHead(200, { "content-type": "application/grpc+proto" });
  };
  try {
    if (options.shutdown.aborted) throw options.shutdown.reason;
    options.shutdown.addEventListener("abort", onShutdown, { once: true });
    response.once("close", onClose);
    const timeout = parseTimeout(
      (request.headers["grpc-timeout"] as string | undefined) ?? null,
      Number.MAX_SAFE_INTEGER,
    );
    if (timeout.error !== undefined) throw timeout.error;
    if (timeout.timeoutMs !== undefined) {
      timer = setTimeout(
        () => call.abort(new ConnectError("the operation timed out", Code.DeadlineExceeded)),
        timeout.timeoutMs,
      );
    }
    // Connect's order: the request message is read and parsed, then the interceptors (auth)
    // run, then the implementation (validation, the run).
    const input = parseRequest(await readBody(request, call.signal), options.readMaxBytes);
    const authError = checkAuth((request.headers.authorization as string | undefined) ?? null);
    if (authError !== undefined) throw authError;
    validateRequest(ListenRunRequestSchema, input);
    const start = startIndex(input.eventsStartIdx, options.context.quirks.ignoreEventsStartIdx);
    const record = options.context.state.getRun(input.runId);
    await follow(record, start, call.signal, async (chunk) => {
      sendHeaders();
      if (!response.write(chunk)) await drained(response, call.signal);
    });
    finish(response, sendHeaders, undefined);
  } catch (e) {
    finish(response, sendHeaders, call.signal.aborted ? call.signal.reason : e);
  } finally {
    clearTimeout(timer);
    options.shutdown.removeEventListener("abort", onShutdown);
    response.off("close", onClose);
  }
}

/**
 * The same walk as `follow` in run-service.ts (events from `start` on, then live ones, ending
 * after a final event or at once on a finished run with nothing more), handing over the
 * envelopes of every event at hand as one chunk.
 */
async function follow(
  record: RunRecord,
  start: number,
  signal: AbortSignal,
  write: (chunk: Buffer) => Promise<void>,
): Promise<void> {
  let next = start;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    if (record.deleted) throw notFound("run", record.id);
    const batch: Buffer[] = [];
    let final = false;
    while (next < record.events.length && !final) {
      const event = record.events[next] as StreamEvent;
      next++;
      batch.push(envelopeOf(event));
      final = isFinalEvent(event);
    }
    if (batch.length > 0)
      await write(batch.length === 1 ? (batch[0] as Buffer) : Buffer.concat(batch));
    if (final || record.isTerminal) return;
    await record.changed(signal);
  }
}

/** Ends the response with its trailers: `grpc-status` 0, or the error's status and message. */
function finish(
  response: http2.Http2ServerResponse,
  sendHeaders: () => void,
  error: unknown,
): void {
  if (response.writableEnded || response.destroyed) return;
  const trailer = new Headers({ "grpc-status": "0" });
  if (error !== undefined) {
    const err =
      error instanceof ConnectError
        ? error
        : new ConnectError("internal error", Code.Internal, undefined, undefined, error);
    setTrailerStatus(trailer, err);
  }
  sendHeaders();
  const trailers: Record<string, string> = {};
  trailer.forEach((value, key) => {
    trailers[key] = value;
  });
  response.addTrailers(trailers);
  response.end();
}

function readBody(request: http2.Http2ServerRequest, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.once("end", () => {
      signal.removeEventListener("abort", onAbort);
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    request.once("error", (e) => {
      signal.removeEventListener("abort", onAbort);
      reject(e);
    });
  });
}

/** The one message of a server-streaming request, with Connect's errors for anything else. */
function parseRequest(body: Buffer, readMaxBytes: number) {
  if (body.length === 0) {
    throw new ConnectError(
      "protocol error: missing input message for server-streaming method",
      Code.InvalidArgument,
    );
  }
  if (body.length < 5)
    throw new ConnectError("protocol error: incomplete envelope", Code.InvalidArgument);
  const flags = body[0] as number;
  const length = body.readUInt32BE(1);
  if (length > readMaxBytes) {
    throw new ConnectError(
      `message size ${length} is larger than configured readMaxBytes ${readMaxBytes}`,
      Code.ResourceExhausted,
    );
  }
  if ((flags & 1) === 1) {
    throw new ConnectError(
      "protocol error: received compressed message without grpc-encoding",
      Code.Internal,
    );
  }
  if (body.length < 5 + length) {
    throw new ConnectError("protocol error: incomplete envelope", Code.InvalidArgument);
  }
  if (body.length > 5 + length) {
    throw new ConnectError(
      "protocol error: received extra input message for server-streaming method",
      Code.InvalidArgument,
    );
  }
  try {
    return fromBinary(ListenRunRequestSchema, body.subarray(5, 5 + length));
  } catch (e) {
    throw ConnectError.from(e, Code.Internal);
  }
}

function drained(response: http2.Http2ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      response.off("drain", onDrain);
      reject(signal.reason);
    };
    const onDrain = () => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    };
    response.once("drain", onDrain);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
