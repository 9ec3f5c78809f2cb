/**
 * functionTool: a function tool built from a JSON schema.
 *
 * @module
 */
import { create, type JsonObject } from "@bufbuild/protobuf";
import { type Tool, ToolSchema } from "@yc-assistants/types/common";
import {
  checkOptions,
  invalidArgument,
  isMessageOf,
  optionalString,
  requireJsonObject,
  requireString,
} from "./validate.js";

/** What {@link functionTool} takes. */
export interface FunctionToolOptions {
  /** The function name the model calls, e.g. `"get_weather"`. */
  name: string;
  /** What the function does; the model reads it to decide when to call it. */
  description?: string;
  /** The JSON schema of the arguments (an object schema), sent as a `google.protobuf.Struct`. */
  parameters?: JsonObject;
}

/**
 * A tool an assistant or a run may use: a `Tool` message, or the options of a function tool
 * (turned into one by {@link functionTool}).
 */
export type ToolInput = Tool | FunctionToolOptions;

const FUNCTION_TOOL_KEYS = ["name", "description", "parameters"] as const;

/**
 * Builds a function `Tool` from a name, a description and a JSON schema of its parameters.
 * The model answers with a TOOL_CALLS state naming the function; the arguments arrive as a
 * Struct (every number is a double).
 *
 * @throws ConnectError(InvalidArgument) naming the field when `name` is empty or
 * `parameters` is not a JSON object.
 * @example
 * const weather = functionTool({
 *   name: "get_weather",
 *   description: "Current weather in a city",
 *   parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
 * });
 * await client.assistants.create({ model: "yandexgpt", tools: [weather] });
 */
export function functionTool(options: FunctionToolOptions, field = "functionTool"): Tool {
  const o = checkOptions(options, field, FUNCTION_TOOL_KEYS);
  if (options === undefined) throw invalidArgument(`${field} is required`);
  const name = requireString(o.name, `${field}.name`);
  const description = optionalString(o.description, `${field}.description`) ?? "";
  const parameters =
    o.parameters === undefined ? undefined : requireJsonObject(o.parameters, `${field}.parameters`);
  return create(ToolSchema, {
    ToolType: { case: "function", value: { name, description, parameters } },
  });
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
