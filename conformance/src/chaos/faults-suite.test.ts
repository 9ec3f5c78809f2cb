import { describe, expect, it } from "vitest";
import { parseKnownFailing } from "../known-failing.js";
import { runConformance } from "../run-conformance.js";

const TINY = {
  cutRuns: 2,
  submitRounds: 4,
  sequentialRuns: 2,
  concurrentRuns: 2,
  concurrency: 2,
  runTimeoutMs: 5000,
};

describe("the faults suite", () => {
  it("runs the chaos scenarios as cases of the report when named", async () => {
    const seen: string[] = [];
    const report = await runConformance({
      mode: "client",
      suites: ["faults"],
      faults: TINY,
      onCase: (c) => seen.push(c.id),
    });
    expect(report.cases.map((c) => c.id)).toEqual([
      "faults/listen-cut-tcp-listen",
      "faults/listen-cut-tcp-wait",
      "faults/listen-cut-http2-listen",
      "faults/listen-cut-http2-wait",
      "faults/submit-exactly-once-handleToolCalls",
      "faults/submit-exactly-once-manual",
      "faults/reset-storm-sequential",
      "faults/reset-storm-concurrent",
    ]);
    expect(seen).toEqual(report.cases.map((c) => c.id));
    for (const c of report.cases) {
      expect(["passed", "failed"]).toContain(c.outcome);
      // A failed row says which targets it missed.
      if (c.outcome === "failed") expect(c.failures[0]).toMatch(/^missed \w+=\d+/);
    }
    expect(report.suites.map((s) => s.suite)).toEqual(["faults"]);
    expect(report.ok).toBe(report.cases.every((c) => c.outcome === "passed"));
    expect(report.warnings).toEqual([]);
  }, 60_000);

  it("applies known-failing patterns to its cases", async () => {
    const knownFailing = parseKnownFailing("faults/reset-storm-*\n", "kf.txt");
    const report = await runConformance({
      mode: "client",
      suites: ["faults"],
      faults: { ...TINY, only: ["reset-storm"] },
      knownFailing,
    });
    expect(report.cases.map((c) => c.id)).toEqual([
      "faults/reset-storm-sequential",
      "faults/reset-storm-concurrent",
    ]);
    for (const c of report.cases) expect(["known-failing", "stale"]).toContain(c.outcome);
  }, 60_000);

  it("is skipped in server mode and never runs unless named", async () => {
    const server = await runConformance({ mode: "server", suites: ["faults"] });
    expect(server.cases.map((c) => [c.id, c.outcome])).toEqual([["faults/chaos", "skipped"]]);
    const other = await runConformance({ mode: "client", suites: ["pagination"] });
    expect(other.cases.some((c) => c.suite === "faults")).toBe(false);
  }, 60_000);
});
