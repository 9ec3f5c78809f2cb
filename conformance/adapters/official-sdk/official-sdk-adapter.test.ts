/**
 * Issue 11, adapter 3: the official `@yandex-cloud/nodejs-sdk` through its adapter (main.mjs,
 * PROTOCOL.md) gets the verdicts its known-failing list says, against the embedded emulator and
 * the replay server: every applicable case passes or is listed (and every listed case of these
 * suites fails), and what the SDK lacks is not applicable with its reason, never passed.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadKnownFailing } from "../../src/known-failing.js";
import type { RunReport } from "../../src/report.js";
import { runConformance } from "../../src/run-conformance.js";

const MAIN = fileURLToPath(new URL("./main.mjs", import.meta.url));
const KNOWN_FAILING = fileURLToPath(
  new URL("../../known-failing/official-sdk.txt", import.meta.url),
);
const fixturesDir = fileURLToPath(
  new URL("../../../../shared/fixtures/yandex-recorded", import.meta.url),
);

function verdict(report: RunReport, id: string): { outcome: string; note?: string } {
  const c = report.cases.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no case ${id} in the report`);
  return c.note === undefined ? { outcome: c.outcome } : { outcome: c.outcome, note: c.note };
}

describe("the official SDK as a client under test", () => {
  it("gets the verdicts of known-failing/official-sdk.txt on the run suites", async () => {
    const report = await runConformance({
      suites: [
        "submit",
        "enum-mapping",
        "errors",
        "run-results",
        "listen-cursors",
        "stream-events",
      ],
      fixturesDir,
      knownFailing: loadKnownFailing(KNOWN_FAILING),
      clientCommand: { command: `node '${MAIN}'` },
    });
    const bad = report.cases
      .filter((c) => c.outcome === "failed" || c.outcome === "stale")
      .map((c) => ({ id: c.id, outcome: c.outcome, failures: c.failures }));
    expect(bad).toEqual([]);
    expect(report.ok).toBe(true);

    // What the SDK does: Submit through the RPC and Attach, raw enum names, a cancelled Listen.
    expect(verdict(report, "submit/several-rounds").outcome).toBe("passed");
    expect(verdict(report, "enum-mapping/run-status-4-completed").outcome).toBe("passed");
    expect(verdict(report, "errors/abort-listen").outcome).toBe("passed");
    expect(verdict(report, "errors/abort-wait").outcome).toBe("passed");
    expect(verdict(report, "submit/submit-through-attach").outcome).toBe("passed");
    // What it gets wrong, each listed with its cause.
    for (const id of [
      "run-results/usage-int64-precision",
      "enum-mapping/run-status-unknown-99",
      "submit/result-without-name-local",
      "listen-cursors/resume-after-cut-stream",
      "submit/no-stale-tool-calls-after-submit",
    ]) {
      expect({ id, ...verdict(report, id) }).toMatchObject({ id, outcome: "known-failing" });
    }
    // What it does not have: not applicable, with the reason.
    expect(verdict(report, "submit/handle-tool-calls")).toMatchObject({
      outcome: "skipped",
      note: expect.stringContaining("handle_tool_calls"),
    });
    expect(verdict(report, "stream-events/cumulative-partials-deltas")).toMatchObject({
      outcome: "skipped",
      note: expect.stringContaining("event.delta"),
    });
    expect(verdict(report, "submit/happy-path")).toMatchObject({
      outcome: "skipped",
      note: expect.stringContaining("status.is_succeeded"),
    });
    const applicable = report.cases.filter((c) => c.outcome !== "skipped");
    expect(applicable.length).toBeGreaterThan(50);
  }, 60_000);
});
