import type { Tool } from "@yc-assistants/types/common";
import type { ModelCitation } from "../model/model.js";
import type { SearchIndexStore } from "../state/search-index-store.js";
import type { RetrievedChunk } from "./search-for-run.js";

/**
 * The chunks of each citation a model states explicitly (ModelTextTurn
 * `citations`), found among the chunks of the indexes the run's
 * `search_index` tools name: for each source, the first chunk (tool and
 * index order, then stored order) whose text contains `source.chunk`,
 * restricted to `searchIndexId` / `fileId` when given. Throws an Error
 * naming the source when none matches (the run then fails).
 *
 * @example
 * resolveCitations([{ sources: [{ chunk: "57" }] }], tools, indexes); // [[{ index, chunk, score: 0 }]]
 */
export function resolveCitations(
  citations: readonly ModelCitation[],
  tools: readonly Tool[],
  indexes: SearchIndexStore,
): RetrievedChunk[][] {
  const ids: string[] = [];
  for (const tool of tools) {
    if (tool.ToolType.case === "searchIndex") ids.push(...tool.ToolType.value.searchIndexIds);
  }
  return citations.map((citation, c) =>
    citation.sources.map((source, s) => {
      for (const id of ids) {
        if (source.searchIndexId !== undefined && source.searchIndexId !== id) continue;
        const record = indexes.indexes.get(id);
        if (record === undefined) continue;
        const chunk = record.chunks.find(
          (ch) =>
            (source.fileId === undefined || ch.fileId === source.fileId) &&
            ch.text.includes(source.chunk),
        );
        if (chunk !== undefined) return { index: record, chunk, score: 0 };
      }
      throw new Error(
        `citations[${c}].sources[${s}] (${JSON.stringify(source.chunk)}) matches no chunk of the run's search indexes`,
      );
    }),
  );
}
