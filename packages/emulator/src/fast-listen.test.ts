import type http2 from "node:http2";
import { toJson } from "@bufbuild/protobuf";
import { Code, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { type StreamEvent, StreamEventSchema } from "@yc-assistants/types/runs";
import { afterAll, describe, expect, it } from "vitest";
import {
  type Clients,
  clientsFor,
  collect,
  conversation,
  expectCode,
} from "../test/support/clients.js";
import type { Emulator } from "./emulator-options.js";
import { createFastListen } from "./fast-listen.js";
import { startEmulator } from "./server.js";
import { EmulatorState } from "./state/emulator-state.js";

const KEY = "fast-listen-key";
const emulators: Emulator[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});

const withKey: Interceptor = (next) => (request) => {
  request.header.set("authorization", `Api-Key ${KEY}`);
  return next(request);
};

/** Two emulators with the same model: the fast path, and (with `log`) Connect's path. */
async function pair(): Promise<{ fast: Clients; connect: Clients; connectProtocol: Clients }> {
  const options = {
    chunkDelayMs: 1,
    auth: { apiKey: KEY },
    model: { turns: [{ text: "a b c d e f" }] },
  };
  const fast = await startEmulator(options);
  const slow = await startEmulator({ ...options, log: () => {} });
  emulators.push(fast, slow);
  const grpc = (url: string) => createGrpcTransport({ baseUrl: url, interceptors: [withKey] });
  return {
    fast: clientsFor(grpc(fast.url)),
    connect: clientsFor(grpc(slow.url)),
    connectProtocol: clientsFor(
      createConnectTransport({ baseUrl: fast.url, httpVersion: "2", interceptors: [withKey] }),
    ),
  };
}

const json = (events: StreamEvent[]) =>
  events.map((e) => toJson(StreamEventSchema, e, { alwaysEmitImplicit: true }));

describe("the Listen fast path (issue 10: emulator CPU per event)", () => {
  it("streams what Connect streams: live, replayed, from an index, over gRPC and the Connect protocol", async () => {
    const { fast, connect, connectProtocol } = await pair();
    const seen: unknown[][] = [];
    for (const c of [fast, connect]) {
      const { assistant, thread } = await conversation(c, "hello");
      const run = await c.runs.create({
        assistantId: assistant.id,
        threadId: thread.id,
        stream: true,
      });
      const live = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 0n }));
      const replay = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 0n }));
      const tail = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 2n }));
      expect(live.length).toBeGreaterThan(3);
      expect(json(replay)).toEqual(json(live));
      expect(json(tail)).toEqual(json(live.slice(2)));
      // Ids differ between the two emulators; the shapes must not.
      seen.push(
        json(live).map((e) =>
          JSON.stringify(e).replace(/"(id|threadId|createdAt|createdBy)":"[^"]*"/g, ""),
        ),
      );
      if (c === fast) {
        const other = await collect(
          connectProtocol.runs.listen({ runId: run.id, eventsStartIdx: 0n }),
        );
        expect(json(other)).toEqual(json(live));
      }
    }
    expect(seen[0]).toEqual(seen[1]);
  });

  it("answers with Connect's codes: auth, validation, unknown run, deadline", async () => {
    const { fast } = await pair();
    const url = emulators.at(-2)?.url as string;
    const anonymous = clientsFor(createGrpcTransport({ baseUrl: url }));
    await expectCode(
      anonymous.runs.listen({ runId: "x", eventsStartIdx: 0n }),
      Code.Unauthenticated,
    );
    await expectCode(
      fast.runs.listen({ runId: "", eventsStartIdx: 0n }),
      Code.InvalidArgument,
      /run_id/,
    );
    await expectCode(
      fast.runs.listen({ runId: "nope", eventsStartIdx: -1n }),
      Code.InvalidArgument,
    );
    await expectCode(fast.runs.listen({ runId: "nope", eventsStartIdx: 0n }), Code.NotFound);
    // A finished run listened past its end ends at once.
    const { assistant, thread } = await conversation(fast, "hello");
    const run = await fast.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });
    await collect(fast.runs.listen({ runId: run.id, eventsStartIdx: 0n }));
    expect(await collect(fast.runs.listen({ runId: run.id, eventsStartIdx: 1000n }))).toEqual([]);
  });

  it("a listener waiting past a TOOL_CALLS round ends at its deadline, or when it cancels", async () => {
    const emulator = await startEmulator({
      chunkDelayMs: 0,
      model: { turns: [{ toolCalls: [{ name: "f", arguments: {} }] }] },
    });
    emulators.push(emulator);
    const c = clientsFor(createGrpcTransport({ baseUrl: emulator.url }));
    const { assistant, thread } = await conversation(c, "call f");
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    const events = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 0n }));
    const next = BigInt(events.length);
    await expectCode(
      c.runs.listen({ runId: run.id, eventsStartIdx: next }, { timeoutMs: 100 }),
      Code.DeadlineExceeded,
    );
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    await expectCode(
      c.runs.listen({ runId: run.id, eventsStartIdx: next }, { signal: abort.signal }),
      Code.Canceled,
    );
    // The emulator is not stuck on the abandoned listener: a new call is answered.
    expect((await c.runs.get({ runId: run.id })).id).toBe(run.id);
  });

  it("leaves every other request to Connect", () => {
    const fastListen = createFastListen({
      context: { state: new EmulatorState(), quirks: {} },
      auth: undefined,
      readMaxBytes: 1024,
      shutdown: new AbortController().signal,
    });
    const path = "/yandex.cloud.ai.assistants.v1.runs.RunService/Listen";
    const cases: [string, string, Record<string, string>][] = [
      ["GET", path, { "content-type": "application/grpc" }],
      [
        "POST",
        "/yandex.cloud.ai.assistants.v1.runs.RunService/Get",
        { "content-type": "application/grpc" },
      ],
      ["POST", path, { "content-type": "application/connect+proto" }],
      ["POST", path, { "content-type": "application/grpc-web+proto" }],
      ["POST", path, { "content-type": "application/grpc+json" }],
      ["POST", path, { "content-type": "application/grpc", "grpc-encoding": "gzip" }],
    ];
    for (const [method, url, headers] of cases) {
      const request = { method, url, headers } as unknown as http2.Http2ServerRequest;
      expect(fastListen(request, {} as http2.Http2ServerResponse)).toBe(false);
    }
  });
});
