#!/usr/bin/env node
// Adds up the vitest JSON reports that `npm test` leaves in each workspace's
// reports/vitest.json and prints one closing line, "N passed, N failed", so a
// reader (or CI) sees the whole run's count at the end of a long turbo log.
// Exits 1 when a workspace that has tests left no report, or a test failed.
// With --clean it only removes old reports (run before the tests, so a stale
// report can never be counted).
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const workspaces = [
  "packages/types",
  "packages/client",
  "packages/emulator",
  "conformance",
  "bench",
];
if (process.argv.includes("--clean")) {
  for (const ws of workspaces)
    rmSync(path.join(root, ws, "reports", "vitest.json"), { force: true });
  process.exit(0);
}
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
for (const ws of workspaces) {
  const file = path.join(root, ws, "reports", "vitest.json");
  if (!existsSync(file)) {
    console.error(`test summary: ${ws} left no reports/vitest.json`);
    missing += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  console.log(`${ws}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || missing > 0 ? 1 : 0);
