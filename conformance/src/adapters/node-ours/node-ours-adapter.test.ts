/**
 * Issue 11: "Every case must give the same verdict through both paths. That is what proves the
 * protocol." A representative subset runs in process and through the built adapter
 * (dist/adapters/node-ours/main.js) as a subprocess, in both framings; the full comparison runs
 * in CI through `yc-assistants-conformance clients`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { RunReport } from "../../report.js";
import { runConformance } from "../../run-conformance.js";
import { NODE_OURS_MAIN } from "./node-ours-command.js";

const built = existsSync(NODE_OURS_MAIN);
const command = `node '${NODE_OURS_MAIN}'`;
const fixturesDir = fileURLToPath(
  new URL("../../../../../shared/fixtures/yandex-recorded", import.meta.url),
);

function verdicts(report: RunReport): Record<string, string> {
  return Object.fromEntries(report.cases.map((c) => [c.id, c.outcome]));
}

describe.runIf(built)("node-ours as a subprocess", () => {
  it("gives every case of the run suites the verdict it gets in process (JSON framing)", async () => {
    const suites = ["submit", "enum-mapping"];
    const [inProcess, subprocess] = await Promise.all([
      runConformance({ suites, fixturesDir }),
      runConformance({ suites, fixturesDir, clientCommand: { command } }),
    ]);
    expect(inProcess.ok).toBe(true);
    const applicable = subprocess.cases.filter((c) => c.outcome !== "skipped");
    expect(applicable.length).toBe(inProcess.cases.length);
    for (const c of applicable) {
      expect({ id: c.id, outcome: c.outcome, failures: c.failures }).toEqual({
        id: c.id,
        outcome: verdicts(inProcess)[c.id],
        failures: [],
      });
    }
    expect(subprocess.ok).toBe(true);
  }, 60_000);

  it("gives the same verdicts with the binary framing", async () => {
    const suites = ["stream-events", "listen-cursors"];
    const [inProcess, subprocess] = await Promise.all([
      runConformance({ suites, fixturesDir }),
      runConformance({ suites, fixturesDir, clientCommand: { command, framing: "binary" } }),
    ]);
    expect(verdicts(subprocess)).toEqual(verdicts(inProcess));
    expect(subprocess.cases.every((c) => c.outcome === "passed")).toBe(true);
  }, 60_000);

  it("runs the files, search indexes, operations and citations cases as protocol steps (none n/a)", async () => {
    // Issue 11 follow-up: these 41 cases were not applicable to a subprocess client before the
    // protocol had steps for them; run-results holds the int64 read errors of usage and codes.
    const suites = ["files", "search-indexes", "citations", "run-results"];
    const report = await runConformance({ suites, fixturesDir, clientCommand: { command } });
    expect(report.cases.length).toBeGreaterThan(50);
    expect(
      report.cases.filter((c) => c.outcome !== "passed").map((c) => [c.id, c.note, c.failures]),
    ).toEqual([]);
  }, 60_000);
});

it.skipIf(built)("needs the built adapter (npm run build)", () => {
  expect.fail(`${NODE_OURS_MAIN} is missing: run npm run build first`);
});
