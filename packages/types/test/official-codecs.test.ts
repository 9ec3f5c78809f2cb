/**
 * Proof 2 of issue 2: our generated types speak the same bytes as the official
 * Yandex Cloud Node.js SDK (@yandex-cloud/nodejs-sdk, ts-proto codecs) for
 * every message type of the 22 API files (issue 9 added files, search
 * indexes, operations, endpoint discovery and google.rpc.Status), in both directions, compared field
 * by field and byte by byte, on (a) every recorded message and (b) seeded
 * samples that fill every field (every oneof case, maps, lists, wrappers,
 * int64 beyond 2^53, unicode text, Struct values, sub-millisecond timestamps).
 *
 * Where the official types cannot hold a value (int64 beyond 2^53, timestamp
 * nanos below a millisecond), the test does not skip it: it asserts exactly
 * what the official codec does, and proves at the wire level, with an
 * independent reader, that our bytes carry the exact value.
 */
import {
  create,
  type DescMessage,
  fromBinary,
  fromJson,
  type Message,
  toBinary,
  toJson,
} from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { afterAll, describe, expect, test } from "vitest";
import { AssistantSchema } from "../src/assistants.js";
import { MeanCombinationStrategySchema } from "../src/common.js";
import { registry } from "../src/registry.js";
import { ContentUsageSchema } from "../src/runs.js";
import { ThreadSchema } from "../src/threads.js";
import { isApiMessage } from "./support/message-fields.js";
import { officialCodec, officialCodecLocation } from "./support/official-codecs.js";
import {
  CompareStats,
  compareWithOfficial,
  hasInt64Above,
  int64ValuesOf,
  officialBytesDiffer,
  officialInt64,
  officialRepresentable,
  toOfficialShape,
} from "./support/official-shape.js";
import { listFixtureFiles, readRecordedMessages } from "./support/recorded-traffic.js";
import {
  Coverage,
  generateSamples,
  type Profile,
  type Sample,
} from "./support/sample-generator.js";
import { int64ValuesOnWire } from "./support/wire-int64.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** The message ts-proto's longToNumber throws for int64 above 2^53-1. */
const ABOVE_SAFE_ERROR = "Value is larger than Number.MAX_SAFE_INTEGER";

/** Every message type of the 22 API files (nested included, map entries and our options file excluded). */
const apiTypes: DescMessage[] = [...registry]
  .filter((t): t is DescMessage => t.kind === "message" && isApiMessage(t))
  .sort((a, b) => (a.typeName < b.typeName ? -1 : 1));
const typeNames = apiTypes.map((t) => t.typeName);

const coverage = new Coverage();
const samplesByType = new Map<string, Sample[]>(
  apiTypes.map((t) => [t.typeName, generateSamples(t, coverage)]),
);
const fixtureFiles = listFixtureFiles();

/** Profiles whose values the official types hold exactly, so bytes must match exactly. */
const EXACT_PROFILES = new Set<Profile>(["empty", "exact", "zero"]);

class Tally {
  /** Message types compared field by field at the top level of a sample. */
  readonly types = new Set<string>();
  generated = 0;
  recorded = 0;
  /** Samples whose bytes were identical on both sides. */
  byteIdentical = 0;
  /** Samples with the same values but another valid byte form (see officialBytesDiffer). */
  otherByteForm = 0;
  /** Samples the official types could not hold exactly (int64 beyond 2^53, sub-ms timestamps). */
  limitedByOfficialTypes = 0;
  /** Samples the official decoder refused (int64 above 2^53-1), proven at the wire level instead. */
  refusedAboveSafe = 0;
  readonly compare = new CompareStats();
}

const oursToOfficial = new Tally();
const officialToOurs = new Tally();

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/**
 * Asserts what the bytes written by the official codec are, given what it
 * could hold of our message (`representable`): byte-identical to ours, except
 * where ts-proto picks another valid byte form (officialBytesDiffer); then
 * the same once read and re-written by protobuf-es.
 */
function checkOfficialBytes(
  schema: DescMessage,
  ours: Message,
  officialBytes: Uint8Array,
  label: string,
  expectExact: boolean,
  tally: Tally,
): void {
  const representable = officialRepresentable(schema, ours);
  const expected = hex(toBinary(schema, representable));
  const lossy = expected !== hex(toBinary(schema, ours));
  if (lossy) tally.limitedByOfficialTypes++;
  if (expectExact)
    expect(lossy, `${label}: the official types should hold this sample`).toBe(false);
  if (officialBytesDiffer(schema, representable)) {
    expect(
      hex(toBinary(schema, fromBinary(schema, officialBytes))),
      `${label}: official bytes, read back`,
    ).toBe(expected);
    tally.otherByteForm++;
  } else {
    expect(hex(officialBytes), `${label}: official bytes`).toBe(expected);
    if (!lossy) tally.byteIdentical++;
  }
}

