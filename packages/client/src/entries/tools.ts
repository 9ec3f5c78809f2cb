/**
 * `@yc-assistants/client/tools`: building assistant tools (`functionTool`, `searchIndexTool`)
 * and answering tool calls (the tool loop's handler types, tool results), on their own
 * subpath (issue 10, cold start: "subpath entry points"). Every binding is the same one the
 * root entry exports.
 *
 * @example
 * import { functionTool } from "@yc-assistants/client/tools";
 * const weather = functionTool({ name: "get_weather", parameters: { type: "object" } });
 *
 * @packageDocumentation
 */
export {
  type FunctionTool,
  type FunctionToolOptions,
  functionTool,
  type SchemaArguments,
  type ToolInput,
  toolHandlersOf,
} from "../function-tool.js";
export {
  type CallStrategyOption,
  type SearchIndexToolOptions,
  searchIndexTool,
} from "../search-index-tool.js";
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
