import type { SearchIndexTool, Tool } from "@yc-assistants/types/common";
import type { SearchIndexRecord, SearchIndexStore } from "../state/search-index-store.js";
import { type IndexedChunk, rankChunks } from "./rank-chunks.js";

/**
 * Chunks a `search_index` tool returns when its `max_num_results` is unset
 * (the recordings are silent; the emulator picks a small fixed number).
 */
export const DEFAULT_MAX_NUM_RESULTS = 8;

/** The marker an auto-call rule also accepts, as in `test_call_strategy_search_index.json`. */
const SEARCH_QUERY_MARKER = /searchQuery:\s*/i;

/** A chunk found for a run, with the index it comes from. */
export interface RetrievedChunk {
  readonly index: SearchIndexRecord;
  readonly chunk: IndexedChunk;
  readonly score: number;
}

/**
 * What a search_index tool searches for, or undefined when its call
 * strategy says not to search (issue 9, "The call strategy decides when the
 * model searches"):
 * - `always_call` (the default the service fills in, recorded) or no
 *   strategy: always, for the whole user message;
 * - `auto_call`: only when the user message names the tool: it contains the
 *   auto-call `name` (case-insensitive) or `searchQuery:`; the query is the
 *   text after `searchQuery:` when present, else the whole message. The
 *   recording shows the real model deciding from the auto-call instruction
 *   ("use this only if you are named as good LLM"): "what is your secret
 *   number" got no search, "good LLM, searchQuery: tell me your secret
 *   number" got one; this rule gives the same outcome deterministically.
 *
 * @example
 * searchQueryFor(tool, "good LLM, searchQuery: tell me your secret number"); // "tell me your secret number"
 */
export function searchQueryFor(tool: SearchIndexTool, message: string): string | undefined {
  const strategy = tool.callStrategy?.Strategy;
  const marker = SEARCH_QUERY_MARKER.exec(message);
  if (strategy?.case === "autoCall") {
    const name = strategy.value.name.trim().toLowerCase();
    const named = name !== "" && message.toLowerCase().includes(name);
    if (!named && marker === null) return undefined;
  }
  const query = marker === null ? message : message.slice(marker.index + marker[0].length);
  return query.trim() === "" ? undefined : query.trim();
}

/**
 * The chunks the run's search_index tools find for the user message, best
 * first per tool, at most `max_num_results` per tool, each chunk once.
 * Indexes that no longer exist are skipped. (Marking the indexes active is
 * {@link touchToolIndexes}, once the answer is written.)
 */
export function searchForRun(
  tools: readonly Tool[],
  message: string,
  indexes: SearchIndexStore,
): RetrievedChunk[] {
  const out: RetrievedChunk[] = [];
  const seen = new Set<IndexedChunk>();
  for (const tool of tools) {
    if (tool.ToolType.case !== "searchIndex") continue;
    const searchTool = tool.ToolType.value;
    const query = searchQueryFor(searchTool, message);
    if (query === undefined) continue;
    const found: (RetrievedChunk & { order: number })[] = [];
    for (const id of searchTool.searchIndexIds) {
      const record = indexes.indexes.get(id);
      if (record === undefined) continue;
      for (const scored of rankChunks(record.index, record.chunks, query)) {
        found.push({ index: record, ...scored, order: found.length });
      }
    }
    found.sort((a, b) => b.score - a.score || a.order - b.order);
    const limit = Number(searchTool.maxNumResults ?? BigInt(DEFAULT_MAX_NUM_RESULTS));
    let taken = 0;
    for (const { index, chunk, score } of found) {
      if (taken >= limit) break;
      if (seen.has(chunk)) continue;
      seen.add(chunk);
      out.push({ index, chunk, score });
      taken++;
    }
  }
  return out;
}

/**
 * Marks every index of the run's search_index tools active once the run
 * answered, whether or not its call strategy searched: with
 * SINCE_LAST_ACTIVE its `expires_at` moves to now + TTL. As recorded in
 * `test_call_strategy_search_index.json`, a citation embeds the index as it
 * was before the run (the first cited index still expires 7 days after its
 * creation; the third run's shows the second run's end, a run that did not
 * search).
 */
export function touchToolIndexes(tools: readonly Tool[], indexes: SearchIndexStore): void {
  for (const tool of tools) {
    if (tool.ToolType.case !== "searchIndex") continue;
    for (const id of tool.ToolType.value.searchIndexIds) {
      const record = indexes.indexes.get(id);
      if (record !== undefined) indexes.touch(record);
    }
  }
}
