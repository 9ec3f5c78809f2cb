/**
 * Compares a request a client sent with the one recorded (or scripted), the
 * way the recorded-runs suite needs it: in proto JSON, ignoring what carries
 * no meaning on the wire.
 */
import { type DescMessage, type Message, toJson } from "@bufbuild/protobuf";
import { registry } from "@yc-assistants/types";
import type { JsonValue } from "./shape.js";

/**
 * Fields whose unset value means a documented default, so "unset" and "the
 * default" are the same request (spec/runs.md, "Listening": Python always
 * sends `events_start_idx` 0; "unset means 0").
 */
const DEFAULT_EQUIVALENT: Readonly<Record<string, JsonValue>> = {
  "yandex.cloud.ai.assistants.v1.runs.ListenRunRequest.eventsStartIdx": "0",
  "yandex.cloud.ai.assistants.v1.runs.AttachRunRequest.eventsStartIdx": "0",
};

/**
 * Proto JSON of `message` reduced to what carries meaning: fields listed in
 * `ignore` (`Message.field` by simple message name and JSON or proto field
 * name) removed, sub-messages that are empty and outside a oneof removed
 * (`promptTruncationOptions: {}` is the same request as none), and
 * documented defaults removed.
 */
export function normalizeRequest(
  schema: DescMessage,
  message: Message,
  ignore: readonly string[] = [],
): JsonValue {
  const json = toJson(schema, message, { registry }) as JsonValue;
  return reduce(schema, json, new Set(ignore));
}

function reduce(schema: DescMessage, json: JsonValue, ignore: ReadonlySet<string>): JsonValue {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return json;
  if (schema.typeName.startsWith("google.protobuf.")) return json;
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(json)) {
    const field = schema.fields.find((f) => f.jsonName === key || f.name === key);
    if (!field) {
      out[key] = value;
      continue;
    }
    if (
      ignore.has(`${schema.name}.${field.jsonName}`) ||
      ignore.has(`${schema.name}.${field.name}`)
    ) {
      continue;
    }
    const defaultValue = DEFAULT_EQUIVALENT[`${schema.typeName}.${field.jsonName}`];
    if (defaultValue !== undefined && JSON.stringify(defaultValue) === JSON.stringify(value))
      continue;
    let reduced: JsonValue = value;
    if (field.fieldKind === "message") {
      reduced = reduce(field.message, value, ignore);
      const empty =
        typeof reduced === "object" &&
        reduced !== null &&
        !Array.isArray(reduced) &&
        Object.keys(reduced).length === 0;
      if (
        empty &&
        field.oneof === undefined &&
        !field.message.typeName.startsWith("google.protobuf.")
      ) {
        continue;
      }
    } else if (field.fieldKind === "list" && field.listKind === "message" && Array.isArray(value)) {
      const item = field.message;
      reduced = value.map((v) => reduce(item, v, ignore));
    } else if (
      field.fieldKind === "map" &&
      field.mapKind === "message" &&
      typeof value === "object"
    ) {
      const item = field.message;
      reduced = Object.fromEntries(
        Object.entries(value as Record<string, JsonValue>).map(([k, v]) => [
          k,
          reduce(item, v, ignore),
        ]),
      );
    }
    out[key] = reduced;
  }
  return out;
}

/**
 * The differences between two JSON values, one line each
 * (`content.content[0].text.content: expected "hey!", got "hi"`), at most `limit`.
 */
export function diffJson(expected: JsonValue, actual: JsonValue, limit = 5): string[] {
  const out: string[] = [];
  walk(expected, actual, "");
  return out;
  function walk(e: JsonValue | undefined, a: JsonValue | undefined, at: string): void {
    if (out.length >= limit) return;
    const where = at === "" ? "(message)" : at;
    if (isObject(e) && isObject(a)) {
      const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
      for (const k of [...keys].sort()) walk(e[k], a[k], at === "" ? k : `${at}.${k}`);
      return;
    }
    if (Array.isArray(e) && Array.isArray(a)) {
      if (e.length !== a.length) {
        out.push(`${where}: expected ${e.length} item(s), got ${a.length}`);
        return;
      }
      e.forEach((item, i) => {
        walk(item, a[i], `${at}[${i}]`);
      });
      return;
    }
    if (JSON.stringify(e) !== JSON.stringify(a)) {
      const show = (v: JsonValue | undefined) => (v === undefined ? "nothing" : JSON.stringify(v));
      out.push(`${where}: expected ${show(e)}, got ${show(a)}`);
    }
  }
}

/**
 * True when `actual` carries every field of `subset` with the same value
 * (objects compared key by key, arrays item by item); used by `sent.message`.
 */
export function jsonContains(subset: JsonValue, actual: JsonValue | undefined): boolean {
  if (isObject(subset)) {
    return isObject(actual) && Object.entries(subset).every(([k, v]) => jsonContains(v, actual[k]));
  }
  if (Array.isArray(subset)) {
    return (
      Array.isArray(actual) &&
      actual.length === subset.length &&
      subset.every((v, i) => jsonContains(v, actual[i]))
    );
  }
  // int64 fields are strings in proto JSON; a case may write them as numbers.
  if (typeof subset === "number" && typeof actual === "string") return String(subset) === actual;
  return JSON.stringify(subset) === JSON.stringify(actual);
}

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The differences between the request a client sent and the expected one,
 * after {@link normalizeRequest} of both; empty when they match.
 */
export function compareRequests(
  schema: DescMessage,
  expected: Message,
  actual: Message,
  ignore: readonly string[] = [],
): string[] {
  return diffJson(
    normalizeRequest(schema, expected, ignore),
    normalizeRequest(schema, actual, ignore),
  );
}
