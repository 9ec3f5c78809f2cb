import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseKnownFailing } from "./known-failing.js";
import { runConformance } from "./run-conformance.js";

describe("parseKnownFailing", () => {
  it("reads patterns with whole-line and trailing comments", () => {
    const list = parseKnownFailing(
      "# why these fail\n\nsubmit/double-submit   # issue 12\n  listen-cursors/*\n",
      "kf.txt",
    );
    expect(list.patterns.map((p) => [p.pattern, p.line])).toEqual([
      ["submit/double-submit", 3],
      ["listen-cursors/*", 4],
    ]);
    expect(list.match("submit/double-submit")?.line).toBe(3);
    // The trailing comment is the cause the clients matrix shows (issue 11 follow-up).
    expect(list.match("submit/double-submit")?.cause).toBe("issue 12");
    expect(list.match("listen-cursors/x")?.cause).toBeUndefined();
    expect(list.match("listen-cursors/live-follow")?.pattern).toBe("listen-cursors/*");
    expect(list.match("submit/happy-path")).toBeUndefined();
    expect(list.match("submit/double-submit-2")).toBeUndefined();
  });

  it("refuses a pattern with spaces", () => {
    expect(() => parseKnownFailing("submit/a b\n", "kf.txt")).toThrow("kf.txt:1");
  });
});

describe("known-failing lists in a run", () => {
  // Two tiny replay cases: one passes, one fails on purpose.
  const dir = mkdtempSync(path.join(tmpdir(), "kf-cases-"));
  writeFileSync(
    path.join(dir, "demo.yaml"),
    `
suite: demo
cases:
  - name: passes
    server:
      replay:
        exchanges: [{ rpc: RunService.Get, response: { id: r, state: { status: COMPLETED } } }]
    steps:
      - useRun: { id: r }
        expect: { status: COMPLETED }
  - name: fails
    server:
      replay:
        exchanges: [{ rpc: RunService.Get, response: { id: r, state: { status: COMPLETED } } }]
    steps:
      - useRun: { id: r }
        expect: { status: FAILED }
`,
  );

  it("a listed failing case is expected, the run is OK", async () => {
    const report = await runConformance({
      casesDir: dir,
      knownFailing: parseKnownFailing("demo/fails  # the status is wrong\n", "kf.txt"),
    });
    expect(report.cases.map((c) => [c.id, c.outcome])).toEqual([
      ["demo/passes", "passed"],
      ["demo/fails", "known-failing"],
    ]);
    expect(report.cases[1]?.cause).toBe("the status is wrong");
    expect(report.ok).toBe(true);
    expect(report.suites).toEqual([
      { suite: "demo", passed: 1, failed: 0, skipped: 0, knownFailing: 1 },
    ]);
  });

  it("a listed case that passes is stale and fails the run", async () => {
    const report = await runConformance({
      casesDir: dir,
      knownFailing: parseKnownFailing("demo/fails\ndemo/passes  # fixed since\n", "kf.txt"),
    });
    const stale = report.cases.find((c) => c.id === "demo/passes");
    expect(stale?.outcome).toBe("stale");
    expect(stale?.note).toBe("kf.txt:2 demo/passes");
    expect(report.ok).toBe(false);
  });

  it("an unlisted failing case fails the run; a pattern matching nothing is a warning", async () => {
    const report = await runConformance({
      casesDir: dir,
      knownFailing: parseKnownFailing("demo/gone\n", "kf.txt"),
    });
    expect(report.cases.find((c) => c.id === "demo/fails")?.outcome).toBe("failed");
    expect(report.ok).toBe(false);
    expect(report.warnings).toEqual([
      'kf.txt:1: known-failing pattern "demo/gone" matches no selected case',
    ]);
  });
});
