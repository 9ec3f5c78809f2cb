import { Code, ConnectError } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { describe, expect, it } from "vitest";
import {
  clientsFor,
  collect,
  conversation,
  expectCode,
  FOLDER,
  inProcess,
} from "../../test/support/clients.js";
import { startEmulator } from "../server.js";
import { callEndCode, requestDeadlineMs } from "./logging-interceptor.js";

describe("log", () => {
  it("gets one line per call: method, status code, duration", async () => {
    const lines: string[] = [];
    const c = inProcess({ log: (line) => lines.push(line) });
    const { assistant, thread } = await conversation(c, "hi");
    await expectCode(c.threads.get({ threadId: "fvtnope" }), Code.NotFound);
    const run = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });
    await collect(c.runs.listen({ runId: run.id }));
    await expectCode(c.runs.listen({ runId: "fvtnope" }), Code.NotFound);
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line).toMatch(/^\w+Service\/\w+ [A-Z_]+ \d+ms$/);
    expect(lines.map((l) => l.replace(/ \d+ms$/, ""))).toEqual([
      "AssistantService/Create OK",
      "ThreadService/Create OK",
      "MessageService/Create OK",
      "ThreadService/Get NOT_FOUND",
      "RunService/Create OK",
      "RunService/Listen OK",
      "RunService/Listen NOT_FOUND",
    ]);
    expect(lines.some((l) => l.includes(FOLDER))).toBe(false);
  });
});

describe("log of a call the client ended (issue 12)", () => {
  it("logs a client's deadline as DEADLINE_EXCEEDED whichever side's timer fires first", async () => {
    const lines: string[] = [];
    // The run's chunks are 10 s apart: every Listen below is ended by the client.
    const emulator = await startEmulator({ chunkDelayMs: 10_000, log: (l) => lines.push(l) });
    try {
      const c = clientsFor(createGrpcTransport({ baseUrl: emulator.url }));
      const { assistant, thread } = await conversation(c, "a long answer is coming");
      const run = await c.runs.create({
        assistantId: assistant.id,
        threadId: thread.id,
        stream: true,
      });
      const listen = async (options: {
        timeoutMs?: number;
        abortAfterMs?: number;
        reason?: unknown;
      }) => {
        const controller = new AbortController();
        const timer =
          options.abortAfterMs === undefined
            ? undefined
            : setTimeout(() => controller.abort(options.reason), options.abortAfterMs);
        const before = lines.length;
        await collect(
          c.runs.listen(
            { runId: run.id },
            { timeoutMs: options.timeoutMs, signal: controller.signal },
          ),
        ).catch(() => undefined);
        clearTimeout(timer);
        await expect.poll(() => lines.length, { timeout: 5000 }).toBe(before + 1);
        return lines[before]?.replace(/ \d+ms$/, "");
      };
      const deadline = new ConnectError("the operation timed out", Code.DeadlineExceeded);
      // wait({ timeoutMs }): the server's timer (grpc-timeout) ends the call.
      expect(await listen({ timeoutMs: 150 })).toBe("RunService/Listen DEADLINE_EXCEEDED");
      // listen({ timeoutMs }): the client's own timer fires first and resets the stream with
      // INTERNAL_ERROR (connect-node's code for a reason other than a cancel).
      expect(await listen({ timeoutMs: 300, abortAfterMs: 280, reason: deadline })).toBe(
        "RunService/Listen DEADLINE_EXCEEDED",
      );
      // A client that gives up before any deadline cancelled the call, whatever its reset code.
      expect(await listen({ abortAfterMs: 50 })).toBe("RunService/Listen CANCELED");
      expect(await listen({ abortAfterMs: 50, reason: deadline })).toBe(
        "RunService/Listen CANCELED",
      );
      expect(await listen({ timeoutMs: 5000, abortAfterMs: 50 })).toBe(
        "RunService/Listen CANCELED",
      );
    } finally {
      await emulator.close();
    }
  });

  it("keeps the code of an error of the server's own", () => {
    const live = new AbortController().signal;
    const notFound = new ConnectError("run not found", Code.NotFound);
    expect(callEndCode(notFound, live, 10, 100)).toBe(Code.NotFound);
    expect(callEndCode(new Error("boom"), live, 10, undefined)).toBe(Code.Unknown);
  });

  it("reads the deadline of gRPC and Connect requests", () => {
    expect(requestDeadlineMs(new Headers({ "grpc-timeout": "300m" }))).toBe(300);
    expect(requestDeadlineMs(new Headers({ "grpc-timeout": "2S" }))).toBe(2000);
    expect(requestDeadlineMs(new Headers({ "grpc-timeout": "1M" }))).toBe(60_000);
    expect(requestDeadlineMs(new Headers({ "connect-timeout-ms": "250" }))).toBe(250);
    expect(requestDeadlineMs(new Headers({ "grpc-timeout": "bad" }))).toBeUndefined();
    expect(requestDeadlineMs(new Headers())).toBeUndefined();
  });
});
