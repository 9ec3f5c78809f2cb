import { Code, ConnectError, type Interceptor, type StreamResponse } from "@connectrpc/connect";
import { codeName } from "../errors.js";

/**
 * Logs one line per call when it ends: `<Service>/<Method> <CODE> <ms>ms`,
 * e.g. `RunService/Create OK 2ms`. Nothing from headers or messages is
 * logged, so no secret can leak (common brief: secrets never appear in logs).
 *
 * A call the client ended (its stream reset, whatever the reset code) is
 * logged as the server sees it: `DEADLINE_EXCEEDED` when the call carried a
 * deadline (`grpc-timeout` / `connect-timeout-ms`) and the client gave up at
 * about that time, else `CANCELED`. Issue 12: `listen({ timeoutMs })` (the
 * client's own timer resets the stream with INTERNAL_ERROR) and
 * `wait({ timeoutMs })` (the server's timer fires first) log the same code.
 *
 * @example
 * createLoggingInterceptor((line) => console.log(line));
 */
export function createLoggingInterceptor(log: (line: string) => void): Interceptor {
  return (next) => async (request) => {
    const started = performance.now();
    const name = `${request.service.name}/${request.method.name}`;
    const deadlineMs = requestDeadlineMs(request.header);
    const write = (code: string) => {
      log(`${name} ${code} ${Math.round(performance.now() - started)}ms`);
    };
    const endCode = (error: unknown): string =>
      codeName(callEndCode(error, request.signal, performance.now() - started, deadlineMs));
    let response: Awaited<ReturnType<typeof next>>;
    try {
      response = await next(request);
    } catch (error) {
      write(endCode(error));
      throw error;
    }
    if (!response.stream) {
      write("OK");
      return response;
    }
    return {
      ...response,
      message: logged(response, write, endCode, request.signal),
    } as StreamResponse;
  };
}

async function* logged(
  response: StreamResponse,
  write: (code: string) => void,
  endCode: (error: unknown) => string,
  signal: AbortSignal,
): AsyncGenerator<unknown> {
  let code = "OK";
  try {
    yield* response.message;
  } catch (error) {
    code = endCode(error);
    throw error;
  } finally {
    // A stream the client abandoned ends without an error of ours.
    if (code === "OK" && signal.aborted) code = endCode(signal.reason);
    write(code);
  }
}

/**
 * How long a client may keep a deadline timer running ahead of the server's
 * (it starts its timer before the request leaves): a reset this close to the
 * deadline is the deadline.
 */
const DEADLINE_SLACK_MS = 50;

/**
 * The code a call ended with, as the server sees it. A reset by the client
 * (connect-node aborts the handler's signal with `http/2 stream closed with
 * error code …`) is the client's deadline when the request carried one and
 * it was (about) reached, else a cancellation; any other error keeps its code.
 */
export function callEndCode(
  error: unknown,
  signal: AbortSignal,
  elapsedMs: number,
  deadlineMs: number | undefined,
): Code {
  const code = ConnectError.from(error).code;
  const clientGone = signal.aborted && isPeerReset(signal.reason);
  if (!clientGone && code !== Code.DeadlineExceeded) return code;
  if (deadlineMs !== undefined && elapsedMs >= deadlineMs - DEADLINE_SLACK_MS) {
    return Code.DeadlineExceeded;
  }
  return clientGone ? Code.Canceled : code;
}

/** connect-node's reason for a stream the client closed: a reset code, or a bare abort. */
function isPeerReset(reason: unknown): boolean {
  if (!(reason instanceof ConnectError)) return true;
  return reason.rawMessage.startsWith("http/2 stream closed");
}

/**
 * The deadline a request carries, in ms: gRPC / gRPC-web `grpc-timeout`
 * (`<digits><H|M|S|m|u|n>`) or Connect `connect-timeout-ms`; `undefined`
 * without one.
 *
 * @example
 * requestDeadlineMs(new Headers({ "grpc-timeout": "300m" })); // 300
 */
export function requestDeadlineMs(header: Headers): number | undefined {
  const connect = header.get("connect-timeout-ms");
  if (connect !== null && /^\d{1,10}$/.test(connect)) return Number(connect);
  const grpc = /^(\d{1,8})([HMSmun])$/.exec(header.get("grpc-timeout") ?? "");
  if (grpc === null) return undefined;
  const unitMs = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 1e-3, n: 1e-6 }[
    grpc[2] as "H" | "M" | "S" | "m" | "u" | "n"
  ];
  return Number(grpc[1]) * unitMs;
}
