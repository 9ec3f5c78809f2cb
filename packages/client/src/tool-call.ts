/**
 * ToolCall: one function call the model asks the client to make.
 *
 * @module
 */
import type { JsonObject } from "@bufbuild/protobuf";
import type { ToolCallList, ToolCall as ToolCallMessage } from "@yc-assistants/types/common";
import { defineViewMethods } from "./plain-view.js";

/** What `JSON.stringify(call)` writes: the call without its raw message. */
export interface ToolCallJson {
  readonly id?: string;
  readonly type: "function";
  readonly name: string;
  readonly arguments: JsonObject;
}

/**
 * A function call requested by the model when a run stops in TOOL_CALLS.
 *
 * `arguments` is the `google.protobuf.Struct` of the call as plain JSON: every number in it is
 * a double (spec/runs.md, "Transport facts": "Tool call arguments arrive as a Struct"), so
 * `{ numbers: [5, 4, 1] }` holds JavaScript numbers. The wire has no call id, so `id` is absent
 * for calls of this API version.
 *
 * @example
 * for (const call of result.toolCalls ?? []) {
 *   const content = String(handlers[call.name]?.(call.arguments));
 * }
 */
export interface ToolCall {
  /** Call id; the Assistants v1 wire carries none, so it is absent today. */
  readonly id?: string;
  /** The kind of call; only function calls exist in the API. */
  readonly type: "function";
  /** The function (tool) name, e.g. `"special_operation"`. */
  readonly name: string;
  /** The call's arguments (a Struct as JSON; an empty object when the server sent none). */
  readonly arguments: JsonObject;
  /** The raw `yandex.cloud.ai.assistants.v1.ToolCall` message. */
  readonly proto: ToolCallMessage;
  /**
   * `{ type, name, arguments }` (issue 12: `JSON.stringify(call)` and `util.inspect` show the
   * call, not the proto). Not enumerable.
   */
  toJSON(): ToolCallJson;
}

/**
 * Converts a `ToolCallList` into frozen {@link ToolCall}s, or `undefined` when there is no
 * call (spec/runs.md, "RunResult": `toolCalls` is "absent (never an empty list)").
 * Calls of a kind this client does not know (no `function_call`) are skipped.
 *
 * @example
 * const calls = toolCallsFromProto(event.EventData.case === "toolCallList" ? event.EventData.value : undefined);
 */
export function toolCallsFromProto(list: ToolCallList | undefined): ToolCall[] | undefined {
  if (list === undefined) return undefined;
  const calls: ToolCall[] = [];
  for (const proto of list.toolCalls) {
    if (proto.ToolCallType.case !== "functionCall") continue;
    const fn = proto.ToolCallType.value;
    const call = { type: "function" as const, name: fn.name, arguments: fn.arguments ?? {}, proto };
    const json = (): ToolCallJson => ({
      type: call.type,
      name: call.name,
      arguments: call.arguments,
    });
    defineViewMethods(call, "ToolCall", json);
    calls.push(Object.freeze(call) as ToolCall);
  }
  return calls.length > 0 ? calls : undefined;
}
