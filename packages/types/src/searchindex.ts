/**
 * Search indexes: the SearchIndex resource with its text, vector and hybrid
 * options, the files an index holds, and the SearchIndexService and
 * SearchIndexFileService descriptors (issue 9). Create and BatchCreate return
 * an `Operation` (see `/operation`) whose done `response` packs a SearchIndex
 * or a BatchCreateSearchIndexFileResponse. The SearchIndex messages are also
 * exported by `/common`, because citations embed them; both are the same
 * descriptors.
 *
 * @example
 * import { SearchIndexService, CreateSearchIndexRequestSchema } from "@yc-assistants/types/searchindex";
 *
 * @packageDocumentation
 */
export * from "./gen/yandex/cloud/ai/assistants/v1/searchindex/common_pb.js";
export * from "./gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_file_pb.js";
export * from "./gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_file_service_pb.js";
export * from "./gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_pb.js";
export * from "./gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_service_pb.js";
