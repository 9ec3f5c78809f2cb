import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CaseFileError, loadSuites, parseSuiteFile } from "./case-loader.js";

const GOOD = `
suite: demo
cases:
  - name: first
    server:
      replay:
        exchanges:
          - rpc: RunService.Get
            response: { id: run-1, state: { status: COMPLETED } }
    steps:
      - useRun: { id: run-1 }
        expect: { status: COMPLETED }
`;

function fails(text: string, file = "cases/demo.yaml"): CaseFileError {
  try {
    parseSuiteFile(file, text);
  } catch (e) {
    if (e instanceof CaseFileError) return e;
    throw e;
  }
  throw new Error("the file was accepted");
}

describe("parseSuiteFile", () => {
  it("reads a valid file into cases with ids", () => {
    const suite = parseSuiteFile("cases/demo.yaml", GOOD);
    expect(suite.suite).toBe("demo");
    expect(suite.cases.map((c) => c.id)).toEqual(["demo/first"]);
  });

  it("names the file, the line, the case and the field of a wrong type", () => {
    const e = fails(GOOD.replace("useRun: { id: run-1 }", "useRun: { id: 42 }"));
    expect(e.file).toBe("cases/demo.yaml");
    expect(e.caseName).toBe("first");
    expect(e.fieldPath).toBe("steps[0].useRun.id");
    expect(e.line).toBe(11);
    expect(e.message).toBe(
      'cases/demo.yaml:11: case "first": steps[0].useRun.id: expected a string, got a number (42)',
    );
  });

  it("rejects unknown fields (typos) and lists the known ones", () => {
    const e = fails(GOOD.replace("expect: { status: COMPLETED }", "expect: { stauts: COMPLETED }"));
    expect(e.fieldPath).toBe("steps[0].expect.stauts");
    expect(e.detail).toMatch(/^unknown field \(expected one of: .*status/);
  });

  it("names a missing required field", () => {
    const e = fails(GOOD.replace("  - name: first\n", "  - description: no name\n"));
    expect(e.caseName).toBe("#1");
    expect(e.fieldPath).toBe("name");
    expect(e.detail).toContain("required field is missing");
  });

  it("names the field of a files / search index step (issue 9)", () => {
    const e = fails(
      GOOD.replace("useRun: { id: run-1 }", 'uploadFile: { text: "x", base64: "%%" }'),
    );
    expect(e.message).toBe(
      'cases/demo.yaml:11: case "first": steps[0].uploadFile.base64: expected base64, got a string ("%%")',
    );
    const pages = fails(GOOD.replace("useRun: { id: run-1 }", "listFiles: { pageSize: 0 }"));
    expect(pages.fieldPath).toBe("steps[0].listFiles.pageSize");
    const index = fails(GOOD.replace("useRun: { id: run-1 }", "createSearchIndex: { type: bm25 }"));
    expect(index.fieldPath).toBe("steps[0].createSearchIndex.type");
  });

  it("names the field of a callRaw step and of requires (issue 11)", () => {
    const rpc = fails(GOOD.replace("useRun: { id: run-1 }", "callRaw: { rpc: RunService/Get }"));
    expect(rpc.fieldPath).toBe("steps[0].callRaw.rpc");
    const path = fails(
      GOOD.replace(
        "useRun: { id: run-1 }\n        expect: { status: COMPLETED }",
        'callRaw: { rpc: RunService.Get }\n        expect: { present: ["state..status"] }',
      ),
    );
    expect(path.fieldPath).toBe("steps[0].expect.present[0]");
    const requires = fails(GOOD.replace("    steps:", "    requires: [auth]\n    steps:"));
    expect(requires.fieldPath).toBe("requires[0]");
  });

  it("rejects a step with no or two kinds", () => {
    expect(fails(GOOD.replace("useRun: { id: run-1 }", "usRun: { id: run-1 }")).fieldPath).toBe(
      "steps[0]",
    );
    const two = fails(
      GOOD.replace("useRun: { id: run-1 }", "useRun: { id: run-1 }\n        wait: {}"),
    );
    expect(two.detail).toContain("got several: useRun, wait");
  });

  it("checks scripted exchanges against the service schemas", () => {
    const rpc = fails(GOOD.replace("RunService.Get", "RunService.Fetch"));
    expect(rpc.fieldPath).toBe("server.replay.exchanges[0].rpc");
    expect(rpc.detail).toContain('unknown RPC "RunService.Fetch"');
    const json = fails(GOOD.replace("status: COMPLETED } }", "status: DONE } }"));
    expect(json.fieldPath).toBe("server.replay.exchanges[0].response");
    expect(json.detail).toContain("not a valid yandex.cloud.ai.assistants.v1.runs.Run");
    const kind = fails(
      GOOD.replace("response: { id: run-1", "stream: [{ id: run-1").replace(
        "} }\n    steps",
        "} }]\n    steps",
      ),
    );
    expect(kind.detail).toContain('RunService.Get is a unary call: use "response"');
  });

  it("rejects bad status codes, duplicate names and a suite name unlike the file", () => {
    const code = fails(
      GOOD.replace("expect: { status: COMPLETED }", "expect: { error: { code: NOT_A_CODE } }"),
    );
    expect(code.fieldPath).toBe("steps[0].expect.error.code");
    const dup = fails(`${GOOD}${GOOD.slice(GOOD.indexOf("  - name: first"))}`);
    expect(dup.caseName).toBe("first");
    expect(dup.detail).toContain("duplicate case name");
    expect(fails(GOOD, "cases/other.yaml").detail).toBe(
      'must equal the file name "other", got "demo"',
    );
  });

  it("keeps server-mode cases off replay servers and emulator knobs", () => {
    const replay = fails(GOOD.replace("    server:", "    modes: [server]\n    server:"));
    expect(replay.fieldPath).toBe("modes");
    const knobs = fails(`
suite: demo
cases:
  - name: knobs
    modes: [client, server]
    server: { emulator: { chunkDelayMs: 5 } }
    steps: [{ createThread: {} }]
`);
    expect(knobs.fieldPath).toBe("server.emulator.chunkDelayMs");
  });

  it("reports YAML syntax errors with their line", () => {
    const e = fails("suite: demo\ncases:\n  - name: [unclosed\n");
    expect(e.fieldPath).toBe("(yaml)");
    expect(e.line).toBeGreaterThanOrEqual(3);
  });

  it("loads every shipped case file", () => {
    const suites = loadSuites();
    expect(suites.map((s) => s.suite)).toEqual([
      "citations",
      "enum-mapping",
      "errors",
      "files",
      "listen-cursors",
      "pagination",
      "recorded",
      "run-results",
      "search-indexes",
      "server-bookkeeping",
      "server-not-found",
      "server-paging",
      "server-runs",
      "server-validation",
      "stream-events",
      "submit",
    ]);
    expect(suites.flatMap((s) => s.cases).length).toBeGreaterThan(100);
  });

  it("refuses two files of one suite", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cases-"));
    writeFileSync(path.join(dir, "demo.yaml"), GOOD);
    writeFileSync(path.join(dir, "demo.yml"), GOOD);
    expect(() => loadSuites(dir)).toThrow(/duplicate suite "demo"/);
  });
});
