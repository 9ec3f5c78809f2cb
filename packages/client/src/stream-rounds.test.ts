/**
 * issue 12, "Streaming through tool rounds" and "Usage across tool rounds", against the
 * emulator (gRPC over HTTP/2 on 127.0.0.1, a free port): `run.stream({ toolHandlers, … })`
 * and `handleToolCalls(handlers, { onTextDelta, … })` go on across rounds until the run
 * finishes, answering each round with one Submit; the result keeps each round's usage.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { type Emulator, type Model, startEmulator } from "@yc-assistants/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type Assistant,
  AssistantsClient,
  functionTool,
  RunStatus,
  StreamEvent,
  type Thread,
} from "./index.js";

/**
 * Two tool rounds, then a streamed answer: round 0 asks `step({ n: 1 })`, round 1 asks
 * `step({ n: 2, got: <first result> })`, then it answers with both results in three
 * cumulative partials. Each turn reports its own usage, so usageByRound can be checked.
 */
const twoRounds: Model = {
  respond: (ctx) => {
    const got = ctx.toolResults.map((r) => r.content).join(",");
    if (ctx.round < 2) {
      return {
        toolCalls: [{ name: "step", arguments: { n: ctx.round + 1, got } }],
        usage: { promptTokens: 10 * (ctx.round + 1), completionTokens: 1 },
      };
    }
    // The model sees only the newest results; the first ones came back as the `got` argument.
    const earlier = String(ctx.toolCalls[0]?.arguments.got ?? "");
    const text = `steps: ${[earlier, got].filter((t) => t !== "").join(",")}`;
    return {
      text,
      partials: [text.slice(0, 3), text.slice(0, 7), text],
      usage: { promptTokens: 100, completionTokens: 5 },
    };
  },
};

const step = functionTool({
  name: "step",
  parameters: {
    type: "object",
    properties: { n: { type: "number" }, got: { type: "string" } },
    required: ["n"],
  },
});

let emulator: Emulator;
let client: AssistantsClient;
let assistant: Assistant;

beforeAll(async () => {
  emulator = await startEmulator({ model: twoRounds, chunkDelayMs: 1 });
  client = new AssistantsClient({
    folderId: "b1g-rounds",
    auth: { apiKey: "k" },
    endpoint: emulator.url,
    env: {},
    timeoutMs: 10_000,
  });
  assistant = await client.assistants.create({ model: "yandexgpt", tools: [step] });
});

afterAll(async () => {
  await emulator?.close();
});

async function freshThread(): Promise<Thread> {
  const thread = await client.threads.create();
  await thread.write("go");
  return thread;
}

