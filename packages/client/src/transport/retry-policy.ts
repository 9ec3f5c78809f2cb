/**
 * The retry policy: which failures are retried, how often, and how long to back off.
 *
 * spec/runs.md, "Transport facts of the Python SDK": retry only `UNAVAILABLE` and
 * `RESOURCE_EXHAUSTED`; 5 attempts including the first; backoff about 1.0 s × 1.5^n plus
 * 0–1 s of jitter, capped at 10 s and by the deadline.
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { abortError } from "./abortable.js";

/**
 * How the client retries a failed unary call of an idempotent method.
 *
 * Every field is optional; a missing one takes its value from {@link defaultRetryPolicy}.
 * Pass `retry: false` in the client options to disable retries altogether. Streams, Create
 * RPCs and `RunService.Submit` are never retried, whatever the policy says.
 *
 * `random` and `sleep` exist so tests (and callers with their own scheduler) can make the
 * backoff deterministic.
 *
 * @example
 * const client = new AssistantsClient({
 *   retry: { maxAttempts: 3, initialBackoffMs: 200, maxBackoffMs: 2000 },
 * });
 */
export interface RetryPolicy {
  /** Attempts including the first one (default 5). `1` means "never retry". */
  maxAttempts?: number;
  /** Backoff before the first retry, without jitter (default 1000 ms). */
  initialBackoffMs?: number;
  /** Factor applied to the backoff for each further retry (default 1.5). */
  multiplier?: number;
  /** Upper bound of one backoff, jitter included (default 10000 ms). */
  maxBackoffMs?: number;
  /** Up to this many milliseconds of random jitter are added to every backoff (default 1000). */
  jitterMs?: number;
  /** Codes that are retried (default `[Code.Unavailable, Code.ResourceExhausted]`). */
  retryableCodes?: readonly Code[];
  /** Source of randomness in `[0, 1)` for the jitter (default `Math.random`). */
  random?: () => number;
  /**
   * Waits `ms` milliseconds; should reject when `signal` aborts (default: a timer). The
   * transport also stops waiting on its own when the call is aborted, so a custom `sleep`
   * that ignores the signal cannot delay cancellation.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The default `sleep`: a timer that rejects with the call's abort reason
 * (`Code.Canceled` / `Code.DeadlineExceeded`) as soon as `signal` aborts.
 *
 * @example
 * await sleep(250, controller.signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The policy used when the client options give no `retry`: the Python SDK's numbers
 * (spec/runs.md, "Transport facts of the Python SDK").
 *
 * @example
 * const patient = { ...defaultRetryPolicy, maxAttempts: 8 };
 */
export const defaultRetryPolicy: Required<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  initialBackoffMs: 1000,
  multiplier: 1.5,
  maxBackoffMs: 10_000,
  jitterMs: 1000,
  retryableCodes: Object.freeze([Code.Unavailable, Code.ResourceExhausted]),
  random: Math.random,
  sleep,
});

function invalid(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}

function checkNumber(
  name: keyof RetryPolicy,
  value: unknown,
  min: number,
  integer: boolean,
): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < min ||
    (integer && !Number.isInteger(value))
  ) {
    const kind = integer ? "an integer" : "a finite number";
    throw invalid(`retry.${name} must be ${kind} >= ${min}`);
  }
  return value;
}

/**
 * Validates a user-given policy and fills in the defaults; `false` stays `false`
 * (retries disabled) and `undefined` gives {@link defaultRetryPolicy}.
 *
 * Throws `ConnectError` with `Code.InvalidArgument` naming the bad field, e.g.
 * "retry.maxAttempts must be an integer >= 1".
 *
 * @example
 * const policy = resolveRetryPolicy({ maxAttempts: 2 }); // other fields from the defaults
 */
export function resolveRetryPolicy(
  policy: RetryPolicy | false | undefined,
): Required<RetryPolicy> | false {
  if (policy === false) return false;
  if (policy === undefined) return defaultRetryPolicy;
  if (policy === null || typeof policy !== "object") {
    throw invalid("retry must be a RetryPolicy object or false");
  }
  const codes = policy.retryableCodes;
  if (codes !== undefined) {
    const valid =
      Array.isArray(codes) &&
      codes.every((c) => typeof c === "number" && Number.isInteger(c) && c >= 1 && c <= 16);
    if (!valid) throw invalid("retry.retryableCodes must be an array of Code values");
  }
  if (policy.random !== undefined && typeof policy.random !== "function") {
    throw invalid("retry.random must be a function returning a number in [0, 1)");
  }
  if (policy.sleep !== undefined && typeof policy.sleep !== "function") {
    throw invalid("retry.sleep must be a function (ms, signal) => Promise<void>");
  }
  const d = defaultRetryPolicy;
  return Object.freeze({
    maxAttempts: checkNumber("maxAttempts", policy.maxAttempts, 1, true) ?? d.maxAttempts,
    initialBackoffMs:
      checkNumber("initialBackoffMs", policy.initialBackoffMs, 0, false) ?? d.initialBackoffMs,
    multiplier: checkNumber("multiplier", policy.multiplier, 1, false) ?? d.multiplier,
    maxBackoffMs: checkNumber("maxBackoffMs", policy.maxBackoffMs, 0, false) ?? d.maxBackoffMs,
    jitterMs: checkNumber("jitterMs", policy.jitterMs, 0, false) ?? d.jitterMs,
    retryableCodes: codes === undefined ? d.retryableCodes : Object.freeze([...codes]),
    random: policy.random ?? d.random,
    sleep: policy.sleep ?? d.sleep,
  });
}

/**
 * The backoff before retry number `retry` (0 for the first retry):
 * `initialBackoffMs × multiplier^retry + random() × jitterMs`, at most `maxBackoffMs`.
 *
 * @example
 * backoffMs(defaultRetryPolicy, 0); // 1000..2000
 */
export function backoffMs(policy: Required<RetryPolicy>, retry: number): number {
  const jitter = Math.min(Math.max(policy.random(), 0), 1) * policy.jitterMs;
  const base = policy.initialBackoffMs * policy.multiplier ** retry;
  return Math.min(base + jitter, policy.maxBackoffMs);
}
