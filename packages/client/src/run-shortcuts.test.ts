/**
 * issue 12, "Shortcuts": `assistant.runAndWait()` (create-and-wait) and
 * `assistant.runAndStream()` (create-and-stream), with tool handlers from typed
 * `functionTool`s (`toolHandlersOf`), against the emulator's echo model (gRPC over HTTP/2 on
 * 127.0.0.1, a free port).
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { type Emulator, startEmulator } from "@yc-assistants/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type Assistant,
  AssistantsClient,
  functionTool,
  RunStatus,
  type Thread,
  toolHandlersOf,
} from "./index.js";

// The echo model calls a tool whose name the message contains, with every number in it.
const add = functionTool({
  name: "add",
  description: "Adds numbers",
  parameters: {
    type: "object",
    properties: { numbers: { type: "array", items: { type: "number" } } },
    required: ["numbers"],
  },
  handler: ({ numbers }) => numbers.reduce((a, b) => a + b, 0),
});

let emulator: Emulator;
let client: AssistantsClient;
let assistant: Assistant;

beforeAll(async () => {
  emulator = await startEmulator({ chunkDelayMs: 1 });
  client = new AssistantsClient({
    folderId: "b1g-shortcuts",
    auth: { apiKey: "k" },
    endpoint: emulator.url,
    env: {},
    timeoutMs: 10_000,
  });
  assistant = await client.assistants.create({ model: "yandexgpt", tools: [add] });
});

afterAll(async () => {
  await emulator?.close();
});

async function threadWith(text: string): Promise<Thread> {
  const thread = await client.threads.create();
  await thread.write(text);
  return thread;
}

describe("assistant.runAndWait()", () => {
  // issue 12 (first-hour review): a handler typed from an `as const` schema gets what its
  // types promise; the echo model fills every declared property (echo-arguments.ts).
  test("a handler typed from an as-const schema gets its declared string argument", async () => {
    const weather = functionTool({
      name: "get_weather",
      description: "Weather in a city",
      parameters: {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
      } as const,
      handler: ({ city }) => `sunny in ${city.toUpperCase()}`,
    });
    const withWeather = await client.assistants.create({ model: "yandexgpt", tools: [weather] });
    const result = await withWeather.runAndWait(await threadWith("get_weather for Paris"), {
      toolHandlers: toolHandlersOf([weather]),
    });
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe("Tool results: get_weather: sunny in GET_WEATHER FOR PARIS");
  });

  test("creates the run and resolves with its result", async () => {
    const result = await assistant.runAndWait(await threadWith("Hello"));
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe("Echo: Hello");
    expect(result.usageByRound).toHaveLength(1);
  });

  test("with toolHandlers (from a typed functionTool) it answers the tool round first", async () => {
    const result = await assistant.runAndWait(await threadWith("Add 2 and 40"), {
      toolHandlers: toolHandlersOf([add]),
      temperature: 0,
    });
    expect(result.text).toBe("Tool results: add: 42");
    expect(result.usageByRound).toHaveLength(2);
    expect(result.usageByRound.every((u) => (u?.totalTokens ?? 0) > 0)).toBe(true);
  });

  test("without toolHandlers it resolves at TOOL_CALLS", async () => {
    const result = await assistant.runAndWait(await threadWith("add 1"));
    expect(result.status).toBe(RunStatus.TOOL_CALLS);
  });

  test("bad run options are refused naming the option", async () => {
    const thread = await threadWith("Hello");
    const err = await assistant
      .runAndWait(thread, { temprature: 0 } as never)
      .catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect((err as ConnectError).rawMessage).toMatch(/options\.temprature is not a known option/);
  });
});

describe("assistant.runAndStream()", () => {
  test("returns the stream at once; deltas arrive, finalText() waits for the answer", async () => {
    let text = "";
    const stream = assistant.runAndStream(await threadWith("Say hi"), {
      onTextDelta: (delta) => {
        text += delta;
      },
    });
    await expect(stream.finalText()).resolves.toBe("Echo: Say hi");
    expect(text).toBe("Echo: Say hi");
    expect(stream.events.some((e) => e.status.name === "PARTIAL_MESSAGE")).toBe(true);
  });

  test("with toolHandlers it streams through the tool round to the final message", async () => {
    const calls: string[] = [];
    const stream = assistant.runAndStream(await threadWith("add 5 and 6"), {
      toolHandlers: toolHandlersOf([add]),
      onToolCalls: (c) => calls.push(...c.map((x) => x.name)),
    });
    const message = await stream.finalMessage();
    expect(message.text).toBe("Tool results: add: 11");
    expect(calls).toEqual(["add"]);
    expect((await stream.finalResult()).usageByRound).toHaveLength(2);
  });

  test("a failed Create ends the stream with its error (onError and finalResult)", async () => {
    const errors: ConnectError[] = [];
    const stream = assistant.runAndStream("no-such-thread", { onError: (e) => errors.push(e) });
    const err = await stream.finalResult().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect(errors).toEqual([err]);
    expect(stream.ended).toBe(true);
  });

  test("bad callbacks are refused at once", () => {
    expect(() => assistant.runAndStream("t", { onTextDelta: 1 as never })).toThrow(
      /callbacks\.onTextDelta must be a function/,
    );
  });
});

describe("toolHandlersOf()", () => {
  test("collects the handlers of tools made with one, by name; skips the others", () => {
    const plain = functionTool({ name: "plain" });
    const handlers = toolHandlersOf([add, plain]);
    expect(Object.keys(handlers)).toEqual(["add"]);
  });

  test("two handlers with one name are refused", () => {
    const again = functionTool({ name: "add", handler: () => 1 });
    expect(() => toolHandlersOf([add, again])).toThrow(/two handlers named "add"/);
  });

  test("a handler that is not a function is refused by functionTool", () => {
    expect(() => functionTool({ name: "x", handler: "no" as never })).toThrow(
      /functionTool\.handler must be a function/,
    );
  });
});
