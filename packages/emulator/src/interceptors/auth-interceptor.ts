import { timingSafeEqual } from "node:crypto";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";

/**
 * Requires `authorization: Api-Key <key>` or `authorization: Bearer <token>`
 * (schema sheet, "Authentication metadata") when the emulator is given a key
 * or a token; anything else is UNAUTHENTICATED. Neither the expected nor the
 * received secret ever appears in the error.
 *
 * @example
 * createAuthInterceptor({ apiKey: "test-key" });
 */
export function createAuthInterceptor(auth: { apiKey?: string; iamToken?: string }): Interceptor {
  const accepted: Buffer[] = [];
  if (auth.apiKey) accepted.push(Buffer.from(`Api-Key ${auth.apiKey}`));
  if (auth.iamToken) accepted.push(Buffer.from(`Bearer ${auth.iamToken}`));
  return (next) => async (request) => {
    // Endpoint discovery is answered without credentials: the Python SDK
    // sends ApiEndpointService/List without any (schema sheet, issue 9).
    if (request.service.typeName === "yandex.cloud.endpoint.ApiEndpointService") {
      return next(request);
    }
    if (accepted.length > 0) {
      const header = request.header.get("authorization");
      const given = Buffer.from(header ?? "");
      const ok = accepted.some(
        (expected) => expected.length === given.length && timingSafeEqual(expected, given),
      );
      if (!ok) {
        throw new ConnectError(
          header === null
            ? "missing authorization header: send `Api-Key <key>` or `Bearer <IAM token>`"
            : "the authorization header does not carry a valid API key or IAM token",
          Code.Unauthenticated,
        );
      }
    }
    return next(request);
  };
}