describe("run.stream({ toolHandlers }) through tool rounds", () => {
  test("streams every round, answers each with one Submit, and ends with the final answer", async () => {
    const run = await assistant.runStream(await freshThread());
    const calls: string[] = [];
    const deltas: string[] = [];
    const statuses: string[] = [];
    const stream = run.stream({
      toolHandlers: { step: ({ n }) => Number(n) * 10 },
      onToolCalls: (c) => calls.push(...c.map((x) => `${x.name}(${x.arguments.n})`)),
      onTextDelta: (delta) => deltas.push(delta),
      onEvent: (event) => statuses.push(event.status.name),
    });
    const result = await stream.finalResult();
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe("steps: 10,20");
    expect(calls).toEqual(["step(1)", "step(2)"]);
    expect(deltas.join("")).toBe("steps: 10,20");
    expect(statuses.filter((s) => s === "TOOL_CALLS")).toHaveLength(2);
    expect(statuses.at(-1)).toBe(StreamEvent.DONE.name);
    // The events of all rounds, each once, in cursor order.
    const cursors = stream.events.map((e) => Number(e.cursor.currentEventIdx));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(cursors).size).toBe(cursors.length);
    // spec/runs.md, "RunResult" usage: the usage seen at each round is kept.
    expect(result.usageByRound.map((u) => u?.totalTokens)).toEqual([11, 21, 105]);
    expect(result.usage?.totalTokens).toBe(105);
    await expect(stream.finalText()).resolves.toBe("steps: 10,20");
    expect((await stream.finalMessage()).text).toBe("steps: 10,20");
  });

  test("async iteration sees the events of every round", async () => {
    const run = await assistant.runStream(await freshThread());
    const seen: string[] = [];
    for await (const event of run.stream({ toolHandlers: { step: () => "ok" } })) {
      seen.push(event.status.name);
    }
    expect(seen.filter((s) => s === "TOOL_CALLS")).toHaveLength(2);
    expect(seen.at(-1)).toBe("DONE");
  });

  test("without toolHandlers the stream still ends at TOOL_CALLS", async () => {
    const run = await assistant.runStream(await freshThread());
    const result = await run.stream().finalResult();
    expect(result.status).toBe(RunStatus.TOOL_CALLS);
    expect(result.toolCalls?.map((c) => c.name)).toEqual(["step"]);
    expect(result.usageByRound).toHaveLength(1);
  });

  test("a failing handler ends the stream with Aborted naming the tool; nothing submitted", async () => {
    const run = await assistant.runStream(await freshThread());
    const errors: ConnectError[] = [];
    const err = await run
      .stream({
        toolHandlers: {
          step: () => {
            throw new Error("disk on fire");
          },
        },
        onError: (e) => errors.push(e),
      })
      .finalResult()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Aborted);
    expect((err as ConnectError).rawMessage).toBe('tool handler "step" failed: disk on fire');
    expect(errors).toHaveLength(1);
    expect((await run.status()).name).toBe("TOOL_CALLS");
  });

  test("maxRounds bounds the rounds (ResourceExhausted)", async () => {
    const run = await assistant.runStream(await freshThread());
    const err = await run
      .stream({ toolHandlers: { step: () => "x" }, maxRounds: 1 })
      .finalResult()
      .catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.ResourceExhausted);
  });

  test("bad toolHandlers or loop options are refused at once, naming them", async () => {
    const run = await assistant.run(await freshThread());
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return ConnectError.from(e);
      }
      return undefined;
    };
    const bad = refused(() => run.stream({ toolHandlers: { step: 5 as never } }));
    expect(bad?.code).toBe(Code.InvalidArgument);
    expect(bad?.rawMessage).toBe("toolHandlers.step must be a function");
    const rounds = refused(() => run.stream({ toolHandlers: {}, maxRounds: 0 }));
    expect(rounds?.rawMessage).toMatch(/^maxRounds/);
    await run.handleToolCalls({ step: () => "done" });
  });
});

describe("handleToolCalls(handlers, callbacks) streams every round", () => {
  test("onTextDelta and onToolCalls see every round; usageByRound as with wait()", async () => {
    const run = await assistant.runStream(await freshThread());
    const calls: number[] = [];
    let text = "";
    const result = await run.handleToolCalls(
      { step: ({ n }) => ({ n }) },
      {
        onToolCalls: (c) => calls.push(...c.map((x) => Number(x.arguments.n))),
        onTextDelta: (delta) => {
          text += delta;
        },
      },
    );
    expect(calls).toEqual([1, 2]);
    expect(text).toBe('steps: {"n":1},{"n":2}');
    expect(result.text).toBe(text);
    expect(result.usageByRound.map((u) => u?.totalTokens)).toEqual([11, 21, 105]);
  });

  test("without callbacks the loop only waits, with the same result and usageByRound", async () => {
    const run = await assistant.run(await freshThread());
    const result = await run.handleToolCalls({ step: ({ n }) => n as number });
    expect(result.text).toBe("steps: 1,2");
    expect(result.usageByRound.map((u) => u?.totalTokens)).toEqual([11, 21, 105]);
    expect(JSON.parse(JSON.stringify(result)).usageByRound).toHaveLength(3);
  });
});
