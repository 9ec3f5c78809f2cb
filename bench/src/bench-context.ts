import type { AssistantsClient } from "@yc-assistants/client";
import type { EmulatorProcess } from "./emulator-process.js";
import type { OfficialSdk } from "./official-sdk.js";
import type { SetupClient } from "./setup-client.js";

/**
 * The fixed counts of one bench run (issue 10: "fixed counts"). `FULL` is
 * `npm run bench`; `SMOKE` is the end-to-end test's tiny run, whose figures
 * mean nothing.
 */
export interface BenchConfig {
  /** Measured repetitions of every row (at least 5 for the report). */
  reps: number;
  /**
   * Repetitions of the small-events Listen row, which reads in a fraction of a
   * second and so needs more pairs for a stable ratio on a busy machine.
   */
  listenSmallReps: number;
  /** Discarded warm-up repetitions before them. */
  warmups: number;
  seed: number;
  smallEvents: number;
  cumulativeEvents: number;
  cumulativeBytes: number;
  /** Runs per contender and repetition of the wait-latency row. */
  waitSamples: number;
  /** Get calls per contender and repetition. */
  unaryCalls: number;
  /** Concurrent streamed runs per batch. */
  concurrentRuns: number;
  /** Pairs of fresh processes of the cold-start row (after one warm-up pair). */
  coldPairs: number;
}

/** The counts of `npm run bench`. */
export const FULL: BenchConfig = {
  reps: 5,
  listenSmallReps: 15,
  warmups: 1,
  seed: 1,
  smallEvents: 10_000,
  cumulativeEvents: 5_000,
  cumulativeBytes: 10_240,
  waitSamples: 40,
  unaryCalls: 400,
  concurrentRuns: 1_000,
  coldPairs: 12,
};

/** The counts of the smoke test (`--smoke`): every row once, in seconds. */
export const SMOKE: BenchConfig = {
  reps: 1,
  listenSmallReps: 1,
  warmups: 0,
  seed: 1,
  smallEvents: 50,
  cumulativeEvents: 20,
  cumulativeBytes: 2_000,
  waitSamples: 2,
  unaryCalls: 5,
  concurrentRuns: 5,
  coldPairs: 1,
};

/** What every row gets: the emulator child and the three contenders. */
export interface BenchContext {
  config: BenchConfig;
  apiKey: string;
  emulator: EmulatorProcess;
  /** Raw Connect on our types (set-up, and the "raw Connect" contender). */
  raw: SetupClient;
  ours: AssistantsClient;
  official: OfficialSdk;
  assistantId: string;
  /** Progress lines (stderr). */
  log(line: string): void;
}