/**
 * Our toBinary → official decode, compared field by field; then the official
 * re-encode must give our bytes back (as far as the official types hold them).
 */
function checkOursToOfficial(
  schema: DescMessage,
  ours: Message,
  label: string,
  expectExact: boolean,
  source: "generated" | "recorded",
): void {
  const codec = officialCodec(schema);
  const bytes = toBinary(schema, ours);
  // Wire level, independent of both codecs: every 64-bit integer is on the wire exactly.
  expect(int64ValuesOnWire(schema, bytes), `${label}: int64 on the wire`).toEqual(
    int64ValuesOf(schema, ours),
  );
  oursToOfficial[source]++;
  if (hasInt64Above(schema, ours, MAX_SAFE)) {
    // The official SDK's limitation: its int64 fields are JS numbers and its
    // decoder throws rather than round a value above 2^53-1.
    expect(() => codec.decode(bytes), label).toThrow(ABOVE_SAFE_ERROR);
    oursToOfficial.refusedAboveSafe++;
    return;
  }
  const official = codec.decode(bytes);
  expect(
    compareWithOfficial(schema, ours, official, "decoded-by-official", oursToOfficial.compare),
    label,
  ).toEqual([]);
  oursToOfficial.types.add(schema.typeName);
  checkOfficialBytes(
    schema,
    ours,
    codec.encode(official).finish(),
    `${label} (re-encoded)`,
    expectExact,
    oursToOfficial,
  );
}

/**
 * Official fromPartial + encode → our fromBinary, compared field by field;
 * the official bytes must equal ours for the same values.
 */
function checkOfficialToOurs(
  schema: DescMessage,
  ours: Message,
  label: string,
  expectExact: boolean,
  source: "generated" | "recorded",
): void {
  const codec = officialCodec(schema);
  const official = codec.fromPartial(toOfficialShape(schema, ours));
  const bytes = codec.encode(official).finish();
  const back = fromBinary(schema, bytes);
  officialToOurs[source]++;
  expect(
    compareWithOfficial(schema, back, official, "encoded-by-official", officialToOurs.compare),
    label,
  ).toEqual([]);
  officialToOurs.types.add(schema.typeName);
  checkOfficialBytes(schema, ours, bytes, label, expectExact, officialToOurs);
}

function sampleLabel(s: Sample): string {
  return `${s.schema.typeName} [${s.profile} #${s.variant}]`;
}

test("every API message type has an official codec", () => {
  expect(apiTypes.length).toBeGreaterThan(80);
  for (const t of apiTypes) {
    expect(() => officialCodec(t), officialCodecLocation(t).name).not.toThrow();
  }
  expect(
    officialCodecLocation(
      registry.getMessage("yandex.cloud.ai.assistants.v1.PromptTruncationOptions.AutoStrategy")!,
    ).name,
  ).toBe("PromptTruncationOptions_AutoStrategy");
});

describe("our bytes → official decode", () => {
  test.each(typeNames)("generated %s", (name) => {
    for (const s of samplesByType.get(name) ?? []) {
      checkOursToOfficial(
        s.schema,
        s.message,
        sampleLabel(s),
        EXACT_PROFILES.has(s.profile),
        "generated",
      );
    }
  });
  test.each(fixtureFiles)("recorded %s", (file) => {
    for (const m of readRecordedMessages(file)) {
      const ours = fromJson(m.schema, m.json, { ignoreUnknownFields: false, registry });
      // The service sends microsecond timestamps, which a Date cannot hold.
      checkOursToOfficial(m.schema, ours, `${file} ${m.where}`, false, "recorded");
    }
  });
});

describe("official encode → our decode", () => {
  test.each(typeNames)("generated %s", (name) => {
    for (const s of samplesByType.get(name) ?? []) {
      checkOfficialToOurs(
        s.schema,
        s.message,
        sampleLabel(s),
        EXACT_PROFILES.has(s.profile),
        "generated",
      );
    }
  });
  test.each(fixtureFiles)("recorded %s", (file) => {
    for (const m of readRecordedMessages(file)) {
      const ours = fromJson(m.schema, m.json, { ignoreUnknownFields: false, registry });
      checkOfficialToOurs(m.schema, ours, `${file} ${m.where}`, false, "recorded");
    }
  });
});

