#!/usr/bin/env node
/**
 * `npm run chaos`: runs the chaos scenarios of issue 8 (listen-cut, submit-exactly-once,
 * reset-storm) with the full figures, prints ONE table and writes it as JSON.
 * Exit codes: 0 when every target holds, 1 when one is missed, 2 for bad arguments.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { writeReportFile } from "../report.js";
import { runAsCommand } from "../run-as-command.js";
import { DEFAULT_REPORTS_DIR } from "../run-conformance.js";
import { chaosTable } from "./chaos-row.js";
import { CHAOS_SCENARIOS, type ChaosOptions, type ChaosScenario, runChaos } from "./run-chaos.js";

const USAGE = `Usage: npm run chaos -- [options]

Runs the client (@yc-assistants/client) against the emulator through fault proxies and prints
one table of what went wrong (every count's target is 0).

Options:
  --cut-runs N            runs of each listen-cut variant (default 1000)
  --submit-rounds N       Submit rounds of each submit-exactly-once driver (default 1000)
  --rounds-per-run N      tool rounds per run in submit-exactly-once (default 4)
  --sequential-runs N     reset-storm runs one after another (default 5000)
  --concurrent-runs N     reset-storm runs at once on one client (default 2000)
  --concurrency N         runs at once in listen-cut and submit-exactly-once (default 16)
  --storm-concurrency N   runs at once in reset-storm/concurrent (default 50)
  --runs N                shorthand: every count above set to N
  --seed N                seed of every fault (default 1)
  --run-timeout-ms N      a run without a result after this long counts as hung (default 30000)
  --only LIST             only these scenarios (comma-separated: ${CHAOS_SCENARIOS.join(", ")})
  --json FILE             the JSON report (default reports/chaos.json)
  --quiet                 no line per finished row
  -h, --help              this help
`;

/** A command-line problem: exit code 2. */
class UsageError extends Error {}

function count(value: string | undefined, name: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer >= ${min}`);
  return n;
}

/**
 * Runs the chaos CLI with `argv` (without node and script) and returns the exit code.
 *
 * @example
 * process.exitCode = await main(["--runs", "50"]);
 */
export async function main(
  argv: readonly string[],
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
  },
): Promise<number> {
  let options: ChaosOptions;
  let json: string;
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        "cut-runs": { type: "string" },
        "submit-rounds": { type: "string" },
        "rounds-per-run": { type: "string" },
        "sequential-runs": { type: "string" },
        "concurrent-runs": { type: "string" },
        concurrency: { type: "string" },
        "storm-concurrency": { type: "string" },
        runs: { type: "string" },
        seed: { type: "string" },
        "run-timeout-ms": { type: "string" },
        only: { type: "string" },
        json: { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const all = count(values.runs, "runs");
    const only = values.only
      ?.split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    for (const s of only ?? []) {
      if (!(CHAOS_SCENARIOS as readonly string[]).includes(s)) {
        throw new UsageError(`--only: unknown scenario "${s}" (${CHAOS_SCENARIOS.join(", ")})`);
      }
    }
    const pick = (v: string | undefined, name: string) => count(v, name) ?? all;
    const entries: [keyof ChaosOptions, number | undefined][] = [
      ["cutRuns", pick(values["cut-runs"], "cut-runs")],
      ["submitRounds", pick(values["submit-rounds"], "submit-rounds")],
      ["roundsPerRun", count(values["rounds-per-run"], "rounds-per-run")],
      ["sequentialRuns", pick(values["sequential-runs"], "sequential-runs")],
      ["concurrentRuns", pick(values["concurrent-runs"], "concurrent-runs")],
      ["concurrency", count(values.concurrency, "concurrency")],
      ["stormConcurrency", count(values["storm-concurrency"], "storm-concurrency")],
      ["seed", count(values.seed, "seed", 0)],
      ["runTimeoutMs", count(values["run-timeout-ms"], "run-timeout-ms")],
    ];
    options = {
      ...Object.fromEntries(entries.filter(([, v]) => v !== undefined)),
      ...(only && only.length > 0 ? { only: only as ChaosScenario[] } : {}),
      ...(values.quiet
        ? {}
        : {
            onRow: (r) =>
              io.out(
                `done ${r.scenario}: ${r.runs} ${r.unit} in ${(r.durationMs / 1000).toFixed(1)} s`,
              ),
          }),
    };
    json = values.json ?? path.join(DEFAULT_REPORTS_DIR, "chaos.json");
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`error: ${(e as Error).message}`);
      io.err("run with --help for the options");
      return 2;
    }
    throw e;
  }
  const report = await runChaos(options);
  writeReportFile(json, `${JSON.stringify(report, null, 2)}\n`);
  io.out("");
  io.out(chaosTable(report.rows));
  io.out("");
  for (const m of report.missed) io.out(`missed: ${m}`);
  io.out(
    `${report.ok ? "OK" : "FAILED"}: ${report.rows.length} row(s) in ${(report.durationMs / 1000).toFixed(1)} s; report: ${json}`,
  );
  return report.ok ? 0 : 1;
}

// Run when executed (not when imported by tests).
runAsCommand(import.meta.url, main);
