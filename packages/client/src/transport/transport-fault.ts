/**
 * Transport faults: failures of the network under a call (a dropped connection, a reset
 * stream, a GOAWAY, a response cut short), told apart from the server's own answers and
 * from the caller's own abort.
 *
 * issue 8, point 1: connect-node reports an HTTP/2 stream that closed because its connection
 * died as `Code.Canceled` ("http/2 stream closed with error code CANCEL"), an
 * RST_STREAM(INTERNAL_ERROR) as `Code.Internal`, and a reset socket as `Code.Aborted`. None
 * of these is the caller's abort nor the server's verdict, so they must not end a listen or
 * an idempotent call: "only the caller's abort ends with `Canceled`" (DEVELOPERS.md, "Bad
 * input, faults and errors").
 *
 * @module
 */
import { Code, ConnectError, type Interceptor, type StreamResponse } from "@connectrpc/connect";
import { passThrough } from "./pass-through.js";

/**
 * Codes that a failing connection produces in connect-node (see
 * `connectErrorFromH2ResetCode` and `connectErrorFromNodeReason` there), and the
 * `InvalidArgument` of a response body cut inside a message ("protocol error: incomplete
 * envelope").
 */
const FAULT_CODES: ReadonlySet<Code> = new Set([
  Code.Canceled,
  Code.Aborted,
  Code.Internal,
  Code.Unavailable,
  Code.Unknown,
  Code.InvalidArgument,
  Code.ResourceExhausted,
]);

/**
 * Whether the server produced this error: a gRPC or Connect error answer always carries
 * response headers or trailers (at least `content-type`, `grpc-status`), which Connect keeps
 * in `metadata`. An error raised by the client's own stack (a reset, a dead socket, a decode
 * failure) has none.
 *
 * @example
 * serverAnswered(new ConnectError("x", Code.Internal)); // false: no response metadata
 */
export function serverAnswered(error: ConnectError): boolean {
  for (const _ of error.metadata.keys()) return true;
  return false;
}

/**
 * Whether the client itself refused what it read: a message that does not decode, or one
 * past the client's read limit. Such a failure repeats on every retry, so it is never
 * retried nor resumed (issue 8, point 6: "never resume a decode failure").
 *
 * @example
 * isLocalDecodeFailure(new ConnectError("parse binary: premature EOF", Code.Internal)); // true
 */
export function isLocalDecodeFailure(error: ConnectError): boolean {
  if (serverAnswered(error)) return false;
  const message = error.rawMessage;
  return (
    message.startsWith("parse binary") ||
    message.startsWith("parse JSON") ||
    message.includes("readMaxBytes") ||
    error.code === Code.DataLoss ||
    (error.cause instanceof ConnectError && isLocalDecodeFailure(error.cause))
  );
}

/**
 * Whether `error` is a transport fault: raised below the server's answer (no response
 * metadata), not a decode failure of ours, and of a code a failing connection produces.
 * The caller's own abort is told apart by the caller, from its signal: see
 * {@link transportFaultInterceptor}.
 *
 * @example
 * isTransportFault(new ConnectError("http/2 stream closed with error code CANCEL (0x8)", Code.Canceled)); // true
 */
export function isTransportFault(error: ConnectError): boolean {
  if (error.code === Code.Unavailable && error.cause instanceof ConnectError) {
    if (error.rawMessage.startsWith(LOST_PREFIX)) return true;
  }
  if (serverAnswered(error) || isLocalDecodeFailure(error)) return false;
  if (!FAULT_CODES.has(error.code)) return false;
  // A cut body reads as a protocol error; other InvalidArgument errors are the client's own
  // validation, never a fault of the network.
  if (error.code === Code.InvalidArgument) return error.rawMessage.startsWith("protocol error");
  return true;
}

const LOST_PREFIX = "connection lost during the call";

