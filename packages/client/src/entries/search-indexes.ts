/**
 * `@yc-assistants/client/search-indexes`: search-index handles, `client.searchIndexes`, their
 * options, the `searchIndexTool` helper and the long-running `Operation` handle that index
 * creation returns (issue 9), on their own subpath (issue 10, cold start: "subpath entry
 * points"). Every binding is the same one the root entry exports.
 *
 * @example
 * import { searchIndexTool, type SearchIndex } from "@yc-assistants/client/search-indexes";
 *
 * @packageDocumentation
 */
export {
  Operation,
  type OperationResultType,
  type OperationSummary,
  operationResult,
} from "../operation.js";
export {
  codeOf,
  DEFAULT_OPERATION_POLL_INITIAL_MS,
  DEFAULT_OPERATION_POLL_MAX_MS,
  DEFAULT_OPERATION_POLL_MULTIPLIER,
  DEFAULT_OPERATION_TIMEOUT_MS,
  type OperationWaitOptions,
  operationError,
} from "../operation-poller.js";
export {
  SearchIndex,
  type SearchIndexFile,
  type SearchIndexFileListOptions,
  type SearchIndexPatch,
  type SearchIndexRef,
  type SearchIndexSettings,
} from "../search-index.js";
export type {
  ChunkingOption,
  CombinationOption,
  NormalizationOption,
  SearchIndexType,
  SearchIndexTypeOptions,
  TextAnalyzerOption,
} from "../search-index-options.js";
export {
  type CallStrategyOption,
  type SearchIndexToolOptions,
  searchIndexTool,
} from "../search-index-tool.js";
export {
  type SearchIndexCreateDeferredOptions,
  type SearchIndexCreateOptions,
  type SearchIndexCreateSettings,
  SearchIndexes,
  type SearchIndexListOptions,
} from "../search-indexes.js";
