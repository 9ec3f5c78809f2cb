/**
 * The HTML matrix, checked as a browser reads it (issue 11: "A test renders the HTML in
 * headless Chromium (Debian's chromium) and checks the table"): Chromium parses the file and
 * dumps its DOM; the rows, columns, totals and hover titles are read from that DOM, so a
 * broken table structure or an unescaped name would show. Skips, saying why, only when no
 * Chromium is installed (.ci/run installs Debian's `chromium` when missing).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { ClientMatrix } from "./client-matrix.js";
import { escapeHtml, renderMatrixHtml } from "./render-matrix-html.js";

const matrix: ClientMatrix = {
  generatedAt: "2026-12-01T00:00:00.000Z",
  columns: [
    { id: "ours@emulator", client: "node-ours (in process)", target: "emulator" },
    { id: "sdk@emulator", client: "official SDK", target: "emulator" },
    { id: "python@http://127.0.0.1:8080", client: "python", target: "http://127.0.0.1:8080" },
  ],
  suites: [
    {
      suite: "submit",
      cases: [
        {
          name: "happy-path",
          cells: {
            "ours@emulator": { verdict: "pass" },
            "sdk@emulator": { verdict: "pass" },
            "python@http://127.0.0.1:8080": {
              verdict: "fail",
              reason: 'expected "COMPLETED", got TOOL_CALLS & <stale>',
            },
          },
        },
        {
          name: "double-submit",
          cells: {
            "ours@emulator": { verdict: "pass" },
            "sdk@emulator": {
              verdict: "fail",
              reason: "Submit retried blindly",
              knownFailing: true,
            },
            "python@http://127.0.0.1:8080": { verdict: "pass" },
          },
        },
      ],
    },
    {
      suite: "enum-mapping",
      cases: [
        {
          name: "<script>alert(1)</script>",
          cells: {
            "ours@emulator": { verdict: "pass" },
            "sdk@emulator": { verdict: "not-applicable", reason: "unsupported: isSucceeded" },
          },
        },
      ],
    },
  ],
};

function findChromium(): string | undefined {
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    if (found.status === 0 && found.stdout.trim() !== "") return found.stdout.trim();
  }
  return undefined;
}

const CHROMIUM = findChromium();
if (!CHROMIUM) {
  console.warn(
    "render-matrix-html.test.ts: SKIPPING the headless Chromium check: no chromium found; install Debian's chromium (apt-get install -y chromium), as .ci/run does",
  );
}

describe("renderMatrixHtml", () => {
  it("is one self-contained document with everything escaped", () => {
    const html = renderMatrixHtml(matrix);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain(
      'title="expected &quot;COMPLETED&quot;, got TOOL_CALLS &amp; &lt;stale&gt;"',
    );
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe("&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
  });

  describe.skipIf(!CHROMIUM)(
    `in headless Chromium${CHROMIUM ? "" : " (skipped: chromium not installed)"}`,
    () => {
      it("shows the suites as row groups, the columns, each cell with its title, and the totals", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "matrix-html-"));
        const file = path.join(dir, "clients.html");
        writeFileSync(file, renderMatrixHtml(matrix));
        const dom = execFileSync(
          CHROMIUM as string,
          [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-dev-shm-usage",
            `--user-data-dir=${path.join(dir, "profile")}`,
            "--dump-dom",
            pathToFileURL(file).href,
          ],
          { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "ignore"] },
        );
        // The parsed document: no script element came from the case name.
        expect(dom).not.toMatch(/<script/i);
        expect(dom).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");

        const header = /<thead>([\s\S]*?)<\/thead>/.exec(dom)?.[1] ?? "";
        const headerCells = [...header.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) =>
          (m[1] ?? "").replace(/<[^>]+>/g, " ").trim(),
        );
        expect(headerCells).toEqual([
          "case",
          "node-ours (in process) emulator",
          "official SDK emulator",
          "python http://127.0.0.1:8080",
        ]);

        const groups = [...dom.matchAll(/<tbody data-suite="([^"]+)">([\s\S]*?)<\/tbody>/g)];
        expect(groups.map((g) => g[1])).toEqual(["submit", "enum-mapping"]);
        const rowsOf = (body: string) =>
          [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
            [...(r[1] ?? "").matchAll(/<td([^>]*)>([\s\S]*?)<\/td>/g)].map((c) => ({
              attrs: c[1] ?? "",
              text: (c[2] ?? "").replace(/<[^>]+>/g, ""),
            })),
          );
        const submit = rowsOf(groups[0]?.[2] ?? "");
        expect(submit).toHaveLength(2);
        expect(submit.map((r) => r.map((c) => c.text))).toEqual([
          ["pass", "pass", "fail1"],
          ["pass", "known2", "pass"],
        ]);
        // The reason on hover: the title attribute of the failing cell.
        expect(submit[0]?.[2]?.attrs).toMatch(/class="fail"/);
        expect(submit[0]?.[2]?.attrs).toMatch(
          /title="expected &quot;COMPLETED&quot;, got TOOL_CALLS &amp; /,
        );
        const enums = rowsOf(groups[1]?.[2] ?? "");
        expect(enums.map((r) => r.map((c) => c.text))).toEqual([["pass", "n/a3", "—"]]);
        expect(enums[0]?.[1]?.attrs).toContain('title="unsupported: isSucceeded"');
        expect(enums[0]?.[2]?.attrs).toContain('title="did not run for this column"');

        const totals = /<tfoot>([\s\S]*?)<\/tfoot>/.exec(dom)?.[1] ?? "";
        expect([...totals.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1])).toEqual([
          "3 pass",
          "1 pass, 1 known, 1 n/a",
          "1 pass, 1 fail, 1 not run",
        ]);
        // The numbered notes the superscripts point to.
        expect(dom).toMatch(
          /<li id="note-2"><code>submit\/double-submit<\/code> \(official SDK @ emulator, known\): Submit retried blindly<\/li>/,
        );
      }, 90_000);
    },
  );
});
