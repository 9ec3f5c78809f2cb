/**
 * ClientMatrix: the verdicts of every case for every client (and server) under test, the
 * data behind `yc-assistants-conformance clients` and its reports (issue 11, "Running and
 * reporting"). Rows are cases grouped by suite, columns are client × target pairs.
 *
 * @module
 */

/** A cell's verdict. A case a client cannot express is `not-applicable`, never `pass`. */
export type MatrixVerdict = "pass" | "fail" | "not-applicable";

/** One cell: the verdict of one case for one column, with the reason for fail / n/a. */
export interface MatrixCell {
  readonly verdict: MatrixVerdict;
  /** Why it failed or is not applicable (the first mismatch, the unsupported field, …). */
  readonly reason?: string;
  /** True when the failure is listed in the column's known-failing file. */
  readonly knownFailing?: boolean;
}

/** One column: a client against a target (the embedded emulator, the replay server, a URL). */
export interface MatrixColumn {
  /** Stable key of {@link MatrixCase.cells}, e.g. `node-ours@emulator`. */
  readonly id: string;
  /** The client's name, e.g. `node-ours (in process)`. */
  readonly client: string;
  /** The target's name, e.g. `emulator`, `replay`, or the server URL. */
  readonly target: string;
}

/** One row: a case and its cells by column id (a missing cell = the case did not run there). */
export interface MatrixCase {
  readonly name: string;
  readonly cells: Readonly<Record<string, MatrixCell>>;
}

/** A suite (one YAML file of `cases/`) and its cases, in file order. */
export interface MatrixSuite {
  readonly suite: string;
  readonly cases: readonly MatrixCase[];
}

/** The whole matrix, as written to `reports/clients.json`. */
export interface ClientMatrix {
  /** ISO 8601 time of the run. */
  readonly generatedAt: string;
  readonly columns: readonly MatrixColumn[];
  readonly suites: readonly MatrixSuite[];
}