/**
 * The error a transport fault is reported as: `Code.Unavailable` (what gRPC clients report
 * for a connection that failed), with the original error as `cause`. Unavailable is what the
 * retry policy retries and what a listen resumes after; for a non-idempotent call it means
 * "the request may or may not have been applied" (spec/runs.md, "Submit semantics").
 *
 * @example
 * throw asTransportFault(err); // [unavailable] connection lost during the call: http/2 stream closed …
 */
export function asTransportFault(error: ConnectError): ConnectError {
  return new ConnectError(
    `${LOST_PREFIX}: ${error.rawMessage}`,
    Code.Unavailable,
    undefined,
    undefined,
    error,
  );
}

/**
 * Whether a transport fault arrived before the request could have left the client: only then
 * is a retry of a non-idempotent call safe. Connect reports a refused stream (REFUSED_STREAM,
 * or a stream beyond a GOAWAY's last stream id) that way.
 *
 * @example
 * neverSent(asTransportFault(new ConnectError("http/2 stream closed with error code REFUSED_STREAM (0x7)", Code.Unavailable))); // true
 */
export function neverSent(error: ConnectError): boolean {
  const original = error.cause instanceof ConnectError ? error.cause : error;
  return !serverAnswered(original) && original.rawMessage.includes("REFUSED_STREAM");
}

/**
 * Whether `error` is a TLS handshake that met a plaintext server: OpenSSL's "wrong version
 * number" (`ERR_SSL_WRONG_VERSION_NUMBER`), what an `https://` endpoint gets from the
 * emulator, which speaks plaintext h2c.
 */
export function isPlaintextServer(error: ConnectError): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || /wrong version number/i.test(e.message)) {
      return true;
    }
  }
  return false;
}

/**
 * issue 12, point 1 ("A bad endpoint fails cryptically"): `https://` against a plaintext server
 * is the caller's endpoint, not a network fault; it is reported once, naming the option and
 * what to write, and never retried (`InvalidArgument`).
 */
function plaintextServerError(url: string, error: ConnectError): ConnectError {
  const origin = /^https:\/\/[^/]+/i.exec(url)?.[0] ?? "the endpoint";
  const plain = origin.replace(/^https:/i, "http:");
  return new ConnectError(
    `endpoint ${origin} does not speak TLS (the TLS handshake met a plaintext server, e.g. the emulator): ` +
      `write ${plain} for a plaintext server on loopback`,
    Code.InvalidArgument,
    undefined,
    undefined,
    error,
  );
}

function mapped(e: unknown, signal: AbortSignal, url: string): unknown {
  // The caller's abort or the call's deadline: its own error, never a fault.
  if (signal.aborted) return e;
  const error = ConnectError.from(e);
  if (!serverAnswered(error) && isPlaintextServer(error)) return plaintextServerError(url, error);
  return isTransportFault(error) && error.code !== Code.Unavailable ? asTransportFault(error) : e;
}

function mapStream<T>(
  messages: AsyncIterable<T>,
  signal: AbortSignal,
  url: string,
): AsyncIterable<T> {
  return passThrough(messages, { mapError: (e) => mapped(e, signal, url) });
}

/**
 * An interceptor, next to the network, that reports every transport fault of a call whose
 * signal was not aborted as `Code.Unavailable` ({@link asTransportFault}), for unary calls
 * and while a response stream is read. So the retry policy retries idempotent calls on a
 * new connection, `listen()` resumes, an ambiguous Submit is resolved by asking the server,
 * and only the caller's own abort ends with `Code.Canceled` (issue 8, point 1).
 *
 * @example
 * const interceptors = [retryInterceptor(policy), transportFaultInterceptor()];
 */
export function transportFaultInterceptor(): Interceptor {
  return (next) => async (req) => {
    let res: Awaited<ReturnType<typeof next>>;
    try {
      res = await next(req);
    } catch (e) {
      throw mapped(e, req.signal, req.url);
    }
    if (!res.stream) return res;
    const stream: StreamResponse = { ...res, message: mapStream(res.message, req.signal, req.url) };
    return stream;
  };
}
