import { type MessageInitShape, toJson } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import {
  type AttachRunRequestSchema,
  RunSchema,
  RunState_RunStatus,
  type StreamEvent,
  StreamEvent_EventType,
} from "@yc-assistants/types/runs";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type Clients,
  collect,
  conversation,
  cursorOf,
  eventText,
  expectCode,
  FOLDER,
  functionTool,
  inProcess,
  MODEL_URI,
} from "../../test/support/clients.js";
import { RequestQueue, requestsOf, toolResults } from "../../test/support/request-queue.js";
import type { Model } from "../model/model.js";

type AttachInit = MessageInitShape<typeof AttachRunRequestSchema>;

const { PENDING, IN_PROGRESS, COMPLETED, FAILED, TOOL_CALLS } = RunState_RunStatus;
const E = StreamEvent_EventType;
const types = (events: StreamEvent[]) => events.map((e) => E[e.eventType]);

async function statusOf(c: Clients, runId: string) {
  return (await c.runs.get({ runId })).state?.status;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("RunService: the state machine", () => {
  it("goes PENDING → IN_PROGRESS → COMPLETED, one step per chunk delay (recorded polling)", async () => {
    vi.useFakeTimers();
    const c = inProcess({ chunkDelayMs: 100 });
    const { assistant, thread } = await conversation(c, "hey!");
    const run = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      customCompletionOptions: { temperature: 0 },
    });
    expect(run.state?.status).toBe(PENDING);
    expect(toJson(RunSchema, run)).toEqual({
      id: run.id,
      assistantId: assistant.id,
      threadId: thread.id,
      createdBy: assistant.createdBy,
      createdAt: expect.any(String),
      state: { status: "PENDING" },
      customCompletionOptions: { temperature: 0 },
    });
    expect(await statusOf(c, run.id)).toBe(PENDING);
    await vi.advanceTimersByTimeAsync(100);
    const inProgress = await c.runs.get({ runId: run.id });
    expect(inProgress.state?.status).toBe(IN_PROGRESS);
    expect(inProgress.usage).toBeUndefined();
    await vi.advanceTimersByTimeAsync(100);
    const done = await c.runs.get({ runId: run.id });
    expect(done.state?.status).toBe(COMPLETED);
    expect(done.state?.StateData.case).toBe("completedMessage");
    const message = done.state?.StateData.value;
    expect(message && "author" in message ? message.author : undefined).toMatchObject({
      id: assistant.id,
      role: "ASSISTANT",
    });
    // 1 word of the thread → prompt 1; "Echo: hey!" → completion 2.
    expect(done.usage).toMatchObject({ promptTokens: 1n, completionTokens: 2n, totalTokens: 3n });
  });

  it("appends the completed answer to the thread before DONE", async () => {
    const c = inProcess();
    const { assistant, thread } = await conversation(c, "ping");
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    const [done] = await collect(c.runs.listen({ runId: run.id }));
    const listed = await collect(c.messages.list({ threadId: thread.id }));
    expect(listed).toHaveLength(2);
    expect(listed[0]?.author?.role).toBe("ASSISTANT");
    expect(done?.EventData.value).toEqual(listed[0]);
    const final = await c.runs.get({ runId: run.id });
    expect(final.state?.StateData.value).toEqual(listed[0]);
  });

  it("streams cumulative partial messages, then DONE, with cursors 0, 1, 2…", async () => {
    const c = inProcess();
    const { assistant, thread } = await conversation(c, "one two three four five");
    const run = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });
    const events = await collect(c.runs.listen({ runId: run.id }));
    expect(types(events)).toEqual([
      "PARTIAL_MESSAGE",
      "PARTIAL_MESSAGE",
      "PARTIAL_MESSAGE",
      "DONE",
    ]);
    expect(events.map(cursorOf)).toEqual([0, 1, 2, 3]);
    const texts = events.map(eventText);
    for (let i = 1; i < texts.length; i++)
      expect(texts[i]?.startsWith(texts[i - 1] ?? "")).toBe(true);
    expect(texts.at(-2)).toBe("Echo: one two three four five");
    expect(texts.at(-1)).toBe("Echo: one two three four five");
    // The first event's cursor is all zeros: empty on the wire, as recorded.
    expect(events[0]?.streamCursor).toMatchObject({
      currentEventIdx: 0n,
      numUserEventsReceived: 0n,
    });
  });

  it("emits only the final event for a stream=false run", async () => {
    const c = inProcess();
    const { assistant, thread } = await conversation(c, "one two three four five");
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    const events = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 0n }));
    expect(types(events)).toEqual(["DONE"]);
    expect(events.map(cursorOf)).toEqual([0]);
  });

  it("replays from events_start_idx, and ends at once past the end of a finished run", async () => {
    const c = inProcess();
    const { assistant, thread } = await conversation(c, "one two three four five six");
    const run = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });
    const all = await collect(c.runs.listen({ runId: run.id }));
    const fromTwo = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 2n }));
    expect(fromTwo).toEqual(all.slice(2));
    expect(fromTwo.map(cursorOf)).toEqual([2, 3]);
    expect(await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 99n }))).toEqual([]);
    // Listening twice gives the same log.
    expect(await collect(c.runs.listen({ runId: run.id }))).toEqual(all);
  });

  it("follows live events: each one arrives as soon as it is produced", async () => {
    vi.useFakeTimers();
    const c = inProcess({ chunkDelayMs: 50 });
    const { assistant, thread } = await conversation(c, "a b c");
    const run = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });
    const stream = c.runs.listen({ runId: run.id })[Symbol.asyncIterator]();
    let settled = false;
    const first = stream.next().then((r) => {
      settled = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(eventText((await first).value as StreamEvent)).toBe("Echo: a");
    expect(await statusOf(c, run.id)).toBe(IN_PROGRESS);
    const rest: StreamEvent[] = [];
    const drained = (async () => {
      for (;;) {
        const next = await stream.next();
        if (next.done === true) return;
        rest.push(next.value);
      }
    })();
    await vi.advanceTimersByTimeAsync(50);
    expect(types(rest)).toEqual(["PARTIAL_MESSAGE"]);
    await vi.advanceTimersByTimeAsync(200);
    await drained;
    expect(types(rest)).toEqual(["PARTIAL_MESSAGE", "PARTIAL_MESSAGE", "DONE"]);
  });

  it("writes additional_messages to the thread first; the model answers the last one", async () => {
    const c = inProcess();
    const { assistant, thread } = await conversation(c, "first");
    const run = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      additionalMessages: [
        { content: { content: [{ PartType: { case: "text", value: { content: "second" } } }] } },
        {
          author: { id: "x", role: "USER" },
          content: { content: [{ PartType: { case: "text", value: { content: "third" } } }] },
        },
      ],
    });
    const [done] = await collect(c.runs.listen({ runId: run.id }));
    expect(eventText(done!)).toBe("Echo: third");
    const texts = (await collect(c.messages.list({ threadId: thread.id }))).map(
      (m) => m.content?.content[0]?.PartType.value?.content,
    );
    expect(texts).toEqual(["Echo: third", "third", "second", "first"]);
  });

  it("uses the run's tools instead of the assistant's", async () => {
    const c = inProcess();
    const { assistant, thread } = await conversation(c, "alpha and beta", {
      tools: [functionTool("alpha")],
    });
    const withAssistantTools = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
    });
    const [first] = await collect(c.runs.listen({ runId: withAssistantTools.id }));
    expect(first?.EventData.case).toBe("toolCallList");
    const calls = (r: StreamEvent | undefined) =>
      r?.EventData.case === "toolCallList"
        ? r.EventData.value.toolCalls.map((t) => t.ToolCallType.value?.name)
        : [];
    expect(calls(first)).toEqual(["alpha"]);

    const thread2 = await c.threads.create({
      folderId: FOLDER,
      messages: [
        {
          content: {
            content: [{ PartType: { case: "text", value: { content: "alpha and beta" } } }],
          },
        },
      ],
    });
    const override = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread2.id,
      tools: [functionTool("beta")],
    });
    expect(override.tools).toHaveLength(1);
    const [second] = await collect(c.runs.listen({ runId: override.id }));
    expect(calls(second)).toEqual(["beta"]);
  });

  it("fails when the prompt exceeds max_prompt_tokens (assistant or run), as the service words it", async () => {
    const c = inProcess();
    const { assistant, thread } = await conversation(c, "hey!", {
      maxPromptTokens: 1n,
      instruction: "be nice",
    });
    const run = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });
    const events = await collect(c.runs.listen({ runId: run.id }));
    expect(types(events)).toEqual(["ERROR"]);
    const failed = await c.runs.get({ runId: run.id });
    expect(failed.state?.status).toBe(FAILED);
    expect(failed.state?.StateData.case).toBe("error");
    expect(failed.state?.StateData.value).toMatchObject({
      message: "failed to fit messages within the maximum prompt tokens limit of 1 tokens",
    });
    expect(events[0]?.EventData.value).toEqual(failed.state?.StateData.value);
    expect(failed.usage).toBeUndefined();
    expect(await collect(c.messages.list({ threadId: thread.id }))).toHaveLength(1);

    // A run override lifts the limit; a run override can also set one.
    const lifted = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      customPromptTruncationOptions: { maxPromptTokens: 100n },
    });
    expect(types(await collect(c.runs.listen({ runId: lifted.id })))).toEqual(["DONE"]);
    const plain = await conversation(c, "a b c");
    const limited = await c.runs.create({
      assistantId: plain.assistant.id,
      threadId: plain.thread.id,
      customPromptTruncationOptions: { maxPromptTokens: 2n },
    });
    const [error] = await collect(c.runs.listen({ runId: limited.id }));
    expect(error?.EventData.value).toMatchObject({
      message: expect.stringContaining("limit of 2 tokens"),
    });
  });

  it("answers INVALID_ARGUMENT and NOT_FOUND, and a bad CreateRun changes nothing", async () => {
    const c = inProcess();
    const { assistant, thread } = await conversation(c, "x");
    await expectCode(
      c.runs.create({ threadId: thread.id }),
      Code.InvalidArgument,
      /^assistant_id is required$/,
    );
    await expectCode(
      c.runs.create({ assistantId: assistant.id }),
      Code.InvalidArgument,
      /^thread_id is required$/,
    );
    const extra = [
      { content: { content: [{ PartType: { case: "text" as const, value: { content: "y" } } }] } },
    ];
    await expectCode(
      c.runs.create({ assistantId: "fvtnope", threadId: thread.id, additionalMessages: extra }),
      Code.NotFound,
      /^assistant fvtnope not found$/,
    );
    await expectCode(
      c.runs.create({ assistantId: assistant.id, threadId: "fvtnope", additionalMessages: extra }),
      Code.NotFound,
      /^thread fvtnope not found$/,
    );
    expect(await collect(c.messages.list({ threadId: thread.id }))).toHaveLength(1);
    expect((await c.runs.list({ folderId: FOLDER })).runs).toEqual([]);
    await expectCode(c.runs.get({}), Code.InvalidArgument, /^run_id is required$/);
    await expectCode(c.runs.get({ runId: "fvtr" }), Code.NotFound, /^run fvtr not found$/);
    await expectCode(c.runs.listen({}), Code.InvalidArgument, /^run_id is required$/);
    await expectCode(c.runs.listen({ runId: "fvtr" }), Code.NotFound, /^run fvtr not found$/);
    await expectCode(
      c.runs.listen({ runId: "fvtr", eventsStartIdx: -1n }),
      Code.InvalidArgument,
      /events_start_idx/,
    );
    await expectCode(c.runs.getLastByThread({}), Code.InvalidArgument, /^thread_id is required$/);
    await expectCode(
      c.runs.getLastByThread({ threadId: "fvtt" }),
      Code.NotFound,
      /^thread fvtt not found$/,
    );
    await expectCode(
      c.runs.getLastByThread({ threadId: thread.id }),
      Code.NotFound,
      /run of thread/,
    );
    await expectCode(c.runs.list({}), Code.InvalidArgument, /^folder_id is required$/);
    await expectCode(
      c.runs.list({ folderId: FOLDER, pageToken: "zz" }),
      Code.InvalidArgument,
      /page_token/,
    );
  });

  it("gets the last run of a thread and lists runs newest first in pages", async () => {
    const c = inProcess();
    const { assistant, thread } = await conversation(c, "x");
    const other = await conversation(c, "y");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await c.runs.create({ assistantId: assistant.id, threadId: thread.id })).id);
    }
    const otherRun = await c.runs.create({
      assistantId: other.assistant.id,
      threadId: other.thread.id,
    });
    expect((await c.runs.getLastByThread({ threadId: thread.id })).id).toBe(ids[4]);
    expect((await c.runs.getLastByThread({ threadId: other.thread.id })).id).toBe(otherRun.id);
    const first = await c.runs.list({ folderId: FOLDER, pageSize: 4n });
    const second = await c.runs.list({
      folderId: FOLDER,
      pageSize: 4n,
      pageToken: first.nextPageToken,
    });
    expect([...first.runs, ...second.runs].map((r) => r.id)).toEqual([
      otherRun.id,
      ...[...ids].reverse(),
    ]);
    // Issue 9: the last page has a token too; it leads to an empty page without one.
    const end = await c.runs.list({
      folderId: FOLDER,
      pageSize: 4n,
      pageToken: second.nextPageToken,
    });
    expect(end).toMatchObject({ runs: [], nextPageToken: "" });
    expect((await c.runs.list({ folderId: "elsewhere" })).runs).toEqual([]);
  });

  it("keeps at most limits.maxRuns runs (RESOURCE_EXHAUSTED past it)", async () => {
    const c = inProcess({ limits: { maxRuns: 2 } });
    const { assistant, thread } = await conversation(c, "x");
    await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    await expectCode(
      c.runs.create({ assistantId: assistant.id, threadId: thread.id }),
      Code.ResourceExhausted,
      /at most 2 runs/,
    );
    await c.threads.delete({ threadId: thread.id });
    const next = await conversation(c, "y");
    await c.runs.create({ assistantId: next.assistant.id, threadId: next.thread.id });
  });
});

