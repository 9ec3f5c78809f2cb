/**
 * Per-call deadlines: the default timeout, the absolute deadline of a logical call, and a
 * way for interceptors (the retry interceptor) to read it.
 *
 * issue 3, "Transport behaviour": deadlines on every call and every stream; retries are
 * capped by the call's deadline. spec/runs.md: default deadline 60 s per call.
 *
 * @module
 */
import {
  Code,
  ConnectError,
  type ContextKey,
  type ContextValues,
  createContextKey,
} from "@connectrpc/connect";

/**
 * Context key holding the absolute deadline (epoch milliseconds) of the current logical
 * call, or `undefined` when the call has none. Set by the wrapping transport, read by the
 * retry interceptor so that it never sleeps past the deadline.
 *
 * @example
 * const deadline = req.contextValues.get(deadlineKey);
 */
export const deadlineKey: ContextKey<number | undefined> = createContextKey<number | undefined>(
  undefined,
  { description: "yc-assistants call deadline (epoch ms)" },
);

/**
 * The timeout a call runs with: its own `timeoutMs` when given (Connect's convention:
 * `<= 0` means "no deadline"), else the client's default.
 *
 * @example
 * effectiveTimeoutMs(undefined, 60000); // 60000
 * effectiveTimeoutMs(500, 60000); // 500
 * effectiveTimeoutMs(0, 60000); // undefined (no deadline)
 */
export function effectiveTimeoutMs(
  callTimeoutMs: number | undefined,
  defaultTimeoutMs: number,
): number | undefined {
  if (callTimeoutMs === undefined) return defaultTimeoutMs;
  return callTimeoutMs <= 0 ? undefined : callTimeoutMs;
}

/**
 * Milliseconds left until `deadline` (rounded up), `undefined` without a deadline. Throws
 * `Code.DeadlineExceeded` when nothing is left, so no request starts after its deadline.
 *
 * @example
 * const left = remainingMs(Date.now() + 1000); // ~1000
 */
export function remainingMs(
  deadline: number | undefined,
  now: number = Date.now(),
): number | undefined {
  if (deadline === undefined) return undefined;
  const left = Math.ceil(deadline - now);
  if (left <= 0) throw new ConnectError("the operation timed out", Code.DeadlineExceeded);
  return left;
}

/**
 * A view of `base` in which {@link deadlineKey} reads `deadline`; every other key is read
 * from and written to `base`, so values the caller passed stay visible to interceptors and
 * the caller's object is never modified.
 *
 * @example
 * const ctx = withDeadline(createContextValues(), Date.now() + 60_000);
 */
export function withDeadline(base: ContextValues, deadline: number | undefined): ContextValues {
  return new DeadlineContextValues(base, deadline);
}

class DeadlineContextValues implements ContextValues {
  readonly #base: ContextValues;
  #deadline: number | undefined;

  constructor(base: ContextValues, deadline: number | undefined) {
    this.#base = base;
    this.#deadline = deadline;
  }

  get<T>(key: ContextKey<T>): T {
    if (key.id === deadlineKey.id) return this.#deadline as T;
    return this.#base.get(key);
  }

  set<T>(key: ContextKey<T>, value: T): this {
    if (key.id === deadlineKey.id) this.#deadline = value as number | undefined;
    else this.#base.set(key, value);
    return this;
  }

  delete(key: ContextKey<unknown>): this {
    if (key.id === deadlineKey.id) this.#deadline = undefined;
    else this.#base.delete(key);
    return this;
  }
}
