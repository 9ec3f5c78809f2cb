/**
 * The `yc-assistants-emulator` CLI as users run it: a Node process that
 * prints its address, logs one line per call, and exits 0 on SIGTERM/SIGINT.
 *
 * The test compiles the package into a private directory first (the same
 * `tsc -p tsconfig.build.json` as the build, another outDir), so it never
 * depends on, nor races with, the package's own `dist/`.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Code } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clientsFor,
  collect,
  conversation,
  eventText,
  expectCode,
  FOLDER,
} from "./support/clients.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Under node_modules: ignored by git and Biome, and imports resolve as from dist/.
const outDir = path.join(packageDir, "node_modules", ".cache", `cli-test-${process.pid}`);
const cli = path.join(outDir, "cli.js");
const API_KEY = "cli-secret-key-0042";

beforeAll(() => {
  mkdirSync(outDir, { recursive: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const build = spawnSync(
    process.execPath,
    [
      tsc,
      "-p",
      "tsconfig.build.json",
      "--outDir",
      outDir,
      "--declaration",
      "false",
      "--declarationMap",
      "false",
      "--sourceMap",
      "false",
    ],
    { cwd: packageDir, encoding: "utf8" },
  );
  expect(build.stdout + build.stderr).toBe("");
  expect(build.status).toBe(0);
}, 120_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI and waits for the address line. */
function start(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /yc-assistants emulator listening on (http:\/\/[\d.]+:\d+)\n/.exec(output);
      if (match?.[1] !== undefined) resolve({ child, url: match[1], output: () => output, exit });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    exit.then(({ code }) =>
      reject(new Error(`the CLI exited with ${code} before listening:\n${output}`)),
    );
  });
}

describe("yc-assistants-emulator CLI", () => {
  it("prints its address, logs one line per call without secrets, exits 0 on SIGTERM", async () => {
    const running = await start(["--port", "0", "--api-key", API_KEY, "--chunk-delay-ms", "1"]);
    const transport = createGrpcTransport({
      baseUrl: running.url,
      interceptors: [
        (next) => (request) => {
          request.header.set("authorization", `Api-Key ${API_KEY}`);
          return next(request);
        },
      ],
    });
    const c = clientsFor(transport);
    const thread = await c.threads.create({ folderId: FOLDER });
    expect(thread.folderId).toBe(FOLDER);
    await expectCode(
      clientsFor(createGrpcTransport({ baseUrl: running.url })).threads.get({
        threadId: thread.id,
      }),
      Code.Unauthenticated,
    );
    running.child.kill("SIGTERM");
    expect(await running.exit).toEqual({ code: 0, signal: null });
    const lines = running.output().trim().split("\n");
    expect(lines[0]).toBe(`yc-assistants emulator listening on ${running.url}`);
    expect(lines).toContainEqual(expect.stringMatching(/^ThreadService\/Create OK \d+ms$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^ThreadService\/Get UNAUTHENTICATED \d+ms$/),
    );
    expect(running.output()).not.toContain(API_KEY);
  }, 30_000);

  it("plays a script file and exits 0 on SIGINT", async () => {
    const script = path.join(packageDir, "test", "fixtures", "hello.json");
    const running = await start(["--script", script, "--chunk-delay-ms", "1", "--quiet"]);
    const c = clientsFor(createGrpcTransport({ baseUrl: running.url }));
    const { assistant, thread } = await conversation(c, "hey!");
    const run = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });
    const events = await collect(c.runs.listen({ runId: run.id }));
    expect(events.map(eventText)).toEqual([
      "Hello",
      "Hello! How can I help you?",
      "Hello! How can I help you?",
    ]);
    running.child.kill("SIGINT");
    expect(await running.exit).toEqual({ code: 0, signal: null });
    expect(running.output()).not.toMatch(/Service\//);
  }, 30_000);

  it("explains its usage, and rejects bad options with exit code 2", () => {
    const help = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: yc-assistants-emulator");
    for (const args of [
      ["--bogus"],
      ["--model", "gpt"],
      ["--model", "script"],
      ["--port", "abc"],
    ]) {
      const bad = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
      expect(bad.status, args.join(" ")).toBe(2);
      expect(bad.stderr).toContain("Usage:");
    }
    const missing = spawnSync(process.execPath, [cli, "--script", "/nonexistent.yaml"], {
      encoding: "utf8",
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("/nonexistent.yaml");
    // Six processes one after another: generous on a loaded 2-core machine.
  }, 30_000);
});
