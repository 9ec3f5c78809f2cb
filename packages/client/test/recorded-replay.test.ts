/**
 * Replays the recorded production traffic (../shared/fixtures/yandex-recorded) through an
 * in-memory router and drives the CLIENT API over it: every request the client makes must equal
 * the recorded one, every recorded interaction must be used, and the client must report exactly
 * what the fixtures README says.
 */
import { createRouterTransport } from "@connectrpc/connect";
import { AssistantService } from "@yc-assistants/types/assistants";
import { type Run as RunProto, RunService } from "@yc-assistants/types/runs";
import { afterEach, describe, expect, test } from "vitest";
import {
  AssistantsClient,
  functionTool,
  type RunResult,
  RunStatus,
  type RunStreamEvent,
  StreamEvent,
} from "../src/index.js";
import { ReplayServer } from "./replay-server.js";
import { instantRetry } from "./support.js";

let replay: ReplayServer | undefined;

function replayClient(file: string): AssistantsClient {
  replay = new ReplayServer(file);
  return new AssistantsClient({
    folderId: replay.folderId,
    auth: { apiKey: "replay-key" },
    env: {},
    retry: instantRetry,
    transport: createRouterTransport(replay.routes()),
  });
}

afterEach(() => {
  // Every request matched its recording, and every recorded interaction was replayed.
  expect(replay?.mismatches).toEqual([]);
  expect(replay?.remaining()).toEqual([]);
  replay = undefined;
});

async function collect(iterable: AsyncIterable<RunStreamEvent>): Promise<RunStreamEvent[]> {
  const out: RunStreamEvent[] = [];
  for await (const ev of iterable) out.push(ev);
  return out;
}

function statusesSeenByGet(): string[] {
  return (replay?.responsesOf(RunService.method.get) ?? []).map(
    (run) => RunStatus.fromProto((run as RunProto).state?.status ?? 0).name,
  );
}

const special = functionTool({
  name: "special_operation",
  description: "Tool which have to collect all the numbers from user message and do a FOO with it",
  parameters: {
    title: "Numbers",
    type: "object",
    properties: { numbers: { title: "Numbers", type: "array", items: { type: "integer" } } },
    required: ["numbers"],
  },
});

