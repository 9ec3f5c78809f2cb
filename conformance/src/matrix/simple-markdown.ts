/**
 * A plain Markdown table of a ClientMatrix: suites and cases as rows, columns as columns, a
 * totals row per column; reasons as numbered footnotes. The stand-in for the matrix renderers
 * (src/matrix/render-*.ts) until they land: `clients` calls it in one line.
 */
import type { ClientMatrix, MatrixCell } from "./client-matrix.js";

const MARK = { pass: "pass", fail: "FAIL", "not-applicable": "n/a" } as const;

function cellText(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * The matrix as Markdown.
 *
 * @example
 * writeFileSync("reports/clients.md", simpleMarkdown(matrix));
 */
export function simpleMarkdown(matrix: ClientMatrix): string {
  const notes: string[] = [];
  const cell = (c: MatrixCell | undefined): string => {
    if (!c) return "";
    let text: string = MARK[c.verdict];
    if (c.knownFailing) text += " (known)";
    if (c.reason) {
      // One footnote per distinct reason.
      let n = notes.indexOf(c.reason);
      if (n < 0) n = notes.push(c.reason) - 1;
      text += ` [${n + 1}]`;
    }
    return text;
  };
  const head = matrix.columns.map((c) => `${c.client} @ ${c.target}`);
  const lines = [
    `| suite | case | ${head.map(cellText).join(" | ")} |`,
    `|---|---|${matrix.columns.map(() => "---|").join("")}`,
  ];
  const totals = matrix.columns.map(() => ({ pass: 0, fail: 0, na: 0 }));
  for (const s of matrix.suites) {
    for (const c of s.cases) {
      const cells = matrix.columns.map((col, i) => {
        const x = c.cells[col.id];
        const t = totals[i] as { pass: number; fail: number; na: number };
        if (x?.verdict === "pass") t.pass++;
        else if (x?.verdict === "fail") t.fail++;
        else if (x) t.na++;
        return cell(x);
      });
      lines.push(`| ${s.suite} | ${c.name} | ${cells.join(" | ")} |`);
    }
  }
  lines.push(
    `| **total** | | ${totals.map((t) => `${t.pass} pass, ${t.fail} fail, ${t.na} n/a`).join(" | ")} |`,
  );
  const out = [`# Conformance matrix (${matrix.generatedAt})`, "", ...lines, ""];
  if (notes.length > 0) {
    out.push(...notes.map((n, i) => `${i + 1}. ${cellText(n)}`), "");
  }
  return out.join("\n");
}
