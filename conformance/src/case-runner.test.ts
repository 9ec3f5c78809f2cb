/**
 * The runner's expectations for servers whose exact output is not known (server mode):
 * `first` / `last` events of a stream and `submit: { results: auto }`. Each runs a small
 * replay case, once written so it passes and once so it must fail.
 */
import { describe, expect, it } from "vitest";
import { parseSuiteFile } from "./case-loader.js";
import { autoResults, runCase } from "./case-runner.js";

/** Runs the single case of a `demo` suite file against the replay server. */
async function failuresOf(yaml: string): Promise<string[]> {
  const [loaded] = parseSuiteFile("cases/demo.yaml", `suite: demo\ncases:\n${yaml}`).cases;
  if (!loaded) throw new Error("no case");
  const result = await runCase(loaded, { target: "replay", fixturesDir: "." });
  return result.failures;
}

const toolCalls = (...names: string[]) => ({
  toolCalls: names.map((name) => ({ functionCall: { name } })),
});

/** A Listen whose stream is two partials, then DONE. */
const listenCase = (expectYaml: string) => `
  - name: flexible
    server:
      replay:
        exchanges:
          - rpc: RunService.Get
            response: { id: run-1, state: { status: COMPLETED } }
          - rpc: RunService.Listen
            stream:
              - ${JSON.stringify({ eventType: "PARTIAL_MESSAGE", partialMessage: { content: [{ text: { content: "a" } }] } })}
              - ${JSON.stringify({ eventType: "PARTIAL_MESSAGE", streamCursor: { currentEventIdx: "1" }, partialMessage: { content: [{ text: { content: "ab" } }] } })}
              - ${JSON.stringify({ eventType: "DONE", streamCursor: { currentEventIdx: "2" }, completedMessage: { content: { content: [{ text: { content: "ab" } }] } } })}
    steps:
      - useRun: { id: run-1 }
      - listen: {}
        expect: ${expectYaml}
`;

describe("first and last stream events", () => {
  it("pass when the first and the last event match, whatever lies between", async () => {
    expect(
      await failuresOf(
        listenCase(
          `{ first: { status: PARTIAL_MESSAGE, text: "a" }, last: { status: DONE, text: "ab" } }`,
        ),
      ),
    ).toEqual([]);
  });

  it("fail, naming the event, when the first or the last differs", async () => {
    const failures = await failuresOf(
      listenCase(`{ first: { status: DONE }, last: { status: ERROR } }`),
    );
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/listen first event\.status.*DONE/);
    expect(failures[1]).toMatch(/listen last event\.status.*ERROR/);
  });
});

/** A run waiting in TOOL_CALLS with calls to `f` and `g`, answered by one Submit. */
const autoCase = (status: string) => `
  - name: auto
    server:
      replay:
        exchanges:
          - rpc: RunService.Get
            response: ${JSON.stringify({ id: "run-1", state: { status, ...(status === "TOOL_CALLS" ? { toolCallList: toolCalls("f", "g") } : {}) } })}
          - rpc: RunService.Submit
            request: ${JSON.stringify({
              runId: "run-1",
              toolResultList: {
                toolResults: [
                  { functionResult: { name: "f", content: "result 1 of f" } },
                  { functionResult: { name: "g", content: "result 2 of g" } },
                ],
              },
            })}
            response: {}
    steps:
      - useRun: { id: run-1 }
      - submit: { results: auto }
        expect: { requests: { RunService.Submit: 1 } }
`;

describe("submit: { results: auto }", () => {
  it("sends one Submit with a result for every call of the run, in call order", async () => {
    expect(await failuresOf(autoCase("TOOL_CALLS"))).toEqual([]);
  });

  it("fails the step when the run has no tool calls to answer", async () => {
    const failures = await failuresOf(autoCase("COMPLETED"));
    expect(failures.join("\n")).toMatch(/FAILED_PRECONDITION: results: auto needs a run waiting/);
  });

  it("names each result after its call", () => {
    const run = {
      lastResult: { toolCalls: [{ name: "a" }, { name: "a" }], status: { name: "TOOL_CALLS" } },
    };
    expect(autoResults(run as never)).toEqual([
      { name: "a", content: "result 1 of a" },
      { name: "a", content: "result 2 of a" },
    ]);
  });

  it("is accepted by the case schema next to explicit results, and nothing else is", () => {
    expect(() =>
      parseSuiteFile("cases/demo.yaml", `suite: demo\ncases:\n${autoCase("TOOL_CALLS")}`),
    ).not.toThrow();
    expect(() =>
      parseSuiteFile(
        "cases/demo.yaml",
        `suite: demo\ncases:\n${autoCase("TOOL_CALLS").replace("results: auto", "results: all")}`,
      ),
    ).toThrow(/steps\[1\]\.submit\.results/);
  });
});

describe("error: { messageMatches }", () => {
  /** useRun of an id the replay script answers with NOT_FOUND "run abc not found". */
  const notFound = (matches: string) => `
  - name: matches
    server:
      replay:
        exchanges:
          - rpc: RunService.Get
            error: { code: NOT_FOUND, message: "run abc not found" }
    steps:
      - useRun: { id: abc }
        expect: { error: { code: NOT_FOUND, messageMatches: ${JSON.stringify(matches)} } }
`;

  it("passes when the message matches the expression (either spelling of a field)", async () => {
    expect(await failuresOf(notFound("run_id|run abc"))).toEqual([]);
  });

  it("fails, quoting the message, when it does not match", async () => {
    const failures = await failuresOf(notFound("runId|run_id"));
    expect(failures.join("\n")).toContain(
      'expected the error message to match /runId|run_id/, got "run abc not found"',
    );
  });
});
