#!/usr/bin/env node
/**
 * `npm run bench`: the side-by-side suite of issue 10. Prints one table and
 * writes the report to `bench/reports/bench.json` (or `--out`).
 *
 * Options: `--smoke` (tiny counts, for the end-to-end test), `--reps N`,
 * `--only listen,wait,…`, `--emulator-options '<json>'` (extra
 * `startEmulator` options of the child), `--out <file>`.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { FULL, SMOKE } from "./bench-context.js";
import { formatMachine, formatNotes, formatTable } from "./bench-report.js";
import { killEmulatorChildren } from "./emulator-process.js";
import { runBench } from "./run-bench.js";

const DEFAULT_OUT = fileURLToPath(new URL("../reports/bench.json", import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      smoke: { type: "boolean", default: false },
      reps: { type: "string" },
      only: { type: "string" },
      "emulator-options": { type: "string" },
      out: { type: "string", default: DEFAULT_OUT },
    },
  });
  const config = { ...(values.smoke ? SMOKE : FULL) };
  if (values.reps !== undefined) {
    config.reps = Number(values.reps);
    config.listenSmallReps = Math.max(config.listenSmallReps, config.reps);
  }
  const report = await runBench({
    config,
    ...(values.only === undefined ? {} : { only: values.only.split(",") }),
    emulatorOptions: JSON.parse(values["emulator-options"] ?? "{}") as Record<string, unknown>,
    log: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `\n${formatMachine(report)}\n\n${formatTable(report.rows)}\n\n${formatNotes(report.rows)}\n\n` +
      `written to ${values.out} (${report.durationSeconds} s)\n`,
  );
}

main().catch((error: unknown) => {
  killEmulatorChildren();
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
