import type { JsonObject } from "@bufbuild/protobuf";
import type { FunctionCall, FunctionResult, Tool } from "@yc-assistants/types/common";
import type { Message } from "@yc-assistants/types/threads";
import { messageText } from "../state/emulator-state.js";
import type { ModelMessage, ModelTool, ModelToolCall, ModelToolResult } from "./model.js";

/**
 * Plain views of the protos a model is shown (issue 12: model code should read
 * `ctx.toolResults[0].content`, not `ctx.toolResults[0].ContentType.value`).
 * The protos stay reachable on `ctx.raw`.
 */

/**
 * A thread message as `{ id, role, text, authorId }`; `text` joins the text parts with a newline.
 *
 * @example
 * messageView(message); // { id: "fvt…", role: "USER", text: "Add 2 and 40", authorId: "fvt…" }
 */
export function messageView(message: Message): ModelMessage {
  return {
    id: message.id,
    role: message.author?.role ?? "",
    text: messageText(message),
    authorId: message.author?.id ?? "",
  };
}

/**
 * A tool in effect: a function tool with its name, description and JSON-schema parameters,
 * a search index tool with its index ids, or a generative search tool.
 */
export function toolView(tool: Tool): ModelTool {
  switch (tool.ToolType.case) {
    case "function":
      return {
        type: "function",
        name: tool.ToolType.value.name,
        description: tool.ToolType.value.description,
        parameters: tool.ToolType.value.parameters ?? {},
      };
    case "searchIndex":
      return { type: "searchIndex", searchIndexIds: [...tool.ToolType.value.searchIndexIds] };
    case "genSearch":
      return { type: "genSearch" };
    default:
      return { type: "unknown" };
  }
}

/** A call the model made, in the shape it returned it: `{ name, arguments }`. */
export function toolCallView(
  call: FunctionCall,
): ModelToolCall & { readonly arguments: JsonObject } {
  return { name: call.name, arguments: call.arguments ?? {} };
}

/** A submitted result as `{ name, content }` (`content` is "" when the result has none). */
export function toolResultView(result: FunctionResult): ModelToolResult {
  return {
    name: result.name,
    content: result.ContentType.case === "content" ? result.ContentType.value : "",
  };
}
