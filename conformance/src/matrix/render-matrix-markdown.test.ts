import { describe, expect, it } from "vitest";
import type { ClientMatrix } from "./client-matrix.js";
import { escapeMarkdownCell, renderMatrixMarkdown } from "./render-matrix-markdown.js";

const matrix: ClientMatrix = {
  generatedAt: "2026-12-01T00:00:00.000Z",
  columns: [
    { id: "ours@emulator", client: "node-ours (in process)", target: "emulator" },
    { id: "py@emulator", client: "python", target: "emulator" },
  ],
  suites: [
    {
      suite: "submit",
      cases: [
        {
          name: "happy-path",
          cells: {
            "ours@emulator": { verdict: "pass" },
            "py@emulator": { verdict: "fail", reason: "expected COMPLETED | got\nTOOL_CALLS" },
          },
        },
        {
          name: "double-submit",
          cells: {
            "ours@emulator": { verdict: "pass" },
            "py@emulator": { verdict: "not-applicable", reason: "unsupported: isSucceeded" },
          },
        },
      ],
    },
  ],
};

describe("renderMatrixMarkdown", () => {
  it("renders suites as rows, client × target as columns, footnotes and totals", () => {
    const md = renderMatrixMarkdown(matrix);
    const rows = md.split("\n").filter((l) => l.startsWith("|"));
    expect(rows[0]).toBe(
      "| suite | case | node-ours (in process) @ emulator | python @ emulator |",
    );
    expect(rows[1]).toBe("| --- | --- | :---: | :---: |");
    expect(rows[2]).toBe("| **submit** | happy-path | pass | fail [1] |");
    expect(rows[3]).toBe("|  | double-submit | pass | n/a [2] |");
    expect(rows[4]).toBe("| **total** | | **2 pass** | **0 pass, 1 fail, 1 n/a** |");
    expect(md).toContain(
      "1. submit/happy-path (python @ emulator, fail): expected COMPLETED \\| got TOOL\\_CALLS",
    );
    expect(md).toContain(
      "2. submit/double-submit (python @ emulator, n/a): unsupported: isSucceeded",
    );
  });

  it("escapes table breakers and markup", () => {
    expect(escapeMarkdownCell("a|b\n<i>*x*</i>")).toBe("a\\|b \\<i\\>\\*x\\*\\</i\\>");
  });
});
