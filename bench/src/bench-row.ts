import { median } from "./stats.js";

/**
 * One line of the bench table (issue 10: "path, ours, official, ratio,
 * target, holds?"). `ratio` is always ours / peer of the row's unit (events/s:
 * higher is better; ms, bytes: lower is better), as the median of the
 * per-repetition pair ratios (each pair measured back to back).
 */
export interface BenchRow {
  /** Stable key, e.g. `listen-small`. */
  id: string;
  /** What is measured, e.g. "Listen, 10,000 small events: events/s". */
  path: string;
  unit: string;
  /** Median over repetitions. */
  ours: number;
  /** The peer's median: the official SDK, or raw Connect when `peer` says so. */
  official: number;
  peer: "official SDK" | "raw Connect";
  ratio: number;
  /** The target, e.g. ">= 1.0x" or "p50 <= 0.5 ms". */
  target: string;
  holds: boolean;
  /** Per-repetition values. */
  samples: { ours: number[]; official: number[]; ratios: number[] };
  /** Secondary figures (raw Connect, CPU per event, module counts, …). */
  notes: Record<string, number | string>;
}

/** What a row needs to be built from its measurements. */
export interface RowSpec {
  id: string;
  path: string;
  unit: string;
  peer?: BenchRow["peer"];
  target: string;
  /** Whether the target holds, given the row's medians and ratio. */
  holds(row: { ours: number; official: number; ratio: number }): boolean;
}

/**
 * Builds a row from per-repetition pairs `ours[i]` / `official[i]`.
 *
 * @example
 * makeRow(spec, [10, 12], [11, 11], { rawConnect: 11.5 });
 */
export function makeRow(
  spec: RowSpec,
  ours: number[],
  official: number[],
  notes: Record<string, number | string> = {},
): BenchRow {
  const ratios = ours.map((value, i) => value / (official[i] as number));
  const row = {
    ours: median(ours),
    official: median(official),
    ratio: median(ratios),
  };
  return {
    id: spec.id,
    path: spec.path,
    unit: spec.unit,
    ...row,
    peer: spec.peer ?? "official SDK",
    target: spec.target,
    holds: spec.holds(row),
    samples: { ours, official, ratios },
    notes,
  };
}
