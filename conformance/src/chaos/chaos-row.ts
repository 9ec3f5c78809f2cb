/**
 * One row of the chaos table (issue 8, "Fault tooling": "`npm run chaos` prints the 1,000-run
 * figures of points 1–3 as a table"), the targets it must meet, and the table itself.
 *
 * @module
 */

/** The counts a row may hold; `null` = not measured by that scenario (printed `-`). */
export const COUNT_FIELDS = [
  "lost",
  "duplicated",
  "outOfOrder",
  "doubleApplied",
  "wronglyReported",
  "errored",
  "hung",
  "goaway",
  "clientResets",
] as const;

/** A count column of {@link ChaosRow}. */
export type CountField = (typeof COUNT_FIELDS)[number];

/**
 * The result of one chaos scenario variant. Every count is a number of bad things (target 0)
 * or `null` when the scenario cannot see it; `targets` names the counts that must be 0 for the
 * row to pass.
 */
export type ChaosRow = {
  /** e.g. `listen-cut/tcp/listen`. */
  readonly scenario: string;
  /** What `runs` counts: runs, or Submit rounds (submit-exactly-once). */
  readonly unit: "runs" | "rounds";
  readonly runs: number;
  /** Counts that must be 0. */
  readonly targets: readonly CountField[];
  /** Rejections by `Code` name (e.g. `{ Canceled: 997 }`). */
  readonly errors: Readonly<Record<string, number>>;
  /** Fault and traffic figures of the proxies (cuts, lost responses, resets by code, ...). */
  readonly faults: Readonly<Record<string, number>>;
  /** A few examples of what went wrong, for the reader. */
  readonly examples: readonly string[];
  readonly durationMs: number;
} & { [K in CountField]: number | null };

/** A row being filled in by a scenario. */
export type MutableRow = { -readonly [K in keyof ChaosRow]: ChaosRow[K] } & {
  errors: Record<string, number>;
  faults: Record<string, number>;
  examples: string[];
};

/** Most examples a row keeps of each kind. */
const MAX_EXAMPLES = 3;

/**
 * A row with every measured count at 0 and the others `null`.
 *
 * @example
 * const row = newRow("reset-storm/sequential", "runs", ["errored", "goaway", "clientResets"], ["errored", "goaway", "clientResets"]);
 */
export function newRow(
  scenario: string,
  unit: ChaosRow["unit"],
  measured: readonly CountField[],
  targets: readonly CountField[],
): MutableRow {
  const row = {
    scenario,
    unit,
    runs: 0,
    targets,
    errors: {},
    faults: {},
    examples: [],
    durationMs: 0,
  } as unknown as MutableRow;
  for (const f of COUNT_FIELDS) row[f] = measured.includes(f) ? 0 : null;
  return row;
}

/** Adds `n` to a measured count. */
export function bump(row: MutableRow, field: CountField, n = 1): void {
  row[field] = (row[field] ?? 0) + n;
}

/**
 * Records one example line: the first few of each `kind` (so rare hangs are not crowded out
 * by frequent errors).
 */
export function example(row: MutableRow, line: string, kind = "other"): void {
  const tag = `[${kind}] `;
  if (row.examples.filter((e) => e.startsWith(tag)).length < MAX_EXAMPLES) {
    row.examples.push(`${tag}${line}`);
  }
}

/** The targets a row misses, as `field=count` (empty when the row passes). */
export function missedTargets(row: ChaosRow): string[] {
  return row.targets.filter((f) => (row[f] ?? 0) !== 0).map((f) => `${f}=${row[f]}`);
}

const HEADERS = [
  "scenario",
  "runs",
  "lost",
  "duplicated",
  "out-of-order",
  "double-applied",
  "wrongly reported",
  "errored",
  "hung",
  "goaway",
  "client resets",
];

/**
 * The table `npm run chaos` prints: one line per row, `-` for counts a scenario cannot see,
 * a `*` after a count that misses its target, and the errors by code below.
 *
 * @example
 * console.log(chaosTable(rows));
 */
export function chaosTable(rows: readonly ChaosRow[]): string {
  const body = rows.map((r) => [
    r.scenario,
    `${r.runs}${r.unit === "rounds" ? " rounds" : ""}`,
    ...COUNT_FIELDS.map((f) => {
      const v = r[f];
      if (v === null) return "-";
      return `${v}${v !== 0 && r.targets.includes(f) ? "*" : ""}`;
    }),
  ]);
  const all = [HEADERS, ...body];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const lines = [fmt(HEADERS), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(fmt)];
  const notes = rows
    .filter((r) => Object.keys(r.errors).length > 0)
    .map(
      (r) =>
        `${r.scenario}: errors ${Object.entries(r.errors)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}`,
    );
  if (notes.length > 0) lines.push("", ...notes);
  return lines.join("\n");
}
