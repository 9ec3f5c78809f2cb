#!/usr/bin/env node
/**
 * `npm run bench:readme [-- <report.json> [<README.md>]]`: regenerates the root
 * README's benchmark table from the last `npm run bench` report (default
 * `bench/reports/bench.json` into the repository's `README.md`).
 *
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BenchReport } from "./bench-report.js";
import { replaceReadmeTable } from "./readme-table.js";

const [reportPath, readmePath] = [
  process.argv[2] ?? fileURLToPath(new URL("../reports/bench.json", import.meta.url)),
  process.argv[3] ?? fileURLToPath(new URL("../../README.md", import.meta.url)),
];
const report = JSON.parse(readFileSync(reportPath, "utf8")) as BenchReport;
writeFileSync(readmePath, replaceReadmeTable(readFileSync(readmePath, "utf8"), report));
process.stdout.write(`${readmePath}: benchmark table of ${report.date} written\n`);
