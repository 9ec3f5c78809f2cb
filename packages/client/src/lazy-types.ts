/**
 * Loaders of the generated files that only some features need (issue 10, cold start:
 * "import only what the used API needs"). Importing a generated file builds the
 * descriptors of the file and of every file it imports; the client imports these at the
 * first call that needs them (a `create`, an update, an upload, an index…), so a program
 * that only runs assistants never builds them. `import()` caches the module: later calls
 * cost one resolved promise.
 *
 * The run path (`run_pb`, `run_service_pb`, `message_pb` and what they import) and
 * `message_service_pb` stay static imports.
 *
 * @example
 * const { CreateAssistantRequestSchema } = await loadAssistantService();
 *
 * @module
 */

/** `yandex/cloud/ai/assistants/v1/assistant_service.proto`: AssistantService and its requests. */
export const loadAssistantService = () =>
  import("@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/assistant_service_pb");

/** `yandex/cloud/ai/assistants/v1/threads/thread_service.proto`: ThreadService and its requests. */
export const loadThreadService = () =>
  import("@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/threads/thread_service_pb");

/** `yandex/cloud/ai/files/v1/file_service.proto`: FileService and its requests (issue 9). */
export const loadFileService = () =>
  import("@yc-assistants/types/gen/yandex/cloud/ai/files/v1/file_service_pb");

/** `…/searchindex/search_index_service.proto`: SearchIndexService and its requests (issue 9). */
export const loadSearchIndexService = () =>
  import(
    "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_service_pb"
  );

/** `…/searchindex/search_index_file_service.proto`: SearchIndexFileService (issue 9). */
export const loadSearchIndexFileService = () =>
  import(
    "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_file_service_pb"
  );

/** `yandex/cloud/operation/operation_service.proto`: OperationService (issue 9). */
export const loadOperationService = () =>
  import("@yc-assistants/types/gen/yandex/cloud/operation/operation_service_pb");
