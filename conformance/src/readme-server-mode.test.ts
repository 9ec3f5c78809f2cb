/**
 * The README's "Against another server" instructions, run as written (issue 11, "Servers
 * too"): the emulator's own command line started as a child process (`npx
 * yc-assistants-emulator` runs this bin; port 0 instead of 8080 so parallel runs never
 * collide), then the conformance CLI as a child process with `--server`, the same
 * `--api-key` and a folder. With the key, the authentication cases pass; without one, the
 * emulator accepts anonymous calls and those cases are reported not applicable.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EMULATOR_BIN = path.join(ROOT, "node_modules", ".bin", "yc-assistants-emulator");
const CONFORMANCE_CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) child.kill("SIGTERM");
});

/** Starts the emulator CLI and resolves with the URL it prints. */
function startEmulatorCli(args: string[]): Promise<string> {
  const child = spawn(EMULATOR_BIN, ["--port", "0", "--quiet", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 15_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
}

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly report: {
    cases: { id: string; outcome: string; note?: string }[];
    warnings: string[];
  };
}

function runConformanceCli(args: string[]): Promise<CliRun> {
  const dir = mkdtempSync(path.join(tmpdir(), "readme-server-"));
  const json = path.join(dir, "report.json");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CONFORMANCE_CLI, ...args, "--json", json, "--junit", path.join(dir, "junit.xml")],
      { timeout: 60_000, env: { ...process.env, YC_API_KEY: "", YC_IAM_TOKEN: "" } },
      (error, stdout) => {
        if (error && typeof error.code !== "number") {
          reject(error);
          return;
        }
        resolve({
          code: typeof error?.code === "number" ? error.code : 0,
          stdout,
          report: JSON.parse(readFileSync(json, "utf8")),
        });
      },
    );
  });
}

const AUTH_CASES = ["errors/unauthenticated-api-key", "errors/unauthenticated-iam-token"];
// The auth cases and the other server-mode error cases: enough to prove the flow in seconds
// (the whole server mode runs in run-conformance.test.ts).
const SELECTION = ["--suite", "errors", "--quiet"];

describe("README server mode", () => {
  it("an emulator started with --api-key K, the same key passed: every case passes, the auth cases too", async () => {
    const url = await startEmulatorCli(["--api-key", "K"]);
    const run = await runConformanceCli([
      "--mode",
      "server",
      "--server",
      url,
      "--api-key",
      "K",
      "--folder-id",
      "b1gconformance",
      ...SELECTION,
    ]);
    expect(run.stdout).toContain("OK: server mode");
    expect(run.code).toBe(0);
    for (const id of AUTH_CASES) {
      expect(run.report.cases.find((c) => c.id === id)?.outcome).toBe("passed");
    }
    expect(run.report.cases.filter((c) => c.outcome === "passed").length).toBe(3);
  }, 60_000);

  it("an emulator without a key accepts anonymous calls: the auth cases are not applicable, with the reason", async () => {
    const url = await startEmulatorCli([]);
    const run = await runConformanceCli([
      "--mode",
      "server",
      "--server",
      url,
      "--api-key",
      "anything",
      "--folder-id",
      "b1gconformance",
      ...SELECTION,
    ]);
    expect(run.code).toBe(0);
    for (const id of AUTH_CASES) {
      const c = run.report.cases.find((x) => x.id === id);
      expect(c?.outcome).toBe("skipped");
      expect(c?.note).toMatch(/^not applicable: .* accepts anonymous calls/);
      expect(run.report.warnings.some((w) => w.startsWith(`${id}: not applicable`))).toBe(true);
    }
    expect(run.stdout).toContain("accepts anonymous calls");
  }, 60_000);
});
