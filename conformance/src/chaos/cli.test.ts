import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./cli.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

describe("npm run chaos (the chaos CLI)", () => {
  it("prints its help", async () => {
    const c = capture();
    expect(await main(["--help"], c.io)).toBe(0);
    expect(c.out.join("\n")).toMatch(/--cut-runs N/);
  });

  it.each([[["--runs", "0"]], [["--only", "nope"]], [["--bogus"]]])(
    "refuses bad arguments with exit code 2: %j",
    async (argv) => {
      const c = capture();
      expect(await main(argv, c.io)).toBe(2);
      expect(c.err[0]).toMatch(/^error: /);
    },
  );

  it("runs the selected scenarios, prints one table and writes the JSON report", async () => {
    const json = path.join(mkdtempSync(path.join(tmpdir(), "chaos-")), "chaos.json");
    const c = capture();
    const code = await main(
      ["--only", "reset-storm", "--runs", "3", "--json", json, "--run-timeout-ms", "5000"],
      c.io,
    );
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.rows.map((r: { scenario: string }) => r.scenario)).toEqual([
      "reset-storm/sequential",
      "reset-storm/concurrent",
    ]);
    expect(code).toBe(report.ok ? 0 : 1);
    const text = c.out.join("\n");
    expect(text).toMatch(/^scenario\s+runs\s+lost/m);
    expect(text).toMatch(/^reset-storm\/sequential\s+3\s/m);
    expect(text).toMatch(report.ok ? /^OK: 2 row/m : /^FAILED: 2 row/m);
  }, 30_000);
});
