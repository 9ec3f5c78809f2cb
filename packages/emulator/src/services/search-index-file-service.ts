import { clone, create } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  BatchCreateSearchIndexFileRequestSchema,
  BatchCreateSearchIndexFileResponseSchema,
  GetSearchIndexFileRequestSchema,
  ListSearchIndexFilesRequestSchema,
  SearchIndexFileSchema,
  type SearchIndexFileService,
} from "@yc-assistants/types/searchindex";
import { notFound } from "../errors.js";
import { paginate } from "../state/paginate.js";
import { chunkFile } from "../state/search-index-store.js";
import { validateRequest } from "../validation.js";
import type { ServiceContext } from "./service-context.js";

/** Recorded `Operation.description` of SearchIndexFileService/BatchCreate. */
export function batchCreateDescription(searchIndexId: string): string {
  return `indexing files for search index <${searchIndexId}>`;
}

/**
 * SearchIndexFileService: BatchCreate (an Operation whose done `response`
 * packs a BatchCreateSearchIndexFileResponse), Get, List (issue 9). A
 * SearchIndexFile's id is the id of the file it indexes (recorded).
 *
 * BatchCreate answers NOT_FOUND at once for an unknown search index; an
 * unknown file id ends the operation with `error` NOT_FOUND and adds no file
 * (all or nothing). A file already in the index is indexed again (its
 * chunks replaced).
 */
export function searchIndexFileService(
  ctx: ServiceContext,
): ServiceImpl<typeof SearchIndexFileService> {
  const { state, files, searchIndexes, operations } = ctx;
  return {
    batchCreate(request) {
      validateRequest(BatchCreateSearchIndexFileRequestSchema, request);
      const indexId = searchIndexes.get(request.searchIndexId).index.id;
      const fileIds = [...new Set(request.fileIds)];
      let undo: (() => void) | undefined;
      return operations.start(
        batchCreateDescription(indexId),
        () => {
          const record = searchIndexes.get(indexId);
          const sources = fileIds.map((id) => files.get(id));
          const before = { files: [...record.files], chunks: record.chunks };
          const replaced = new Set(fileIds);
          const kept = record.files.filter((f) => !replaced.has(f.file.id));
          record.files.splice(0, record.files.length, ...kept);
          record.chunks = record.chunks.filter((c) => !replaced.has(c.fileId));
          const added = sources.map((source) => {
            for (const chunk of chunkFile(record.index, source.file.id, source.content)) {
              record.chunks.push(chunk);
            }
            const file = create(SearchIndexFileSchema, {
              id: source.file.id,
              searchIndexId: indexId,
              createdBy: state.principal,
              createdAt: state.timestamp(),
            });
            record.files.push({ seq: state.nextSeq(), file });
            files.touch(source);
            return clone(SearchIndexFileSchema, file);
          });
          record.index.updatedAt = state.timestamp();
          undo = () => {
            record.files.splice(0, record.files.length, ...before.files);
            record.chunks = before.chunks;
          };
          return anyPack(
            BatchCreateSearchIndexFileResponseSchema,
            create(BatchCreateSearchIndexFileResponseSchema, { files: added }),
          );
        },
        () => undo?.(),
      );
    },

    get(request) {
      validateRequest(GetSearchIndexFileRequestSchema, request);
      const record = searchIndexes.get(request.searchIndexId);
      const entry = record.files.find((f) => f.file.id === request.fileId);
      if (entry === undefined) throw notFound("search index file", request.fileId);
      return clone(SearchIndexFileSchema, entry.file);
    },

    list(request) {
      validateRequest(ListSearchIndexFilesRequestSchema, request);
      const record = searchIndexes.get(request.searchIndexId);
      // A search index file has no id of its own: its file id names it (as recorded).
      const page = paginate(
        record.files,
        (r) => ({ createdAt: r.file.createdAt, id: r.file.id }),
        request.pageSize,
        request.pageToken,
      );
      return {
        files: page.items.map((f) => clone(SearchIndexFileSchema, f.file)),
        nextPageToken: page.nextPageToken,
      };
    },
  };
}
