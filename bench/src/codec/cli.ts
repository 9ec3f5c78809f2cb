/**
 * `npm run bench:codec`: the codec report of issue 10 ("Codec speed"). Prints the tables and,
 * with `--out <file>`, writes the report as JSON. `--reps` (default 21 rounds) and
 * `--target-ms` (default 5 ms of CPU per timed loop) set the measurement: many short
 * interleaved loops, whose medians shrug off the other processes of a shared machine;
 * `--smoke` runs tiny counts (the smoke test).
 *
 * @module
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatCodecReport, runCodecReport } from "./codec-report.js";

const { values } = parseArgs({
  options: {
    reps: { type: "string", default: "21" },
    "target-ms": { type: "string", default: "5" },
    out: { type: "string" },
    smoke: { type: "boolean", default: false },
  },
});
const reps = values.smoke ? 1 : Number(values.reps);
const targetMs = values.smoke ? 1 : Number(values["target-ms"]);
if (!(reps >= 1 && targetMs > 0)) throw new Error("--reps must be >= 1 and --target-ms > 0");
const report = runCodecReport({ reps, targetMs }, values.smoke ? 2 : undefined);
process.stdout.write(`${formatCodecReport(report)}\n`);
if (values.out !== undefined) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
