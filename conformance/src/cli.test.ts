import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./cli.js";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: {} },
  };
}

describe("the CLI", () => {
  it("prints help", async () => {
    const t = io();
    expect(await main(["--help"], t.io)).toBe(0);
    expect(t.out.join("\n")).toContain("--known-failing FILE");
  });

  it("exits 2 on bad arguments", async () => {
    for (const args of [
      ["--mode", "other"],
      ["--bogus"],
      ["--server", "https://x"],
      ["--mode", "server", "--server", "https://x"],
      ["--client-protocol", "binary"],
      ["--client-command", "x", "--client-protocol", "xml"],
      ["--step-timeout", "0"],
    ]) {
      const t = io();
      expect(await main(args, t.io)).toBe(2);
      expect(t.err[0]).toMatch(/^error: /);
    }
  });

  it("exits 2 naming the file, case and field of a malformed case file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cli-cases-"));
    writeFileSync(
      path.join(dir, "bad.yaml"),
      "suite: bad\ncases:\n  - name: broken\n    server: { emulator: {} }\n    steps:\n      - wait: { timeoutMs: soon }\n",
    );
    const t = io();
    expect(await main(["--cases", dir], t.io)).toBe(2);
    expect(t.err[0]).toBe(
      `error: ${path.join(dir, "bad.yaml")}:6: case "broken": steps[0].wait.timeoutMs: expected an integer >= 1, got a string ("soon")`,
    );
  });

  it("runs a suite, prints progress and the summary, writes JUnit and JSON, exits 0", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cli-reports-"));
    const junit = path.join(dir, "out", "junit.xml");
    const json = path.join(dir, "out", "report.json");
    const record = path.join(dir, "rec");
    const t = io();
    const code = await main(
      [
        "--suite",
        "enum-mapping",
        "--case",
        "run-status-*",
        "--junit",
        junit,
        "--json",
        json,
        "--record",
        record,
      ],
      t.io,
    );
    expect(code).toBe(0);
    expect(t.out.some((l) => /^\[ ?1\/10\] PASS {2}enum-mapping\//.test(l))).toBe(true);
    expect(t.out.join("\n")).toContain("OK: client mode, 10 case(s)");
    expect(readFileSync(junit, "utf8")).toContain(
      '<testsuite name="enum-mapping" tests="10" failures="0"',
    );
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.ok).toBe(true);
    expect(report.cases).toHaveLength(10);
    expect(existsSync(path.join(record, "enum-mapping", "run-status-5-tool-calls.json"))).toBe(
      true,
    );
  }, 60_000);

  it("exits 1 when a listed known-failing case passes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cli-kf-"));
    writeFileSync(path.join(dir, "kf.txt"), "enum-mapping/run-status-0-unspecified  # fixed\n");
    const t = io();
    const code = await main(
      [
        "--case",
        "enum-mapping/run-status-0-unspecified",
        "--known-failing",
        path.join(dir, "kf.txt"),
        "--junit",
        path.join(dir, "j.xml"),
        "--json",
        path.join(dir, "r.json"),
      ],
      t.io,
    );
    expect(code).toBe(1);
    expect(t.out.join("\n")).toContain("STALE enum-mapping/run-status-0-unspecified");
  }, 60_000);

  it("--client-command runs the normal report for one external client", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cli-client-"));
    const adapter = path.join(
      import.meta.dirname,
      "..",
      "dist",
      "adapters",
      "node-ours",
      "main.js",
    );
    const t = io();
    const code = await main(
      [
        "--client-command",
        `node '${adapter}'`,
        "--case",
        "submit/double-submit",
        "--json",
        path.join(dir, "r.json"),
        "--junit",
        path.join(dir, "j.xml"),
      ],
      t.io,
    );
    expect(t.out.join("\n")).toContain("PASS  submit/double-submit");
    expect(code).toBe(0);
  }, 30_000);
});
