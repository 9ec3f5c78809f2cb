import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AssistantsClient, functionTool } from "@yc-assistants/client";
import { type Emulator, startEmulator } from "@yc-assistants/emulator";
import { RunService, type StreamEvent } from "@yc-assistants/types/runs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Http2FaultProxyOptions, startHttp2FaultProxy } from "./http2-fault-proxy.js";

const PARTIALS = [
  "one",
  "one two",
  "one two three",
  "one two three four",
  "one two three four five",
];

let emulator: Emulator;
let direct: AssistantsClient;
beforeAll(async () => {
  emulator = await startEmulator({
    chunkDelayMs: 1,
    model: {
      respond: (ctx) =>
        ctx.tools.length > 0 && ctx.round === 0
          ? { toolCalls: [{ name: "lookup", arguments: { q: "x" } }] }
          : { text: PARTIALS.at(-1) as string, partials: PARTIALS },
    },
  });
  direct = new AssistantsClient({
    endpoint: emulator.url,
    folderId: "b1gfolder",
    auth: { apiKey: "k" },
    env: {},
  });
});
afterAll(async () => {
  await emulator.close();
});

/** A finished streamed run (text only), or a run waiting in TOOL_CALLS with `tools`. */
async function finishedRun(tools = false): Promise<string> {
  const assistant = await direct.assistants.create({
    model: "yandexgpt",
    ...(tools ? { tools: [functionTool({ name: "lookup" })] } : {}),
  });
  const thread = await direct.threads.create();
  await thread.write("go");
  const run = await assistant.runStream(thread);
  await run.wait();
  return run.id;
}

async function withProxy<T>(
  options: Omit<Http2FaultProxyOptions, "upstream">,
  body: (
    runs: ReturnType<typeof createClient<typeof RunService>>,
    proxy: Awaited<ReturnType<typeof startHttp2FaultProxy>>,
  ) => Promise<T>,
): Promise<T> {
  const proxy = await startHttp2FaultProxy({ upstream: emulator.url, ...options });
  try {
    const runs = createClient(RunService, createGrpcTransport({ baseUrl: proxy.url }));
    return await body(runs, proxy);
  } finally {
    await proxy.close();
  }
}

const texts = (events: StreamEvent[]) =>
  events.map((e) => `${e.streamCursor?.currentEventIdx ?? 0n}:${e.EventData.case}`);

describe("startHttp2FaultProxy", () => {
  it("forwards unary calls, streams and trailers-only errors unchanged", async () => {
    const runId = await finishedRun();
    const truth: StreamEvent[] = [];
    for await (const e of createClient(
      RunService,
      createGrpcTransport({ baseUrl: emulator.url }),
    ).listen({ runId, eventsStartIdx: 0n }))
      truth.push(e);
    await withProxy({}, async (runs, proxy) => {
      const got: StreamEvent[] = [];
      for await (const e of runs.listen({ runId, eventsStartIdx: 0n })) got.push(e);
      expect(texts(got)).toEqual(texts(truth));
      expect(got.length).toBe(PARTIALS.length + 1);
      expect((await runs.get({ runId })).id).toBe(runId);
      const missing = await runs
        .get({ runId: "no-such-run" })
        .catch((e: unknown) => ConnectError.from(e));
      expect((missing as ConnectError).code).toBe(Code.NotFound);
      // Read to the end: the client reset nothing.
      expect(proxy.counts()).toMatchObject({ streams: 3, clientResets: 0, lostResponses: 0 });
      expect(proxy.counts().byMethod).toEqual({ "RunService/Listen": 1, "RunService/Get": 2 });
    });
  });

  it("counts a stream the client cancels before its response ended", async () => {
    const runId = await finishedRun();
    await withProxy({}, async (runs, proxy) => {
      const controller = new AbortController();
      await expect(async () => {
        for await (const _ of runs.listen(
          { runId, eventsStartIdx: 0n },
          { signal: controller.signal },
        ))
          controller.abort();
      }).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 50));
      expect(proxy.counts()).toMatchObject({
        clientResets: 1,
        clientResetsByCode: { 8: 1 },
      });
    });
  });

  it.each([
    ["cancel", Code.Canceled],
    ["internal", Code.Internal],
    ["unavailable", Code.Unavailable],
  ] as const)("loses a Submit response (%s) after the server applied it", async (mode, code) => {
    const runId = await finishedRun(true);
    await withProxy(
      { loseResponse: { methods: ["Submit"], modes: [mode] } },
      async (runs, proxy) => {
        const err = await runs
          .submit({
            runId,
            Event: {
              case: "toolResultList",
              value: {
                toolResults: [
                  {
                    ToolResultType: {
                      case: "functionResult",
                      value: { name: "lookup", ContentType: { case: "content", value: "r" } },
                    },
                  },
                ],
              },
            },
          })
          .then(
            () => undefined,
            (e: unknown) => ConnectError.from(e),
          );
        expect(err?.code).toBe(code);
        expect(proxy.counts().lostResponses).toBe(1);
        // Applied: the run left TOOL_CALLS.
        const run = await direct.runs.get(runId);
        expect((await run.wait()).status.name).toBe("COMPLETED");
      },
    );
  });

  it("loses a response by destroying the client's connection", async () => {
    const runId = await finishedRun();
    await withProxy(
      { loseResponse: { methods: ["RunService/Get"], modes: ["destroy-session"] } },
      async (runs, proxy) => {
        await expect(runs.get({ runId })).rejects.toThrow();
        expect(proxy.counts()).toMatchObject({ lostResponses: 1, sessions: 1, clientResets: 0 });
      },
    );
  });

  it("resets a stream after N response messages, only the first K streams", async () => {
    const runId = await finishedRun();
    await withProxy(
      { resetStream: { methods: ["Listen"], minFrames: 2, maxFrames: 2, streams: 1 } },
      async (runs, proxy) => {
        const got: StreamEvent[] = [];
        const err = await (async () => {
          for await (const e of runs.listen({ runId, eventsStartIdx: 0n })) got.push(e);
        })().then(
          () => undefined,
          (e: unknown) => ConnectError.from(e),
        );
        expect(err?.code).toBe(Code.Internal);
        expect(got.length).toBe(2);
        const again: StreamEvent[] = [];
        for await (const e of runs.listen({ runId, eventsStartIdx: 2n })) again.push(e);
        expect(again.length).toBe(PARTIALS.length + 1 - 2);
        expect(proxy.counts()).toMatchObject({ streamResets: 1, clientResets: 0 });
      },
    );
  });

  it("sends GOAWAY after N streams of a connection and ends it; the next connection works", async () => {
    const runId = await finishedRun();
    await withProxy({ goaway: { afterStreams: 1, times: 1 } }, async (runs, proxy) => {
      await runs.get({ runId });
      await expect(runs.get({ runId })).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 20));
      expect((await runs.get({ runId })).id).toBe(runId);
      // Streams the proxy itself refused or ended are not resets sent by the client.
      expect(proxy.counts()).toMatchObject({ goawaysSent: 1, sessions: 2, clientResets: 0 });
    });
  });
});