describe("recorded traffic: test_run", () => {
  test("test_run.json: Listen yields 1 DONE event; wait() polls PENDING, IN_PROGRESS, COMPLETED", async () => {
    const client = replayClient("test_run/test_run.json");
    const assistant = await client.assistants.create({ model: "yandexgpt" });
    const thread = await client.threads.create();
    await thread.write("hey!");
    const run = await assistant.run(thread, { temperature: 0 });
    expect(run.lastStatus).toBe(RunStatus.PENDING);

    const events = await collect(run.listen());
    expect(events).toHaveLength(1);
    expect(events[0]?.status).toBe(StreamEvent.DONE);

    // The Get after the DONE event lags (the recording polled from PENDING): wait() polls on.
    const result = await run.wait({ pollIntervalMs: 0 });
    expect(statusesSeenByGet()).toEqual(["PENDING", "IN_PROGRESS", "COMPLETED"]);
    expect(result.isSucceeded).toBe(true);
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe("Hello! How can I help you?");
    expect(result.parts).toEqual(["Hello! How can I help you?"]);
    expect(result.error).toBeUndefined();
    expect(result.usage?.completionTokens).toBeGreaterThan(0);
    expect(events[0]?.text).toBe(result.text);

    expect(await run.status()).toBe(RunStatus.COMPLETED);
    await assistant.delete();
    await thread.delete();
  });

  test("test_run_stream.json: stream() gets 3 events (Hello, full text, DONE), then ONE Get for usage", async () => {
    const client = replayClient("test_run/test_run_stream.json");
    const assistant = await client.assistants.create({ model: "yandexgpt" });
    const thread = await client.threads.create();
    await thread.write("hey!");
    const run = await assistant.runStream(thread, { temperature: 0 });

    const deltas: [string, string][] = [];
    let done: RunResult | undefined;
    const stream = run.stream({
      onTextDelta: (delta, snapshot) => deltas.push([delta, snapshot]),
      onDone: (r) => {
        done = r;
      },
    });
    const result = await stream.finalResult();
    const events = stream.events;
    expect(events.map((e) => e.status)).toEqual([
      StreamEvent.PARTIAL_MESSAGE,
      StreamEvent.PARTIAL_MESSAGE,
      StreamEvent.DONE,
    ]);
    expect(events.map((e) => e.text)).toEqual([
      "Hello",
      "Hello! How can I help you?",
      "Hello! How can I help you?",
    ]);
    expect(events[2]?.message?.id).toBe("fvtohl14hdcl7se3i9m4");
    expect(events.every((e) => e.error === undefined)).toBe(true);
    expect(events.map((e) => e.cursor.currentEventIdx)).toEqual([0, 1, 2]);
    expect(deltas).toEqual([
      ["Hello", "Hello"],
      ["! How can I help you?", "Hello! How can I help you?"],
    ]);
    expect(done).toBe(result);
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe("Hello! How can I help you?");
    expect(result.parts).toEqual(["Hello! How can I help you?"]);
    expect(result.error).toBeUndefined();
    expect(result.usage).toEqual({ inputTextTokens: 12, completionTokens: 8, totalTokens: 20 });
    expect(statusesSeenByGet()).toEqual(["IN_PROGRESS", "COMPLETED"]);

    expect(await run.status()).toBe(RunStatus.COMPLETED);
    await assistant.delete();
    await thread.delete();
  });

  test("test_run_fail.json: maxPromptTokens 1 → FAILED, error names 1 token, message throws", async () => {
    const client = replayClient("test_run/test_run_fail.json");
    const assistant = await client.assistants.create({ model: "yandexgpt", maxPromptTokens: 1 });
    expect(assistant.maxPromptTokens).toBe(1);
    const thread = await client.threads.create();
    await thread.write("hey! how are you?");
    const run = await assistant.run(thread, { temperature: 0 });

    // Listen is not in the recording (Unimplemented): wait() falls back to Get polling.
    const result = await run.wait({ pollIntervalMs: 0 });
    expect(result.isFailed).toBe(true);
    expect(result.status).toBe(RunStatus.FAILED);
    expect(result.error?.message).toContain("1 token");
    expect(() => result.message).toThrow(/run failed and has no message/);
    expect(() => result.text).toThrow(/run failed/);
    expect(statusesSeenByGet()).toEqual(["IN_PROGRESS", "FAILED"]);

    expect(await run.status()).toBe(RunStatus.FAILED);
    await assistant.delete();
    await thread.delete();
  });
});

