/**
 * Decodes the recorded production traffic (../shared/fixtures/yandex-recorded, see its
 * README, "What a client must report for each run fixture") and checks that RunResult and
 * RunStreamEvent report exactly what the README says.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fromJson, type JsonValue, toJson } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { RunSchema, StreamEventSchema } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { RunResult } from "./run-result.js";
import { RunStatus } from "./run-status.js";
import { RunStreamEvent } from "./run-stream-event.js";
import { StreamEvent } from "./stream-event.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const fixturesDir =
  process.env["YC_FIXTURES_DIR"] ?? path.resolve(repoRoot, "../shared/fixtures/yandex-recorded");

interface Recorded {
  cls: string;
  module: string;
  message: JsonValue;
}
interface Interaction {
  request: Recorded;
  response?: Recorded;
  response_stream?: Recorded[];
}

/** The full proto name of a recorded message: the module's package + cls (fixtures README). */
function typeName(rec: Recorded): string {
  return `${rec.module.slice(0, rec.module.lastIndexOf("."))}.${rec.cls}`;
}

function load(file: string): Interaction[] {
  const json = JSON.parse(readFileSync(path.join(fixturesDir, file), "utf8")) as {
    interactions: Interaction[];
  };
  return json.interactions;
}

function decodeRun(rec: Recorded): RunResult {
  expect(typeName(rec)).toBe(RunSchema.typeName);
  return RunResult.fromProto(fromJson(RunSchema, rec.message));
}

/** Run responses of Create and Get, in order. */
function runResponses(interactions: Interaction[], requestCls?: string): RunResult[] {
  return interactions
    .filter(
      (i) =>
        i.response?.cls === "Run" && (requestCls === undefined || i.request.cls === requestCls),
    )
    .map((i) => decodeRun(i.response as Recorded));
}

/** Statuses seen while polling (Get), consecutive repeats collapsed. */
function polledStatuses(interactions: Interaction[]): string[] {
  const seen: string[] = [];
  for (const result of runResponses(interactions, "GetRunRequest")) {
    if (seen.at(-1) !== result.status.name) seen.push(result.status.name);
  }
  return seen;
}

function finalResult(interactions: Interaction[]): RunResult {
  const results = runResponses(interactions);
  const last = results.at(-1);
  if (last === undefined) throw new Error("fixture has no Run response");
  return last;
}

/** Every event of the (single) Listen stream, with delta computed along the stream. */
function listenEvents(interactions: Interaction[]): RunStreamEvent[] {
  const listens = interactions.filter((i) => i.request.cls === "ListenRunRequest");
  expect(listens).toHaveLength(1);
  const events: RunStreamEvent[] = [];
  let previous: string | undefined;
  for (const rec of listens[0]?.response_stream ?? []) {
    expect(typeName(rec)).toBe(StreamEventSchema.typeName);
    const ev = RunStreamEvent.fromProto(fromJson(StreamEventSchema, rec.message), previous);
    previous = ev.text ?? previous;
    events.push(ev);
  }
  return events;
}

function expectMessageError(result: RunResult): void {
  let thrown: unknown;
  try {
    void result.message;
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConnectError);
  expect((thrown as ConnectError).code).toBe(Code.FailedPrecondition);
  expect((thrown as ConnectError).rawMessage).toContain("run failed and has no message");
}

const HELLO = "Hello! How can I help you?";

describe.each([
  "test_run/test_run.json",
  "test_run/test_run_stream.json",
  "test_run/test_run_fail.json",
  "test_function_call/test_sync_function_call.json",
  "test_function_call/test_stream_function_call.json",
])("%s: every Run and StreamEvent decodes and re-encodes to the recorded JSON", (file) => {
  it("round-trips", () => {
    const interactions = load(file);
    let count = 0;
    for (const i of interactions) {
      for (const rec of [i.response, ...(i.response_stream ?? [])]) {
        if (rec === undefined) continue;
        const schema =
          rec.cls === "Run" ? RunSchema : rec.cls === "StreamEvent" ? StreamEventSchema : undefined;
        if (schema === undefined) continue;
        expect(typeName(rec)).toBe(schema.typeName);
        expect(toJson(schema, fromJson(schema, rec.message))).toEqual(rec.message);
        count++;
      }
    }
    expect(count).toBeGreaterThan(0);
  });
});

