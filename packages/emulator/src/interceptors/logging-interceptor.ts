import { ConnectError, type Interceptor, type StreamResponse } from "@connectrpc/connect";
import { codeName } from "../errors.js";

/**
 * Logs one line per call when it ends: `<Service>/<Method> <CODE> <ms>ms`,
 * e.g. `RunService/Create OK 2ms`. Nothing from headers or messages is
 * logged, so no secret can leak (common brief: secrets never appear in logs).
 *
 * @example
 * createLoggingInterceptor((line) => console.log(line));
 */
export function createLoggingInterceptor(log: (line: string) => void): Interceptor {
  return (next) => async (request) => {
    const started = performance.now();
    const name = `${request.service.name}/${request.method.name}`;
    const write = (code: string) => {
      log(`${name} ${code} ${Math.round(performance.now() - started)}ms`);
    };
    let response: Awaited<ReturnType<typeof next>>;
    try {
      response = await next(request);
    } catch (error) {
      write(codeName(ConnectError.from(error).code));
      throw error;
    }
    if (!response.stream) {
      write("OK");
      return response;
    }
    return { ...response, message: logged(response, write, request.signal) } as StreamResponse;
  };
}

async function* logged(
  response: StreamResponse,
  write: (code: string) => void,
  signal: AbortSignal,
): AsyncGenerator<unknown> {
  let code = "OK";
  try {
    yield* response.message;
  } catch (error) {
    code = codeName(ConnectError.from(error).code);
    throw error;
  } finally {
    // A stream the client abandoned ends without an error of ours.
    write(code === "OK" && signal.aborted ? "CANCELED" : code);
  }
}
