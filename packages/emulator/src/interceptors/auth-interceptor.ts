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
  const check = createAuthCheck(auth);
  return (next) => async (request) => {
    // Endpoint discovery is answered without credentials: the Python SDK
    // sends ApiEndpointService/List without any (schema sheet, issue 9).
    if (request.service.typeName === "yandex.cloud.endpoint.ApiEndpointService") {
      return next(request);
    }
    const error = check(request.header.get("authorization"));
    if (error !== undefined) throw error;
    return next(request);
  };
}

/**
 * The check of {@link createAuthInterceptor} on its own: given the `authorization` header
 * (or `null`), the UNAUTHENTICATED error to answer with, or `undefined` when it is accepted
 * (always, without a key and a token). Shared with the Listen fast path (fast-listen.ts), so
 * both answer alike.
 *
 * @example
 * const check = createAuthCheck({ apiKey: "k" });
 * check("Api-Key k"); // undefined
 */
export function createAuthCheck(auth: {
  apiKey?: string;
  iamToken?: string;
}): (header: string | null) => ConnectError | undefined {
  const accepted: Buffer[] = [];
  if (auth.apiKey) accepted.push(Buffer.from(`Api-Key ${auth.apiKey}`));
  if (auth.iamToken) accepted.push(Buffer.from(`Bearer ${auth.iamToken}`));
  return (header) => {
    if (accepted.length === 0) return undefined;
    const given = Buffer.from(header ?? "");
    const ok = accepted.some(
      (expected) => expected.length === given.length && timingSafeEqual(expected, given),
    );
    if (ok) return undefined;
    return new ConnectError(
      header === null
        ? "missing authorization header: send `Api-Key <key>` or `Bearer <IAM token>`"
        : "the authorization header does not carry a valid API key or IAM token",
      Code.Unauthenticated,
    );
  };
}
