import { clone, create } from "@bufbuild/protobuf";
import { FileSchema } from "@yc-assistants/types/files";
import { SearchIndexSchema } from "@yc-assistants/types/searchindex";
import { type Citation, CitationSchema, SourceSchema } from "@yc-assistants/types/threads";
import type { FileStore } from "../state/file-store.js";
import type { RetrievedChunk } from "./search-for-run.js";

/**
 * The `citations` of a completed message (issue 9), one Citation per group
 * of chunks, as recorded in `test_call_strategy_search_index.json` (a run
 * that searched has one Citation whose sources are the chunks found, best
 * first). Each source is a FileChunk with the WHOLE
 * search index and source file embedded (as they are now) and the chunk's
 * text as one text part. A source file deleted since it was indexed is
 * embedded with its id and the index's folder only.
 *
 * @example
 * message.citations = buildCitations(found.length > 0 ? [found] : [], files);
 */
export function buildCitations(
  groups: readonly (readonly RetrievedChunk[])[],
  files: FileStore,
): Citation[] {
  return groups.map((chunks) =>
    create(CitationSchema, {
      sources: chunks.map(({ index, chunk }) =>
        create(SourceSchema, {
          SourceType: {
            case: "chunk",
            value: {
              searchIndex: clone(SearchIndexSchema, index.index),
              sourceFile:
                files.snapshot(chunk.fileId) ??
                create(FileSchema, { id: chunk.fileId, folderId: index.index.folderId }),
              content: {
                content: [{ PartType: { case: "text", value: { content: chunk.text } } }],
              },
            },
          },
        }),
      ),
    }),
  );
}
