/**
 * `reports/clients.html`: the clients matrix as ONE self-contained HTML file (issue 11,
 * "Running and reporting": "a single self-contained file that reads well in a browser"):
 * inline CSS, no script, no external asset. Cases are grouped by suite (a `<tbody>` per
 * suite with a heading row), columns are client × target, each cell is pass / fail / known /
 * n/a with the reason on hover (`title`) and as a numbered footnote, and `<tfoot>` holds the
 * totals row. Every text from the matrix is HTML-escaped.
 *
 * @module
 */
import type { ClientMatrix, MatrixCell } from "./client-matrix.js";
import { cellKey, matrixFootnotes, verdictLabel } from "./matrix-footnotes.js";
import { matrixTotals, totalsText } from "./matrix-totals.js";

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 2rem; color: #1d232a; background: #fff; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  p.meta { color: #5b6570; margin: 0 0 1rem; }
  table { border-collapse: collapse; font-size: .9rem; }
  th, td { border: 1px solid #d6dbe0; padding: .3rem .6rem; }
  thead th { background: #f1f4f7; position: sticky; top: 0; vertical-align: bottom; }
  thead th .target { display: block; font-weight: normal; color: #5b6570; font-size: .8rem; }
  tbody th[scope=row] { text-align: left; font-weight: normal; font-family: ui-monospace, monospace; }
  tbody tr.suite th { text-align: left; background: #e8edf2; font-size: .95rem; }
  td { text-align: center; white-space: nowrap; }
  td.pass { background: #e3f5e6; color: #1b5e20; }
  td.fail { background: #fde4e4; color: #a01919; font-weight: 600; }
  td.known { background: #fff2d9; color: #7a4b00; }
  td.na { background: #eef0f3; color: #59626b; }
  td.not-run { color: #9aa3ab; }
  td[title] { cursor: help; }
  sup a { color: inherit; text-decoration: none; margin-left: .15rem; }
  tfoot th, tfoot td { background: #f1f4f7; font-weight: 600; }
  ol.notes { font-size: .85rem; color: #333c45; max-width: 70rem; }
  ol.notes li { margin: .2rem 0; }
  ol.notes code { font-size: .8rem; }
`;

function cellClass(cell: MatrixCell | undefined): string {
  if (!cell) return "not-run";
  if (cell.verdict === "pass") return "pass";
  if (cell.verdict === "not-applicable") return "na";
  return cell.knownFailing ? "known" : "fail";
}

/**
 * Renders the matrix as a complete HTML document.
 *
 * @example
 * writeFileSync("reports/clients.html", renderMatrixHtml(matrix));
 */
export function renderMatrixHtml(matrix: ClientMatrix): string {
  const { list, byCell } = matrixFootnotes(matrix);
  const width = matrix.columns.length + 1;
  const caseCount = matrix.suites.reduce((n, s) => n + s.cases.length, 0);
  const out: string[] = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>Conformance matrix</title>",
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<h1>Conformance matrix</h1>",
    `<p class="meta">Generated ${escapeHtml(matrix.generatedAt)}: ${caseCount} case(s), ${matrix.columns.length} column(s). Hover a cell for its reason; the numbers refer to the notes below.</p>`,
    '<table id="matrix">',
    "<thead><tr>",
    '<th scope="col">case</th>',
    ...matrix.columns.map(
      (c) =>
        `<th scope="col" data-column="${escapeHtml(c.id)}">${escapeHtml(c.client)}<span class="target">${escapeHtml(c.target)}</span></th>`,
    ),
    "</tr></thead>",
  ];
  for (const suite of matrix.suites) {
    out.push(`<tbody data-suite="${escapeHtml(suite.suite)}">`);
    out.push(
      `<tr class="suite"><th scope="rowgroup" colspan="${width}">${escapeHtml(suite.suite)}</th></tr>`,
    );
    for (const c of suite.cases) {
      const cells = matrix.columns.map((column) => {
        const cell = c.cells[column.id];
        const note = byCell.get(cellKey(suite.suite, c.name, column.id));
        const title = cell ? note?.reason : "did not run for this column";
        const attrs = [
          `class="${cellClass(cell)}"`,
          ...(title !== undefined ? [`title="${escapeHtml(title)}"`] : []),
        ].join(" ");
        const sup = note ? `<sup><a href="#note-${note.n}">${note.n}</a></sup>` : "";
        return `<td ${attrs}>${escapeHtml(verdictLabel(cell))}${sup}</td>`;
      });
      out.push(`<tr><th scope="row">${escapeHtml(c.name)}</th>${cells.join("")}</tr>`);
    }
    out.push("</tbody>");
  }
  const totals = matrixTotals(matrix);
  out.push(
    '<tfoot><tr class="totals"><th scope="row">total</th>',
    ...totals.map(
      (t) =>
        `<td data-column="${escapeHtml(t.column.id)}" data-pass="${t.pass}" data-fail="${t.fail}" data-known="${t.knownFailing}" data-na="${t.notApplicable}">${escapeHtml(totalsText(t))}</td>`,
    ),
    "</tr></tfoot>",
    "</table>",
  );
  if (list.length > 0) {
    out.push('<ol class="notes">');
    for (const f of list) {
      out.push(
        `<li id="note-${f.n}"><code>${escapeHtml(`${f.suite}/${f.caseName}`)}</code> (${escapeHtml(f.columnLabel)}, ${escapeHtml(verdictLabel(f.cell))}): ${escapeHtml(f.reason)}</li>`,
      );
    }
    out.push("</ol>");
  }
  out.push("</body>", "</html>");
  return `${out.join("\n")}\n`;
}
