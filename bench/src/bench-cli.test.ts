import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { BenchReport } from "./bench-report.js";
import { README_END, README_START } from "./readme-table.js";

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

/**
 * The harness runs end to end (issue 10: the bench must not rot), with tiny
 * counts: the built CLI starts the emulator child, measures every row with
 * all contenders, writes the report, and the README updater turns it into a
 * table. No figure is asserted: only that every row is there and finite.
 */
describe("npm run bench (smoke)", () => {
  it("measures every row of issue 10 and regenerates a README table from the report", () => {
    const dir = mkdtempSync(join(tmpdir(), "yc-bench-"));
    const out = join(dir, "bench.json");
    const run = spawnSync(
      process.execPath,
      ["--expose-gc", dist("cli.js"), "--smoke", "--out", out],
      {
        encoding: "utf8",
        timeout: 150_000,
      },
    );
    expect(run.stderr).not.toContain("bench failed");
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8")) as BenchReport;
    expect(report.rows.map((row) => row.id)).toEqual([
      "listen-small",
      "listen-small-raw",
      "listen-cumulative",
      "wait",
      "wait-usage",
      "unary-p50",
      "unary-p99",
      "concurrent",
      "cold-start",
      "footprint",
    ]);
    for (const row of report.rows) {
      expect(Number.isFinite(row.ours) && row.ours > 0, row.id).toBe(true);
      expect(Number.isFinite(row.official) && row.official > 0, row.id).toBe(true);
      expect(Number.isFinite(row.ratio), row.id).toBe(true);
    }
    expect(
      report.rows.find((r) => r.id === "cold-start")?.notes["ours ES modules"],
    ).toBeGreaterThan(0);
    expect(run.stdout).toContain("| path | ours | official |");

    const readme = join(dir, "README.md");
    writeFileSync(readme, `# x\n\n${README_START}\nold\n${README_END}\n\nafter\n`);
    const update = spawnSync(process.execPath, [dist("update-readme.js"), out, readme], {
      encoding: "utf8",
    });
    expect(update.status).toBe(0);
    const text = readFileSync(readme, "utf8");
    expect(text).not.toContain("\nold\n");
    expect(text).toContain("| install footprint of the client closure: MB |");
    expect(text).toContain(`Node ${process.version}`);
    expect(text.endsWith(`${README_END}\n\nafter\n`)).toBe(true);
  }, 180_000);
});
