import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import { EchoModel } from "./echo-model.js";
import type { Model, ModelContext, ModelScript, ModelTurn } from "./model.js";

/**
 * Plays a {@link ModelScript}: the turns are used in order, one per model
 * invocation on a thread (a run start is one invocation, each Submit
 * continuation another), each thread starting at the first turn; when the
 * turns run out the echo model answers (contracts, "ModelScript").
 *
 * Text, partials and string arguments may use three placeholders:
 * `{{tool_results}}` (the submitted contents joined with "; "),
 * `{{last_user_message}}` (text of the newest USER message) and
 * `{{search_results}}` (the texts of the chunks the run's `search_index`
 * tools found, best first, joined with a newline; issue 9).
 *
 * @example
 * const model = new ScriptModel({ turns: [{ text: "Hello! How can I help you?" }] });
 */
export class ScriptModel implements Model {
  readonly #turns: readonly ModelTurn[];
  readonly #fallback = new EchoModel();
  readonly #nextTurn = new Map<string, number>();

  constructor(script: ModelScript) {
    this.#turns = script.turns;
  }

  respond(context: ModelContext): ModelTurn {
    const index = this.#nextTurn.get(context.threadId) ?? 0;
    const turn = this.#turns[index];
    if (turn === undefined) return this.#fallback.respond(context);
    this.#nextTurn.set(context.threadId, index + 1);
    return fillTurn(turn, context);
  }
}

function fillTurn(turn: ModelTurn, context: ModelContext): ModelTurn {
  const toolResults = context.toolResults.map((result) => result.content).join("; ");
  const fill = (text: string): string =>
    text
      .replaceAll("{{tool_results}}", toolResults)
      .replaceAll("{{last_user_message}}", context.lastUserMessage)
      .replaceAll("{{search_results}}", context.searchResults.map((r) => r.text).join("\n"));
  if ("text" in turn) {
    return {
      ...turn,
      text: fill(turn.text),
      ...(turn.partials === undefined ? {} : { partials: turn.partials.map(fill) }),
    };
  }
  if ("toolCalls" in turn) {
    return {
      ...turn,
      toolCalls: turn.toolCalls.map((call) => ({
        name: call.name,
        arguments: fillJson(call.arguments ?? {}, fill) as JsonObject,
      })),
    };
  }
  return { error: { ...turn.error, message: fill(turn.error.message) } };
}

function fillJson(value: JsonValue, fill: (text: string) => string): JsonValue {
  if (typeof value === "string") return fill(value);
  if (Array.isArray(value)) return value.map((item) => fillJson(item, fill));
  if (value !== null && typeof value === "object") {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) out[key] = fillJson(item, fill);
    return out;
  }
  return value;
}
