/**
 * End to end under real transport faults (issue 8, points 1–3): the client against the
 * emulator over HTTP/2 on 127.0.0.1, with the emulator's transport-level fault knobs cutting
 * connections, losing Submit answers after applying them, and counting the streams the
 * client resets. Small, bounded counts: `npm run chaos` runs the same at full scale.
 */
import { type Emulator, type Model, startEmulator } from "@yc-assistants/emulator";
import { afterEach, describe, expect, test } from "vitest";
import { AssistantsClient, functionTool, type RetryPolicy } from "../src/index.js";

const fastRetry: RetryPolicy = { initialBackoffMs: 2, maxBackoffMs: 10, jitterMs: 2 };
const lookup = functionTool({ name: "lookup", description: "Looks up", parameters: {} });

function clientFor(url: string): AssistantsClient {
  return new AssistantsClient({
    folderId: "f",
    auth: { apiKey: "k" },
    endpoint: url,
    env: {},
    retry: fastRetry,
    timeoutMs: 10_000,
  });
}

/**
 * A model that asks the IDENTICAL call for `rounds` rounds, then answers; it records every
 * result it is given, per run, so a test sees what was applied and how often.
 */
function identicalRounds(rounds: number) {
  const applied = new Map<string, string[]>();
  const model: Model = {
    respond(ctx) {
      const seen = applied.get(ctx.runId) ?? [];
      applied.set(ctx.runId, seen);
      for (const r of ctx.toolResults) seen.push(r.content);
      if (seen.length < rounds)
        return { toolCalls: [{ name: "lookup", arguments: { q: "same" } }] };
      return { text: `answered after ${seen.length} results` };
    },
  };
  return { model, applied };
}

const emulators: Emulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});

async function emulator(options: Parameters<typeof startEmulator>[0]): Promise<Emulator> {
  const e = await startEmulator(options);
  emulators.push(e);
  return e;
}

describe("faults under the client", () => {
  test("runs on one connection send no RST_STREAM: every Listen is read to its end", async () => {
    const emu = await emulator({ chunkDelayMs: 0 });
    const client = clientFor(emu.url);
    const assistant = await client.assistants.create({ model: "yandexgpt" });
    for (let i = 0; i < 30; i++) {
      const thread = await client.threads.create();
      await thread.write(`hello ${i}`);
      const result = await (await assistant.runStream(thread)).wait();
      expect(result.status.name).toBe("COMPLETED");
    }
    expect(emu.stats().streamsResetByClient).toBe(0);
  });

  test("Listen over connections destroyed mid-stream: every event once, in order", async () => {
    const text = "a long answer made of many words ".repeat(12);
    const emu = await emulator({
      chunkDelayMs: 1,
      model: { turns: [{ text }] },
      faults: {
        destroyConnectionAfterEvents: { min: 1, max: 8 },
        destroyConnectionMethods: ["RunService/Listen"],
        seed: 11,
      },
    });
    const client = clientFor(emu.url);
    const assistant = await client.assistants.create({ model: "yandexgpt" });
    for (let i = 0; i < 15; i++) {
      const thread = await client.threads.create();
      await thread.write(`q ${i}`);
      const run = await assistant.runStream(thread);
      const seen: number[] = [];
      for await (const ev of run.listen()) seen.push(ev.cursor.currentEventIdx);
      expect(seen).toEqual(seen.map((_, k) => k));
      expect(seen.length).toBeGreaterThan(2);
      expect((await run.wait()).text).toBe(text);
    }
    expect(emu.stats().connectionsDestroyed).toBeGreaterThan(0);
  });

  test("GOAWAY every few streams and reset streams: calls go on over new connections", async () => {
    const emu = await emulator({
      chunkDelayMs: 1,
      faults: {
        goAway: { afterStreams: 4 },
        resetStreams: {
          rate: 0.2,
          code: "INTERNAL_ERROR",
          methods: ["RunService/Get", "RunService/Listen"],
        },
        seed: 3,
      },
    });
    const client = clientFor(emu.url);
    const assistant = await client.assistants.create({ model: "yandexgpt" });
    for (let i = 0; i < 10; i++) {
      const thread = await client.threads.create();
      await thread.write(`go ${i}`);
      const run = await assistant.runStream(thread);
      const result = await run.wait();
      expect(result.status.name).toBe("COMPLETED");
      expect((await client.runs.get(run.id)).lastStatus.name).toBe("COMPLETED");
    }
    expect(emu.stats().goAwaysSent).toBeGreaterThan(0);
    expect(emu.stats().streamsResetByFaults).toBeGreaterThan(0);
  });

  test("Submit answers lost after the server applied them: each result applied exactly once", async () => {
    const { model, applied } = identicalRounds(3);
    const emu = await emulator({
      chunkDelayMs: 1,
      model,
      faults: { loseResponse: { methods: ["RunService/Submit"], rate: 0.5 }, seed: 5 },
    });
    const client = clientFor(emu.url);
    const assistant = await client.assistants.create({ model: "yandexgpt", tools: [lookup] });
    for (let i = 0; i < 12; i++) {
      const thread = await client.threads.create();
      await thread.write(`run ${i}`);
      const run = await assistant.runStream(thread);
      let round = 0;
      const result = await run.handleToolCalls({ lookup: () => `r${++round}` });
      expect(result.text).toBe("answered after 3 results");
      expect(applied.get(run.id)).toEqual(["r1", "r2", "r3"]);
    }
    expect(emu.stats().responsesLost).toBeGreaterThan(0);
  });

  test("a slow server is not taken for a silent log: no result applied twice", async () => {
    // Every answer takes longer than the least grace of the log probe (1 s): silence from the
    // log must be judged against how fast the server answers a control question, not a clock.
    const { model, applied } = identicalRounds(2);
    const emu = await emulator({
      chunkDelayMs: 0,
      model,
      faults: { delayMs: 1100, loseResponse: { methods: ["RunService/Submit"], rate: 1 } },
    });
    const client = clientFor(emu.url);
    const assistant = await client.assistants.create({ model: "yandexgpt", tools: [lookup] });
    const thread = await client.threads.create();
    await thread.write("slow");
    const run = await assistant.runStream(thread);
    let round = 0;
    const result = await run.handleToolCalls({ lookup: () => `r${++round}` });
    expect(result.text).toBe("answered after 2 results");
    expect(applied.get(run.id)).toEqual(["r1", "r2"]);
  }, 60_000);

  test("a manual loop sees the truth after a lost answer: no stale TOOL_CALLS", async () => {
    const { model, applied } = identicalRounds(1);
    const emu = await emulator({
      chunkDelayMs: 1,
      model,
      faults: { loseResponse: { methods: ["RunService/Submit"], rate: 1 } },
    });
    const client = clientFor(emu.url);
    const assistant = await client.assistants.create({ model: "yandexgpt", tools: [lookup] });
    const thread = await client.threads.create();
    await thread.write("once");
    const run = await assistant.runStream(thread);
    const first = await run.wait();
    expect(first.toolCalls).toHaveLength(1);
    await run.submitToolResults({ lookup: "only" });
    const next = await run.wait();
    expect(next.status.name).toBe("COMPLETED");
    expect(applied.get(run.id)).toEqual(["only"]);
  });
});
