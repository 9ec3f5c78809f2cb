import {
  type DescEnum,
  type DescField,
  type DescMessage,
  type JsonObject,
  type JsonValue,
  type Registry,
  ScalarType,
} from "@bufbuild/protobuf";
import { FeatureSet_FieldPresence, isWrapperDesc } from "@bufbuild/protobuf/wkt";

/**
 * Rewrites proto3 JSON of `schema` into the one canonical form that
 * protobuf-es `toJson` (default options) writes, changing ONLY what the proto3
 * JSON mapping lets two writers spell differently
 * (https://protobuf.dev/programming-guides/json/):
 *
 * - implicit-presence fields holding their default (0, "", false, the zero
 *   enum, an empty list or map) may be written or left out: they are left out;
 *   fields with presence (messages, wrappers, oneof members) are always kept,
 *   so `"temperature": 0` in a DoubleValue survives;
 * - `null` means "absent" (except inside google.protobuf.Value): left out;
 * - Timestamps may carry 0–9 fraction digits or an offset: rewritten to UTC
 *   with 0, 3, 6 or 9 digits;
 * - 64-bit integers may be numbers or strings: strings; 32-bit integers may be
 *   strings: numbers; enums may be numbers: names; field names may be the proto
 *   name: the lowerCamelCase JSON name; bytes: standard padded base64.
 *
 * Everything else (strings, doubles, Struct contents, FieldMask paths) is kept
 * as it is, so any other difference makes the comparison fail.
 *
 * A `google.protobuf.Any` (the `response` of a done Operation, issue 9) is
 * normalised as the message its `@type` names, looked up in `registry`; an
 * Any whose type the registry lacks is an error, never passed through.
 */
export function canonicalJson(
  schema: DescMessage,
  json: JsonValue,
  registry?: Registry,
): JsonValue {
  return canonicalMessage(schema, json, schema.typeName, registry);
}

const int64Scalars = new Set<ScalarType>([
  ScalarType.INT64,
  ScalarType.UINT64,
  ScalarType.SINT64,
  ScalarType.FIXED64,
  ScalarType.SFIXED64,
]);

function fail(at: string, why: string): never {
  throw new Error(`${at}: ${why}`);
}

function isPlainObject(v: JsonValue): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function canonicalMessage(
  schema: DescMessage,
  json: JsonValue,
  at: string,
  registry?: Registry,
): JsonValue {
  switch (schema.typeName) {
    case "google.protobuf.Timestamp":
      if (typeof json !== "string") fail(at, "a Timestamp must be a string");
      return canonicalTimestamp(json, at);
    case "google.protobuf.FieldMask":
      if (typeof json !== "string") fail(at, "a FieldMask must be a string");
      return json;
    case "google.protobuf.Struct":
      if (!isPlainObject(json)) fail(at, "a Struct must be an object");
      return json;
    case "google.protobuf.Value":
      return json;
    case "google.protobuf.ListValue":
      if (!Array.isArray(json)) fail(at, "a ListValue must be an array");
      return json;
    case "google.protobuf.Empty":
      if (!isPlainObject(json)) fail(at, "Empty must be an object");
      return {};
    case "google.protobuf.Any":
      return canonicalAny(json, at, registry);
    case "google.protobuf.Duration":
      // Not used by the Assistants API; refuse rather than compare loosely.
      fail(at, `${schema.typeName} is not handled by this normaliser`);
  }
  if (isWrapperDesc(schema)) {
    const valueField = schema.fields[0];
    if (valueField?.fieldKind !== "scalar") fail(at, "malformed wrapper");
    return canonicalScalar(valueField.scalar, json, at);
  }
  if (!isPlainObject(json)) fail(at, `${schema.typeName} must be a JSON object`);
  const out: JsonObject = {};
  const byName = new Map<string, DescField>();
  for (const f of schema.fields) {
    byName.set(f.jsonName, f);
    byName.set(f.name, f);
  }
  for (const [key, value] of Object.entries(json)) {
    const field = byName.get(key);
    if (field === undefined) fail(at, `unknown field ${key} of ${schema.typeName}`);
    const fieldAt = `${at}.${field.jsonName}`;
    if (field.jsonName in out) fail(fieldAt, "field given twice");
    const canon = canonicalField(field, value, fieldAt, registry);
    if (canon !== undefined) out[field.jsonName] = canon;
  }
  return out;
}

/**
 * An Any: `{"@type": url, ...fields}` for an ordinary message, or
 * `{"@type": url, "value": ...}` for a well-known type with its own JSON form
 * (https://protobuf.dev/programming-guides/json/).
 */
function canonicalAny(json: JsonValue, at: string, registry: Registry | undefined): JsonValue {
  if (!isPlainObject(json)) fail(at, "an Any must be an object");
  const { "@type": url, ...rest } = json;
  if (typeof url !== "string" || url === "") fail(at, "an Any needs a @type");
  if (registry === undefined) fail(at, "an Any needs a registry to be normalised");
  const typeName = url.slice(url.lastIndexOf("/") + 1);
  const packed = registry.getMessage(typeName);
  if (packed === undefined) fail(at, `the registry has no ${typeName}`);
  const packedAt = `${at}<${typeName}>`;
  if (packed.typeName.startsWith("google.protobuf.") && "value" in rest) {
    return { "@type": url, value: canonicalMessage(packed, rest["value"] as JsonValue, packedAt) };
  }
  const fields = canonicalMessage(packed, rest, packedAt, registry) as JsonObject;
  return { "@type": url, ...fields };
}

