/**
 * The runner's side of the protocol against misbehaving clients (issue 11: "Timeouts, a client
 * that crashes and malformed answers are reported per case with the client's stderr tail. The
 * run goes on."), and `unsupported` making a case not applicable, never passed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunReport } from "../report.js";
import { runConformance } from "../run-conformance.js";

const dir = mkdtempSync(path.join(tmpdir(), "fake-client-"));
const casesDir = path.join(dir, "cases");

// Two small emulator cases: a run waited for, and a Get after it.
const SUITE = `suite: fake
description: Cases for the fake adapters.
cases:
  - name: first
    description: create, write, run, wait.
    server: { emulator: {} }
    steps:
      - createAssistant: {}
      - createThread: {}
      - write: hello
      - run: { stream: true }
      - wait: {}
  - name: second
    description: the same, then one Get.
    server: { emulator: {} }
    steps:
      - createAssistant: {}
      - createThread: {}
      - write: hello
      - run: {}
      - wait: {}
      - result: {}
`;

/**
 * A fake adapter (plain JavaScript, JSON lines): answers init, caseStart and caseEnd; its steps
 * misbehave as FAKE_MODE says. Every start appends a line to FAKE_STARTS.
 */
const FAKE = `
import { appendFileSync } from "node:fs";
import { createInterface } from "node:readline";
const mode = process.env.FAKE_MODE;
appendFileSync(process.env.FAKE_STARTS, "start\\n");
const send = (o) => process.stdout.write(JSON.stringify(o) + "\\n");
for await (const line of createInterface({ input: process.stdin })) {
  const req = JSON.parse(line);
  if (req.init) send({ initAck: { name: "fake", version: "0", unsupported: mode === "unsupported-init" ? ["create_thread"] : [] } });
  else if (req.caseStart) send({ caseStarted: {} });
  else if (req.caseEnd) send({ caseEnded: {} });
  else if (req.shutdown) process.exit(0);
  else if (req.step) {
    const index = req.step.index ?? 0;
    if (mode === "crash") { process.stderr.write("boom: the fake adapter crashed\\n"); process.exit(3); }
    if (mode === "hang") continue;
    if (mode === "garbage") { process.stdout.write("garbage, not JSON\\n"); continue; }
    if (mode === "unsupported-step" && req.step.run) { send({ step: { index, unsupported: ["run.stream"] } }); continue; }
    send({ step: { index, assistantId: "a", threadId: "t" } });
  }
}
`;
const fake = path.join(dir, "fake-adapter.mjs");
writeFileSync(fake, FAKE);
mkdirSync(casesDir, { recursive: true });
writeFileSync(path.join(casesDir, "fake.yaml"), SUITE);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runFake(mode: string): Promise<{ report: RunReport; starts: number }> {
  const starts = path.join(dir, `${mode}.starts`);
  writeFileSync(starts, "");
  const report = await runConformance({
    casesDir,
    concurrency: 1,
    stepTimeoutMs: 500,
    clientCommand: { command: `FAKE_MODE=${mode} FAKE_STARTS='${starts}' node '${fake}'` },
  });
  return { report, starts: readFileSync(starts, "utf8").split("\n").filter(Boolean).length };
}

describe("a misbehaving client under test", () => {
  it("that crashes: each case fails with the exit and the stderr tail; a new client runs the next case", async () => {
    const { report, starts } = await runFake("crash");
    expect(report.cases.map((c) => c.outcome)).toEqual(["failed", "failed"]);
    for (const c of report.cases) {
      const text = c.failures.join("\n");
      expect(text).toContain("the client exited (code 3)");
      expect(text).toContain("boom: the fake adapter crashed");
    }
    expect(starts).toBe(2);
    expect(report.ok).toBe(false);
  }, 20_000);

  it("that does not answer: the step times out, the case fails, the run goes on", async () => {
    const { report, starts } = await runFake("hang");
    expect(report.cases.map((c) => c.outcome)).toEqual(["failed", "failed"]);
    for (const c of report.cases) {
      expect(c.failures.join("\n")).toContain("did not answer the step request within 500 ms");
    }
    expect(starts).toBe(2);
  }, 20_000);

  it("that answers garbage: the case fails as a malformed answer", async () => {
    const { report } = await runFake("garbage");
    expect(report.cases.map((c) => c.outcome)).toEqual(["failed", "failed"]);
    for (const c of report.cases) {
      expect(c.failures.join("\n")).toContain("malformed answer");
      expect(c.failures.join("\n")).toContain("garbage, not JSON");
    }
  }, 20_000);
});

describe("unsupported", () => {
  it("in InitAck: a case using that step is not applicable, with the reason, never passed", async () => {
    const { report } = await runFake("unsupported-init");
    expect(report.cases.map((c) => c.outcome)).toEqual(["skipped", "skipped"]);
    expect(report.cases[0]?.note).toBe(
      "not applicable: the client does not offer the create_thread step",
    );
    expect(report.suites[0]).toMatchObject({ passed: 0, failed: 0, skipped: 2 });
  }, 20_000);

  it("in a StepResponse: that case is not applicable", async () => {
    const { report } = await runFake("unsupported-step");
    expect(report.cases.map((c) => c.note)).toEqual([
      "not applicable: the client does not offer run.stream (step run)",
      "not applicable: the client does not offer run.stream (step run)",
    ]);
  }, 20_000);
});
