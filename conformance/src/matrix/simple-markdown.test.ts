import { expect, it } from "vitest";
import type { ClientMatrix } from "./client-matrix.js";
import { simpleMarkdown } from "./simple-markdown.js";

it("renders rows per case, a column per client, totals and one footnote per reason", () => {
  const matrix: ClientMatrix = {
    generatedAt: "2026-01-01T00:00:00.000Z",
    columns: [
      { id: "a", client: "A", target: "emulator + replay" },
      { id: "b", client: "B | sub", target: "emulator + replay" },
    ],
    suites: [
      {
        suite: "submit",
        cases: [
          { name: "one", cells: { a: { verdict: "pass" }, b: { verdict: "fail", reason: "x" } } },
          {
            name: "two",
            cells: {
              a: { verdict: "not-applicable", reason: "y" },
              b: { verdict: "fail", reason: "x", knownFailing: true },
            },
          },
        ],
      },
    ],
  };
  expect(simpleMarkdown(matrix).split("\n")).toEqual([
    "# Conformance matrix (2026-01-01T00:00:00.000Z)",
    "",
    "| suite | case | A @ emulator + replay | B \\| sub @ emulator + replay |",
    "|---|---|---|---|",
    "| submit | one | pass | FAIL [1] |",
    "| submit | two | n/a [2] | FAIL (known) [1] |",
    "| **total** | | 1 pass, 0 fail, 1 n/a | 0 pass, 2 fail, 0 n/a |",
    "",
    "1. x",
    "2. y",
    "",
  ]);
});
