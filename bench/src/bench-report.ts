import type { BenchConfig } from "./bench-context.js";
import type { BenchRow } from "./bench-row.js";

/**
 * What `npm run bench` writes to `bench/reports/bench.json` (issue 10: "prints
 * one table … and writes it as JSON"); the README's table is regenerated from
 * it (`npm run bench:readme`), never edited by hand.
 */
export interface BenchReport {
  /** ISO time the run finished. */
  date: string;
  node: string;
  cores: number;
  cpu: string;
  platform: string;
  config: BenchConfig;
  /** Extra `startEmulator` options of the run (`--emulator-options`). */
  emulatorOptions: Record<string, unknown>;
  durationSeconds: number;
  rows: BenchRow[];
}

/** A figure in the row's unit: events/s as integers, ms and MB with 2–3 significant decimals. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return "n/a";
  if (unit === "events/s") return Math.round(value).toLocaleString("en");
  if (unit === "MB") return `${value.toFixed(2)} MB`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
  return `${value.toFixed(digits)} ${unit}`;
}

/**
 * The table (Markdown, readable as text too): path, ours, official, ratio,
 * target, holds?. Rows measured against raw Connect say so in the official
 * column.
 *
 * @example
 * console.log(formatTable(report.rows));
 */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = [
    "| path | ours | official | ratio ours/official (median of pairs) | target | holds? |",
    "|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const peer = formatValue(row.official, row.unit);
    lines.push(
      `| ${row.path} | ${formatValue(row.ours, row.unit)} | ${
        row.peer === "raw Connect" ? `raw Connect ${peer}` : peer
      } | ${row.ratio.toFixed(2)}x | ${row.target} | ${row.holds ? "yes" : "no"} |`,
    );
  }
  return lines.join("\n");
}

/** One line saying where and when: date, Node version, cores. */
export function formatMachine(report: BenchReport): string {
  return (
    `${report.date.slice(0, 10)}, Node ${report.node}, ${report.cores} cores (${report.cpu}), ` +
    `${report.config.reps} repetitions (small-event Listen: ${report.config.listenSmallReps}) ` +
    `after ${report.config.warmups} warm-up, medians`
  );
}

/** The secondary figures of every row (raw Connect, CPU per event, module counts…), as lines. */
export function formatNotes(rows: readonly BenchRow[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    const notes = Object.entries(row.notes).map(
      ([key, value]) =>
        `${key} ${typeof value === "number" ? Number(value.toPrecision(4)).toLocaleString("en") : value}`,
    );
    if (notes.length > 0) lines.push(`- ${row.id}: ${notes.join("; ")}`);
  }
  return lines.join("\n");
}
