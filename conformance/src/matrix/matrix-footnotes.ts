/**
 * The numbered footnotes of the clients report: one per cell with a reason (a failure, a
 * not-applicable case), numbered in reading order (suite, case, column), shared by the
 * Markdown and the HTML renderers so both number a cell alike.
 *
 * @module
 */
import type { ClientMatrix, MatrixCell } from "./client-matrix.js";

/** One footnote: its number, where it belongs and the reason. */
export interface MatrixFootnote {
  readonly n: number;
  readonly suite: string;
  readonly caseName: string;
  readonly columnId: string;
  /** `client @ target` of the column, as the table heads it. */
  readonly columnLabel: string;
  readonly cell: MatrixCell;
  readonly reason: string;
}

/** The key of a cell in {@link matrixFootnotes}'s map. */
export function cellKey(suite: string, caseName: string, columnId: string): string {
  return JSON.stringify([suite, caseName, columnId]);
}

/**
 * Every cell that carries a reason, numbered from 1; a fail or n/a cell without one gets
 * "no reason given" so that the report never hides why.
 *
 * @example
 * const { list, byCell } = matrixFootnotes(matrix);
 * byCell.get(cellKey("submit", "happy-path", "python@emulator"))?.n; // 3
 */
export function matrixFootnotes(matrix: ClientMatrix): {
  list: MatrixFootnote[];
  byCell: Map<string, MatrixFootnote>;
} {
  const list: MatrixFootnote[] = [];
  const byCell = new Map<string, MatrixFootnote>();
  for (const suite of matrix.suites) {
    for (const c of suite.cases) {
      for (const column of matrix.columns) {
        const cell = c.cells[column.id];
        if (!cell || (cell.verdict === "pass" && cell.reason === undefined)) continue;
        const note: MatrixFootnote = {
          n: list.length + 1,
          suite: suite.suite,
          caseName: c.name,
          columnId: column.id,
          columnLabel: `${column.client} @ ${column.target}`,
          cell,
          reason: cell.reason ?? "no reason given",
        };
        list.push(note);
        byCell.set(cellKey(suite.suite, c.name, column.id), note);
      }
    }
  }
  return { list, byCell };
}

/** The short label of a cell: `pass`, `fail`, `known` (a listed failure), `n/a`. */
export function verdictLabel(cell: MatrixCell | undefined): string {
  if (!cell) return "—";
  if (cell.verdict === "pass") return "pass";
  if (cell.verdict === "not-applicable") return "n/a";
  return cell.knownFailing ? "known" : "fail";
}