describe("official SDK limitations, asserted exactly", () => {
  const usage = officialCodec(ContentUsageSchema);

  test("int64 above 2^53-1: the official decoder throws; our bytes carry the value exactly", () => {
    const ours = create(ContentUsageSchema, {
      promptTokens: 2n ** 60n + 7n,
      completionTokens: 1n,
      totalTokens: 2n ** 63n - 1n,
    });
    const bytes = toBinary(ContentUsageSchema, ours);
    expect(() => usage.decode(bytes)).toThrow(ABOVE_SAFE_ERROR);
    expect(int64ValuesOnWire(ContentUsageSchema, bytes)).toEqual([
      `${ContentUsageSchema.typeName}.completion_tokens=1`,
      `${ContentUsageSchema.typeName}.prompt_tokens=1152921504606846983`,
      `${ContentUsageSchema.typeName}.total_tokens=9223372036854775807`,
    ]);
    expect(fromBinary(ContentUsageSchema, bytes).promptTokens).toBe(2n ** 60n + 7n);
  });

  test("int64 below -(2^53-1): the official decoder silently rounds to the nearest double", () => {
    const bytes = toBinary(
      ContentUsageSchema,
      create(ContentUsageSchema, { promptTokens: -(2n ** 60n + 7n) }),
    );
    const official = usage.decode(bytes);
    // ts-proto's longToNumber only guards the positive side.
    expect(official["promptTokens"]).toBe(-(2 ** 60));
    expect(BigInt(official["promptTokens"] as number)).toBe(-(2n ** 60n));
  });

  test("the official number type cannot hold 2^60+7: it sends 2^60, which we read exactly", () => {
    const sent = Number(2n ** 60n + 7n);
    const bytes = usage.encode(usage.fromPartial({ totalTokens: sent })).finish();
    expect(fromBinary(ContentUsageSchema, bytes).totalTokens).toBe(2n ** 60n);
    // …and the official decoder cannot read its own bytes back.
    expect(() => usage.decode(bytes)).toThrow(ABOVE_SAFE_ERROR);
  });

  test("2^63-1 through the official number: it rounds to 2^63 and is written as -2^63", () => {
    const sent = Number(2n ** 63n - 1n);
    expect(sent).toBe(2 ** 63);
    const bytes = usage.encode(usage.fromPartial({ totalTokens: sent })).finish();
    // protobufjs writes the double's low 64 bits in two's complement: it wraps.
    expect(fromBinary(ContentUsageSchema, bytes).totalTokens).toBe(-(2n ** 63n));
    expect(officialInt64(2n ** 63n - 1n)).toBe(-(2n ** 63n));
  });

  test("another valid byte form: ts-proto writes an empty packed list", () => {
    const mean = officialCodec(MeanCombinationStrategySchema);
    const official = mean.encode(mean.fromPartial({})).finish();
    expect(hex(official)).toBe("1200"); // field 2 (weights), length 0
    expect(
      hex(toBinary(MeanCombinationStrategySchema, create(MeanCombinationStrategySchema))),
    ).toBe("");
    // Both read either form as "no weights".
    expect(fromBinary(MeanCombinationStrategySchema, official).weights).toEqual([]);
    expect(mean.decode(new Uint8Array())["weights"]).toEqual([]);
  });

  test("another valid byte form: ts-proto leaves default keys and values out of map entries", () => {
    const thread = officialCodec(ThreadSchema);
    const ours = create(ThreadSchema, { labels: { "": "" } });
    const official = thread.encode(thread.fromPartial({ labels: { "": "" } })).finish();
    expect(hex(toBinary(ThreadSchema, ours))).toBe("62040a001200"); // entry: key "", value ""
    expect(hex(official)).toBe("6200"); // empty entry
    expect(fromBinary(ThreadSchema, official).labels).toEqual({ "": "" });
    expect(thread.decode(toBinary(ThreadSchema, ours))["labels"]).toEqual({ "": "" });
  });

  test("timestamps: the official Date keeps whole milliseconds of what the service sends", () => {
    const thread = officialCodec(ThreadSchema);
    const ours = fromJson(ThreadSchema, { createdAt: "2025-04-07T14:42:54.241898Z" });
    const official = thread.decode(toBinary(ThreadSchema, ours));
    expect((official["createdAt"] as Date).toISOString()).toBe("2025-04-07T14:42:54.241Z");
    const back = fromBinary(ThreadSchema, thread.encode(official).finish());
    expect(back.createdAt?.nanos).toBe(241_000_000);
    expect(ours.createdAt?.nanos).toBe(241_898_000);
  });

  test("a pre-1970 Date with a fraction: the official encoder writes a negative nanos", () => {
    const assistant = officialCodec(AssistantSchema);
    const bytes = assistant.encode(assistant.fromPartial({ createdAt: new Date(-1500) })).finish();
    const ours = fromBinary(AssistantSchema, bytes);
    // ts-proto's toTimestamp: seconds = ms / 1000 (truncated on the wire), nanos = (ms % 1000) * 1e6.
    expect(ours.createdAt).toMatchObject({ seconds: -1n, nanos: -500_000_000 });
    expect(() => toJson(AssistantSchema, ours)).toThrow(/nanos must not be negative/);
    // The canonical form, which we write, is decoded correctly by the official codec.
    const canonical = create(AssistantSchema, { createdAt: timestampFromMs(-1500) });
    expect(canonical.createdAt).toMatchObject({ seconds: -2n, nanos: 500_000_000 });
    const decoded = assistant.decode(toBinary(AssistantSchema, canonical));
    expect((decoded["createdAt"] as Date).getTime()).toBe(-1500);
  });
});

