/**
 * The totals row of the clients report (issue 11, "Running and reporting": "a totals row per
 * client"): per column, how many cases passed, failed, failed as listed in the column's
 * known-failing file, were not applicable, or did not run there.
 *
 * @module
 */
import type { ClientMatrix, MatrixColumn } from "./client-matrix.js";

/** The counts of one column. */
export interface ColumnTotals {
  readonly column: MatrixColumn;
  readonly pass: number;
  /** Failures not listed as known failing: these fail the run. */
  readonly fail: number;
  /** Failures listed in the column's known-failing file. */
  readonly knownFailing: number;
  readonly notApplicable: number;
  /** Cases without a cell in this column. */
  readonly notRun: number;
}

/**
 * The totals of every column, in column order.
 *
 * @example
 * for (const t of matrixTotals(matrix)) console.log(t.column.id, t.pass, t.fail);
 */
export function matrixTotals(matrix: ClientMatrix): ColumnTotals[] {
  return matrix.columns.map((column) => {
    const t = { column, pass: 0, fail: 0, knownFailing: 0, notApplicable: 0, notRun: 0 };
    for (const suite of matrix.suites) {
      for (const c of suite.cases) {
        const cell = c.cells[column.id];
        if (!cell) t.notRun++;
        else if (cell.verdict === "pass") t.pass++;
        else if (cell.verdict === "not-applicable") t.notApplicable++;
        else if (cell.knownFailing) t.knownFailing++;
        else t.fail++;
      }
    }
    return t;
  });
}

/** One line of a column's totals: `12 pass, 1 fail, 2 known, 3 n/a` (zero counts left out). */
export function totalsText(t: ColumnTotals): string {
  const parts = [`${t.pass} pass`];
  if (t.fail > 0) parts.push(`${t.fail} fail`);
  if (t.knownFailing > 0) parts.push(`${t.knownFailing} known`);
  if (t.notApplicable > 0) parts.push(`${t.notApplicable} n/a`);
  if (t.notRun > 0) parts.push(`${t.notRun} not run`);
  return parts.join(", ");
}
