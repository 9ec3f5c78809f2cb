/**
 * ToolResults: what callers pass to `run.submitToolResults()` / `attach().send()`, validated
 * locally and turned into a `ToolResultList`.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import { type ToolResultList, ToolResultListSchema } from "@yc-assistants/types/common";
import { invalidArgument, isJson } from "./validate.js";

/**
 * What a tool returned, as a tool handler may return it (issue 12: "the tool result type
 * accepts what the handlers return"): text as is, a number or boolean as its JSON text
 * (`42` → `"42"`), a plain object or array as its `JSON.stringify` text. The object must be
 * plain JSON data (checked at run time: no functions, class instances, `NaN`); `null` and
 * `undefined` are refused.
 *
 * @example
 * const content: ToolResultContent = { city: "Paris", celsius: 21 };
 */
export type ToolResultContent = string | number | boolean | object;

/**
 * The result of one function call: the function `name` and its `content` (see
 * {@link ToolResultContent}).
 *
 * @example
 * { name: "special_operation", content: "+20.0" }
 * { name: "add", content: 42 }
 * { name: "get_weather", content: { temperatureC: 21 } }
 */
export interface ToolResult {
  /** The function name, as in the tool call. */
  readonly name: string;
  /** What the function returned (see {@link ToolResultContent}). */
  readonly content: ToolResultContent;
}

/**
 * Tool results: a list of {@link ToolResult}s, or a record from function name to content.
 *
 * @example
 * await run.submitToolResults([{ name: "special_operation", content: "+20.0" }]);
 * await run.submitToolResults({ special_operation: "+20.0" });
 */
export type ToolResults = readonly ToolResult[] | Readonly<Record<string, ToolResultContent>>;

/** What a value that is not a tool result is, for an error message ("null", "NaN", "function"). */
export function describeContent(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array with values that are not JSON";
  if (typeof value === "number") return String(value);
  if (typeof value === "object") return "an object that is not plain JSON";
  return typeof value;
}

/**
 * The wire text of a tool result's content, or `undefined` when it is not one (see
 * {@link ToolResultContent}). Shared by `submitToolResults()` and the tool loop, so a handler's
 * return value and a hand-built result are taken alike.
 */
export function toolContentText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (content === null || content === undefined) return undefined;
  if (typeof content === "number" || typeof content === "boolean" || typeof content === "object") {
    return isJson(content) ? JSON.stringify(content) : undefined;
  }
  return undefined;
}

function contentText(content: unknown, field: string): string {
  if (content === undefined || content === null) throw invalidArgument(`${field} is required`);
  const text = toolContentText(content);
  if (text !== undefined) return text;
  throw invalidArgument(
    `${field} must be a string, a number, a boolean or a JSON object/array, got ${describeContent(content)}`,
  );
}

/**
 * Validates tool results before any network call (spec/runs.md, "Submit semantics": no
 * results, a result without `name` or `content`, an unsupported result type) and builds the
 * `ToolResultList`. Errors are `ConnectError(InvalidArgument)` naming the field, e.g.
 * "toolResults[1].name is required".
 *
 * @example
 * const list = toolResultList([{ name: "f", content: "1" }]);
 */
export function toolResultList(results: unknown, field = "toolResults"): ToolResultList {
  const items: { name: string; content: string }[] = [];
  if (Array.isArray(results)) {
    results.forEach((item: unknown, i) => {
      const at = `${field}[${i}]`;
      if (typeof item !== "object" || item === null || Array.isArray(item)) {
        throw invalidArgument(
          `${at} must be a { name, content } object, got ${item === null ? "null" : Array.isArray(item) ? "an array" : typeof item}`,
        );
      }
      const r = item as Record<string, unknown>;
      for (const key of Object.keys(r)) {
        if (key !== "name" && key !== "content") {
          throw invalidArgument(
            `${at}.${key} is not supported (a tool result has name and content)`,
          );
        }
      }
      if (typeof r.name !== "string" || r.name.trim() === "") {
        if (r.name === undefined || r.name === "" || typeof r.name === "string") {
          throw invalidArgument(`${at}.name is required`);
        }
        throw invalidArgument(`${at}.name must be a string, got ${typeof r.name}`);
      }
      items.push({ name: r.name, content: contentText(r.content, `${at}.content`) });
    });
  } else if (typeof results === "object" && results !== null) {
    for (const [name, content] of Object.entries(results)) {
      if (name.trim() === "") throw invalidArgument(`${field} has an empty function name`);
      items.push({ name, content: contentText(content, `${field}.${name}`) });
    }
  } else {
    if (results === undefined || results === null) throw invalidArgument(`${field} is required`);
    throw invalidArgument(
      `${field} must be an array of { name, content } or a record of name to content, got ${typeof results}`,
    );
  }
  if (items.length === 0) throw invalidArgument(`${field} must contain at least one result`);
  return create(ToolResultListSchema, {
    toolResults: items.map(({ name, content }) => ({
      ToolResultType: {
        case: "functionResult" as const,
        value: { name, ContentType: { case: "content" as const, value: content } },
      },
    })),
  });
}