/** The canonical value of one field, or undefined when it must be left out. */
function canonicalField(
  field: DescField,
  value: JsonValue,
  at: string,
  registry: Registry | undefined,
): JsonValue | undefined {
  const valueIsValueMessage =
    field.fieldKind === "message" && field.message.typeName === "google.protobuf.Value";
  if (value === null && !valueIsValueMessage) return undefined;
  const implicit = field.presence === FeatureSet_FieldPresence.IMPLICIT;
  switch (field.fieldKind) {
    case "scalar": {
      const v = canonicalScalar(field.scalar, value, at);
      return implicit && isScalarDefault(field.scalar, v) ? undefined : v;
    }
    case "enum": {
      const v = canonicalEnum(field.enum, value, at);
      return implicit && isEnumDefault(field.enum, v) ? undefined : v;
    }
    case "message":
      return canonicalMessage(field.message, value, at, registry);
    case "list": {
      if (!Array.isArray(value)) fail(at, "a repeated field must be an array");
      if (value.length === 0) return undefined;
      return value.map((item, i) => {
        const itemAt = `${at}[${i}]`;
        if (field.listKind === "scalar") return canonicalScalar(field.scalar, item, itemAt);
        if (field.listKind === "enum") return canonicalEnum(field.enum, item, itemAt);
        return canonicalMessage(field.message, item, itemAt, registry);
      });
    }
    case "map": {
      if (!isPlainObject(value)) fail(at, "a map must be an object");
      const entries = Object.entries(value);
      if (entries.length === 0) return undefined;
      const out: JsonObject = {};
      for (const [k, v] of entries) {
        const entryAt = `${at}[${JSON.stringify(k)}]`;
        switch (field.mapKind) {
          case "scalar":
            out[k] = canonicalScalar(field.scalar, v, entryAt);
            break;
          case "enum":
            out[k] = canonicalEnum(field.enum, v, entryAt);
            break;
          case "message":
            out[k] = canonicalMessage(field.message, v, entryAt, registry);
            break;
        }
      }
      return out;
    }
  }
}

/** Whether `v`, already canonical, is the zero value of its scalar type. */
function isScalarDefault(scalar: ScalarType, v: JsonValue): boolean {
  if (int64Scalars.has(scalar)) return v === "0";
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return v === "";
    case ScalarType.BOOL:
      return v === false;
    default:
      return v === 0;
  }
}

function isEnumDefault(desc: DescEnum, v: JsonValue): boolean {
  return v === 0 || v === desc.value[0]?.name;
}

function canonicalEnum(desc: DescEnum, value: JsonValue, at: string): JsonValue {
  if (typeof value === "string") {
    if (!desc.values.some((v) => v.name === value)) fail(at, `unknown ${desc.typeName} ${value}`);
    return value;
  }
  if (typeof value === "number" && Number.isInteger(value)) {
    return desc.value[value]?.name ?? value;
  }
  return fail(at, `bad enum value ${JSON.stringify(value)}`);
}

function canonicalScalar(scalar: ScalarType, value: JsonValue, at: string): JsonValue {
  if (int64Scalars.has(scalar)) {
    if (typeof value !== "string" && typeof value !== "number") fail(at, "bad 64-bit integer");
    return BigInt(value).toString();
  }
  switch (scalar) {
    case ScalarType.INT32:
    case ScalarType.UINT32:
    case ScalarType.SINT32:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32: {
      const n = typeof value === "string" ? Number(value) : value;
      if (typeof n !== "number" || !Number.isInteger(n)) fail(at, "bad 32-bit integer");
      return n;
    }
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT: {
      if (value === "NaN" || value === "Infinity" || value === "-Infinity") return value;
      const n = typeof value === "string" ? Number(value) : value;
      if (typeof n !== "number" || !Number.isFinite(n)) fail(at, "bad floating point number");
      return n;
    }
    case ScalarType.BOOL:
      if (typeof value !== "boolean") fail(at, "bad bool");
      return value;
    case ScalarType.STRING:
      if (typeof value !== "string") fail(at, "bad string");
      return value;
    case ScalarType.BYTES:
      if (typeof value !== "string") fail(at, "bad bytes");
      return Buffer.from(value, "base64").toString("base64");
  }
  return fail(at, `unhandled scalar type ${scalar}`);
}

const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/;

/** A Timestamp in UTC with 0, 3, 6 or 9 fraction digits, as protobuf-es writes it. */
export function canonicalTimestamp(text: string, at = "timestamp"): string {
  const m = rfc3339.exec(text);
  if (m === null) fail(at, `not an RFC 3339 timestamp: ${text}`);
  const [, y, mo, d, h, mi, s, frac, zone, sign, oh, om] = m;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0001–0099 as they are.
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  let seconds = date.getTime() / 1000;
  if (zone !== "Z") {
    const offset = (Number(oh) * 60 + Number(om)) * 60;
    seconds += sign === "+" ? -offset : offset;
  }
  const nanos = Number((frac ?? "").padEnd(9, "0"));
  let fraction = "";
  if (nanos > 0) {
    const digits = String(nanos).padStart(9, "0");
    if (digits.endsWith("000000")) fraction = `.${digits.slice(0, 3)}`;
    else if (digits.endsWith("000")) fraction = `.${digits.slice(0, 6)}`;
    else fraction = `.${digits}`;
  }
  return new Date(seconds * 1000).toISOString().replace(".000Z", `${fraction}Z`);
}
