/**
 * `yc-assistants-conformance clients` end to end on one case: both configured clients, the
 * embedded targets and a `--server` column, the report files, and the exit code following
 * each client's known-failing file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmulator } from "@yc-assistants/emulator";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../cli.js";
import { PACKAGE_DIR } from "../run-conformance.js";
import type { ClientMatrix } from "./client-matrix.js";

const dir = mkdtempSync(path.join(tmpdir(), "clients-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: {} },
  };
}

describe("clients", () => {
  it("runs the clients of clients.json it is asked for (in process and as a subprocess) and a --server column", async () => {
    const emulator = await startEmulator({ auth: { apiKey: "clients-cli-key" } });
    try {
      const reports = path.join(dir, "reports");
      const t = io();
      const code = await main(
        [
          "clients",
          // The node clients only: the python column has its own test
          // (src/adapters/python/python-adapter.test.ts).
          "--client",
          "node-ours,node-ours-subprocess,official-sdk",
          "--case",
          "submit/happy-path",
          "--reports",
          reports,
          "--server",
          emulator.url,
          "--api-key",
          "clients-cli-key",
          "--folder-id",
          "b1gclients",
          "--quiet",
        ],
        t.io,
      );
      expect(t.err).toEqual([]);
      expect(code).toBe(0);
      const matrix = JSON.parse(
        readFileSync(path.join(reports, "clients.json"), "utf8"),
      ) as ClientMatrix;
      expect(matrix.columns.map((c) => c.id)).toEqual([
        "node-ours@embedded",
        "node-ours@server",
        "node-ours-subprocess@embedded",
        "node-ours-subprocess@server",
        "official-sdk@embedded",
        "official-sdk@server",
      ]);
      expect(matrix.columns[1]?.target).toBe(emulator.url);
      const row = matrix.suites[0]?.cases[0];
      expect(row?.name).toBe("happy-path");
      for (const c of matrix.columns.slice(0, 4)) {
        expect(row?.cells[c.id]).toEqual({ verdict: "pass" });
      }
      // The official SDK has no helper flags, which this case expects: not applicable.
      for (const c of matrix.columns.slice(4)) {
        expect(row?.cells[c.id]).toMatchObject({ verdict: "not-applicable" });
      }
      const md = readFileSync(path.join(reports, "clients.md"), "utf8");
      expect(md).toContain("| **submit** | happy-path | pass | pass | pass | pass | n/a");
    } finally {
      await emulator.close();
    }
  }, 60_000);

  it("fails when a case listed as known-failing for a client passes", async () => {
    const kf = path.join(dir, "stale.txt");
    writeFileSync(kf, "submit/happy-path  # pretend it fails\n");
    const config = path.join(dir, "clients.json");
    writeFileSync(
      config,
      JSON.stringify({
        clients: [
          {
            id: "sub",
            command: `node '${path.join(PACKAGE_DIR, "dist", "adapters", "node-ours", "main.js")}'`,
            knownFailing: kf,
          },
        ],
      }),
    );
    const t = io();
    const code = await main(
      ["clients", "--config", config, "--case", "submit/happy-path", "--reports", dir, "--quiet"],
      t.io,
    );
    expect(code).toBe(1);
    const matrix = JSON.parse(readFileSync(path.join(dir, "clients.json"), "utf8")) as ClientMatrix;
    expect(matrix.suites[0]?.cases[0]?.cells["sub@embedded"]).toMatchObject({
      verdict: "pass",
      knownFailing: true,
    });
  }, 60_000);

  it("refuses an unknown client with exit code 2", async () => {
    const t = io();
    expect(await main(["clients", "--client", "nope"], t.io)).toBe(2);
    expect(t.err[0]).toContain("no client nope");
  });
});
