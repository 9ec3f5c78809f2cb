/**
 * Runs every chaos scenario of issue 8 ("Fault tooling") with the given counts and returns
 * the rows of the table: `listen-cut` (point 1), `submit-exactly-once` (point 2) and
 * `reset-storm` (point 3). Each scenario group gets a fresh emulator.
 *
 * @module
 */
import { type ChaosEnv, startChaosEnv } from "./chaos-env.js";
import { type ChaosRow, missedTargets } from "./chaos-row.js";
import { listenCut } from "./listen-cut.js";
import { resetStorm } from "./reset-storm.js";
import { submitExactlyOnce } from "./submit-exactly-once.js";

/** The scenario groups. */
export const CHAOS_SCENARIOS = ["listen-cut", "submit-exactly-once", "reset-storm"] as const;
/** A scenario group name. */
export type ChaosScenario = (typeof CHAOS_SCENARIOS)[number];

/** Options of {@link runChaos}; the defaults are the full figures. */
export interface ChaosOptions {
  /** Runs of each listen-cut variant (default 1000). */
  readonly cutRuns?: number;
  /** Submit rounds of each submit-exactly-once driver (default 1000). */
  readonly submitRounds?: number;
  /** Rounds per run in submit-exactly-once (default 4). */
  readonly roundsPerRun?: number;
  /** Sequential runs of reset-storm (default 5000). */
  readonly sequentialRuns?: number;
  /** Concurrent runs of reset-storm (default 2000). */
  readonly concurrentRuns?: number;
  /** Runs at once in listen-cut and submit-exactly-once (default 16). */
  readonly concurrency?: number;
  /** Runs at once in reset-storm/concurrent (default 50). */
  readonly stormConcurrency?: number;
  /** Seed of every fault (default 1). */
  readonly seed?: number;
  /** Bound of each run; past it the run counts as hung (default 30000). */
  readonly runTimeoutMs?: number;
  /** Only these scenario groups (default all). */
  readonly only?: readonly ChaosScenario[];
  /** Called as each row is done. */
  readonly onRow?: (row: ChaosRow) => void;
}

/** The chaos report (also written as JSON by `npm run chaos`). */
export interface ChaosReport {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly options: Omit<ChaosOptions, "onRow">;
  readonly rows: readonly ChaosRow[];
  /** Missed targets, as `scenario: field=count`. */
  readonly missed: readonly string[];
  /** True when every row met its targets. */
  readonly ok: boolean;
}

async function withEnv<T>(body: (env: ChaosEnv) => Promise<T>): Promise<T> {
  const env = await startChaosEnv();
  try {
    return await body(env);
  } finally {
    await env.close();
  }
}

/**
 * Runs the selected scenarios in order and reports.
 *
 * @example
 * const report = await runChaos({ cutRuns: 50, submitRounds: 50, sequentialRuns: 50, concurrentRuns: 50 });
 * console.log(chaosTable(report.rows), report.ok);
 */
export async function runChaos(options: ChaosOptions = {}): Promise<ChaosReport> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const only = new Set(options.only ?? CHAOS_SCENARIOS);
  const seed = options.seed ?? 1;
  const concurrency = options.concurrency ?? 16;
  const runTimeoutMs = options.runTimeoutMs ?? 30_000;
  const rows: ChaosRow[] = [];
  const add = (row: ChaosRow) => {
    rows.push(row);
    options.onRow?.(row);
  };
  if (only.has("listen-cut")) {
    await withEnv(async (env) => {
      for (const via of ["tcp", "http2"] as const) {
        for (const consume of ["listen", "wait"] as const) {
          add(
            await listenCut({
              env,
              runs: options.cutRuns ?? 1000,
              via,
              consume,
              seed,
              concurrency,
              runTimeoutMs,
            }),
          );
        }
      }
    });
  }
  if (only.has("submit-exactly-once")) {
    await withEnv(async (env) => {
      for (const driver of ["handleToolCalls", "manual"] as const) {
        add(
          await submitExactlyOnce({
            env,
            rounds: options.submitRounds ?? 1000,
            ...(options.roundsPerRun !== undefined ? { roundsPerRun: options.roundsPerRun } : {}),
            driver,
            seed,
            concurrency,
            runTimeoutMs,
          }),
        );
      }
    });
  }
  if (only.has("reset-storm")) {
    await withEnv(async (env) => {
      add(
        await resetStorm({
          env,
          runs: options.sequentialRuns ?? 5000,
          concurrency: 1,
          runTimeoutMs,
        }),
      );
    });
    await withEnv(async (env) => {
      add(
        await resetStorm({
          env,
          runs: options.concurrentRuns ?? 2000,
          concurrency: options.stormConcurrency ?? 50,
          runTimeoutMs,
        }),
      );
    });
  }
  const missed = rows.flatMap((r) => missedTargets(r).map((m) => `${r.scenario}: ${m}`));
  const { onRow: _, ...recorded } = options;
  return {
    startedAt,
    durationMs: performance.now() - started,
    options: recorded,
    rows,
    missed,
    ok: missed.length === 0,
  };
}
