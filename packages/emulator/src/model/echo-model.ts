import { echoArguments } from "./echo-arguments.js";
import type { Model, ModelContext, ModelFunctionTool, ModelTurn } from "./model.js";

/**
 * The default model: deterministic, so tests can predict every answer
 * (contracts, "Echo model").
 *
 * - It answers `Echo: <last user message>`.
 * - When function tools are in effect and the last user message contains a
 *   tool's name, ignoring case (issue 12: "Add 2 and 40" calls `add`, as the
 *   root README's "A taste" shows), it calls every such tool (in tool order) with arguments
 *   `{ numbers: [every number in the message], text: <message> }`, plus a value of its
 *   declared type for every other property of the tool's schema ({@link echoArguments}).
 * - After tool results are submitted it answers
 *   `Tool results: <name>: <content>; <name>: <content>`.
 * - When a `search_index` tool found chunks (issue 9) it answers from the
 *   best one: `From the search index: <text of the best chunk>`, and the
 *   completed message cites the chunks found.
 *
 * @example
 * await startEmulator({ model: "echo" });
 */
export class EchoModel implements Model {
  respond(context: ModelContext): ModelTurn {
    if (context.toolResults.length > 0) {
      const parts = context.toolResults.map((result) => `${result.name}: ${result.content}`);
      return { text: `Tool results: ${parts.join("; ")}` };
    }
    const message = context.lastUserMessage;
    const called = functionTools(context).filter((tool) => namesTool(message, tool.name));
    if (called.length > 0) {
      return {
        toolCalls: called.map((tool) => ({
          name: tool.name,
          arguments: echoArguments(message, tool.parameters),
        })),
      };
    }
    const best = context.searchResults[0];
    if (best !== undefined) return { text: `From the search index: ${best.text}` };
    return { text: `Echo: ${message}` };
  }
}

function functionTools(context: ModelContext): ModelFunctionTool[] {
  return context.tools.filter((tool): tool is ModelFunctionTool => tool.type === "function");
}

/**
 * Whether `message` names the tool `name`: it contains the name, ignoring case
 * (issue 12; conformance/src/model-expect.ts predicts with the same rule).
 *
 * @example
 * namesTool("Add 2 and 40", "add"); // true
 */
export function namesTool(message: string, name: string): boolean {
  return name !== "" && message.toLowerCase().includes(name.toLowerCase());
}
