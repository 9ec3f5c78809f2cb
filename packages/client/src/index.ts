/**
 * @yc-assistants/client: a Connect-based TypeScript client for Yandex Cloud AI Assistants:
 * assistants, threads, runs, files and search indexes, with typed statuses, streamed events that resume after a
 * broken stream, tool calls answered with the Submit RPC, and API-key auth.
 *
 * @example
 * import { AssistantsClient, functionTool } from "@yc-assistants/client";
 * const client = new AssistantsClient(); // YC_FOLDER_ID + YC_API_KEY (or YC_IAM_TOKEN)
 * const assistant = await client.assistants.create({ model: "yandexgpt" });
 * const thread = await client.threads.create();
 * await thread.write("Hello!");
 * const run = await assistant.runStream(thread);
 * for await (const event of run) process.stdout.write(event.delta);
 *
 * @packageDocumentation
 */

// The client and its resources.
export {
  Assistant,
  type AssistantCreateOptions,
  type AssistantPatch,
  type AssistantSettings,
} from "./assistant.js";
export { type AssistantListOptions, Assistants } from "./assistants.js";
export { AssistantsClient, type AssistantsClientSummary } from "./assistants-client.js";
export type { AsyncList, ToArrayOptions } from "./async-list.js";
// Results, events and statuses (spec/runs.md tables).
export type { Citation, CitationFile, CitationSearchIndex, CitationSource } from "./citation.js";
export { File, type FilePatch, type FileSettings } from "./file.js";
export type { FileUploadInput, FileUploadSource } from "./file-upload.js";
export { type FileListOptions, type FileRef, Files } from "./files.js";
export {
  type FunctionTool,
  type FunctionToolOptions,
  functionTool,
  type SchemaArguments,
  type ToolInput,
  toolHandlersOf,
} from "./function-tool.js";
export type { MessageInput, MessageRole } from "./message-input.js";
export type {
  ExpirationOption,
  ModelSettings,
  ResponseFormatOption,
  TruncationStrategy,
} from "./model-options.js";
export {
  Operation,
  type OperationResultType,
  type OperationSummary,
  operationResult,
} from "./operation.js";
export {
  codeOf,
  DEFAULT_OPERATION_POLL_INITIAL_MS,
  DEFAULT_OPERATION_POLL_MAX_MS,
  DEFAULT_OPERATION_POLL_MULTIPLIER,
  DEFAULT_OPERATION_TIMEOUT_MS,
  type OperationWaitOptions,
  operationError,
} from "./operation-poller.js";
export type { RequestOptions } from "./request-options.js";
export {
  type AttachOptions,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
  type ListenOptions,
  Run,
  type RunStreamOptions,
  type WaitOptions,
} from "./run.js";
export type { RunAttachment } from "./run-attachment.js";
export type { RunError } from "./run-error.js";
export { RunResult } from "./run-result.js";
export type { RunAndStreamOptions, RunAndWaitOptions } from "./run-shortcuts.js";
export { RunStatus, type RunStatusName } from "./run-status.js";
export {
  RunStream,
  type RunStreamCallbacks,
  type RunStreamEventMap,
  type RunStreamEventName,
  type RunStreamParams,
} from "./run-stream.js";
export { RunStreamEvent, type StreamCursor } from "./run-stream-event.js";
export type { RunUsage } from "./run-usage.js";
export {
  type AssistantRef,
  type RunCreateOptions,
  type RunListOptions,
  type RunOptions,
  Runs,
  type ThreadRef,
} from "./runs.js";
export {
  SearchIndex,
  type SearchIndexFile,
  type SearchIndexFileListOptions,
  type SearchIndexPatch,
  type SearchIndexRef,
  type SearchIndexSettings,
} from "./search-index.js";
export type {
  ChunkingOption,
  CombinationOption,
  NormalizationOption,
  SearchIndexType,
  SearchIndexTypeOptions,
  TextAnalyzerOption,
} from "./search-index-options.js";
export {
  type CallStrategyOption,
  type SearchIndexToolOptions,
  searchIndexTool,
} from "./search-index-tool.js";
export {
  type SearchIndexCreateDeferredOptions,
  type SearchIndexCreateOptions,
  type SearchIndexCreateSettings,
  SearchIndexes,
  type SearchIndexListOptions,
} from "./search-indexes.js";
export type { StatusMember, StatusName } from "./status-member.js";
export { StreamEvent, type StreamEventName } from "./stream-event.js";
export { Thread, type ThreadPatch, type ThreadSettings } from "./thread.js";
export { type MessageAuthor, type MessageStatusName, ThreadMessage } from "./thread-message.js";
export { type ThreadCreateOptions, type ThreadListOptions, Threads } from "./threads.js";
export { type ToolCall, toolCallsFromProto } from "./tool-call.js";
export {
  DEFAULT_MAX_TOOL_ROUNDS,
  type HandleToolCallsOptions,
  type ToolHandler,
  type ToolHandlerContext,
  type ToolHandlers,
  type ToolLoopCallbacks,
} from "./tool-loop.js";
export type { ToolResult, ToolResultContent, ToolResults } from "./tool-results.js";

// Transport: options, auth, retries.
export {
  type AssistantsClientOptions,
  type AuthHeaderProvider,
  type ClientAuth,
  credentialsGuardInterceptor,
  DEFAULT_ENDPOINT,
  DEFAULT_READ_MAX_BYTES,
  defaultRetryPolicy,
  isNonIdempotent,
  NON_IDEMPOTENT_METHODS,
  type ResolvedClientConfig,
  type RetryPolicy,
  resolveClientConfig,
} from "./transport/index.js";