describe("RunService: models", () => {
  it("plays a script: usage, partials, tool calls, {{tool_results}}, and an error turn", async () => {
    const c = inProcess({
      model: {
        turns: [
          {
            text: "Hello! How can I help you?",
            partials: ["Hello", "Hello! How can I help you?"],
            usage: { promptTokens: 12, completionTokens: 8 },
          },
          { toolCalls: [{ name: "special_operation", arguments: { numbers: [5, 4, 1] } }] },
          { text: "The result is {{tool_results}}" },
          { error: { message: "something broke", code: 13 } },
        ],
      },
    });
    const { assistant, thread } = await conversation(c, "hey!");
    const hello = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });
    const events = await collect(c.runs.listen({ runId: hello.id }));
    expect(events.map(eventText)).toEqual([
      "Hello",
      "Hello! How can I help you?",
      "Hello! How can I help you?",
    ]);
    expect((await c.runs.get({ runId: hello.id })).usage).toMatchObject({
      promptTokens: 12n,
      completionTokens: 8n,
      totalTokens: 20n,
    });

    const tool = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    const [calls] = await collect(c.runs.listen({ runId: tool.id }));
    expect(calls?.eventType).toBe(E.TOOL_CALLS);
    const called = await c.runs.get({ runId: tool.id });
    expect(called.state?.status).toBe(TOOL_CALLS);
    expect(toJson(RunSchema, called)).toMatchObject({
      state: {
        status: "TOOL_CALLS",
        toolCallList: {
          toolCalls: [
            { functionCall: { name: "special_operation", arguments: { numbers: [5, 4, 1] } } },
          ],
        },
      },
    });
    await c.runs.submit({ runId: tool.id, Event: toolResults(["special_operation", "+20.0"]) });
    const [done] = await collect(c.runs.listen({ runId: tool.id, eventsStartIdx: 1n }));
    expect(eventText(done!)).toBe("The result is +20.0");

    const broken = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    const [error] = await collect(c.runs.listen({ runId: broken.id }));
    expect(error?.eventType).toBe(E.ERROR);
    expect((await c.runs.get({ runId: broken.id })).state?.StateData.value).toMatchObject({
      message: "something broke",
      code: 13n,
    });
    // Turns ran out: the echo model answers.
    const echo = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    expect((await collect(c.runs.listen({ runId: echo.id }))).map(eventText)).toEqual([
      "Echo: hey!",
    ]);
  });

  it("loads a script file", async () => {
    const c = inProcess({
      scriptFile: new URL("../../test/fixtures/hello.json", import.meta.url).pathname,
    });
    const { assistant, thread } = await conversation(c, "hey!");
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    expect((await collect(c.runs.listen({ runId: run.id }))).map(eventText)).toEqual([
      "Hello! How can I help you?",
    ]);
  });

  it("takes a custom model, and fails the run when the model throws or answers nonsense", async () => {
    const seen: number[] = [];
    const model: Model = {
      async respond(context) {
        seen.push(context.promptTokens);
        if (context.lastUserMessage === "throw") throw new Error("boom");
        if (context.lastUserMessage === "nonsense") return {} as never;
        return { text: `${context.instruction}: ${context.messages.length}` };
      },
    };
    const c = inProcess({ model });
    const ok = await conversation(c, "hi there", { instruction: "count" });
    const run = await c.runs.create({ assistantId: ok.assistant.id, threadId: ok.thread.id });
    expect((await collect(c.runs.listen({ runId: run.id }))).map(eventText)).toEqual(["count: 1"]);
    expect(seen).toEqual([3]);
    for (const [text, message] of [
      ["throw", "model failed: boom"],
      ["nonsense", "model failed: the model returned neither text, toolCalls nor error"],
    ] as const) {
      const bad = await conversation(c, text);
      const failing = await c.runs.create({
        assistantId: bad.assistant.id,
        threadId: bad.thread.id,
      });
      const [error] = await collect(c.runs.listen({ runId: failing.id }));
      expect(error?.EventData.value).toMatchObject({ message, code: 13n });
    }
  });
});

