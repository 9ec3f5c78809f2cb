/**
 * Input validation shared by every public function of the client: one place that turns bad
 * input into `ConnectError(Code.InvalidArgument)` naming the field, before any network call
 * (shared brief: "Invalid input fails before any network call with Code.InvalidArgument and a
 * message naming the field").
 *
 * @module
 */
import type { DescMessage, JsonObject, JsonValue, MessageShape } from "@bufbuild/protobuf";
import { isMessage } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { requiredFields } from "@yc-assistants/types/options";

/**
 * A `ConnectError` with `Code.InvalidArgument`; the message should start with the field name.
 *
 * @example
 * throw invalidArgument("runId must be a non-empty string");
 */
export function invalidArgument(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value.length === 0 ? "an empty string" : "a string";
  return typeof value === "object" ? "an object" : `${typeof value}`;
}

/**
 * Checks that `value` is a non-empty (not only whitespace) string, e.g. an id.
 *
 * @example
 * const runId = requireString(id, "runId");
 */
export function requireString(value: unknown, field: string): string {
  if (typeof value !== "string") {
    if (value === undefined) throw invalidArgument(`${field} is required`);
    throw invalidArgument(`${field} must be a non-empty string, got ${describe(value)}`);
  }
  if (value.trim().length === 0) throw invalidArgument(`${field} is required`);
  return value;
}

/** Like {@link requireString} but `undefined` passes through. */
export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw invalidArgument(`${field} must be a string, got ${describe(value)}`);
  }
  return value;
}

/** Checks that `value` is a plain object (not an array, not null). */
export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    if (value === undefined) throw invalidArgument(`${field} is required`);
    throw invalidArgument(`${field} must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Like {@link requireObject} but `undefined` gives `{}`. */
export function optionalObject(value: unknown, field: string): Record<string, unknown> {
  return value === undefined ? {} : requireObject(value, field);
}

/** An optional finite number within `[min, max]`. */
export function optionalNumber(
  value: unknown,
  field: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalidArgument(`${field} must be a finite number, got ${describe(value)}`);
  }
  if (range.min !== undefined && value < range.min) {
    throw invalidArgument(`${field} must be >= ${range.min}, got ${value}`);
  }
  if (range.max !== undefined && value > range.max) {
    throw invalidArgument(`${field} must be <= ${range.max}, got ${value}`);
  }
  return value;
}

/**
 * An optional positive safe integer (or a positive bigint), returned as `bigint` for int64
 * fields.
 */
export function optionalPositiveInt(value: unknown, field: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "bigint") {
    if (value <= 0n) throw invalidArgument(`${field} must be a positive integer, got ${value}`);
    return value;
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw invalidArgument(
      `${field} must be a positive integer, got ${typeof value === "number" ? value : describe(value)}`,
    );
  }
  return BigInt(value);
}

/** An optional non-negative safe integer (e.g. an event index), as `bigint`. */
export function optionalIndex(value: unknown, field: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "bigint") {
    if (value < 0n) throw invalidArgument(`${field} must be >= 0, got ${value}`);
    return value;
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(
      `${field} must be a non-negative integer, got ${typeof value === "number" ? value : describe(value)}`,
    );
  }
  return BigInt(value);
}

/** An optional duration in milliseconds: a finite number > 0. */
export function optionalDuration(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw invalidArgument(
      `${field} must be a positive number of milliseconds, got ${typeof value === "number" ? value : describe(value)}`,
    );
  }
  return value;
}

/** An optional non-negative duration (0 allowed, e.g. a poll interval in tests). */
export function optionalDelay(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(
      `${field} must be a non-negative number of milliseconds, got ${typeof value === "number" ? value : describe(value)}`,
    );
  }
  return value;
}

/** An optional boolean. */
export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") {
    throw invalidArgument(`${field} must be a boolean, got ${describe(value)}`);
  }
  return value;
}

/** An optional `AbortSignal`. */
export function optionalSignal(value: unknown, field: string): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal)) {
    throw invalidArgument(`${field} must be an AbortSignal, got ${describe(value)}`);
  }
  return value;
}

/** Optional labels: a plain object of string values (keys must be non-empty). */
export function optionalLabels(value: unknown, field: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const labels = requireObject(value, field);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(labels)) {
    if (key.length === 0) throw invalidArgument(`${field} must not have an empty key`);
    if (typeof v !== "string") {
      throw invalidArgument(`${field}.${key} must be a string, got ${describe(v)}`);
    }
    out[key] = v;
  }
  return out;
}

function isJsonValue(value: unknown, depth: number): boolean {
  if (depth > 100) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJsonValue(v, depth + 1));
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value).every((v) => isJsonValue(v, depth + 1));
  }
  return false;
}

/**
 * Checks that `value` is a JSON object (plain objects, arrays, strings, finite numbers,
 * booleans and null only), as a `google.protobuf.Struct` needs.
 */
export function requireJsonObject(value: unknown, field: string): JsonObject {
  const obj = requireObject(value, field);
  if (!isJsonValue(obj, 0)) {
    throw invalidArgument(
      `${field} must be plain JSON (objects, arrays, strings, finite numbers, booleans, null)`,
    );
  }
  return obj as JsonObject;
}

/** Whether `value` is plain JSON data (see {@link requireJsonObject}). */
export function isJson(value: unknown): value is JsonValue {
  return isJsonValue(value, 0);
}

/**
 * Checks an options object: `undefined` gives `{}`; anything but a plain object, and any key
 * not in `allowed`, is an InvalidArgument naming it (catches typos such as `maxToken`).
 */
export function checkOptions<T extends object>(
  value: T | undefined,
  field: string,
  allowed: readonly string[],
): Partial<T> {
  const obj = optionalObject(value, field);
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw invalidArgument(`${field}.${key} is not a known option (known: ${allowed.join(", ")})`);
    }
  }
  return obj as Partial<T>;
}

/**
 * The safety net after a request is built: every field the schema sheet marks REQUIRED (from
 * `requiredFields(schema)` of @yc-assistants/types, never a hand-kept list) must be set,
 * else InvalidArgument naming it as `<Message>.<jsonName>`.
 *
 * @example
 * assertRequiredFields(GetRunRequestSchema, request);
 */
export function assertRequiredFields<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): void {
  const record = message as unknown as Record<string, unknown>;
  for (const field of requiredFields(schema)) {
    const value =
      field.oneof === undefined
        ? record[field.localName]
        : (record[field.oneof.localName] as { case?: string } | undefined)?.case === field.localName
          ? true
          : undefined;
    const empty =
      value === undefined ||
      value === null ||
      value === "" ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === "string" && value.trim() === "");
    if (empty) throw invalidArgument(`${schema.name}.${field.jsonName} is required`);
  }
}

/** Whether `value` is a protobuf-es message of `schema`. */
export function isMessageOf<Desc extends DescMessage>(
  value: unknown,
  schema: Desc,
): value is MessageShape<Desc> {
  return isMessage(value, schema);
}
