import { clone, create } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  CreateSearchIndexRequestSchema,
  DeleteSearchIndexRequestSchema,
  GetSearchIndexRequestSchema,
  ListSearchIndicesRequestSchema,
  SearchIndexFileSchema,
  SearchIndexSchema,
  type SearchIndexService,
  UpdateSearchIndexRequestSchema,
} from "@yc-assistants/types/searchindex";
import { applyFieldMask } from "../field-mask.js";
import { paginate } from "../state/paginate.js";
import { chunkFile, type SearchIndexRecord } from "../state/search-index-store.js";
import { validateRequest } from "../validation.js";
import { normalizeIndexType } from "./search-index-defaults.js";
import type { ServiceContext } from "./service-context.js";

/** Recorded `Operation.description` of SearchIndexService/Create. */
export const CREATE_INDEX_DESCRIPTION = "search index creation";

/**
 * SearchIndexService: Create (an Operation), Get, Update (field mask),
 * Delete, List (issue 9).
 *
 * Create checks the request at once (INVALID_ARGUMENT), then answers a
 * running Operation; the indexing runs in the background, and the index
 * exists (Get, List, runs) once it is done. A file id that does not exist
 * ends the operation with `error` NOT_FOUND (`file <id> not found`, the code
 * FileService.Get gives for it; the recordings have no failed operation)
 * and no index is created. The done `response` packs the SearchIndex as it
 * was created (recorded: its `updated_at` equals `created_at`, while a later
 * Get shows `updated_at` at the end of indexing).
 */
export function searchIndexService(ctx: ServiceContext): ServiceImpl<typeof SearchIndexService> {
  const { state, files, searchIndexes, operations } = ctx;
  return {
    create(request) {
      validateRequest(CreateSearchIndexRequestSchema, request);
      const indexType = normalizeIndexType(request);
      const bookkeeping = state.resourceFields(request.expirationConfig);
      const index = create(SearchIndexSchema, {
        id: state.ids.next(),
        folderId: request.folderId,
        name: request.name,
        description: request.description,
        ...bookkeeping,
        labels: { ...request.labels },
        IndexType: indexType,
      });
      const created = clone(SearchIndexSchema, index);
      const fileIds = [...new Set(request.fileIds)];
      return operations.start(
        CREATE_INDEX_DESCRIPTION,
        () => {
          const sources = fileIds.map((id) => files.get(id));
          const record: SearchIndexRecord = {
            index,
            seq: state.nextSeq(),
            files: [],
            chunks: [],
          };
          for (const source of sources) {
            for (const chunk of chunkFile(index, source.file.id, source.content)) {
              record.chunks.push(chunk);
            }
            record.files.push({
              seq: state.nextSeq(),
              file: create(SearchIndexFileSchema, {
                id: source.file.id,
                searchIndexId: index.id,
                createdBy: state.principal,
                createdAt: state.timestamp(),
              }),
            });
            files.touch(source);
          }
          index.updatedAt = state.timestamp();
          searchIndexes.indexes.set(index.id, record);
          return anyPack(SearchIndexSchema, created);
        },
        () => searchIndexes.indexes.delete(index.id),
      );
    },

    get(request) {
      validateRequest(GetSearchIndexRequestSchema, request);
      return clone(SearchIndexSchema, searchIndexes.get(request.searchIndexId).index);
    },

    update(request) {
      validateRequest(UpdateSearchIndexRequestSchema, request);
      const record = searchIndexes.get(request.searchIndexId);
      const updated = applyFieldMask(
        UpdateSearchIndexRequestSchema,
        request,
        SearchIndexSchema,
        record.index,
        request.updateMask?.paths ?? [],
        ["search_index_id", "update_mask"],
      );
      state.touchResource(updated);
      record.index = updated;
      return clone(SearchIndexSchema, updated);
    },

    delete(request) {
      validateRequest(DeleteSearchIndexRequestSchema, request);
      const record = searchIndexes.get(request.searchIndexId);
      searchIndexes.indexes.delete(record.index.id);
      return {};
    },

    list(request) {
      validateRequest(ListSearchIndicesRequestSchema, request);
      const mine = [...searchIndexes.indexes.values()].filter(
        (r) => r.index.folderId === request.folderId,
      );
      const page = paginate(mine, (r) => r.index, request.pageSize, request.pageToken);
      return {
        indices: page.items.map((r) => clone(SearchIndexSchema, r.index)),
        nextPageToken: page.nextPageToken,
      };
    },
  };
}
