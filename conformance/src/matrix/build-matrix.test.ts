import { describe, expect, it } from "vitest";
import type { CaseReport, RunReport } from "../report.js";
import { buildMatrix, cellOf } from "./build-matrix.js";

function report(cases: Partial<CaseReport>[]): RunReport {
  return {
    mode: "client",
    startedAt: "",
    durationMs: 0,
    cases: cases.map((c) => ({
      id: `${c.suite}/${c.name}`,
      target: "emulator",
      outcome: "passed",
      durationMs: 1,
      failures: [],
      suite: "s",
      name: "n",
      ...c,
    })) as CaseReport[],
    suites: [],
    warnings: [],
    ok: true,
  };
}

describe("buildMatrix", () => {
  it("groups cases by suite in order, one cell per column, a missing cell where a case did not run", () => {
    const a = report([
      { suite: "submit", name: "happy" },
      { suite: "submit", name: "twice", outcome: "failed", failures: ["steps[3]: boom", "more"] },
      { suite: "enum", name: "x", outcome: "skipped", note: "not applicable: no flags" },
    ]);
    const b = report([
      { suite: "submit", name: "happy", outcome: "known-failing", failures: ["f"] },
    ]);
    const m = buildMatrix(
      [
        { column: { id: "a@e", client: "A", target: "e" }, report: a },
        { column: { id: "b@e", client: "B", target: "e" }, report: b },
      ],
      new Date(0),
    );
    expect(m.generatedAt).toBe("1970-01-01T00:00:00.000Z");
    expect(m.columns.map((c) => c.id)).toEqual(["a@e", "b@e"]);
    expect(m.suites.map((s) => [s.suite, s.cases.map((c) => c.name)])).toEqual([
      ["submit", ["happy", "twice"]],
      ["enum", ["x"]],
    ]);
    const submit = m.suites[0]?.cases ?? [];
    expect(submit[0]?.cells).toEqual({
      "a@e": { verdict: "pass" },
      "b@e": { verdict: "fail", reason: "f", knownFailing: true },
    });
    expect(submit[1]?.cells).toEqual({ "a@e": { verdict: "fail", reason: "steps[3]: boom" } });
    expect(m.suites[1]?.cases[0]?.cells["a@e"]).toEqual({
      verdict: "not-applicable",
      reason: "not applicable: no flags",
    });
  });

  it("gives a known failure's footnote the cause from the known-failing file, then the failure", () => {
    const cell = cellOf({
      ...report([{}]).cases[0],
      outcome: "known-failing",
      failures: ["steps[1] submit: expected 2 request(s)"],
      note: "kf.txt:3 s/n",
      cause: "the adapter sends Submit alone",
    } as CaseReport);
    expect(cell).toEqual({
      verdict: "fail",
      reason: "the adapter sends Submit alone (failure: steps[1] submit: expected 2 request(s))",
      knownFailing: true,
    });
  });

  it("shows a stale known-failing case as a pass that is marked", () => {
    const cell = cellOf({
      ...report([{}]).cases[0],
      outcome: "stale",
      note: "kf.txt:3 s/n",
    } as CaseReport);
    expect(cell).toMatchObject({ verdict: "pass", knownFailing: true });
    expect(cell.reason).toContain("stale");
  });
});
