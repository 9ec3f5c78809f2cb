/**
 * The retry interceptor: retries unary calls of idempotent methods that failed with a
 * retryable code, with exponential backoff and jitter, never past the call's deadline.
 *
 * issue 3, "Transport behaviour": retry only `UNAVAILABLE` and `RESOURCE_EXHAUSTED`,
 * exponential backoff with jitter, capped by the call's deadline; never retry Submit or
 * Create; retries add `x-retry-attempt`. Streams are not retried here: the Run handle
 * resumes Listen itself from the last cursor (spec/runs.md, "Listening").
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type Interceptor,
  type UnaryRequest,
  type UnaryResponse,
} from "@connectrpc/connect";
import { abortable, abortError } from "./abortable.js";
import { deadlineKey } from "./deadline.js";
import { isNonIdempotent } from "./non-idempotent-methods.js";
import { backoffMs, type RetryPolicy } from "./retry-policy.js";
import { isLocalDecodeFailure, isTransportFault, neverSent } from "./transport-fault.js";

/**
 * Header carrying the retry number (1 for the first retry); absent on the first attempt,
 * so a server can tell a retry from a new call.
 *
 * @example
 * ctx.requestHeader.get(HEADER_RETRY_ATTEMPT); // null, then "1", "2", …
 */
export const HEADER_RETRY_ATTEMPT = "x-retry-attempt";

/**
 * An interceptor that retries a failed unary call when its code is in
 * `policy.retryableCodes`, up to `policy.maxAttempts` attempts in all. Before retry `n`
 * (0-based) it waits {@link backoffMs}`(policy, n)`; when that wait would reach the call's
 * deadline (read from {@link deadlineKey}) it gives up at once with the last error instead
 * of sleeping into a certain `DEADLINE_EXCEEDED`. Aborting the call during the wait rejects
 * promptly with `Code.Canceled`. Each attempt gets its own copy of the request headers, so
 * interceptors inside this one (auth) start from the caller's headers every time.
 *
 * The first retry after a transport fault ({@link isTransportFault}: a dropped connection, a
 * reset stream, a GOAWAY) goes at once, on a new connection.
 *
 * Non-idempotent methods ({@link isNonIdempotent}) are retried only after a failure that
 * proves the request never left the client ({@link neverSent}); an `Update` or a `Cancel` is
 * not retried after a transport fault (it might take effect twice); a `Delete` retried after a transport
 * fault that finds nothing to delete (`NOT_FOUND`) succeeds: the lost attempt deleted it. Passed through untouched:
 * streaming calls and policies with `maxAttempts: 1`.
 *
 * @example
 * const retry = retryInterceptor({ ...defaultRetryPolicy, maxAttempts: 3 });
 */
export function retryInterceptor(policy: Required<RetryPolicy>): Interceptor {
  return (next) => async (req) => {
    if (req.stream || policy.maxAttempts <= 1) return await next(req);
    // A Create or a Submit is retried only when its stream was refused before the request left
    // the client (REFUSED_STREAM, or a stream beyond a GOAWAY's last stream id): only then can
    // it not have been applied (spec/runs.md, "Submit semantics"; issue 8).
    const onlyIfNeverSent = isNonIdempotent(req.method);
    // An Update whose answer was lost may have been applied: sent again it would be applied
    // twice (an assistant records a version per Update), so a transport fault under it is not
    // retried; the server's own UNAVAILABLE (nothing applied) is.
    // Likewise a Cancel (of an operation): sent again after it took effect, it is refused
    // (the operation is done) and would report a failure for what succeeded.
    const isUpdate = req.method.name === "Update" || req.method.name === "Cancel";
    // A Delete whose answer was lost may have deleted: the retry then finds nothing to delete.
    const isDelete = req.method.name === "Delete";
    let lostOnce = false;
    const deadline = req.contextValues.get(deadlineKey);
    for (let attempt = 0; ; attempt++) {
      const header = new Headers(req.header);
      if (attempt > 0) header.set(HEADER_RETRY_ATTEMPT, String(attempt));
      try {
        return await next({ ...req, header });
      } catch (e) {
        const error = ConnectError.from(e);
        // NOT_FOUND after a lost answer: the first attempt deleted it (asked and answered).
        if (isDelete && lostOnce && error.code === Code.NotFound) {
          return deletedResponse(req);
        }
        const fault = isTransportFault(error) && !neverSent(error);
        lostOnce ||= fault;
        if (onlyIfNeverSent && !neverSent(error)) throw error;
        if (isUpdate && fault) throw error;
        if (!policy.retryableCodes.includes(error.code)) throw error;
        // A message past the read limit, or one that does not decode, fails the same way again.
        if (isLocalDecodeFailure(error)) throw error;
        if (req.signal.aborted) throw abortError(req.signal);
        if (attempt + 1 >= policy.maxAttempts) throw error;
        // A connection that died under the call (issue 8, point 1) wants a new connection, not
        // a pause: the first retry after a transport fault goes at once.
        const delay = attempt === 0 && isTransportFault(error) ? 0 : backoffMs(policy, attempt);
        if (deadline !== undefined && Date.now() + delay >= deadline) throw error;
        if (delay > 0) await abortable(policy.sleep(delay, req.signal), req.signal);
      }
    }
  };
}

/** The answer of a Delete that the server had already carried out: its empty response. */
function deletedResponse(req: UnaryRequest): UnaryResponse {
  return {
    stream: false,
    service: req.service,
    method: req.method,
    header: new Headers(),
    message: create(req.method.output),
    trailer: new Headers(),
  };
}
