/**
 * Deadline: one AbortSignal for a long operation (wait, listen, a tool loop) that combines the
 * caller's `signal` with an overall `timeoutMs`, plus abortable sleeps.
 *
 * Errors follow Connect's conventions (issue 3, "Transport behaviour": "aborting stops the
 * stream and rejects with Code.Canceled"): the caller's abort gives `Code.Canceled`, the
 * overall timeout gives `Code.DeadlineExceeded`.
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";

/**
 * The error an aborted `signal` stands for: its reason when that is already a ConnectError
 * (e.g. our own DeadlineExceeded), else `Code.Canceled`.
 */
export function abortError(signal: AbortSignal): ConnectError {
  const reason: unknown = signal.reason;
  if (reason instanceof ConnectError) return reason;
  return new ConnectError("the operation was aborted", Code.Canceled, undefined, undefined, reason);
}

/**
 * A combined signal for one logical operation.
 *
 * @example
 * const deadline = new Deadline(options.signal, options.timeoutMs);
 * try { await deadline.sleep(500); } finally { deadline.dispose(); }
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #expiresAt: number | undefined;
  readonly #userSignal: AbortSignal | undefined;
  readonly #onUserAbort: () => void;

  constructor(signal?: AbortSignal, timeoutMs?: number) {
    this.#userSignal = signal;
    this.#onUserAbort = () => {
      this.#controller.abort(abortError(signal as AbortSignal));
    };
    if (signal?.aborted) this.#onUserAbort();
    else signal?.addEventListener("abort", this.#onUserAbort, { once: true });
    if (timeoutMs !== undefined) {
      this.#expiresAt = Date.now() + timeoutMs;
      this.#timer = setTimeout(() => {
        this.#controller.abort(
          new ConnectError(`the operation timed out after ${timeoutMs} ms`, Code.DeadlineExceeded),
        );
      }, timeoutMs);
    }
  }

  /** The combined signal: aborted by the caller's signal or by the timeout. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Milliseconds left before the timeout, or `undefined` without one. */
  remainingMs(): number | undefined {
    if (this.#expiresAt === undefined) return undefined;
    return Math.max(1, this.#expiresAt - Date.now());
  }

  /** Throws the abort error when the signal is aborted. */
  throwIfAborted(): void {
    if (this.#controller.signal.aborted) throw abortError(this.#controller.signal);
  }

  /** Sleeps `ms`, rejecting with the abort error as soon as the signal aborts. */
  sleep(ms: number): Promise<void> {
    return sleep(ms, this.#controller.signal);
  }

  /** Stops the timer and unlinks the caller's signal. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#userSignal?.removeEventListener("abort", this.#onUserAbort);
  }
}

/**
 * Sleeps `ms` milliseconds; rejects with {@link abortError} when `signal` aborts first.
 *
 * @example
 * await sleep(100, signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
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
