/**
 * Request identity: `x-client-request-id` on every logical call, and one `idempotency-key`
 * shared by every attempt of a unary call.
 *
 * spec/runs.md, "Transport facts of the Python SDK": every call carries
 * `x-client-request-id` (a fresh UUID per logical call); retries of the same call reuse
 * one `idempotency-key` (the retry interceptor adds `x-retry-attempt: n`).
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Interceptor } from "@connectrpc/connect";

/**
 * Header naming one logical call; support can find it in server logs.
 *
 * @example
 * req.header.get(HEADER_CLIENT_REQUEST_ID); // "3f1c…-…" (a UUID)
 */
export const HEADER_CLIENT_REQUEST_ID = "x-client-request-id";
/**
 * Header shared by all attempts of one unary call, so a server can deduplicate retries.
 *
 * @example
 * req.header.get(HEADER_IDEMPOTENCY_KEY); // the same UUID on every retry of this call
 */
export const HEADER_IDEMPOTENCY_KEY = "idempotency-key";

/**
 * An interceptor that gives each logical call a fresh UUID in `x-client-request-id` and,
 * for unary calls, a fresh UUID in `idempotency-key`. It must sit outside the retry
 * interceptor, so every attempt of one call carries the same two values. A value the
 * caller set in its own call headers is kept.
 *
 * @example
 * const interceptors = [requestIdInterceptor(), retryInterceptor(policy)];
 */
export function requestIdInterceptor(newId: () => string = randomUUID): Interceptor {
  // Not an async function: no extra promise and ticks per call (issue 10, client CPU per run).
  return (next) => (req) => {
    if (!req.header.has(HEADER_CLIENT_REQUEST_ID))
      req.header.set(HEADER_CLIENT_REQUEST_ID, newId());
    if (!req.stream && !req.header.has(HEADER_IDEMPOTENCY_KEY)) {
      req.header.set(HEADER_IDEMPOTENCY_KEY, newId());
    }
    return next(req);
  };
}
