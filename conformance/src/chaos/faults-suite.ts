/**
 * The `faults` suite of the conformance report (issue 8, "A `faults` suite in the conformance
 * package runs the scenarios above through the client against the emulator"): the chaos
 * scenarios with small counts, one case per row (`faults/listen-cut-tcp-listen`, …), failed
 * when a row misses a target. It runs only when asked for by name (`--suite faults`): it takes
 * tens of seconds, where the YAML suites take a few.
 *
 * @module
 */
import type { KnownFailing } from "../known-failing.js";
import type { CaseReport } from "../report.js";
import { missedTargets } from "./chaos-row.js";
import { type ChaosOptions, runChaos } from "./run-chaos.js";

/** The suite's name. */
export const FAULTS_SUITE = "faults";

/** The counts the suite uses unless given: about 50 of each, a hung run given up after 10 s. */
export const FAULTS_SUITE_COUNTS: ChaosOptions = Object.freeze({
  cutRuns: 50,
  submitRounds: 50,
  sequentialRuns: 50,
  concurrentRuns: 50,
  stormConcurrency: 25,
  seed: 8,
  runTimeoutMs: 10_000,
});

/**
 * Runs the suite and returns its case reports (known-failing patterns applied) and the
 * patterns that matched.
 *
 * @example
 * const { cases } = await runFaultsSuite({ mode: "client", knownFailing });
 */
export async function runFaultsSuite(options: {
  mode: "client" | "server";
  knownFailing: KnownFailing;
  counts?: ChaosOptions;
  onCase?: (report: CaseReport) => void;
}): Promise<{ cases: CaseReport[]; usedPatterns: string[] }> {
  const usedPatterns: string[] = [];
  if (options.mode === "server") {
    const report: CaseReport = {
      id: `${FAULTS_SUITE}/chaos`,
      suite: FAULTS_SUITE,
      name: "chaos",
      target: "server",
      outcome: "skipped",
      durationMs: 0,
      failures: [],
      note: "the faults suite drives our client against the embedded emulator (client mode)",
    };
    options.onCase?.(report);
    return { cases: [report], usedPatterns };
  }
  const cases: CaseReport[] = [];
  await runChaos({
    ...FAULTS_SUITE_COUNTS,
    ...options.counts,
    onRow: (row) => {
      const name = row.scenario.replaceAll("/", "-");
      const id = `${FAULTS_SUITE}/${name}`;
      const missed = missedTargets(row);
      const failures =
        missed.length === 0
          ? []
          : [`missed ${missed.join(", ")} of ${row.runs} ${row.unit}`, ...row.examples];
      const known = options.knownFailing.match(id);
      if (known) usedPatterns.push(known.pattern);
      const failed = failures.length > 0;
      const report: CaseReport = {
        id,
        suite: FAULTS_SUITE,
        name,
        target: "emulator",
        outcome: known ? (failed ? "known-failing" : "stale") : failed ? "failed" : "passed",
        durationMs: row.durationMs,
        failures,
        ...(known ? { note: `${options.knownFailing.file}:${known.line} ${known.pattern}` } : {}),
      };
      cases.push(report);
      options.onCase?.(report);
    },
  });
  return { cases, usedPatterns };
}
