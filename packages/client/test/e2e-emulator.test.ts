/**
 * End to end: the client against @yc-assistants/emulator over real gRPC on HTTP/2 (h2c on
 * 127.0.0.1, a free port), with API-key auth.
 */
import { Code, type ConnectError } from "@connectrpc/connect";
import { type Emulator, startEmulator } from "@yc-assistants/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  AssistantsClient,
  functionTool,
  type RetryPolicy,
  RunStatus,
  type RunStreamEvent,
  StreamEvent,
} from "../src/index.js";

const API_KEY = "e2e-secret-api-key";
const FOLDER = "b1g-e2e-folder";
/** Fast, deterministic retries (no real backoff). */
const fastRetry: RetryPolicy = { initialBackoffMs: 1, maxBackoffMs: 5, jitterMs: 0 };

const sumTool = functionTool({
  name: "sum_numbers",
  description: "Adds the numbers of the message",
  parameters: {
    type: "object",
    properties: { numbers: { type: "array", items: { type: "number" } } },
    required: ["numbers"],
  },
});

function clientFor(emulator: Emulator, apiKey = API_KEY): AssistantsClient {
  return new AssistantsClient({
    folderId: FOLDER,
    auth: { apiKey },
    endpoint: emulator.url,
    env: {},
    retry: fastRetry,
    timeoutMs: 10_000,
  });
}

async function until(
  iterable: AsyncIterable<RunStreamEvent>,
  stop: (e: RunStreamEvent) => boolean = () => false,
): Promise<RunStreamEvent[]> {
  const out: RunStreamEvent[] = [];
  for await (const ev of iterable) {
    out.push(ev);
    if (stop(ev)) break;
  }
  return out;
}

describe("e2e against the emulator (gRPC over HTTP/2, API key)", () => {
  let emulator: Emulator;
  let client: AssistantsClient;

  beforeAll(async () => {
    emulator = await startEmulator({ auth: { apiKey: API_KEY }, chunkDelayMs: 1 });
    client = clientFor(emulator);
  });

  afterAll(async () => {
    await emulator?.close();
  });

  test("a wrong API key → Unauthenticated (and the key is not in the error)", async () => {
    const wrong = clientFor(emulator, "wrong-key-value");
    const err = await wrong.threads.create().catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unauthenticated);
    expect(String(err)).not.toContain("wrong-key-value");
  });

  test("assistant with a function tool: streamed run → TOOL_CALLS → Submit → DONE → wait, runs lookups, delete", async () => {
    const assistant = await client.assistants.create({
      model: "yandexgpt",
      name: "e2e",
      instruction: "You add numbers.",
      tools: [sumTool],
      temperature: 0,
    });
    expect(assistant.modelUri).toBe(`gpt://${FOLDER}/yandexgpt/latest`);
    expect(assistant.tools).toHaveLength(1);
    const thread = await client.threads.create({ name: "e2e" });
    await thread.write("please sum_numbers 2 and 3");

    const run = await assistant.runStream(thread);
    const first = await until(run.listen());
    const toolEvent = first.at(-1);
    expect(toolEvent?.status).toBe(StreamEvent.TOOL_CALLS);
    expect(toolEvent?.toolCalls?.map((c) => c.name)).toEqual(["sum_numbers"]);
    expect(toolEvent?.toolCalls?.[0]?.arguments.numbers).toEqual([2, 3]);

    await run.submitToolResults([{ name: "sum_numbers", content: "5" }]);
    const second = await until(run.listen());
    expect(second[0]?.cursor.currentEventIdx).toBe((toolEvent?.cursor.currentEventIdx ?? 0) + 1);
    expect(second.at(-1)?.status).toBe(StreamEvent.DONE);
    expect(second.map((e) => e.delta).join("")).toBe("Tool results: sum_numbers: 5");

    const result = await run.wait();
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe("Tool results: sum_numbers: 5");
    expect(result.usage?.totalTokens).toBeGreaterThan(0);

    const last = await client.runs.getLastByThread(thread);
    expect(last.id).toBe(run.id);
    expect(last.lastStatus).toBe(RunStatus.COMPLETED);
    const listed: string[] = [];
    for await (const r of client.runs.list({ pageSize: 1 })) listed.push(r.id);
    expect(listed).toContain(run.id);

    const messages = [];
    for await (const m of thread.read()) messages.push(m);
    expect(messages.map((m) => m.text)).toContain("Tool results: sum_numbers: 5");

    await assistant.delete();
    await thread.delete();
    const gone = await client.assistants.get(assistant.id).catch((e: unknown) => e);
    expect((gone as ConnectError).code).toBe(Code.NotFound);
  });

  test("handleToolCalls answers every round and returns the final result", async () => {
    const assistant = await client.assistants.create({ model: "yandexgpt", tools: [sumTool] });
    const thread = await client.threads.create({ messages: ["sum_numbers 10 20 12"] });
    const run = await assistant.run(thread);
    const result = await run.handleToolCalls({
      sum_numbers: ({ numbers }) => String((numbers as number[]).reduce((sum, n) => sum + n, 0)),
    });
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe("Tool results: sum_numbers: 42");
    await assistant.delete();
    await thread.delete();
  });

  test("the stream() helper: text deltas, final result with usage", async () => {
    const assistant = await client.assistants.create({ model: "yandexgpt" });
    const thread = await client.threads.create();
    await thread.write("hello there, emulator");
    const run = await assistant.runStream(thread);
    let text = "";
    const stream = run.stream({ onTextDelta: (delta) => (text += delta) });
    const result = await stream.finalResult();
    expect(text).toBe("Echo: hello there, emulator");
    expect(await stream.finalText()).toBe(text);
    expect(result.usage?.completionTokens).toBeGreaterThan(0);
    expect(
      stream.events.filter((e) => e.status === StreamEvent.PARTIAL_MESSAGE).length,
    ).toBeGreaterThan(1);
    await assistant.delete();
    await thread.delete();
  });

  test("attach(): tool results sent on the bidi stream, next round on the same stream", async () => {
    const assistant = await client.assistants.create({ model: "yandexgpt", tools: [sumTool] });
    const thread = await client.threads.create({ messages: ["sum_numbers 1 1"] });
    const run = await assistant.runStream(thread);
    const session = run.attach();
    const seen: RunStreamEvent[] = [];
    for await (const ev of session) {
      seen.push(ev);
      if (ev.toolCalls) await session.send({ sum_numbers: "2" });
      if (ev.status === StreamEvent.DONE) break;
    }
    session.close();
    expect(seen[0]?.status).toBe(StreamEvent.TOOL_CALLS);
    expect(seen.at(-1)?.text).toBe("Tool results: sum_numbers: 2");
    expect((await run.wait()).text).toBe("Tool results: sum_numbers: 2");
    await assistant.delete();
    await thread.delete();
  });

  test("a FAILED run (maxPromptTokens too small) resolves with the error", async () => {
    const assistant = await client.assistants.create({ model: "yandexgpt", maxPromptTokens: 1 });
    const thread = await client.threads.create({ messages: ["hey! how are you?"] });
    const result = await (await assistant.run(thread)).wait();
    expect(result.isFailed).toBe(true);
    expect(result.error?.message).toContain("maximum prompt tokens limit of 1 token");
    await assistant.delete();
    await thread.delete();
  });
});

