import {
  create,
  type DescField,
  type DescMessage,
  type JsonObject,
  type JsonValue,
  type Message,
  ScalarType,
} from "@bufbuild/protobuf";
import { anyPack, isWrapperDesc, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { SearchIndexFileSchema } from "../../src/searchindex.js";
import { INT64_SCALARS, setField } from "./message-fields.js";
import { hashSeed, Prng } from "./prng.js";

/**
 * What a sample's values look like:
 * - `empty`: nothing set (every field at its default, every oneof unset);
 * - `exact`: every field set to a value the official ts-proto codecs can hold
 *   exactly (|int64| <= 2^53-1, timestamps in whole milliseconds since 1970);
 * - `zero`: every field with presence set, but to its zero value (wrappers
 *   holding 0, oneof members holding "" / false / the zero enum, empty
 *   messages, lists and maps of one zero item), so presence must survive;
 * - `wide-positive` / `wide-negative`: like `exact`, but every 64-bit integer
 *   beyond 2^53 (positive / negative), timestamps with sub-millisecond nanos,
 *   enum numbers the schema does not name, and NaN / ±Infinity doubles.
 */
export type Profile = "empty" | "exact" | "zero" | "wide-positive" | "wide-negative";

export const PROFILES: readonly Profile[] = [
  "empty",
  "exact",
  "zero",
  "wide-positive",
  "wide-negative",
];

/** One generated message. */
export interface Sample {
  readonly schema: DescMessage;
  readonly profile: Profile;
  /** Which oneof case index the top-level oneofs select (case i % cases). */
  readonly variant: number;
  readonly message: Message;
}

/** What the generated samples exercised, to prove the generator misses nothing. */
export class Coverage {
  /** `<message type>.<field name>` of every field set to a non-default value. */
  readonly fields = new Set<string>();
  /** Kinds of edge values produced, e.g. `int64>2^53`, `unknown-enum`. */
  readonly edges = new Set<string>();
}

/** Unicode text of several scripts and planes, combining marks and escapes. */
const TEXTS = [
  "hello",
  "Привет, мир",
  "你好，世界",
  "こんにちは",
  "🚀🧪👩🏽‍💻",
  "e\u0301 café",
  "مرحبا",
  'tab\tnew\nline "quoted" \\ back',
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈",
  "gpt://b1g-folder/yandexgpt/latest",
] as const;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const WIDE_POSITIVE = [2n ** 53n + 1n, 2n ** 60n + 7n, 2n ** 63n - 1n, 2n ** 62n + 12345n];
const WIDE_NEGATIVE = [-(2n ** 53n + 1n), -(2n ** 60n + 7n), -(2n ** 63n), -(2n ** 61n + 3n)];
const EXACT_INT64 = [1n, 7n, 1000n, 2n ** 31n, 2n ** 32n + 5n, MAX_SAFE, -MAX_SAFE, -1n, -300n];
const EXACT_DOUBLES = [0.5, -2.25, 0.1, 1e300, -1e-300, 5e-324, Number.MAX_VALUE, Math.PI];
const WIDE_DOUBLES = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
/** Latest second a Timestamp may hold (9999-12-31T23:59:59Z). */
const MAX_TIMESTAMP_SECONDS = 253402300799;

/** How deep nested messages are filled below the top-level message. */
const MAX_DEPTH = 6;

interface Context {
  readonly prng: Prng;
  readonly profile: Profile;
  readonly coverage: Coverage;
}

/** How many cases the widest oneof of `schema` has (1 when it has none). */
export function oneofVariants(schema: DescMessage): number {
  return Math.max(1, ...schema.oneofs.map((o) => o.fields.length));
}

/**
 * The samples of one message type: one `empty` sample, and for every other
 * profile one sample per case of its widest oneof, sample i selecting case
 * `i % cases` of every oneof, so each oneof case is generated at the top level.
 */
export function generateSamples(schema: DescMessage, coverage: Coverage, seed = 2026): Sample[] {
  const samples: Sample[] = [];
  const base = new Prng(seed ^ hashSeed(schema.typeName));
  for (const profile of PROFILES) {
    const variants = profile === "empty" ? 1 : oneofVariants(schema);
    for (let variant = 0; variant < variants; variant++) {
      const ctx: Context = { prng: base.fork(samples.length + 1), profile, coverage };
      const message =
        profile === "empty" ? create(schema) : generateMessage(schema, ctx, 0, variant);
      samples.push({ schema, profile, variant, message });
    }
  }
  return samples;
}

function generateMessage(
  schema: DescMessage,
  ctx: Context,
  depth: number,
  variant: number | undefined,
): Message {
  const message = create(schema);
  for (const field of schema.fields) {
    if (field.oneof !== undefined) continue;
    const value = generateField(field, ctx, depth);
    if (value !== undefined) setField(message, field, value);
  }
  for (const oneof of schema.oneofs) {
    const index = variant ?? ctx.prng.int(oneof.fields.length);
    const field = oneof.fields[index % oneof.fields.length] as DescField;
    const value = generateField(field, ctx, depth);
    if (value !== undefined) setField(message, field, value);
  }
  return message;
}

/** A value for `field`, or undefined to leave it unset (too deep). */
function generateField(field: DescField, ctx: Context, depth: number): unknown {
  const zero = ctx.profile === "zero";
  const count = zero ? 1 : 2 + ctx.prng.int(2);
  let value: unknown;
  switch (field.fieldKind) {
    case "scalar":
      value = scalarValue(field.scalar, ctx);
      break;
    case "enum":
      value = enumValue(field, ctx);
      break;
    case "message":
      value = messageValue(field.message, ctx, depth);
      break;
    case "list": {
      const items: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const item =
          field.listKind === "scalar"
            ? scalarValue(field.scalar, ctx)
            : field.listKind === "enum"
              ? enumValue(field, ctx)
              : messageValue(field.message, ctx, depth);
        if (item === undefined) return undefined;
        items.push(item);
      }
      value = items;
      break;
    }
    case "map": {
      const map: Record<string, unknown> = {};
      for (let i = 0; i < count; i++) {
        const key = zero ? "" : `${ctx.prng.pick(TEXTS)}#${i}`;
        const item =
          field.mapKind === "scalar"
            ? scalarValue(field.scalar, ctx)
            : field.mapKind === "enum"
              ? enumValue(field, ctx)
              : messageValue(field.message, ctx, depth);
        if (item === undefined) return undefined;
        map[key] = item;
      }
      value = map;
      break;
    }
  }
  if (value !== undefined && !zero)
    ctx.coverage.fields.add(`${field.parent.typeName}.${field.name}`);
  return value;
}

