import { cpus } from "node:os";
import { AssistantsClient } from "@yc-assistants/client";
import type { BenchConfig, BenchContext } from "./bench-context.js";
import type { BenchReport } from "./bench-report.js";
import type { BenchRow } from "./bench-row.js";
import { EmulatorProcess } from "./emulator-process.js";
import { OfficialSdk } from "./official-sdk.js";
import { measureColdStart } from "./rows/cold-start.js";
import { measureConcurrentRuns } from "./rows/concurrent-runs.js";
import { measureInstallFootprint } from "./rows/install-footprint.js";
import { measureListenThroughput } from "./rows/listen-throughput.js";
import { measureUnaryGet } from "./rows/unary-get.js";
import { measureWaitLatency } from "./rows/wait-latency.js";
import { BENCH_FOLDER, SetupClient } from "./setup-client.js";

const API_KEY = "bench-api-key";

/** The rows in the order of issue 10's table; `--only` picks some by id prefix. */
export const ROW_IDS = ["listen", "wait", "unary", "concurrent", "cold", "footprint"] as const;

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  config: BenchConfig;
  /** Merged into the emulator child's `startEmulator` options. */
  emulatorOptions?: Record<string, unknown>;
  /** Row groups to run (default all {@link ROW_IDS}). */
  only?: readonly string[];
  log?: (line: string) => void;
}

/**
 * Runs the side-by-side suite of issue 10: starts the emulator child, builds
 * the three contenders (ours, raw Connect on our types, the official SDK) on
 * it, measures every row, stops the child (also when a row fails) and
 * returns the report.
 *
 * @example
 * const report = await runBench({ config: FULL });
 * console.log(formatTable(report.rows));
 */
export async function runBench(options: RunBenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const only = options.only ?? ROW_IDS;
  const emulatorOptions = options.emulatorOptions ?? {};
  const emulator = await EmulatorProcess.start({
    apiKey: API_KEY,
    seed: options.config.seed,
    emulatorOptions,
  });
  const official = new OfficialSdk(new URL(emulator.url).host, API_KEY);
  try {
    const raw = new SetupClient(emulator.url, API_KEY);
    const ctx: BenchContext = {
      config: options.config,
      apiKey: API_KEY,
      emulator,
      raw,
      ours: new AssistantsClient({
        endpoint: emulator.url,
        folderId: BENCH_FOLDER,
        auth: { apiKey: API_KEY },
      }),
      official,
      assistantId: await raw.assistant(),
      log,
    };
    const groups: Record<(typeof ROW_IDS)[number], () => Promise<BenchRow[]> | BenchRow[]> = {
      listen: () => measureListenThroughput(ctx),
      wait: () => measureWaitLatency(ctx),
      unary: () => measureUnaryGet(ctx),
      concurrent: () => measureConcurrentRuns(ctx),
      cold: () => measureColdStart(ctx),
      footprint: () => measureInstallFootprint(),
    };
    const rows: BenchRow[] = [];
    for (const id of ROW_IDS) {
      if (only.some((prefix) => id.startsWith(prefix))) rows.push(...(await groups[id]()));
    }
    const cpu = cpus();
    return {
      date: new Date().toISOString(),
      node: process.version,
      cores: cpu.length,
      cpu: cpu[0]?.model.trim() ?? "unknown",
      platform: `${process.platform}-${process.arch}`,
      config: options.config,
      emulatorOptions,
      durationSeconds: Math.round((performance.now() - started) / 100) / 10,
      rows,
    };
  } finally {
    official.close();
    await emulator.close();
  }
}
