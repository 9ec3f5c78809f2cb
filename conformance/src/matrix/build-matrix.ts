/**
 * Builds the ClientMatrix of `yc-assistants-conformance clients` from the run report of each
 * column (issue 11, "Running and reporting"): cases grouped by suite in file order, one cell
 * per column, n/a with its reason, known failures marked.
 */
import type { CaseReport, RunReport } from "../report.js";
import type {
  ClientMatrix,
  MatrixCase,
  MatrixCell,
  MatrixColumn,
  MatrixSuite,
} from "./client-matrix.js";

/** One column's run. */
export interface ColumnRun {
  readonly column: MatrixColumn;
  readonly report: RunReport;
}

/** The cell of one case report. */
export function cellOf(c: CaseReport): MatrixCell {
  switch (c.outcome) {
    case "passed":
      return { verdict: "pass" };
    case "failed":
      return { verdict: "fail", reason: c.failures[0] ?? "failed" };
    case "known-failing":
      // The footnote gives the cause written in the known-failing file, then what failed.
      return {
        verdict: "fail",
        reason: c.cause
          ? `${c.cause} (failure: ${c.failures[0] ?? "failed"})`
          : (c.failures[0] ?? "failed"),
        knownFailing: true,
      };
    case "stale":
      return {
        verdict: "pass",
        reason: `listed as known-failing (${c.note ?? "?"}${c.cause ? `: ${c.cause}` : ""}) but passed: the list is stale`,
        knownFailing: true,
      };
    case "skipped":
      return { verdict: "not-applicable", reason: c.note ?? "skipped" };
  }
}

/**
 * The matrix of the runs, rows in the order cases first appear.
 *
 * @example
 * const matrix = buildMatrix([{ column: { id: "node-ours@embedded", client: "node-ours", target: "embedded" }, report }]);
 */
export function buildMatrix(runs: readonly ColumnRun[], now: Date = new Date()): ClientMatrix {
  const suites = new Map<string, Map<string, Record<string, MatrixCell>>>();
  for (const { column, report } of runs) {
    for (const c of report.cases) {
      let cases = suites.get(c.suite);
      if (!cases) {
        cases = new Map();
        suites.set(c.suite, cases);
      }
      let cells = cases.get(c.name);
      if (!cells) {
        cells = {};
        cases.set(c.name, cells);
      }
      cells[column.id] = cellOf(c);
    }
  }
  const out: MatrixSuite[] = [...suites].map(([suite, cases]) => ({
    suite,
    cases: [...cases].map(([name, cells]): MatrixCase => ({ name, cells })),
  }));
  return { generatedAt: now.toISOString(), columns: runs.map((r) => r.column), suites: out };
}
