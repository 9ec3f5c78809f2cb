import { inspect } from "node:util";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import { StreamEvent_EventType } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/server.js";
import {
  clientsFor,
  collect,
  conversation,
  cursorOf,
  eventText,
  expectCode,
  FOLDER,
  functionTool,
  MODEL_URI,
} from "./support/clients.js";
import { RequestQueue } from "./support/request-queue.js";

describe("startEmulator over real HTTP/2", () => {
  it("serves gRPC, Connect and gRPC-web on one h2c port", async () => {
    const emulator = await startEmulator({ chunkDelayMs: 1 });
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const grpc = clientsFor(createGrpcTransport({ baseUrl: emulator.url }));
      const { assistant, thread } = await conversation(grpc, "over the wire");
      const run = await grpc.runs.create({
        assistantId: assistant.id,
        threadId: thread.id,
        stream: true,
      });
      const events = await collect(grpc.runs.listen({ runId: run.id }));
      expect(eventText(events.at(-1)!)).toBe("Echo: over the wire");
      await expectCode(grpc.runs.get({ runId: "fvtnope" }), Code.NotFound, /run fvtnope not found/);

      const connect = clientsFor(
        createConnectTransport({ baseUrl: emulator.url, httpVersion: "2" }),
      );
      expect((await connect.threads.get({ threadId: thread.id })).id).toBe(thread.id);
      const web = clientsFor(createGrpcWebTransport({ baseUrl: emulator.url, httpVersion: "2" }));
      expect((await collect(web.messages.list({ threadId: thread.id }))).length).toBe(2);
    } finally {
      await emulator.close();
    }
  });

  it("runs 200 concurrent streamed runs to complete, ordered event logs", async () => {
    const emulator = await startEmulator({ chunkDelayMs: 2 });
    try {
      const c = clientsFor(createGrpcTransport({ baseUrl: emulator.url }));
      const assistant = await c.assistants.create({ folderId: FOLDER, modelUri: MODEL_URI });
      const results = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const text = `message number ${i} for the emulator`;
          const thread = await c.threads.create({
            folderId: FOLDER,
            messages: [
              { content: { content: [{ PartType: { case: "text", value: { content: text } } }] } },
            ],
          });
          const run = await c.runs.create({
            assistantId: assistant.id,
            threadId: thread.id,
            stream: true,
          });
          const events = await collect(c.runs.listen({ runId: run.id }));
          return { i, text, run, events };
        }),
      );
      for (const { text, events } of results) {
        expect(events.map(cursorOf)).toEqual(events.map((_, index) => index));
        expect(events.map((e) => e.eventType)).toEqual([
          StreamEvent_EventType.PARTIAL_MESSAGE,
          StreamEvent_EventType.PARTIAL_MESSAGE,
          StreamEvent_EventType.PARTIAL_MESSAGE,
          StreamEvent_EventType.DONE,
        ]);
        const texts = events.map(eventText);
        for (let k = 1; k < texts.length; k++)
          expect(texts[k]?.startsWith(texts[k - 1] ?? "")).toBe(true);
        expect(texts.at(-1)).toBe(`Echo: ${text}`);
      }
      // Every run is listed once, and replaying a log gives the same events.
      const listed = new Set<string>();
      let token = "";
      do {
        const page = await c.runs.list({ folderId: FOLDER, pageSize: 64n, pageToken: token });
        for (const run of page.runs) listed.add(run.id);
        token = page.nextPageToken;
      } while (token !== "");
      expect(listed.size).toBe(200);
      const sample = results[123]!;
      expect(await collect(c.runs.listen({ runId: sample.run.id }))).toEqual(sample.events);
    } finally {
      await emulator.close();
    }
  }, 30_000);

  it("closes with open streams: they end, the port is released, close is idempotent", async () => {
    const emulator = await startEmulator({ chunkDelayMs: 1 });
    const c = clientsFor(createGrpcTransport({ baseUrl: emulator.url }));
    const { assistant, thread } = await conversation(c, "special_operation", {
      tools: [functionTool("special_operation")],
    });
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    // An Attach stream that got TOOL_CALLS and now waits for the client's results.
    const requests = new RequestQueue<{ runId: string }>();
    requests.push({ runId: run.id });
    const stream = c.runs.attach(requests)[Symbol.asyncIterator]();
    const first = await stream.next();
    expect(first.value?.eventType).toBe(StreamEvent_EventType.TOOL_CALLS);
    const ended = stream.next().then(
      () => undefined,
      (error: unknown) => ConnectError.from(error),
    );
    await Promise.all([emulator.close(), emulator.close()]);
    const error = await ended;
    expect(error).toBeInstanceOf(ConnectError);
    expect(error?.code).toBe(Code.Unavailable);
    requests.close();
    await expectCode(
      clientsFor(createGrpcTransport({ baseUrl: emulator.url })).threads.list({ folderId: FOLDER }),
      Code.Unavailable,
    );
  });

  it("never shows its secrets in util.inspect", async () => {
    const emulator = await startEmulator({
      auth: { apiKey: "inspect-secret-1", iamToken: "inspect-secret-2" },
    });
    try {
      expect(inspect(emulator, { depth: 10, showHidden: true })).not.toMatch(/inspect-secret/);
    } finally {
      await emulator.close();
    }
  });

  it("listens on a given port and host", async () => {
    const first = await startEmulator();
    const port = Number(new URL(first.url).port);
    await first.close();
    const second = await startEmulator({ port, host: "127.0.0.1" });
    try {
      expect(second.url).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await second.close();
    }
  });
});