describe("the samples cover every field and edge", () => {
  test("every field of every API message type was generated with a value", () => {
    const missing: string[] = [];
    for (const t of apiTypes) {
      for (const f of t.fields) {
        if (!coverage.fields.has(`${t.typeName}.${f.name}`))
          missing.push(`${t.typeName}.${f.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("every oneof case is selected by a top-level sample of each profile", () => {
    for (const t of apiTypes) {
      const samples = samplesByType.get(t.typeName) ?? [];
      for (const profile of ["exact", "zero", "wide-positive", "wide-negative"] as const) {
        for (const oneof of t.oneofs) {
          const cases = new Set(
            samples
              .filter((s) => s.profile === profile)
              .map(
                (s) =>
                  (s.message as unknown as Record<string, { case?: string }>)[oneof.localName]
                    ?.case,
              ),
          );
          expect([...cases].sort(), `${t.typeName}.${oneof.name} ${profile}`).toEqual(
            oneof.fields.map((f) => f.localName).sort(),
          );
        }
      }
    }
  });

  test("the edge values were all produced", () => {
    expect([...coverage.edges].sort()).toEqual([
      "int64<-2^53",
      "int64>2^53",
      "non-finite-double",
      "sub-millisecond-timestamp",
      "unicode",
      "unknown-enum",
    ]);
  });
});

test("both directions checked every message type (no vacuous pass)", () => {
  for (const tally of [oursToOfficial, officialToOurs]) {
    expect([...tally.types].sort()).toEqual(typeNames);
    expect(tally.generated).toBeGreaterThanOrEqual(apiTypes.length);
    expect(tally.recorded).toBeGreaterThanOrEqual(fixtureFiles.length);
    expect(tally.compare.messages).toBeGreaterThan(tally.generated);
  }
  expect(oursToOfficial.refusedAboveSafe).toBeGreaterThan(0);
  expect(oursToOfficial.compare.lossyInt64).toBeGreaterThan(0);
  expect(oursToOfficial.compare.truncatedTimestamps).toBeGreaterThan(0);
});

afterAll(() => {
  const line = (name: string, t: Tally) =>
    `  ${name}: ${t.types.size} message types, ${t.generated + t.recorded} samples ` +
    `(${t.generated} generated + ${t.recorded} recorded), ${t.compare.messages} messages / ` +
    `${t.compare.fields} fields compared; bytes: ${t.byteIdentical} identical, ` +
    `${t.otherByteForm} in another valid form, ${t.limitedByOfficialTypes} limited by the official types` +
    (t.refusedAboveSafe > 0
      ? `; ${t.refusedAboveSafe} refused by the official decoder (int64 > 2^53-1), checked at the wire level`
      : "") +
    (t.compare.lossyInt64 > 0 ? `; ${t.compare.lossyInt64} int64 values rounded` : "") +
    (t.compare.truncatedTimestamps > 0
      ? `; ${t.compare.truncatedTimestamps} timestamps truncated to ms`
      : "");
  console.log(
    [
      `official codec compatibility (${apiTypes.length} message types in the 22 API files):`,
      line("our bytes → official decode", oursToOfficial),
      line("official encode → our decode", officialToOurs),
    ].join("\n"),
  );
});
