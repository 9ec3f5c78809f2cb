import { isDeepStrictEqual } from "node:util";
import {
  clone,
  type DescField,
  type DescMessage,
  type JsonObject,
  type Message,
  ScalarType,
} from "@bufbuild/protobuf";
import { isWrapperDesc, type Timestamp } from "@bufbuild/protobuf/wkt";
import { getField, INT64_SCALARS, setField } from "./message-fields.js";

/**
 * How protobuf-es v2 shapes map to the official SDK's ts-proto shapes:
 *
 * | protobuf-es                        | ts-proto (official SDK)                  |
 * |------------------------------------|------------------------------------------|
 * | oneof `{ case, value }`            | one optional property per member         |
 * | int64 `bigint`                     | `number` (decode throws above 2^53-1)    |
 * | wrapper field, unboxed `bigint`…   | unboxed `number` / `boolean` / `string`  |
 * | Timestamp message                  | `Date` (millisecond precision)           |
 * | Struct field as `JsonObject`       | plain object                             |
 * | FieldMask message                  | `{ paths: string[] }`                    |
 * | enum `number`                      | `number`                                 |
 * | map `Record<string, V>`            | `{ [key]: V }`                           |
 */

/**
 * Which side produced the official value being compared:
 * - `decoded-by-official`: the official codec decoded our bytes, so an int64
 *   must equal `Number(ours)` (its Long→number conversion, rounded beyond
 *   2^53) and a Date must hold our timestamp truncated to milliseconds;
 * - `encoded-by-official`: our codec decoded the official bytes, so our
 *   bigint must equal the official number exactly and our timestamp the
 *   official Date exactly.
 */
export type Direction = "decoded-by-official" | "encoded-by-official";

/** Tallies of one comparison run. */
export class CompareStats {
  messages = 0;
  fields = 0;
  /** int64 values the official number could not hold exactly (|v| > 2^53-1). */
  lossyInt64 = 0;
  /** Timestamps whose sub-millisecond nanos the official Date dropped. */
  truncatedTimestamps = 0;
}

/**
 * Compares our message with the official codec's object field by field and
 * returns every mismatch (path and reason); empty when they agree.
 */
