/**
 * `@yc-assistants/client/runs`: run handles, results, statuses, streamed events, tool calls
 * and the tool loop — the types a module that only consumes runs needs, without naming the
 * files, search-index and operation features (issue 10, cold start: "subpath entry points").
 * Every binding is the same one the root entry exports.
 *
 * @example
 * import { RunStatus, type RunResult } from "@yc-assistants/client/runs";
 * const done = (r: RunResult) => r.status === RunStatus.COMPLETED;
 *
 * @packageDocumentation
 */
export type { Citation, CitationFile, CitationSearchIndex, CitationSource } from "../citation.js";
export type { MessageInput, MessageRole } from "../message-input.js";
export {
  type AttachOptions,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
  type ListenOptions,
  Run,
  type RunStreamOptions,
  type WaitOptions,
} from "../run.js";
export type { RunAttachment } from "../run-attachment.js";
export type { RunError } from "../run-error.js";
export { RunResult } from "../run-result.js";
export type { RunAndStreamOptions, RunAndWaitOptions } from "../run-shortcuts.js";
export { RunStatus, type RunStatusName } from "../run-status.js";
export {
  RunStream,
  type RunStreamCallbacks,
  type RunStreamEventMap,
  type RunStreamEventName,
  type RunStreamParams,
} from "../run-stream.js";
export { RunStreamEvent, type StreamCursor } from "../run-stream-event.js";
export type { RunUsage } from "../run-usage.js";
export {
  type AssistantRef,
  type RunCreateOptions,
  type RunListOptions,
  type RunOptions,
  Runs,
  type ThreadRef,
} from "../runs.js";
export type { StatusMember, StatusName } from "../status-member.js";
export { StreamEvent, type StreamEventName } from "../stream-event.js";
export { type MessageAuthor, type MessageStatusName, ThreadMessage } from "../thread-message.js";
export { type ToolCall, toolCallsFromProto } from "../tool-call.js";
export {
  DEFAULT_MAX_TOOL_ROUNDS,
  type HandleToolCallsOptions,
  type ToolHandler,
  type ToolHandlerContext,
  type ToolHandlers,
  type ToolLoopCallbacks,
} from "../tool-loop.js";
export type { ToolResult, ToolResultContent, ToolResults } from "../tool-results.js";