describe("RunService: Submit", () => {
  async function toolCallsRun(c: Clients, text = "special_operation 5 4 1", stream = false) {
    const { assistant, thread } = await conversation(c, text, {
      tools: [functionTool("special_operation"), functionTool("other_op")],
    });
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id, stream });
    const events = await collect(c.runs.listen({ runId: run.id }));
    expect(types(events).at(-1)).toBe("TOOL_CALLS");
    return { run, events, thread, assistant };
  }

  it("continues the run: IN_PROGRESS at once, then the answer to the results", async () => {
    const c = inProcess();
    const { run } = await toolCallsRun(c);
    expect(
      await c.runs.submit({ runId: run.id, Event: toolResults(["special_operation", "+20.0"]) }),
    ).toMatchObject({});
    expect(await statusOf(c, run.id)).toBe(IN_PROGRESS);
    const next = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 1n }));
    expect(types(next)).toEqual(["DONE"]);
    expect(eventText(next[0]!)).toBe("Tool results: special_operation: +20.0");
    expect(next[0]?.streamCursor).toMatchObject({ currentEventIdx: 1n, numUserEventsReceived: 1n });
    const final = await c.runs.get({ runId: run.id });
    expect(final.state?.status).toBe(COMPLETED);
    expect(final.usage?.totalTokens).toBeGreaterThan(0n);
  });

  it("takes several results for several calls", async () => {
    const c = inProcess();
    const { run, events } = await toolCallsRun(c, "special_operation and other_op on 3");
    const calls =
      events[0]?.EventData.case === "toolCallList" ? events[0].EventData.value.toolCalls : [];
    expect(calls.map((call) => call.ToolCallType.value?.name)).toEqual([
      "special_operation",
      "other_op",
    ]);
    await expectCode(
      c.runs.submit({ runId: run.id, Event: toolResults(["special_operation", "1"]) }),
      Code.InvalidArgument,
      /no result for the call of function "other_op"/,
    );
    // One result per call: a second result for a function called once is refused.
    await expectCode(
      c.runs.submit({
        runId: run.id,
        Event: toolResults(
          ["special_operation", "1"],
          ["special_operation", "2"],
          ["other_op", "3"],
        ),
      }),
      Code.InvalidArgument,
      /2 results for function "special_operation", which run .* called 1 time/,
    );
    expect(await statusOf(c, run.id)).toBe(TOOL_CALLS);
    await c.runs.submit({
      runId: run.id,
      Event: toolResults(["other_op", "2"], ["special_operation", "1"]),
    });
    const [done] = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 1n }));
    expect(eventText(done!)).toBe("Tool results: other_op: 2; special_operation: 1");
  });

  it("runs several rounds in one event log", async () => {
    const c = inProcess({
      model: {
        turns: [
          { toolCalls: [{ name: "a" }] },
          { toolCalls: [{ name: "b", arguments: { after: "{{tool_results}}" } }] },
          { text: "all done: {{tool_results}}" },
        ],
      },
    });
    const { assistant, thread } = await conversation(c, "go");
    const run = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });
    expect(types(await collect(c.runs.listen({ runId: run.id })))).toEqual(["TOOL_CALLS"]);
    await c.runs.submit({ runId: run.id, Event: toolResults(["a", "A"]) });
    const second = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 1n }));
    expect(types(second)).toEqual(["TOOL_CALLS"]);
    expect(toJson(RunSchema, await c.runs.get({ runId: run.id }))).toMatchObject({
      state: {
        toolCallList: { toolCalls: [{ functionCall: { name: "b", arguments: { after: "A" } } }] },
      },
    });
    await expectCode(
      c.runs.submit({ runId: run.id, Event: toolResults(["a", "again"]) }),
      Code.InvalidArgument,
      /function "a", which run .* did not call/,
    );
    await c.runs.submit({ runId: run.id, Event: toolResults(["b", "B"]) });
    const third = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 2n }));
    expect(types(third).at(-1)).toBe("DONE");
    expect(eventText(third.at(-1)!)).toBe("all done: B");
    // Listen stops at the first TOOL_CALLS; Attach replays a finished run's whole log.
    const all = await collect(c.runs.attach(requestsOf({ runId: run.id })));
    expect(all.map(cursorOf)).toEqual(all.map((_, i) => i));
    expect(all.map((e) => Number(e.streamCursor?.numUserEventsReceived ?? 0n))).toEqual([
      0,
      1,
      ...third.map(() => 2),
    ]);
  });

  it("wakes a listener waiting past the TOOL_CALLS event when the next round starts", async () => {
    const c = inProcess();
    const { run } = await toolCallsRun(c, "special_operation", true);
    const waiting = collect(c.runs.listen({ runId: run.id, eventsStartIdx: 1n }));
    await c.runs.submit({ runId: run.id, Event: toolResults(["special_operation", "ok"]) });
    const events = await waiting;
    expect(types(events).at(-1)).toBe("DONE");
    expect(events[0] && cursorOf(events[0])).toBe(1);
  });

  it("answers the error codes of spec/runs.md and changes nothing on an error", async () => {
    const c = inProcess();
    const { run } = await toolCallsRun(c);
    const before = await c.runs.get({ runId: run.id });
    const result = toolResults(["special_operation", "x"]);
    await expectCode(
      c.runs.submit({ Event: result }),
      Code.InvalidArgument,
      /^run_id is required$/,
    );
    await expectCode(
      c.runs.submit({ runId: run.id }),
      Code.InvalidArgument,
      /^tool_result_list is required$/,
    );
    await expectCode(
      c.runs.submit({
        runId: run.id,
        Event: { case: "toolResultList", value: { toolResults: [] } },
      }),
      Code.InvalidArgument,
      /^tool_result_list is required$/,
    );
    await expectCode(
      c.runs.submit({
        runId: run.id,
        Event: { case: "toolResultList", value: { toolResults: [{}] } },
      }),
      Code.InvalidArgument,
      /tool_results\[0\]\.function_result is required/,
    );
    await expectCode(
      c.runs.submit({ runId: run.id, Event: toolResults(["", "x"]) }),
      Code.InvalidArgument,
      /function_result\.name is required/,
    );
    await expectCode(
      c.runs.submit({
        runId: run.id,
        Event: {
          case: "toolResultList",
          value: {
            toolResults: [
              { ToolResultType: { case: "functionResult", value: { name: "special_operation" } } },
            ],
          },
        },
      }),
      Code.InvalidArgument,
      /function_result\.content is required/,
    );
    await expectCode(
      c.runs.submit({
        runId: run.id,
        Event: toolResults(["special_operation", "x"], ["nope", "y"]),
      }),
      Code.InvalidArgument,
      /"nope"/,
    );
    await expectCode(
      c.runs.submit({ runId: "fvtnope", Event: result }),
      Code.NotFound,
      /^run fvtnope not found$/,
    );
    expect(await c.runs.get({ runId: run.id })).toEqual(before);
    expect(await collect(c.runs.listen({ runId: run.id }))).toHaveLength(1);

    await c.runs.submit({ runId: run.id, Event: result });
    await expectCode(
      c.runs.submit({ runId: run.id, Event: result }),
      Code.FailedPrecondition,
      /is IN_PROGRESS, not TOOL_CALLS/,
    );
    await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 1n }));
    await expectCode(
      c.runs.submit({ runId: run.id, Event: result }),
      Code.FailedPrecondition,
      /COMPLETED/,
    );
  });

  it("refuses a Submit while the run is still PENDING", async () => {
    vi.useFakeTimers();
    const c = inProcess({ chunkDelayMs: 100 });
    const { assistant, thread } = await conversation(c, "special_operation", {
      tools: [functionTool("special_operation")],
    });
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    await expectCode(
      c.runs.submit({ runId: run.id, Event: toolResults(["special_operation", "x"]) }),
      Code.FailedPrecondition,
      /PENDING/,
    );
  });
});

