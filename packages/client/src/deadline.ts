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
  #timeoutMs: number | undefined;

  #expire(): void {
    this.#controller.abort(
      new ConnectError(
        `the operation timed out after ${this.#timeoutMs} ms`,
        Code.DeadlineExceeded,
      ),
    );
  }

  constructor(signal?: AbortSignal, timeoutMs?: number) {
    this.#userSignal = signal;
    this.#onUserAbort = () => {
      this.#controller.abort(abortError(signal as AbortSignal));
    };
    if (signal?.aborted) this.#onUserAbort();
    else signal?.addEventListener("abort", this.#onUserAbort, { once: true });
    if (timeoutMs !== undefined) {
      this.#expiresAt = Date.now() + timeoutMs;
      this.#timeoutMs = timeoutMs;
      this.#timer = setTimeout(() => this.#expire(), timeoutMs);
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

  /**
   * Whether the timeout has passed, even if its timer has not fired yet (a long synchronous
   * decode can hold the event loop past it): a failure then is the deadline's, not one to
   * resume (issue 8, point 6: "honour deadlines within 100 ms").
   */
  get expired(): boolean {
    return this.#expiresAt !== undefined && Date.now() >= this.#expiresAt;
  }

  /** Throws the abort error when the signal is aborted. */
  throwIfAborted(): void {
    if (!this.#controller.signal.aborted && this.expired) this.#expire();
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
