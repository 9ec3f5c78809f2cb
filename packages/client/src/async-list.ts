/**
 * AsyncList: what the list methods return, an async iterable with `toArray()`.
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";

/** Options of {@link AsyncList.toArray}. */
export interface ToArrayOptions {
  /**
   * Stop after this many items (a positive integer): no page past the one that holds the
   * last of them is fetched. Default: every item.
   */
  readonly limit?: number;
}

/**
 * The lazy list every `list()` (and `thread.read()`) returns: iterate it with `for await`,
 * or collect it with `toArray()`. Each iteration (and each `toArray()` call) lists from the
 * start again; nothing is fetched before one starts.
 *
 * Why: issue 12 ("a `toArray()` helper on the auto-paging lists. Node 20 has no
 * `Array.fromAsync`"), so collecting a list needs no hand-written loop.
 *
 * @example
 * const assistants = await client.assistants.list().toArray();
 * const firstTen = await client.threads.list({ pageSize: 5 }).toArray({ limit: 10 });
 * for await (const run of client.runs.list()) console.log(run.id);
 */
export interface AsyncList<T> extends AsyncIterable<T> {
  /**
   * Every item (or the first `limit`) in order, in an array.
   *
   * @throws ConnectError(InvalidArgument) for a bad `limit`; any error of the listing itself.
   * @example
   * const files = await client.files.list().toArray();
   */
  toArray(options?: ToArrayOptions): Promise<T[]>;
}

function limitOf(options: ToArrayOptions | undefined): number {
  if (options === undefined) return Number.POSITIVE_INFINITY;
  if (options === null || typeof options !== "object") {
    throw new ConnectError("toArray options must be an object", Code.InvalidArgument);
  }
  const limit = options.limit;
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 1) {
    throw new ConnectError("toArray limit must be a positive integer", Code.InvalidArgument);
  }
  return limit;
}

/**
 * Wraps an async iterable (each iteration a fresh listing) into an {@link AsyncList}.
 *
 * @example
 * return asyncList(paginateSomething());
 */
export function asyncList<T>(source: AsyncIterable<T>): AsyncList<T> {
  return {
    [Symbol.asyncIterator]: () => source[Symbol.asyncIterator](),
    async toArray(options?: ToArrayOptions): Promise<T[]> {
      const limit = limitOf(options);
      const items: T[] = [];
      // `for await` returns the iterator when leaving early, so a stream listing is cancelled.
      for await (const item of source) {
        items.push(item);
        if (items.length >= limit) break;
      }
      return items;
    },
  };
}