describe("RunService: Attach", () => {
  async function toolRun(c: Clients, stream = true) {
    const { assistant, thread } = await conversation(c, "special_operation 7", {
      tools: [functionTool("special_operation")],
    });
    return c.runs.create({ assistantId: assistant.id, threadId: thread.id, stream });
  }

  it("takes tool results on its stream and then streams the next round", async () => {
    const c = inProcess();
    const run = await toolRun(c);
    const requests = new RequestQueue<AttachInit>();
    requests.push({ runId: run.id });
    const seen: StreamEvent[] = [];
    for await (const event of c.runs.attach(requests)) {
      seen.push(event);
      if (event.eventType === E.TOOL_CALLS) {
        requests.push({ Event: toolResults(["special_operation", "49"]) });
      }
    }
    requests.close();
    expect(types(seen)).toEqual([
      "TOOL_CALLS",
      "PARTIAL_MESSAGE",
      "PARTIAL_MESSAGE",
      "PARTIAL_MESSAGE",
      "DONE",
    ]);
    expect(eventText(seen.at(-1)!)).toBe("Tool results: special_operation: 49");
    expect(seen.map(cursorOf)).toEqual([0, 1, 2, 3, 4]);
    expect(seen.at(-1)?.streamCursor?.numUserEventsReceived).toBe(1n);
    expect(await statusOf(c, run.id)).toBe(COMPLETED);
  });

  it("takes results in the opening request and replays from events_start_idx", async () => {
    const c = inProcess();
    const run = await toolRun(c, false);
    await collect(c.runs.listen({ runId: run.id }));
    const events = await collect(
      c.runs.attach(
        requestsOf({
          runId: run.id,
          eventsStartIdx: 1n,
          Event: toolResults(["special_operation", "ok"]),
        }),
      ),
    );
    expect(types(events)).toEqual(["DONE"]);
    expect(events.map(cursorOf)).toEqual([1]);
    // A finished run: Attach replays and ends.
    expect(types(await collect(c.runs.attach(requestsOf({ runId: run.id }))))).toEqual([
      "TOOL_CALLS",
      "DONE",
    ]);
  });

  it("ends at TOOL_CALLS when the client has closed its side", async () => {
    const c = inProcess();
    const run = await toolRun(c);
    expect(types(await collect(c.runs.attach(requestsOf({ runId: run.id }))))).toEqual([
      "TOOL_CALLS",
    ]);
    expect(await statusOf(c, run.id)).toBe(TOOL_CALLS);
  });

  it("follows a round started by a Submit from elsewhere", async () => {
    const c = inProcess();
    const run = await toolRun(c);
    const requests = new RequestQueue<AttachInit>();
    requests.push({ runId: run.id });
    const seen: StreamEvent[] = [];
    for await (const event of c.runs.attach(requests)) {
      seen.push(event);
      if (event.eventType === E.TOOL_CALLS) {
        await c.runs.submit({
          runId: run.id,
          Event: toolResults(["special_operation", "via submit"]),
        });
      }
    }
    expect(eventText(seen.at(-1)!)).toBe("Tool results: special_operation: via submit");
  });

  it("ends with the error of a bad request on its stream", async () => {
    const c = inProcess();
    await expectCode(c.runs.attach(requestsOf()), Code.InvalidArgument, /^run_id is required$/);
    await expectCode(c.runs.attach(requestsOf({})), Code.InvalidArgument, /^run_id is required$/);
    await expectCode(
      c.runs.attach(requestsOf({ runId: "fvtr" })),
      Code.NotFound,
      /^run fvtr not found$/,
    );
    await expectCode(
      c.runs.attach(requestsOf({ runId: "fvtr", eventsStartIdx: -2n })),
      Code.InvalidArgument,
      /events_start_idx/,
    );
    const run = await toolRun(c);
    await expectCode(
      c.runs.attach(
        requestsOf({ runId: run.id, Event: toolResults(["special_operation", "too early"]) }),
      ),
      Code.FailedPrecondition,
      /not TOOL_CALLS/,
    );
    await collect(c.runs.listen({ runId: run.id }));

    const wrongName = new RequestQueue<AttachInit>();
    wrongName.push({ runId: run.id });
    const seen: StreamEvent[] = [];
    await expectCode(
      (async () => {
        for await (const event of c.runs.attach(wrongName)) {
          seen.push(event);
          wrongName.push({ Event: toolResults(["wrong", "x"]) });
        }
      })(),
      Code.InvalidArgument,
      /"wrong"/,
    );
    expect(types(seen)).toEqual(["TOOL_CALLS"]);
    await expectCode(
      c.runs.attach(
        requestsOf(
          { runId: run.id },
          { runId: "fvtother", Event: toolResults(["special_operation", "x"]) },
        ),
      ),
      Code.InvalidArgument,
      /differs/,
    );
    expect(await statusOf(c, run.id)).toBe(TOOL_CALLS);
  });
});

describe("RunService: assistants", () => {
  it("keeps a run working after its assistant is deleted", async () => {
    const c = inProcess();
    const { assistant, thread } = await conversation(c, "special_operation", {
      tools: [functionTool("special_operation")],
    });
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    await collect(c.runs.listen({ runId: run.id }));
    await c.assistants.delete({ assistantId: assistant.id });
    await c.runs.submit({ runId: run.id, Event: toolResults(["special_operation", "1"]) });
    const [done] = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 1n }));
    expect(done?.eventType).toBe(E.DONE);
    await expectCode(
      c.runs.create({ assistantId: assistant.id, threadId: thread.id }),
      Code.NotFound,
    );
    expect((await c.assistants.list({ folderId: FOLDER })).assistants).toEqual([]);
    expect(MODEL_URI).toContain(FOLDER);
  });
});
