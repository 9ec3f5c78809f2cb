import { toBinary } from "@bufbuild/protobuf";
import type { Interceptor } from "@connectrpc/connect";
import { resourceExhausted } from "../errors.js";

/**
 * RESOURCE_EXHAUSTED for a request message larger than `maxMessageBytes`
 * (issue 4: "Limits on message size"), checked before the handler runs so
 * the state does not change. Every message of a client stream is checked.
 *
 * @example
 * createLimitsInterceptor(64 * 1024);
 */
export function createLimitsInterceptor(maxMessageBytes: number): Interceptor {
  const check = (size: number) => {
    if (size > maxMessageBytes) {
      throw resourceExhausted(
        `request message is ${size} bytes, more than the limit of ${maxMessageBytes} bytes`,
      );
    }
  };
  return (next) => async (request) => {
    if (!request.stream) {
      check(toBinary(request.method.input, request.message).length);
      return next(request);
    }
    const input = request.method.input;
    const source = request.message;
    async function* checked() {
      for await (const message of source) {
        check(toBinary(input, message).length);
        yield message;
      }
    }
    return next({ ...request, message: checked() });
  };
}
