import http2 from "node:http2";
import { Code } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../src/emulator-options.js";
import { startEmulator } from "../src/server.js";
import { clientsFor, collect, conversation, expectCode, FOLDER } from "./support/clients.js";

const CREATE_THREAD = "/yandex.cloud.ai.assistants.v1.threads.ThreadService/Create";

interface Answer {
  status: string | undefined;
  message: string | undefined;
}

/**
 * Opens a gRPC stream that sends only a 5-byte envelope header declaring
 * `declared` bytes and then stays idle; resolves with the grpc-status the
 * server answers (from headers or trailers), or `closed` when it never does.
 */
function oversizeHeaderOnly(session: http2.ClientHttp2Session, declared: number): Promise<Answer> {
  return new Promise((resolve) => {
    const stream = session.request({
      ":method": "POST",
      ":path": CREATE_THREAD,
      "content-type": "application/grpc",
      te: "trailers",
    });
    const header = Buffer.alloc(5);
    header.writeUInt32BE(declared, 1);
    stream.write(header);
    let status: string | undefined;
    let message: string | undefined;
    const take = (h: http2.IncomingHttpHeaders) => {
      status ??= h["grpc-status"] as string | undefined;
      message ??= h["grpc-message"] as string | undefined;
    };
    stream.on("response", take);
    stream.on("trailers", take);
    stream.on("error", () => {});
    stream.on("close", () => resolve({ status, message }));
    stream.resume();
    stream.on("end", () => stream.close());
  });
}

describe("bounded reads (issue 8, point 4)", () => {
  it("refuses 150 idle streams declaring 4 GiB at once while a normal flow completes", async () => {
    const emulator = await startEmulator({ chunkDelayMs: 1 });
    const session = http2.connect(emulator.url);
    try {
      const before = process.memoryUsage().arrayBuffers;
      const oversize = Promise.all(
        Array.from({ length: 150 }, () => oversizeHeaderOnly(session, 0xffff_ffff)),
      );
      const c = clientsFor(createGrpcTransport({ baseUrl: emulator.url }));
      const flow = (async () => {
        const { assistant, thread } = await conversation(c, "still served");
        const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
        return collect(c.runs.listen({ runId: run.id }));
      })();
      const [answers, events] = await Promise.all([oversize, flow]);
      expect(events.at(-1)?.eventType).toBeDefined();
      for (const answer of answers) {
        expect(answer.status).toBe(String(Code.ResourceExhausted));
        expect(decodeURIComponent(answer.message ?? "")).toContain(
          String(DEFAULT_MAX_MESSAGE_BYTES),
        );
      }
      // Nothing near 150 × 4 GiB (or even 4 GiB) was allocated for the declared lengths.
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 * 1024 * 1024);
    } finally {
      session.close();
      await emulator.close();
    }
  }, 20_000);

  it("takes limits.maxMessageBytes as the wire limit too", async () => {
    const emulator = await startEmulator({ limits: { maxMessageBytes: 1000 } });
    const session = http2.connect(emulator.url);
    try {
      const answer = await oversizeHeaderOnly(session, 1001);
      expect(answer.status).toBe(String(Code.ResourceExhausted));
      expect(decodeURIComponent(answer.message ?? "")).toContain("1000");
      // A message within the limit still works.
      const c = clientsFor(createGrpcTransport({ baseUrl: emulator.url }));
      expect((await c.threads.create({ folderId: FOLDER })).folderId).toBe(FOLDER);
    } finally {
      session.close();
      await emulator.close();
    }
  });

  it("rejects a limit Connect cannot apply, naming the option", async () => {
    await expect(startEmulator({ limits: { maxMessageBytes: 0 } })).rejects.toThrow(
      /limits\.maxMessageBytes/,
    );
    await expect(startEmulator({ limits: { maxMessageBytes: 2 ** 32 } })).rejects.toThrow(
      RangeError,
    );
  });
});

describe("errors never echo huge inputs (issue 8, point 5)", () => {
  it("answers NOT_FOUND / INVALID_ARGUMENT with a short message for 100 KB values over HTTP/2", async () => {
    const emulator = await startEmulator({ chunkDelayMs: 1 });
    try {
      const c = clientsFor(createGrpcTransport({ baseUrl: emulator.url }));
      const huge = "f".repeat(100_000);
      const runError = await expectCode(
        c.runs.get({ runId: huge }),
        Code.NotFound,
        /\(cut, 100000 chars\)/,
      );
      expect(runError.rawMessage.length).toBeLessThan(200);
      const tokenError = await expectCode(
        c.threads.list({ folderId: FOLDER, pageToken: "A".repeat(100_000) }),
        Code.InvalidArgument,
        /page_token "A+…" \(cut, 100000 chars\)/,
      );
      expect(tokenError.rawMessage.length).toBeLessThan(200);
      const threadError = await expectCode(c.threads.get({ threadId: huge }), Code.NotFound, /cut/);
      expect(threadError.rawMessage.length).toBeLessThan(200);
    } finally {
      await emulator.close();
    }
  });
});

describe("many calls at once (issue 8, point 6)", () => {
  it("runs 50 concurrent calls without a MaxListenersExceededWarning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    const emulator = await startEmulator({ faults: { delayMs: 20 } });
    try {
      const c = clientsFor(createGrpcTransport({ baseUrl: emulator.url }));
      const { assistant, thread } = await conversation(c, "fifty at once");
      const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
      // 25 unary calls and 25 Listen streams of one run, all open at once.
      await Promise.all([
        ...Array.from({ length: 25 }, () => c.threads.create({ folderId: FOLDER })),
        ...Array.from({ length: 25 }, () => collect(c.runs.listen({ runId: run.id }))),
      ]);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      await emulator.close();
    }
  });
});
