/**
 * Auto-paging over the API's `page_size` / `page_token` → `next_page_token` lists.
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { type AsyncList, asyncList } from "./async-list.js";

/** One page as the List RPCs return it. */
export interface Page<T> {
  /** The items of the page, in server order. */
  readonly items: readonly T[];
  /** The token of the next page; `""` when this is the last page. */
  readonly nextPageToken: string;
}

/**
 * Lazily walks every page: the first page is fetched when iteration starts, the next one only
 * when the previous page's items are used up, and iteration stops on an empty
 * `next_page_token`, even after a full page (spec/runs.md, "Transport facts": the Python SDK
 * stops only on an empty page, so it loops forever on a full page with an empty token; this
 * project stops on the empty token, better). The real service (and the emulator, issue 9)
 * sends a token on the last page too: the call with it returns an empty page without a token,
 * which ends the iteration, so a list costs one call more than its pages.
 * A token the server already handed out is never fetched again: that would re-read a page, so
 * it fails with `Code.Internal`. `toArray()` collects it (see {@link AsyncList}).
 *
 * @example
 * for await (const run of paginate((pageToken) => fetchRuns(pageToken))) console.log(run.id);
 * const all = await paginate((pageToken) => fetchRuns(pageToken)).toArray();
 */
export function paginate<T>(fetchPage: (pageToken: string) => Promise<Page<T>>): AsyncList<T> {
  return asyncList({
    async *[Symbol.asyncIterator]() {
      const seen = new Set<string>([""]);
      let token = "";
      for (;;) {
        const page = await fetchPage(token);
        yield* page.items;
        if (page.nextPageToken === "") return;
        if (seen.has(page.nextPageToken)) {
          const token = page.nextPageToken;
          // Quoted in part: a token can be long (issue 8, point 5).
          const shown =
            token.length > 64
              ? `"${token.slice(0, 64)}…" (cut, ${token.length} chars)`
              : `"${token}"`;
          throw new ConnectError(
            `the server returned page token ${shown} again; stopping instead of re-reading a page`,
            Code.Internal,
          );
        }
        seen.add(page.nextPageToken);
        token = page.nextPageToken;
      }
    },
  });
}
