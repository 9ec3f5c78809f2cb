import { describe, expect, it } from "vitest";
import type { ClientMatrix } from "./client-matrix.js";
import { matrixTotals, totalsText } from "./matrix-totals.js";

const matrix: ClientMatrix = {
  generatedAt: "2026-12-01T00:00:00.000Z",
  columns: [
    { id: "ours@emulator", client: "ours", target: "emulator" },
    { id: "sdk@emulator", client: "official SDK", target: "emulator" },
  ],
  suites: [
    {
      suite: "submit",
      cases: [
        {
          name: "happy-path",
          cells: {
            "ours@emulator": { verdict: "pass" },
            "sdk@emulator": { verdict: "fail", reason: "no Submit", knownFailing: true },
          },
        },
        {
          name: "double-submit",
          cells: {
            "ours@emulator": { verdict: "fail", reason: "got OK" },
            "sdk@emulator": { verdict: "not-applicable", reason: "isSucceeded unsupported" },
          },
        },
      ],
    },
    {
      suite: "errors",
      cases: [{ name: "deadline", cells: { "ours@emulator": { verdict: "pass" } } }],
    },
  ],
};

describe("matrixTotals", () => {
  it("counts every verdict per column, known failures and missing cells apart", () => {
    const [ours, sdk] = matrixTotals(matrix);
    expect(ours).toMatchObject({ pass: 2, fail: 1, knownFailing: 0, notApplicable: 0, notRun: 0 });
    expect(sdk).toMatchObject({ pass: 0, fail: 0, knownFailing: 1, notApplicable: 1, notRun: 1 });
    expect(sdk?.column.id).toBe("sdk@emulator");
  });

  it("writes a totals line without zero counts", () => {
    const [ours, sdk] = matrixTotals(matrix);
    expect(totalsText(ours!)).toBe("2 pass, 1 fail");
    expect(totalsText(sdk!)).toBe("0 pass, 1 known, 1 n/a, 1 not run");
  });
});