describe("recorded traffic: test_function_call", () => {
  async function syncRunUntilToolCalls() {
    const client = replayClient("test_function_call/test_sync_function_call.json");
    const assistant = await client.assistants.create({ model: "yandexgpt", tools: [special] });
    const thread = await client.threads.create();
    await thread.write("do a FOO with all the numbers from: 5, 4, a, 1");
    const run = await assistant.run(thread);
    return { assistant, thread, run };
  }

  test("test_sync_function_call.json: TOOL_CALLS → submitToolResults → COMPLETED, never the old round", async () => {
    const { assistant, thread, run } = await syncRunUntilToolCalls();
    const first = await run.wait({ pollIntervalMs: 0 });
    expect(statusesSeenByGet()).toEqual(["PENDING", "IN_PROGRESS", "IN_PROGRESS", "TOOL_CALLS"]);
    expect(first.isSucceeded).toBe(true);
    expect(first.status).toBe(RunStatus.TOOL_CALLS);
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls?.[0];
    expect(call?.name).toBe("special_operation");
    expect(call?.arguments).toEqual({ numbers: [5, 4, 1] });
    expect(((call?.arguments.numbers ?? []) as unknown[]).every((n) => typeof n === "number")).toBe(
      true,
    );
    expect(first.usage).toEqual({
      inputTextTokens: 100,
      completionTokens: 14,
      totalTokens: 114,
    });

    await run.submitToolResults([{ name: "special_operation", content: "+20.0" }]);
    const submits = replay?.requestsOf(RunService.method.submit);
    expect(submits).toEqual([
      {
        runId: "fvtj3dp4kg4uilvsr97f",
        toolResultList: {
          toolResults: [{ functionResult: { name: "special_operation", content: "+20.0" } }],
        },
      },
    ]);

    // The recording's next Get still shows the answered TOOL_CALLS: wait() skips it.
    const final = await run.wait({ pollIntervalMs: 0 });
    expect(statusesSeenByGet().slice(4)).toEqual(["TOOL_CALLS", "COMPLETED"]);
    expect(final.status).toBe(RunStatus.COMPLETED);
    expect(final.text).toContain("+20");
    expect(final.toolCalls).toBeUndefined();
    expect(final.usage).toEqual({
      inputTextTokens: 234,
      completionTokens: 53,
      totalTokens: 287,
    });

    expect(await run.status()).toBe(RunStatus.COMPLETED);
    await assistant.delete();
    await thread.delete();
  });

  test("test_sync_function_call.json with handleToolCalls: one Submit, final COMPLETED", async () => {
    const { assistant, thread, run } = await syncRunUntilToolCalls();
    const seen: unknown[] = [];
    const final = await run.handleToolCalls(
      {
        special_operation: ({ numbers }) => {
          seen.push(numbers);
          return "+20.0";
        },
      },
      { pollIntervalMs: 0 },
    );
    expect(seen).toEqual([[5, 4, 1]]);
    expect(final.status).toBe(RunStatus.COMPLETED);
    expect(final.text).toContain("+20");
    expect(replay?.requestsOf(RunService.method.submit)).toHaveLength(1);
    expect(await run.status()).toBe(RunStatus.COMPLETED);
    await assistant.delete();
    await thread.delete();
  });

  test("test_stream_function_call.json: read() then Listen from 0: 6 cumulative partials (cursors 0..5) and DONE at 6", async () => {
    const client = replayClient("test_function_call/test_stream_function_call.json");
    const assistant = await client.assistants.create({ model: "yandexgpt/rc" });
    expect(replay?.requestsOf(AssistantService.method.create)[0]).toMatchObject({
      modelUri: "gpt://b1ghsjum2v37c2un8h64/yandexgpt/rc",
    });
    const thread = await client.threads.create();
    await thread.write("do a FOO with all the numbers from: 5, 4, a, 1");
    const run = await assistant.runStream(thread);

    const messages = [];
    for await (const m of thread.read()) messages.push(m);
    expect(messages.map((m) => [m.role, m.text])).toEqual([
      ["USER", "do a FOO with all the numbers from: 5, 4, a, 1"],
    ]);

    const events = await collect(run.listen({ fromIndex: 0 }));
    expect(events.map((e) => e.status)).toEqual([
      ...Array(6).fill(StreamEvent.PARTIAL_MESSAGE),
      StreamEvent.DONE,
    ]);
    expect(events.map((e) => e.cursor.currentEventIdx)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // The first event has an empty cursor on the wire: it means 0.
    expect(events[0]?.event.streamCursor?.currentEventIdx ?? 0n).toBe(0n);
    const finalText = events[6]?.text ?? "";
    expect(finalText).toMatch(/^The problem statement is not clear/);
    expect(finalText).toMatch(/Answer: \$10 \+ a\$$/);
    // cumulative partials: each one extends the previous; the deltas add up to the final text
    for (let i = 1; i < 6; i++) {
      expect(events[i]?.text?.startsWith(events[i - 1]?.text ?? "")).toBe(true);
    }
    expect(events.map((e) => e.delta).join("")).toBe(finalText);
    expect(events[6]?.message?.author?.role).toBe("ASSISTANT");
  });
});
