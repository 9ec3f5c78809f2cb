/**
 * Whether each codec carries an int64 above 2^53 and a Timestamp's nanoseconds through a
 * decode and re-encode (issue 10, "Codec speed": "ts-proto loses int64 and timestamp
 * precision; ours must not"). The bytes are written by protobuf-es from our schemas; each
 * codec decodes them, encodes its decoded value again, and protobuf-es reads the result.
 *
 * @module
 */
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { ContentUsageSchema } from "@yc-assistants/types/runs";
import { ThreadSchema } from "@yc-assistants/types/threads";
import { officialCodec } from "./recorded-samples.js";

/** One value through both codecs. */
export interface PrecisionResult {
  /** The field, e.g. `ContentUsage.total_tokens (int64)`. */
  readonly field: string;
  /** What was sent, as text. */
  readonly sent: string;
  /** What each side's decoded value is, as text (ts-proto: its JS value). */
  readonly oursRead: string;
  readonly officialRead: string;
  /** What comes back after each side re-encodes its decoded value. */
  readonly oursRoundTrip: string;
  readonly officialRoundTrip: string;
  readonly oursExact: boolean;
  readonly officialExact: boolean;
}

/** 2^53 + 1: the first integer a JS number cannot hold. */
export const ABOVE_2_53 = 9_007_199_254_740_993n;

function int64Check(): PrecisionResult {
  const sent = create(ContentUsageSchema, { totalTokens: ABOVE_2_53 });
  const bytes = toBinary(ContentUsageSchema, sent);
  const official = officialCodec(ContentUsageSchema);
  const ours = fromBinary(ContentUsageSchema, bytes);
  const back = (b: Uint8Array) => String(fromBinary(ContentUsageSchema, b).totalTokens);
  const oursRoundTrip = back(toBinary(ContentUsageSchema, ours));
  // ts-proto's longToNumber throws on a value above Number.MAX_SAFE_INTEGER: the whole
  // message is then unreadable, not just the field.
  let officialRead: string;
  let officialRoundTrip = "-";
  let officialExact = false;
  try {
    const theirs = official.decode(bytes) as { totalTokens: unknown };
    officialRead = `${String(theirs.totalTokens)} (${typeof theirs.totalTokens})`;
    officialRoundTrip = back(official.encode(theirs).finish());
    officialExact =
      String(theirs.totalTokens) === String(ABOVE_2_53) && officialRoundTrip === String(ABOVE_2_53);
  } catch (error) {
    officialRead = `throws "${(error as Error).message}"`;
  }
  return {
    field: "ContentUsage.total_tokens (int64)",
    sent: String(ABOVE_2_53),
    oursRead: `${String(ours.totalTokens)} (${typeof ours.totalTokens})`,
    officialRead,
    oursRoundTrip,
    officialRoundTrip,
    oursExact: ours.totalTokens === ABOVE_2_53 && oursRoundTrip === String(ABOVE_2_53),
    officialExact,
  };
}

function timestampCheck(): PrecisionResult {
  const seconds = 1_733_000_000n;
  const nanos = 123_456_789;
  const sent = create(ThreadSchema, { createdAt: { seconds, nanos } });
  const bytes = toBinary(ThreadSchema, sent);
  const official = officialCodec(ThreadSchema);
  const ours = fromBinary(ThreadSchema, bytes);
  const theirs = official.decode(bytes) as { createdAt?: unknown };
  const text = (t: { seconds: bigint; nanos: number } | undefined) =>
    t === undefined ? "absent" : `${t.seconds}s ${t.nanos}ns`;
  const back = (b: Uint8Array) => text(fromBinary(ThreadSchema, b).createdAt);
  const expected = text({ seconds, nanos });
  const oursRoundTrip = back(toBinary(ThreadSchema, ours));
  const officialRoundTrip = back(official.encode(theirs).finish());
  const officialValue = theirs.createdAt;
  return {
    field: "Thread.created_at (Timestamp)",
    sent: expected,
    oursRead: text(ours.createdAt),
    officialRead:
      officialValue instanceof Date
        ? `${officialValue.toISOString()} (Date)`
        : String(officialValue),
    oursRoundTrip,
    officialRoundTrip,
    oursExact: text(ours.createdAt) === expected && oursRoundTrip === expected,
    officialExact: officialRoundTrip === expected,
  };
}

/** Both checks. */
export function precisionChecks(): PrecisionResult[] {
  return [int64Check(), timestampCheck()];
}
