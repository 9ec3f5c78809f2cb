/**
 * The plain-data side of the client's result objects: `toJSON()` and `util.inspect`.
 *
 * issue 12, "Results are plain data": `JSON.stringify(result)` threw "Do not know how to
 * serialize a BigInt" and `console.log` showed proto internals (`$typeName`, Timestamps). The
 * frozen views (usage, error, tool calls, citations) get a `toJSON()` with proto3-JSON-like
 * output and an inspect hook printing that, both non-enumerable so the data stays the data.
 *
 * @module
 */
import { type InspectOptions, inspect } from "node:util";
import { toJson } from "@bufbuild/protobuf";
import { type Timestamp, TimestampSchema } from "@bufbuild/protobuf/wkt";

/**
 * A Timestamp in RFC 3339, as proto3 JSON writes it (nanoseconds kept: a `Date` has only
 * milliseconds); `undefined` stays `undefined`.
 *
 * @example
 * timestampJson(timestampFromDate(new Date(0))); // "1970-01-01T00:00:00Z"
 */
export function timestampJson(ts: Timestamp | undefined): string | undefined {
  return ts === undefined ? undefined : (toJson(TimestampSchema, ts) as string);
}

/**
 * Defines `toJSON`, the `util.inspect` hook and `proto` (the raw message) on `target` as
 * non-enumerable properties: they do not show as data (`Object.keys`, `toEqual`).
 *
 * @example
 * defineViewMethods(view, "RunUsage", () => ({ totalTokens: 114 }), usageMessage);
 * Object.freeze(view);
 */
export function defineViewMethods(
  target: object,
  name: string,
  json: () => unknown,
  proto?: unknown,
): void {
  Object.defineProperty(target, "toJSON", { value: json });
  Object.defineProperty(target, inspect.custom, {
    value: (_depth: number, options: InspectOptions) =>
      `${name} ${inspect(json(), { ...options, depth: 4 })}`,
  });
  if (proto !== undefined) Object.defineProperty(target, "proto", { value: proto });
}
