/**
 * functionTool: a function tool built from a JSON schema.
 *
 * @module
 */
import { create, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import { type Tool, ToolSchema } from "@yc-assistants/types/common";
import type { ToolHandler, ToolHandlers } from "./tool-loop.js";
import {
  checkOptions,
  invalidArgument,
  isMessageOf,
  optionalString,
  requireJsonObject,
  requireString,
} from "./validate.js";

/** What {@link functionTool} takes; `P` is the schema's type (write it `as const`). */
export interface FunctionToolOptions<P = JsonObject> {
  /** The function name the model calls, e.g. `"get_weather"`. */
  name: string;
  /** What the function does; the model reads it to decide when to call it. */
  description?: string;
  /** The JSON schema of the arguments (an object schema), sent as a `google.protobuf.Struct`. */
  parameters?: P;
  /**
   * The tool's implementation, with arguments typed from `parameters` (see
   * {@link SchemaArguments}); collect handlers with {@link toolHandlersOf}.
   */
  handler?: ToolHandler<SchemaArguments<P>>;
}

/** The type a JSON Schema (written `as const`) describes, for one value. */
type SchemaValue<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly const: infer C }
    ? C
    : S extends { readonly type: readonly (infer T)[] }
      ? TypeOf<T, S>
      : S extends { readonly type: infer T }
        ? TypeOf<T, S>
        : JsonValue;

type TypeOf<T, S> = T extends "string"
  ? string
  : T extends "number" | "integer"
    ? number
    : T extends "boolean"
      ? boolean
      : T extends "null"
        ? null
        : T extends "array"
          ? S extends { readonly items: infer I }
            ? SchemaValue<I>[]
            : JsonValue[]
          : T extends "object"
            ? ObjectOf<S>
            : JsonValue;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ObjectOf<S> = S extends { readonly properties: infer P }
  ? Simplify<
      {
        -readonly [K in keyof P as K extends RequiredOf<S> ? K : never]: SchemaValue<P[K]>;
      } & {
        -readonly [K in keyof P as K extends RequiredOf<S> ? never : K]?: SchemaValue<P[K]>;
      }
    >
  : JsonObject;

type RequiredOf<S> = S extends { readonly required: readonly (infer R)[] } ? R : never;

/**
 * The arguments a function tool's handler gets, from its JSON Schema typed `as const`
 * (issue 12): `type: "object"` with `properties` and `required` gives an object type
 * (required keys required, others optional); `"string"`, `"number"`/`"integer"`, `"boolean"`,
 * `"null"`, `"array"` with `items`, `enum` and `const` map to their TypeScript types; anything
 * else is JSON. A schema that is not `as const` (or none) gives `JsonObject`.
 *
 * @example
 * const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] } as const;
 * type Args = SchemaArguments<typeof schema>; // { city: string }
 */
export type SchemaArguments<P> = JsonObject extends P ? JsonObject : ArgsOf<P>;

type ArgsOf<P> = SchemaValue<P> extends infer A ? (A extends JsonObject ? A : JsonObject) : never;

declare const argumentsType: unique symbol;

/**
 * A function `Tool` made by {@link functionTool}: the `Tool` message itself, with the type of
 * its handler's arguments (type-only; nothing is added to the message).
 */
export type FunctionTool<A = JsonObject> = Tool & { readonly [argumentsType]?: A };

/** The handlers given to {@link functionTool}, by tool message. */
const handlers = new WeakMap<Tool, ToolHandler<never>>();

/**
 * A tool an assistant or a run may use: a `Tool` message, or the options of a function tool
 * (turned into one by {@link functionTool}).
 */
export type ToolInput = Tool | FunctionToolOptions;

const FUNCTION_TOOL_KEYS = ["name", "description", "parameters", "handler"] as const;

/**
 * Builds a function `Tool` from a name, a description and a JSON schema of its parameters.
 * The model answers with a TOOL_CALLS state naming the function; the arguments arrive as a
 * Struct (every number is a double).
 *
 * With `handler`, the handler's arguments are typed from `parameters` (see
 * {@link SchemaArguments}; no `as const` needed when the schema is written inline) and
 * {@link toolHandlersOf} collects the handlers of such tools for `handleToolCalls()`,
 * `wait({ toolHandlers })` or `stream({ toolHandlers })`.
 *
 * @throws ConnectError(InvalidArgument) naming the field when `name` is empty,
 * `parameters` is not a JSON object or `handler` is not a function.
 * @example
 * const weather = functionTool({
 *   name: "get_weather",
 *   description: "Current weather in a city",
 *   parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
 * });
 * await client.assistants.create({ model: "yandexgpt", tools: [weather] });
 * @example
 * const add = functionTool({
 *   name: "add",
 *   parameters: { type: "object", properties: { numbers: { type: "array", items: { type: "number" } } }, required: ["numbers"] },
 *   handler: ({ numbers }) => numbers.reduce((a, b) => a + b, 0), // numbers: number[]
 * });
 * await run.handleToolCalls(toolHandlersOf([add]));
 */
export function functionTool<const P extends object = JsonObject>(
  options: FunctionToolOptions<P>,
  field = "functionTool",
): FunctionTool<SchemaArguments<P>> {
  const o = checkOptions(options, field, FUNCTION_TOOL_KEYS);
  if (options === undefined) throw invalidArgument(`${field} is required`);
  const name = requireString(o.name, `${field}.name`);
  const description = optionalString(o.description, `${field}.description`) ?? "";
  const parameters =
    o.parameters === undefined ? undefined : requireJsonObject(o.parameters, `${field}.parameters`);
  if (o.handler !== undefined && typeof o.handler !== "function") {
    throw invalidArgument(`${field}.handler must be a function`);
  }
  const tool = create(ToolSchema, {
    ToolType: { case: "function", value: { name, description, parameters } },
  });
  if (o.handler !== undefined) handlers.set(tool, o.handler as ToolHandler<never>);
  return tool;
}

/**
 * The handlers of function tools made with a `handler` (see {@link functionTool}), by tool
 * name, for `run.handleToolCalls()`, `wait({ toolHandlers })` and `stream({ toolHandlers })`.
 * Other tools in the list (search index tools, tools without a handler) are skipped.
 *
 * @throws ConnectError(InvalidArgument) when two tools have the same name.
 * @example
 * const tools = [add, weather];
 * const assistant = await client.assistants.create({ model: "yandexgpt", tools });
 * const result = await assistant.runAndWait(thread, { toolHandlers: toolHandlersOf(tools) });
 */
export function toolHandlersOf(tools: readonly Tool[]): ToolHandlers {
  if (!Array.isArray(tools)) throw invalidArgument("tools must be an array of tools");
  const out: Record<string, ToolHandler<never>> = {};
  for (const tool of tools) {
    const handler = handlers.get(tool);
    if (handler === undefined || tool.ToolType.case !== "function") continue;
    const name = tool.ToolType.value.name;
    if (Object.hasOwn(out, name)) throw invalidArgument(`tools has two handlers named "${name}"`);
    out[name] = handler;
  }
  return out as unknown as ToolHandlers;
}

/** Converts tool inputs (Tool messages or function tool options) into `Tool` messages. */
export function toolsFromInput(tools: unknown, field: string): Tool[] | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) throw invalidArgument(`${field} must be an array of tools`);
  return tools.map((tool, i) => {
    if (isMessageOf(tool, ToolSchema)) {
      if (tool.ToolType.case === undefined)
        throw invalidArgument(`${field}[${i}] has no tool type`);
      return tool;
    }
    return functionTool(tool as FunctionToolOptions, `${field}[${i}]`);
  });
}