export function compareWithOfficial(
  schema: DescMessage,
  ours: Message,
  official: unknown,
  direction: Direction,
  stats: CompareStats,
  at = schema.name,
): string[] {
  const out: string[] = [];
  compareMessage(schema, ours, official, direction, stats, at, out);
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function compareMessage(
  schema: DescMessage,
  ours: Message,
  official: unknown,
  direction: Direction,
  stats: CompareStats,
  at: string,
  out: string[],
): void {
  if (!isRecord(official)) {
    out.push(`${at}: official value is not an object: ${String(official)}`);
    return;
  }
  stats.messages++;
  const known = new Set(schema.fields.map((f) => f.jsonName));
  for (const key of Object.keys(official)) {
    if (!known.has(key)) out.push(`${at}: official object has a property ${key} we do not know`);
  }
  for (const field of schema.fields) {
    stats.fields++;
    const fieldAt = `${at}.${field.jsonName}`;
    const mine = getField(ours, field);
    const theirs = official[field.jsonName];
    if (field.oneof !== undefined && mine === undefined) {
      if (theirs !== undefined) out.push(`${fieldAt}: unselected oneof member is set officially`);
      continue;
    }
    compareFieldValue(field, mine, theirs, direction, stats, fieldAt, out);
  }
}

function compareFieldValue(
  field: DescField,
  mine: unknown,
  theirs: unknown,
  direction: Direction,
  stats: CompareStats,
  at: string,
  out: string[],
): void {
  switch (field.fieldKind) {
    case "scalar":
      compareScalar(field.scalar, mine, theirs, direction, stats, at, out);
      return;
    case "enum":
      if (mine !== theirs) out.push(`${at}: enum ${String(mine)} vs ${String(theirs)}`);
      return;
    case "message":
      compareSingular(field.message, mine, theirs, direction, stats, at, out);
      return;
    case "list": {
      if (!Array.isArray(mine) || !Array.isArray(theirs)) {
        out.push(`${at}: a list is not an array on both sides`);
        return;
      }
      if (mine.length !== theirs.length) {
        out.push(`${at}: ${mine.length} items vs ${theirs.length}`);
        return;
      }
      mine.forEach((item, i) => {
        const itemAt = `${at}[${i}]`;
        if (field.listKind === "scalar") {
          compareScalar(field.scalar, item, theirs[i], direction, stats, itemAt, out);
        } else if (field.listKind === "enum") {
          if (item !== theirs[i]) out.push(`${itemAt}: enum ${item} vs ${String(theirs[i])}`);
        } else {
          compareSingular(field.message, item, theirs[i], direction, stats, itemAt, out);
        }
      });
      return;
    }
    case "map": {
      if (!isRecord(mine) || !isRecord(theirs)) {
        out.push(`${at}: a map is not an object on both sides`);
        return;
      }
      const a = Object.keys(mine);
      const b = Object.keys(theirs);
      if (!isDeepStrictEqual(a, b)) {
        out.push(`${at}: map keys ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        return;
      }
      for (const key of a) {
        const entryAt = `${at}[${JSON.stringify(key)}]`;
        if (field.mapKind === "scalar") {
          compareScalar(field.scalar, mine[key], theirs[key], direction, stats, entryAt, out);
        } else if (field.mapKind === "enum") {
          if (mine[key] !== theirs[key]) out.push(`${entryAt}: enum differs`);
        } else {
          compareSingular(field.message, mine[key], theirs[key], direction, stats, entryAt, out);
        }
      }
      return;
    }
  }
}

/**
 * A singular message value (field, list item or map value). A
 * `google.protobuf.Any` (Operation.response and metadata, Status.details) is
 * an ordinary message on both sides (`typeUrl` and `value` bytes), so it is
 * compared field by field like one.
 */
function compareSingular(
  schema: DescMessage,
  mine: unknown,
  theirs: unknown,
  direction: Direction,
  stats: CompareStats,
  at: string,
  out: string[],
): void {
  if (mine === undefined || theirs === undefined) {
    if (mine !== theirs) out.push(`${at}: set on one side only (ours ${String(mine)})`);
    return;
  }
  if (isWrapperDesc(schema)) {
    const valueField = schema.fields[0];
    if (valueField?.fieldKind !== "scalar") throw new Error("malformed wrapper");
    compareScalar(valueField.scalar, mine, theirs, direction, stats, at, out);
    return;
  }
  switch (schema.typeName) {
    case "google.protobuf.Timestamp":
      compareTimestamp(mine as Timestamp, theirs, direction, stats, at, out);
      return;
    case "google.protobuf.Struct":
      if (!isDeepStrictEqual(mine as JsonObject, theirs)) {
        out.push(`${at}: Struct ${JSON.stringify(mine)} vs ${JSON.stringify(theirs)}`);
      }
      return;
    case "google.protobuf.Value":
    case "google.protobuf.ListValue":
    case "google.protobuf.Duration":
      throw new Error(`${at}: ${schema.typeName} fields are not handled by this comparator`);
  }
  compareMessage(schema, mine as Message, theirs, direction, stats, at, out);
}

function compareScalar(
  scalar: ScalarType,
  mine: unknown,
  theirs: unknown,
  direction: Direction,
  stats: CompareStats,
  at: string,
  out: string[],
): void {
  if (INT64_SCALARS.has(scalar)) {
    if (typeof mine !== "bigint") {
      out.push(`${at}: our int64 is not a bigint`);
      return;
    }
    if (typeof theirs !== "number" || !Number.isInteger(theirs)) {
      out.push(`${at}: official int64 is not an integer number: ${String(theirs)}`);
      return;
    }
    if (direction === "decoded-by-official") {
      // ts-proto's longToNumber: Long#toNumber, i.e. the double nearest to ours.
      if (theirs !== Number(mine)) out.push(`${at}: ${mine} decoded as ${theirs}`);
      if (BigInt(theirs) !== mine) stats.lossyInt64++;
    } else if (BigInt.asIntN(64, BigInt(theirs)) !== mine) {
      // protobufjs writes a number as two's-complement 64 bits, so 2^63
      // (what Number(2^63-1) rounds to) goes out as -2^63.
      out.push(`${at}: official ${theirs} reached us as ${mine}`);
    }
    return;
  }
  if (scalar === ScalarType.BYTES) {
    if (!(mine instanceof Uint8Array && theirs instanceof Uint8Array)) {
      out.push(`${at}: bytes are not Uint8Array on both sides`);
    } else if (!isDeepStrictEqual(Array.from(mine), Array.from(theirs))) {
      out.push(`${at}: bytes differ`);
    }
    return;
  }
  // Object.is: NaN equals NaN, and 0 / -0 stay apart.
  if (!Object.is(mine, theirs)) {
    out.push(`${at}: ${JSON.stringify(mine)} vs ${JSON.stringify(theirs)}`);
  }
}

function compareTimestamp(
  mine: Timestamp,
  theirs: unknown,
  direction: Direction,
  stats: CompareStats,
  at: string,
  out: string[],
): void {
  if (!(theirs instanceof Date)) {
    out.push(`${at}: official Timestamp is not a Date`);
    return;
  }
  const ms = theirs.getTime();
  if (direction === "decoded-by-official") {
    const expected = officialTimestampMs(mine);
    if (ms !== expected) out.push(`${at}: ${mine.seconds}s ${mine.nanos}ns decoded as ${ms}ms`);
    if (mine.nanos % 1_000_000 !== 0) stats.truncatedTimestamps++;
  } else {
    const seconds = Math.floor(ms / 1000);
    const nanos = (ms - seconds * 1000) * 1_000_000;
    if (mine.seconds !== BigInt(seconds) || mine.nanos !== nanos) {
      out.push(
        `${at}: official ${theirs.toISOString()} reached us as ${mine.seconds}s ${mine.nanos}ns`,
      );
    }
  }
}

/**
 * The milliseconds of the `Date` the official codec makes of a Timestamp:
 * ts-proto's fromTimestamp computes `seconds * 1000 + nanos / 1e6` in
 * doubles and `new Date()` truncates that to whole milliseconds. Sub-millisecond
 * nanos are lost; far from 1970 the double sum can even round up to the next
 * millisecond (e.g. year 7655 with nanos .821997058 gives ...822 ms).
 */
export function officialTimestampMs(ts: Timestamp): number {
  return Math.trunc(Number(ts.seconds) * 1000 + ts.nanos / 1_000_000);
}

/**
 * Our message in the official ts-proto shape, ready for the official
 * `fromPartial`. Values the official types cannot hold are converted the way
 * a user of the official SDK would have to: int64 through `Number()`,
 * timestamps through `Date` (whole milliseconds).
 */
export function toOfficialShape(schema: DescMessage, message: Message): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of schema.fields) {
    const value = getField(message, field);
    if (value === undefined) continue;
    out[field.jsonName] = officialFieldValue(field, value);
  }
  return out;
}

function officialFieldValue(field: DescField, value: unknown): unknown {
  switch (field.fieldKind) {
    case "scalar":
      return officialScalar(field.scalar, value);
    case "enum":
      return value;
    case "message":
      return officialSingular(field.message, value);
    case "list":
      return (value as unknown[]).map((item) =>
        field.listKind === "scalar"
          ? officialScalar(field.scalar, item)
          : field.listKind === "enum"
            ? item
            : officialSingular(field.message, item),
      );
    case "map":
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          field.mapKind === "scalar"
            ? officialScalar(field.scalar, v)
            : field.mapKind === "enum"
              ? v
              : officialSingular(field.message, v),
        ]),
      );
  }
}

function officialScalar(scalar: ScalarType, value: unknown): unknown {
  return INT64_SCALARS.has(scalar) ? Number(value as bigint) : value;
}

function officialSingular(schema: DescMessage, value: unknown): unknown {
  if (isWrapperDesc(schema)) {
    const valueField = schema.fields[0];
    if (valueField?.fieldKind !== "scalar") throw new Error("malformed wrapper");
    return officialScalar(valueField.scalar, value);
  }
  switch (schema.typeName) {
    case "google.protobuf.Timestamp":
      return new Date(officialTimestampMs(value as Timestamp));
    case "google.protobuf.Struct":
      return structuredClone(value);
  }
  return toOfficialShape(schema, value as Message);
}

/**
 * What the official codec can carry of `message`: a copy with every int64
 * replaced by what an official number field carries (`officialInt64`) and every timestamp
 * truncated to whole milliseconds. Equal to `message` when the official
 * types can hold it exactly.
 */
export function officialRepresentable(schema: DescMessage, message: Message): Message {
  const copy = clone(schema, message);
  roundMessage(schema, copy);
  return copy;
}

/**
 * What an official int64 field carries of `v`: the nearest double, written by
 * protobufjs as two's-complement 64 bits (so 2^63, the double nearest to
 * 2^63-1, wraps to -2^63).
 */
export function officialInt64(v: bigint): bigint {
  return BigInt.asIntN(64, BigInt(Number(v)));
}

function roundInt64(v: unknown): unknown {
  return officialInt64(v as bigint);
}

function roundMessage(schema: DescMessage, message: Message): void {
  if (schema.typeName === "google.protobuf.Timestamp") {
    const ts = message as Timestamp;
    const ms = officialTimestampMs(ts);
    const seconds = Math.floor(ms / 1000);
    ts.seconds = BigInt(seconds);
    ts.nanos = (ms - seconds * 1000) * 1_000_000;
    return;
  }
  for (const field of schema.fields) {
    const value = getField(message, field);
    if (value === undefined) continue;
    setField(message, field, roundFieldValue(field, value));
  }
}

function roundFieldValue(field: DescField, value: unknown): unknown {
  const one = (kind: "scalar" | "enum" | "message", v: unknown): unknown => {
    if (kind === "scalar") return INT64_SCALARS.has(field.scalar as ScalarType) ? roundInt64(v) : v;
    if (kind === "enum") return v;
    const schema = field.message as DescMessage;
    if (isWrapperDesc(schema)) {
      const inner = schema.fields[0];
      return inner?.fieldKind === "scalar" && INT64_SCALARS.has(inner.scalar) ? roundInt64(v) : v;
    }
    if (schema.typeName === "google.protobuf.Struct") return v;
    roundMessage(schema, v as Message);
    return v;
  };
  switch (field.fieldKind) {
    case "scalar":
    case "enum":
    case "message":
      return one(field.fieldKind, value);
    case "list":
      return (value as unknown[]).map((item) => one(field.listKind, item));
    case "map":
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        (value as Record<string, unknown>)[k] = one(field.mapKind, v);
      }
      return value;
  }
}

/**
 * Every non-zero 64-bit integer in `message`, as `<type>.<field>=<value>`,
 * including wrapper values and Timestamp seconds (sorted).
 */
export function int64ValuesOf(schema: DescMessage, message: Message): string[] {
  const out: string[] = [];
  collectInt64(schema, message, out);
  return out.sort();
}

function collectInt64(schema: DescMessage, message: Message, out: string[]): void {
  for (const field of schema.fields) {
    const value = getField(message, field);
    if (value === undefined) continue;
    const one = (kind: "scalar" | "enum" | "message", v: unknown): void => {
      if (kind === "scalar") {
        if (INT64_SCALARS.has(field.scalar as ScalarType) && v !== 0n) {
          out.push(`${schema.typeName}.${field.name}=${String(v)}`);
        }
        return;
      }
      if (kind === "enum") return;
      const sub = field.message as DescMessage;
      if (isWrapperDesc(sub)) {
        const inner = sub.fields[0];
        if (inner?.fieldKind === "scalar" && INT64_SCALARS.has(inner.scalar) && v !== 0n) {
          out.push(`${sub.typeName}.value=${String(v)}`);
        }
        return;
      }
      if (sub.typeName === "google.protobuf.Struct") return;
      collectInt64(sub, v as Message, out);
    };
    if (field.fieldKind === "list")
      for (const item of value as unknown[]) one(field.listKind, item);
    else if (field.fieldKind === "map") {
      for (const v of Object.values(value as Record<string, unknown>)) one(field.mapKind, v);
    } else one(field.fieldKind, value);
  }
}

/** Whether any 64-bit integer of `message` is above `limit`. */
export function hasInt64Above(schema: DescMessage, message: Message, limit: bigint): boolean {
  return int64ValuesOf(schema, message).some((entry) => BigInt(entry.split("=")[1] ?? "0") > limit);
}

/**
 * Whether the official encoder writes `message` in a different, equally
 * valid byte form than protobuf-es, so that only the decoded values (not the
 * raw bytes) can be equal. ts-proto differs from protobuf-es in exactly two
 * ways that the proto3 wire format allows:
 * - it writes an empty packed repeated field (tag + length 0) for an empty
 *   list of numbers, where protobuf-es writes nothing;
 * - in a map entry it leaves out a key or value holding its default ("" for
 *   strings), where protobuf-es (like protobuf C++) always writes both.
 */
export function officialBytesDiffer(schema: DescMessage, message: Message): boolean {
  if (schema.typeName === "google.protobuf.Struct") return false;
  for (const field of schema.fields) {
    const value = getField(message, field);
    if (field.fieldKind === "list") {
      const items = value as unknown[];
      if (field.packed && items.length === 0) return true;
      if (field.listKind === "message" && items.some((m) => nestedDiffers(field.message, m))) {
        return true;
      }
    } else if (field.fieldKind === "map") {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (k === "" || v === "" || v === 0 || v === 0n || v === false) return true;
        if (field.mapKind === "message" && nestedDiffers(field.message, v)) return true;
      }
    } else if (field.fieldKind === "message" && value !== undefined) {
      if (nestedDiffers(field.message, value)) return true;
    }
  }
  return false;
}

function nestedDiffers(schema: DescMessage, value: unknown): boolean {
  if (isWrapperDesc(schema)) return false;
  if (schema.typeName === "google.protobuf.Struct") return jsonHasEmptyKey(value);
  return officialBytesDiffer(schema, value as Message);
}

/** A Struct map entry with the key "" is one of the map entries ts-proto writes differently. */
function jsonHasEmptyKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(jsonHasEmptyKey);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).some(([k, v]) => k === "" || jsonHasEmptyKey(v));
  }
  return false;
}
