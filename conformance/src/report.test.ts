import { describe, expect, it } from "vitest";
import {
  type CaseReport,
  junitXml,
  progressLine,
  type RunReport,
  summarize,
  summaryTable,
} from "./report.js";

const cases: CaseReport[] = [
  {
    id: "submit/a",
    suite: "submit",
    name: "a",
    target: "emulator",
    outcome: "passed",
    durationMs: 12,
    failures: [],
  },
  {
    id: "submit/b",
    suite: "submit",
    name: "b",
    target: "emulator",
    outcome: "failed",
    durationMs: 30,
    failures: ['steps[1] wait: result.text: expected "<x>", got "&y"'],
  },
  {
    id: "enum/c",
    suite: "enum",
    name: "c",
    target: "replay",
    outcome: "skipped",
    durationMs: 0,
    failures: [],
    note: "not a server-mode case",
  },
  {
    id: "enum/d",
    suite: "enum",
    name: "d",
    target: "replay",
    outcome: "known-failing",
    durationMs: 5,
    failures: ["boom"],
    note: "kf.txt:3 enum/d",
  },
  {
    id: "enum/e",
    suite: "enum",
    name: "e",
    target: "replay",
    outcome: "stale",
    durationMs: 5,
    failures: [],
    note: "kf.txt:4 enum/e",
  },
];

const report: RunReport = {
  mode: "client",
  startedAt: "2025-01-01T00:00:00.000Z",
  durationMs: 1234,
  cases,
  suites: summarize(cases),
  warnings: ["a warning"],
  ok: false,
};

describe("reports", () => {
  it("counts per suite; stale counts as failed", () => {
    expect(report.suites).toEqual([
      { suite: "submit", passed: 1, failed: 1, skipped: 0, knownFailing: 0 },
      { suite: "enum", passed: 0, failed: 1, skipped: 1, knownFailing: 1 },
    ]);
  });

  it("prints progress lines with the failures under a failed case", () => {
    expect(progressLine(cases[0]!, 1, 5)).toBe("[1/5] PASS  submit/a (emulator, 12 ms)");
    expect(progressLine(cases[1]!, 2, 5).split("\n")).toEqual([
      "[2/5] FAIL  submit/b (emulator, 30 ms)",
      '        - steps[1] wait: result.text: expected "<x>", got "&y"',
    ]);
    expect(progressLine(cases[4]!, 5, 5)).toContain(
      "listed as known failing (kf.txt:4 enum/e) but passed",
    );
  });

  it("prints an aligned summary table with totals and the verdict", () => {
    const table = summaryTable(report).split("\n");
    expect(table[0]).toBe("suite   passed  failed  skipped  known-failing");
    expect(table[2]).toBe("submit       1       1        0              0");
    expect(table[5]).toBe("total        1       2        1              1");
    expect(table).toContain("FAILED: client mode, 5 case(s) in 1.2 s");
    expect(table).toContain("warning: a warning");
  });

  it("writes JUnit XML: failures, skipped and known-failing, escaped", () => {
    const xml = junitXml(report);
    expect(xml).toContain(
      '<testsuites name="yc-assistants-conformance" tests="5" failures="2" skipped="2" time="1.234">',
    );
    expect(xml).toContain(
      '<testsuite name="submit" tests="2" failures="1" skipped="0" time="0.042">',
    );
    expect(xml).toContain('<testcase classname="submit" name="a [emulator]" time="0.012"/>');
    expect(xml).toContain("expected &quot;&lt;x&gt;&quot;, got &quot;&amp;y&quot;");
    expect(xml).toContain('<skipped message="known failing: kf.txt:3 enum/d"/>');
    expect(xml).toContain(
      '<failure message="listed as known failing but passed">kf.txt:4 enum/e</failure>',
    );
  });
});
