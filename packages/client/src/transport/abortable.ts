/**
 * Abort helpers: turning an aborted signal into the right ConnectError, and making any
 * promise give up as soon as a signal aborts.
 *
 * issue 3, "Transport behaviour": aborting stops the call and rejects with `Code.Canceled`
 * (a deadline rejects with `Code.DeadlineExceeded`), also while the transport is waiting
 * between retries or for an auth provider.
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";

/**
 * Converts an aborted signal's reason into the ConnectError a call rejects with: a plain
 * `AbortError` (or no reason) becomes `Code.Canceled`; a ConnectError reason, such as
 * Connect's deadline error, keeps its code (`Code.DeadlineExceeded`).
 *
 * @example
 * if (signal.aborted) throw abortError(signal);
 */
export function abortError(signal: AbortSignal): ConnectError {
  const reason: unknown = signal.reason;
  if (reason === undefined) return new ConnectError("the operation was aborted", Code.Canceled);
  return ConnectError.from(reason, Code.Canceled);
}

/**
 * Settles like `promise`, or rejects with {@link abortError} as soon as `signal` aborts,
 * whichever comes first. Used so that a slow auth provider or a custom `sleep` that
 * ignores its signal cannot delay cancellation.
 *
 * @example
 * const header = await abortable(provider(), req.signal);
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(abortError(signal));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (reason: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(reason);
      },
    );
  });
}