describe("test_run/test_run.json (non-streamed run)", () => {
  const interactions = load("test_run/test_run.json");

  it("polling sees PENDING, IN_PROGRESS, COMPLETED", () => {
    expect(polledStatuses(interactions)).toEqual(["PENDING", "IN_PROGRESS", "COMPLETED"]);
    expect(runResponses(interactions, "CreateRunRequest")[0]?.status).toBe(RunStatus.PENDING);
  });

  it("the result: isSucceeded, COMPLETED, text, parts, no error, completion tokens > 0", () => {
    const result = finalResult(interactions);
    expect(result.isSucceeded).toBe(true);
    expect(result.isFinished).toBe(true);
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe(HELLO);
    expect(result.parts).toEqual([HELLO]);
    expect(result.error).toBeUndefined();
    expect(result.toolCalls).toBeUndefined();
    expect(result.usage?.completionTokens).toBeGreaterThan(0);
    expect(result.usage).toEqual({ inputTextTokens: 12, completionTokens: 8, totalTokens: 20 });
    expect(result.message.role).toBe("ASSISTANT");
  });

  it("Listen yields exactly 1 event (DONE) whose text equals the result's text", () => {
    const events = listenEvents(interactions);
    expect(events).toHaveLength(1);
    expect(events[0]?.status).toBe(StreamEvent.DONE);
    expect(events[0]?.text).toBe(finalResult(interactions).text);
    expect(events[0]?.delta).toBe(HELLO);
    expect(events[0]?.cursor).toEqual({ currentEventIdx: 0, numUserEventsReceived: 0 });
    expect(events[0]?.error).toBeUndefined();
  });
});

describe("test_run/test_run_stream.json (streamed run)", () => {
  const interactions = load("test_run/test_run_stream.json");

  it("polling sees IN_PROGRESS then COMPLETED after a PENDING Create", () => {
    expect(runResponses(interactions, "CreateRunRequest")[0]?.status).toBe(RunStatus.PENDING);
    expect(polledStatuses(interactions)).toEqual(["IN_PROGRESS", "COMPLETED"]);
  });

  it("the result is as for the non-streamed run", () => {
    const result = finalResult(interactions);
    expect(result.isSucceeded).toBe(true);
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe(HELLO);
    expect(result.parts).toEqual([HELLO]);
    expect(result.error).toBeUndefined();
    expect(result.usage?.completionTokens).toBeGreaterThan(0);
  });

  it("Listen yields exactly 3 events: PARTIAL 'Hello', PARTIAL full text, DONE; no error", () => {
    const events = listenEvents(interactions);
    expect(events.map((e) => e.status)).toEqual([
      StreamEvent.PARTIAL_MESSAGE,
      StreamEvent.PARTIAL_MESSAGE,
      StreamEvent.DONE,
    ]);
    expect(events.map((e) => e.text)).toEqual(["Hello", HELLO, HELLO]);
    expect(events.map((e) => e.delta)).toEqual(["Hello", "! How can I help you?", ""]);
    expect(events.map((e) => e.cursor.currentEventIdx)).toEqual([0, 1, 2]);
    expect(events.every((e) => e.error === undefined)).toBe(true);
    expect(events[0]?.message?.isPartial).toBe(true);
    expect(events[0]?.message?.id).toBeUndefined();
    expect(events[2]?.message?.isPartial).toBe(false);
    expect(events[2]?.message?.id).toBe(finalResult(interactions).message.id);
  });
});