describe("e2e: Listen resume against the emulator's cutStreamAfterEvents fault", () => {
  let emulator: Emulator;
  const log: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({
      auth: { apiKey: API_KEY },
      chunkDelayMs: 1,
      model: {
        turns: [
          {
            text: "one two three four five six",
            partials: [
              "one",
              "one two",
              "one two three",
              "one two three four",
              "one two three four five",
            ],
          },
        ],
      },
      faults: { cutStreamAfterEvents: 2 },
      log: (line) => log.push(line),
    });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  test("every event exactly once, in order, across the cuts; wait() still resolves", async () => {
    const client = clientFor(emulator);
    const assistant = await client.assistants.create({ model: "yandexgpt" });
    const thread = await client.threads.create({ messages: ["count"] });
    const run = await assistant.runStream(thread);
    const events = await until(run.listen());
    expect(events.map((e) => e.cursor.currentEventIdx)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(events.map((e) => e.status.name)).toEqual([
      "PARTIAL_MESSAGE",
      "PARTIAL_MESSAGE",
      "PARTIAL_MESSAGE",
      "PARTIAL_MESSAGE",
      "PARTIAL_MESSAGE",
      "DONE",
    ]);
    expect(events.map((e) => e.delta).join("")).toBe("one two three four five six");
    // the stream was cut (UNAVAILABLE) after every 2 events: 3 Listen calls for 6 events
    const listens = log.filter((line) => line.includes("Listen"));
    expect(listens.length).toBeGreaterThanOrEqual(3);
    expect(
      listens.filter((line) => /UNAVAILABLE|unavailable/.test(line)).length,
    ).toBeGreaterThanOrEqual(2);
    const result = await run.wait();
    expect(result.text).toBe("one two three four five six");
  });
});

describe("e2e: auto-paging against the emulator, which pages as the real service does", () => {
  let emulator: Emulator;
  const log: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ chunkDelayMs: 1, log: (line) => log.push(line) });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  // Issue 9: the last non-empty page carries a token too; the client follows it, gets an empty
  // page with an empty token and stops there: one extra call, every item once, newest first.
  test("lists, threads, assistants and runs: each item once, one empty page after the last", async () => {
    const client = new AssistantsClient({
      folderId: "b1g-paging-folder",
      auth: { apiKey: "unused" },
      endpoint: emulator.url,
      env: {},
      retry: fastRetry,
    });
    const assistant = await client.assistants.create({ model: "yandexgpt" });
    const threads: string[] = [];
    const runs: string[] = [];
    for (let i = 0; i < 5; i++) {
      const thread = await client.threads.create({ messages: [`hello ${i}`] });
      threads.push(thread.id);
      runs.push((await assistant.run(thread)).id);
    }
    const calls = (rpc: string) => log.filter((line) => line.startsWith(`${rpc} `)).length;
    const ids = async (items: AsyncIterable<{ id: string }>) => {
      const out: string[] = [];
      for await (const item of items) out.push(item.id);
      return out;
    };
    for (const [pageSize, requests] of [
      [2, 4],
      [5, 2],
      [undefined, 2],
    ] as const) {
      const before = calls("ThreadService/List");
      expect(await ids(client.threads.list({ pageSize }))).toEqual([...threads].reverse());
      expect(calls("ThreadService/List") - before, `threads, page size ${pageSize}`).toBe(requests);
      const runsBefore = calls("RunService/List");
      expect(await ids(client.runs.list({ pageSize }))).toEqual([...runs].reverse());
      expect(calls("RunService/List") - runsBefore, `runs, page size ${pageSize}`).toBe(requests);
    }
    const assistantsBefore = calls("AssistantService/List");
    expect(await ids(client.assistants.list({ pageSize: 1 }))).toEqual([assistant.id]);
    expect(calls("AssistantService/List") - assistantsBefore).toBe(2);
  });
});
