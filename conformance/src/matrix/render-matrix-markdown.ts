/**
 * `reports/clients.md`: the clients matrix as a Markdown table (issue 11, "Running and
 * reporting"): cases grouped by suite as rows, one column per client × target, each cell
 * pass / fail / known / n/a with a numbered footnote giving the reason, and a totals row.
 *
 * @module
 */
import type { ClientMatrix } from "./client-matrix.js";
import { cellKey, matrixFootnotes, verdictLabel } from "./matrix-footnotes.js";
import { matrixTotals, totalsText } from "./matrix-totals.js";

/** Text safe inside a Markdown table cell: no line breaks, `|` and markup characters escaped. */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/\r?\n|\r/g, " ")
    .replace(/([\\`*_[\]<>|#~])/g, "\\$1")
    .trim();
}

/**
 * Renders the matrix as Markdown: a title line, the table, then the footnotes.
 *
 * @example
 * writeFileSync("reports/clients.md", renderMatrixMarkdown(matrix));
 * // | suite | case | node-ours (in process) @ emulator | ... |
 * // | submit | happy-path | pass | fail [1] |
 */
export function renderMatrixMarkdown(matrix: ClientMatrix): string {
  const { list, byCell } = matrixFootnotes(matrix);
  const head = ["suite", "case", ...matrix.columns.map((c) => `${c.client} @ ${c.target}`)];
  const lines = [
    `# Conformance matrix`,
    "",
    `Generated ${escapeMarkdownCell(matrix.generatedAt)}: ${matrix.suites.reduce((n, s) => n + s.cases.length, 0)} case(s), ${matrix.columns.length} column(s).`,
    "",
    `| ${head.map(escapeMarkdownCell).join(" | ")} |`,
    `| ${head.map((_h, i) => (i < 2 ? "---" : ":---:")).join(" | ")} |`,
  ];
  for (const suite of matrix.suites) {
    suite.cases.forEach((c, i) => {
      const cells = matrix.columns.map((column) => {
        const note = byCell.get(cellKey(suite.suite, c.name, column.id));
        const label = verdictLabel(c.cells[column.id]);
        return note ? `${label} [${note.n}]` : label;
      });
      const suiteCell = i === 0 ? `**${escapeMarkdownCell(suite.suite)}**` : "";
      lines.push(`| ${[suiteCell, escapeMarkdownCell(c.name), ...cells].join(" | ")} |`);
    });
  }
  const totals = matrixTotals(matrix).map(totalsText);
  lines.push(`| **total** | | ${totals.map((t) => `**${t}**`).join(" | ")} |`);
  if (list.length > 0) {
    lines.push("", "Notes:", "");
    for (const f of list) {
      lines.push(
        `${f.n}. ${escapeMarkdownCell(`${f.suite}/${f.caseName}`)} (${escapeMarkdownCell(f.columnLabel)}, ${verdictLabel(f.cell)}): ${escapeMarkdownCell(f.reason)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