describe("test_run/test_run_fail.json (max_prompt_tokens: 1)", () => {
  const interactions = load("test_run/test_run_fail.json");

  it("polling sees IN_PROGRESS then FAILED", () => {
    expect(polledStatuses(interactions)).toEqual(["IN_PROGRESS", "FAILED"]);
  });

  it("the result isFailed, FAILED, error contains '1 token', reading its message is an error", () => {
    const result = finalResult(interactions);
    expect(result.isFailed).toBe(true);
    expect(result.isFinished).toBe(true);
    expect(result.isSucceeded).toBe(false);
    expect(result.statusName).toBe("failed");
    expect(result.status).toBe(RunStatus.FAILED);
    expect(result.error?.message).toContain("1 token");
    expect(result.error?.code).toBe(0);
    expectMessageError(result);
    expect(() => result.text).toThrow(ConnectError);
    expect(() => result.parts).toThrow(ConnectError);
    expect(() => result.citations).toThrow(ConnectError);
  });
});

describe("test_function_call/test_sync_function_call.json", () => {
  const interactions = load("test_function_call/test_sync_function_call.json");
  const polls = runResponses(interactions, "GetRunRequest");

  it("polling sees PENDING, IN_PROGRESS, TOOL_CALLS, COMPLETED", () => {
    expect(polledStatuses(interactions)).toEqual([
      "PENDING",
      "IN_PROGRESS",
      "TOOL_CALLS",
      "COMPLETED",
    ]);
  });

  it("TOOL_CALLS: isSucceeded, one call special_operation({numbers:[5,4,1]}) as doubles, usage 100/14/114", () => {
    const toolCallResults = polls.filter((r) => r.status === RunStatus.TOOL_CALLS);
    expect(toolCallResults).toHaveLength(2);
    for (const result of toolCallResults) {
      expect(result.isSucceeded).toBe(true);
      expect(result.toolCalls).toHaveLength(1);
      const call = result.toolCalls?.[0];
      expect(call?.type).toBe("function");
      expect(call?.name).toBe("special_operation");
      expect(call?.arguments).toEqual({ numbers: [5, 4, 1] });
      const numbers = call?.arguments["numbers"] as unknown[];
      expect(numbers.every((n) => typeof n === "number")).toBe(true);
      expect(result.usage).toEqual({
        inputTextTokens: 100,
        completionTokens: 14,
        totalTokens: 114,
      });
      expect(result.text).toBeUndefined();
    }
  });

  it("the final result: COMPLETED, text contains '+20', no tool calls, usage 234/53/287", () => {
    const result = finalResult(interactions);
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toContain("+20");
    expect(result.toolCalls).toBeUndefined();
    expect(result.usage).toEqual({
      inputTextTokens: 234,
      completionTokens: 53,
      totalTokens: 287,
    });
  });
});

describe("test_function_call/test_stream_function_call.json", () => {
  const interactions = load("test_function_call/test_stream_function_call.json");

  it("Listen from 0: six cumulative PARTIAL_MESSAGE events at cursors 0..5, then DONE at 6", () => {
    const events = listenEvents(interactions);
    expect(events).toHaveLength(7);
    expect(events.slice(0, 6).every((e) => e.status === StreamEvent.PARTIAL_MESSAGE)).toBe(true);
    expect(events[6]?.status).toBe(StreamEvent.DONE);
    expect(events.map((e) => e.cursor.currentEventIdx)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // the first event's cursor is empty on the wire, meaning 0
    expect(
      interactions.find((i) => i.request.cls === "ListenRunRequest")?.response_stream?.[0]?.message,
    ).toMatchObject({
      streamCursor: {},
    });
  });

  it("partials are cumulative: each text extends the previous, deltas rebuild the final text", () => {
    const events = listenEvents(interactions);
    expect(events[0]?.text).toBe("The");
    for (let i = 1; i < 6; i++) {
      const previous = events[i - 1]?.text ?? "";
      expect(events[i]?.text?.startsWith(previous)).toBe(true);
      expect(events[i]?.delta).toBe(events[i]?.text?.slice(previous.length));
    }
    const done = events[6];
    expect(done?.text).toBe(events[5]?.text);
    expect(done?.delta).toBe("");
    expect(done?.message?.id).toBe("fvtac8a8icb90pvg1mhe");
    expect(done?.text).toContain("Answer: $10 + a$");
    expect(events.map((e) => e.delta).join("")).toBe(done?.text);
    expect(events.every((e) => e.error === undefined && e.toolCalls === undefined)).toBe(true);
  });
});
