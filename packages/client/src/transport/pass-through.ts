/**
 * passThrough: an async iterable that hands on another one's items unchanged, maps its
 * errors, and runs a hook at its end. Internal.
 *
 * Why not an `async function*` with `yield*`: every item through an async generator costs
 * its own promises and microtask hops, and the client stacked three of them on every Listen
 * (error redaction, transport-fault mapping, trailer sanitizing); this costs one `.then` per
 * item (issue 10: "no per-event closures or promise chains beyond what Connect needs").
 *
 * @module
 */

/** What {@link passThrough} does besides handing items on. */
export interface PassThroughHooks {
  /** Maps an error of `next()`/`return()`; the result is thrown instead. */
  readonly mapError?: (error: unknown) => unknown;
  /** Runs once when the source says it is done (before the caller sees `done`). */
  readonly onDone?: () => void;
}

/**
 * Wraps `source`: the same items, errors mapped by `hooks.mapError`, `hooks.onDone` run when
 * it ends. `return()` (a `break` in `for await`) and `throw()` are forwarded to the source.
 *
 * @example
 * const clean = passThrough(res.message, { mapError: (e) => redactError(e, redactor) });
 */
export function passThrough<T>(
  source: AsyncIterable<T>,
  hooks: PassThroughHooks,
): AsyncIterable<T> {
  const { mapError, onDone } = hooks;
  const fail =
    mapError === undefined
      ? undefined
      : (e: unknown): never => {
          throw mapError(e);
        };
  const settle =
    onDone === undefined
      ? undefined
      : (read: IteratorResult<T>): IteratorResult<T> => {
          if (read.done === true) onDone();
          return read;
        };
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const it = source[Symbol.asyncIterator]();
      return {
        next: () => it.next().then(settle, fail),
        return: (value?: unknown) =>
          it.return === undefined
            ? Promise.resolve({ done: true, value: value as T })
            : it.return(value).then(undefined, fail),
        // Connect hands an abort or a failed request side to the stream this way.
        throw: (error?: unknown) =>
          it.throw === undefined ? Promise.reject(error) : it.throw(error).then(undefined, fail),
      };
    },
  };
}
