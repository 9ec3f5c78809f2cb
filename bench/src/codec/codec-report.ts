/**
 * The codec report (issue 10, "Codec speed"): protobuf-es (ours) against ts-proto (the
 * official SDK's generated code) on the recorded messages, all together and per message
 * type; the field probes; the effect of `readUnknownFields: false` / `writeUnknownFields:
 * false`; and the precision checks. Speeds are ours as a multiple of the peer's (1.25x =
 * ours 25% faster; 0.5x = half as fast).
 *
 * @module
 */
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  type BatchOp,
  type PairTiming,
  type TimingOptions,
  timePair,
  warmUp,
} from "./codec-timing.js";
import { fieldProbes } from "./field-probes.js";
import { type PrecisionResult, precisionChecks } from "./precision-check.js";
import { type CodecSample, loadRecordedSamples } from "./recorded-samples.js";

/** One line: what was measured, how many messages, decode and encode. */
export interface CodecLine {
  readonly name: string;
  readonly messages: number;
  /** Mean wire size of the messages, bytes. */
  readonly bytes: number;
  readonly decode: PairTiming;
  readonly encode: PairTiming;
}

/** Everything the script measured. */
export interface CodecReport {
  readonly node: string;
  readonly reps: number;
  readonly targetMs: number;
  /** All recorded messages, as one batch. */
  readonly total: CodecLine;
  /** One line per recorded message type, most messages first. */
  readonly perType: CodecLine[];
  readonly probes: CodecLine[];
  /**
   * protobuf-es options against protobuf-es defaults (`peer` = default options): decode
   * with `readUnknownFields: false`, encode with `writeUnknownFields: false`; on the
   * recorded batch (no unknown fields) and on the unknown-fields probe.
   */
  readonly options: CodecLine[];
  readonly precision: PrecisionResult[];
}

const NO_UNKNOWN_READ = { readUnknownFields: false } as const;
const NO_UNKNOWN_WRITE = { writeUnknownFields: false } as const;

const decodeOurs =
  (batch: CodecSample[], options?: typeof NO_UNKNOWN_READ): BatchOp =>
  () => {
    for (const s of batch) fromBinary(s.schema, s.bytes, options);
    return batch.length;
  };
const decodeTheirs =
  (batch: CodecSample[]): BatchOp =>
  () => {
    for (const s of batch) s.official.decode(s.bytes);
    return batch.length;
  };
const encodeOurs =
  (batch: CodecSample[], options?: typeof NO_UNKNOWN_WRITE): BatchOp =>
  () => {
    for (const s of batch) toBinary(s.schema, s.ours, options);
    return batch.length;
  };
const encodeTheirs =
  (batch: CodecSample[]): BatchOp =>
  () => {
    for (const s of batch) s.official.encode(s.theirs).finish();
    return batch.length;
  };

function meanBytes(batch: CodecSample[]): number {
  return Math.round(batch.reduce((n, s) => n + s.bytes.length, 0) / batch.length);
}

function line(name: string, batch: CodecSample[], timing: TimingOptions): CodecLine {
  return {
    name,
    messages: batch.length,
    bytes: meanBytes(batch),
    decode: timePair(decodeOurs(batch), decodeTheirs(batch), timing),
    encode: timePair(encodeOurs(batch), encodeTheirs(batch), timing),
  };
}

function optionsLine(name: string, batch: CodecSample[], timing: TimingOptions): CodecLine {
  return {
    name,
    messages: batch.length,
    bytes: meanBytes(batch),
    decode: timePair(decodeOurs(batch, NO_UNKNOWN_READ), decodeOurs(batch), timing),
    encode: timePair(encodeOurs(batch, NO_UNKNOWN_WRITE), encodeOurs(batch), timing),
  };
}

/**
 * Measures everything. `maxTypes` bounds the per-type lines (the smoke test's tiny run).
 *
 * @example
 * const report = runCodecReport({ reps: 7, targetMs: 25 });
 */
export function runCodecReport(timing: TimingOptions, maxTypes = Number.POSITIVE_INFINITY) {
  const samples = loadRecordedSamples();
  const byType = new Map<string, CodecSample[]>();
  for (const s of samples) byType.set(s.typeName, [...(byType.get(s.typeName) ?? []), s]);
  const types = [...byType].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const probes = fieldProbes();
  const unknownProbe = probes.find((p) => p.name.includes("unknown"));
  // Both codecs' generic paths reach their optimised tier before the first timed loop.
  for (const op of [decodeOurs, decodeTheirs, encodeOurs, encodeTheirs]) {
    warmUp(op(samples), timing.targetMs * 10);
  }
  const report: CodecReport = {
    node: process.version,
    reps: timing.reps,
    targetMs: timing.targetMs,
    total: line("all recorded messages", samples, timing),
    perType: types
      .slice(0, maxTypes)
      .map(([typeName, batch]) => line(typeName.split(".").pop() ?? typeName, batch, timing)),
    probes: probes.map((p) => line(p.name, [p.sample], timing)),
    options: [
      optionsLine("all recorded messages", samples, timing),
      ...(unknownProbe ? [optionsLine(unknownProbe.name, [unknownProbe.sample], timing)] : []),
    ],
    precision: precisionChecks(),
  };
  return report;
}

const x = (speed: number) => `${speed.toFixed(2)}x`;
const ns = (value: number) =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} µs` : `${value.toFixed(0)} ns`;

function table(lines: CodecLine[], peer: string): string {
  const head = `| message | n | bytes | decode ours | decode ${peer} | decode speed | encode ours | encode ${peer} | encode speed |\n|---|---|---|---|---|---|---|---|---|\n`;
  return (
    head +
    lines
      .map(
        (l) =>
          `| ${l.name} | ${l.messages} | ${l.bytes} | ${ns(l.decode.oursNs)} | ${ns(l.decode.peerNs)} | ${x(l.decode.speed)} | ${ns(l.encode.oursNs)} | ${ns(l.encode.peerNs)} | ${x(l.encode.speed)} |`,
      )
      .join("\n")
  );
}

/** The report as markdown tables (what the script prints). */
export function formatCodecReport(r: CodecReport): string {
  const precision = r.precision
    .map(
      (p) =>
        `| ${p.field} | ${p.sent} | ${p.oursRead} → ${p.oursRoundTrip} | ${p.officialRead} → ${p.officialRoundTrip} | ${p.oursExact ? "yes" : "NO"} | ${p.officialExact ? "yes" : "no"} |`,
    )
    .join("\n");
  return [
    `Codec report: ${r.node}, medians of ${r.reps} interleaved repetitions (loops of ~${r.targetMs} ms of CPU); CPU time per message; speed = ours as a multiple of the peer (> 1: ours faster).`,
    "",
    "Recorded messages (protobuf-es vs ts-proto):",
    "",
    table([r.total, ...r.perType], "ts-proto"),
    "",
    "Field probes (protobuf-es vs ts-proto):",
    "",
    table(r.probes, "ts-proto"),
    "",
    "protobuf-es options (readUnknownFields: false on decode, writeUnknownFields: false on encode) vs protobuf-es defaults:",
    "",
    table(r.options, "default"),
    "",
    "Precision (decoded, then re-encoded and read back by protobuf-es):",
    "",
    "| field | sent | ours: read → round trip | ts-proto: read → round trip | ours exact | ts-proto exact |\n|---|---|---|---|---|---|",
    precision,
  ].join("\n");
}
