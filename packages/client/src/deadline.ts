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
import { abortError } from "./transport/abortable.js";
import { sleep } from "./transport/retry-policy.js";

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