function enumValue(field: DescField, ctx: Context): number {
  const desc = field.enum;
  if (desc === undefined) throw new Error(`${field.toString()} is not an enum field`);
  if (ctx.profile === "zero") return 0;
  if (ctx.profile === "wide-positive" || ctx.profile === "wide-negative") {
    // Proto3 enums are open: a number the schema does not name must survive.
    ctx.coverage.edges.add("unknown-enum");
    return 99;
  }
  const named = desc.values.filter((v) => v.number !== 0);
  return ctx.prng.pick(named.length > 0 ? named : desc.values).number;
}

function scalarValue(scalar: ScalarType, ctx: Context): unknown {
  const { prng, profile, coverage } = ctx;
  const zero = profile === "zero";
  if (INT64_SCALARS.has(scalar)) {
    if (zero) return 0n;
    if (profile === "wide-positive") {
      coverage.edges.add("int64>2^53");
      return prng.pick(WIDE_POSITIVE);
    }
    if (profile === "wide-negative") {
      coverage.edges.add("int64<-2^53");
      return prng.pick(WIDE_NEGATIVE);
    }
    return prng.bool()
      ? prng.pick(EXACT_INT64)
      : BigInt(prng.between(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  }
  switch (scalar) {
    case ScalarType.STRING:
      if (zero) return "";
      coverage.edges.add("unicode");
      return prng.pick(TEXTS);
    case ScalarType.BOOL:
      return !zero;
    case ScalarType.DOUBLE:
      if (zero) return 0;
      if (profile !== "exact" && prng.bool()) {
        coverage.edges.add("non-finite-double");
        return prng.pick(WIDE_DOUBLES);
      }
      return prng.bool() ? prng.pick(EXACT_DOUBLES) : (prng.next() - 0.5) * 1e6;
    case ScalarType.FLOAT:
      return zero ? 0 : Math.fround(prng.next() * 100);
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return zero ? 0 : prng.between(-(2 ** 31), 2 ** 31 - 1);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return zero ? 0 : prng.between(0, 2 ** 32 - 1);
    case ScalarType.BYTES:
      return zero ? new Uint8Array() : new Uint8Array([prng.int(256), 0, 255]);
  }
  throw new Error(`no generator for scalar type ${scalar}`);
}

/** A value for a singular message-typed field (also list items and map values). */
function messageValue(schema: DescMessage, ctx: Context, depth: number): unknown {
  const { prng, profile } = ctx;
  const zero = profile === "zero";
  if (isWrapperDesc(schema)) {
    // protobuf-es v2 holds wrapper fields unboxed: bigint | undefined etc.
    const valueField = schema.fields[0];
    if (valueField?.fieldKind !== "scalar") throw new Error("malformed wrapper");
    return scalarValue(valueField.scalar, ctx);
  }
  switch (schema.typeName) {
    case "google.protobuf.Any":
      // Operation.response / metadata and Status.details: a real API message
      // packed with its type URL, as the service sends (issue 9 recordings).
      if (zero) return create(schema);
      return anyPack(
        SearchIndexFileSchema,
        create(SearchIndexFileSchema, {
          id: prng.pick(TEXTS),
          searchIndexId: prng.pick(TEXTS),
          createdAt: create(TimestampSchema, { seconds: BigInt(prng.int(2 ** 31)), nanos: 0 }),
        }),
      );
    case "google.protobuf.Struct":
      // protobuf-es v2 holds Struct fields as a JsonObject.
      return zero ? {} : jsonObject(prng, 0);
    case "google.protobuf.Timestamp": {
      if (zero) return create(TimestampSchema, { seconds: 0n, nanos: 0 });
      const seconds = BigInt(prng.between(0, MAX_TIMESTAMP_SECONDS));
      if (profile === "exact") {
        return create(TimestampSchema, { seconds, nanos: prng.int(1000) * 1_000_000 });
      }
      ctx.coverage.edges.add("sub-millisecond-timestamp");
      // Microseconds like the real service sends, or full nanoseconds; never
      // a whole millisecond, so the official codec's truncation shows.
      const step = prng.bool() ? 1000 : 1;
      let nanos = prng.int(1_000_000_000 / step) * step;
      if (nanos % 1_000_000 === 0) nanos += step;
      return create(TimestampSchema, { seconds, nanos });
    }
  }
  if (zero || depth >= MAX_DEPTH) return create(schema);
  return generateMessage(schema, ctx, depth + 1, undefined);
}

function jsonObject(prng: Prng, depth: number): JsonObject {
  const out: JsonObject = {};
  const keys = 2 + prng.int(3);
  for (let i = 0; i < keys; i++) {
    out[`${prng.pick(TEXTS)}${i}`] = jsonValue(prng, depth + 1);
  }
  return out;
}

function jsonValue(prng: Prng, depth: number): JsonValue {
  const kinds = depth >= 3 ? 4 : 6;
  switch (prng.int(kinds)) {
    case 0:
      return null;
    case 1:
      return prng.bool();
    case 2:
      return prng.pick([0, -1.5, 5, 1e21, 123456.789, -0.000001]);
    case 3:
      return prng.pick(TEXTS);
    case 4:
      return [jsonValue(prng, depth + 1), jsonValue(prng, depth + 1), null];
    default:
      return jsonObject(prng, depth);
  }
}
