import http2 from "node:http2";
import { Code, ConnectError } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { RunState_RunStatus, type StreamEvent } from "@yc-assistants/types/runs";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Clients,
  clientsFor,
  collect,
  conversation,
  expectCode,
  FOLDER,
  functionTool,
} from "../test/support/clients.js";
import { toolResults } from "../test/support/request-queue.js";
import type { Emulator, EmulatorOptions } from "./emulator-options.js";
import { startEmulator } from "./server.js";

const LISTEN = "/yandex.cloud.ai.assistants.v1.runs.RunService/Listen";

let emulators: Emulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});

async function start(faults: EmulatorOptions["faults"]): Promise<{ e: Emulator; c: Clients }> {
  const e = await startEmulator({ chunkDelayMs: 1, faults });
  emulators.push(e);
  return { e, c: clientsFor(createGrpcTransport({ baseUrl: e.url })) };
}

/** Reads a stream until it ends or fails. */
async function drain(stream: AsyncIterable<StreamEvent>) {
  const events: StreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error: ConnectError.from(error) };
  }
}

/** A finished stream=true run: 3 partials and DONE in its log. */
async function finishedStreamedRun(c: Clients): Promise<string> {
  const { assistant, thread } = await conversation(c, "one two three four five six");
  const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id, stream: true });
  for (;;) {
    const got = await c.runs.get({ runId: run.id });
    if (got.state?.status === RunState_RunStatus.COMPLETED) return run.id;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Bytes of the response body a raw HTTP/2 Listen receives before its stream ends. */
function rawListenBytes(url: string, runId: string): Promise<number> {
  return new Promise((resolve) => {
    const session = http2.connect(url);
    session.on("error", () => {});
    const body = Buffer.from(new TextEncoder().encode(runId));
    // RunService.Listen request: field 1 (run_id), length-delimited.
    const message = Buffer.concat([Buffer.from([0x0a, body.length]), body]);
    const header = Buffer.alloc(5);
    header.writeUInt32BE(message.length, 1);
    const stream = session.request({
      ":method": "POST",
      ":path": LISTEN,
      "content-type": "application/grpc",
      te: "trailers",
    });
    stream.on("error", () => {});
    let received = 0;
    stream.on("data", (chunk: Buffer) => {
      received += chunk.length;
    });
    stream.on("close", () => {
      session.destroy();
      resolve(received);
    });
    stream.end(Buffer.concat([header, message]));
  });
}

describe("faults.destroyConnectionAfterEvents / AfterBytes", () => {
  it("drops the connection right after N events of the chosen methods only", async () => {
    const { e, c } = await start({
      destroyConnectionAfterEvents: 2,
      destroyConnectionMethods: ["RunService/Listen"],
    });
    const runId = await finishedStreamedRun(c);
    const { events, error } = await drain(c.runs.listen({ runId }));
    expect(events).toHaveLength(2);
    // connect-node reports a connection dropped mid-stream as the HTTP/2 CANCEL.
    expect(error?.code).toBe(Code.Canceled);
    expect(e.stats()).toMatchObject({ connectionsDestroyed: 1, streamsResetByClient: 0 });
    // Unary calls are not hit, and the client reconnects.
    expect((await c.runs.get({ runId })).id).toBe(runId);
    expect(e.stats().connectionsDestroyed).toBe(1);
  });

  it("sends exactly N body bytes, drawn from a seeded range, then drops the connection", async () => {
    const sample = async (seed: number) => {
      const { e, c } = await start({
        destroyConnectionAfterBytes: { min: 3, max: 60 },
        destroyConnectionMethods: ["RunService/Listen"],
        seed,
      });
      const runId = await finishedStreamedRun(c);
      const counts: number[] = [];
      for (let i = 0; i < 4; i++) counts.push(await rawListenBytes(e.url, runId));
      expect(e.stats()).toMatchObject({ connectionsDestroyed: 4, streamsResetByClient: 0 });
      return counts;
    };
    const first = await sample(5);
    for (const count of first) {
      expect(count).toBeGreaterThanOrEqual(3);
      expect(count).toBeLessThanOrEqual(60);
    }
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await sample(5)).toEqual(first);
  });

  it("sends a fixed number of bytes", async () => {
    const { e, c } = await start({
      destroyConnectionAfterBytes: 7,
      destroyConnectionMethods: ["RunService/Listen"],
    });
    const runId = await finishedStreamedRun(c);
    expect(await rawListenBytes(e.url, runId)).toBe(7);
  });
});

describe("faults.resetStreams", () => {
  it("at rate 1 resets calls with the chosen code before they run: nothing changes", async () => {
    const { e, c } = await start({
      resetStreams: { rate: 1, code: "CANCEL", methods: ["ThreadService/Create"] },
    });
    await expectCode(c.threads.create({ folderId: FOLDER }), Code.Canceled);
    const listed = await c.threads.list({ folderId: FOLDER });
    expect(listed.threads).toEqual([]);
    expect(e.stats().streamsResetByFaults).toBe(1);
    expect(e.stats().streamsResetByClient).toBe(0);
  });

  it.each([
    ["CANCEL", Code.Canceled],
    ["INTERNAL_ERROR", Code.Internal],
    ["PROTOCOL_ERROR", Code.Internal],
    ["REFUSED_STREAM", Code.Internal],
    ["ENHANCE_YOUR_CALM", Code.Internal],
  ] as const)("resets with %s, which connect-node reports as code %i", async (code, expected) => {
    const { c } = await start({ resetStreams: { rate: 1, code } });
    await expectCode(c.threads.create({ folderId: FOLDER }), expected);
  });

  it("resets a Listen stream after N events with INTERNAL_ERROR by default", async () => {
    const { e, c } = await start({
      resetStreams: { afterEvents: 1, methods: ["RunService/Listen"] },
    });
    const runId = await finishedStreamedRun(c);
    const { events, error } = await drain(c.runs.listen({ runId }));
    expect(events).toHaveLength(1);
    expect(error?.code).toBe(Code.Internal);
    expect(e.stats().streamsResetByFaults).toBe(1);
    expect(e.stats().connectionsDestroyed).toBe(0);
  });

  it("with afterEvents 1 on a unary call: applied, then reset before its trailers", async () => {
    const { c } = await start({
      resetStreams: { afterEvents: 1, methods: ["ThreadService/Create"] },
    });
    await expectCode(c.threads.create({ folderId: FOLDER }), Code.Internal, /INTERNAL_ERROR/);
    expect((await c.threads.list({ folderId: FOLDER })).threads).toHaveLength(1);
  });
});

describe("faults.loseResponse", () => {
  async function submitLost(how: "reset-stream" | "destroy-connection") {
    const { e, c } = await start({ loseResponse: { methods: ["RunService/Submit"], how } });
    const { assistant, thread } = await conversation(c, "special_operation 1 2", {
      tools: [functionTool("special_operation")],
    });
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    await collect(c.runs.listen({ runId: run.id }));
    const submitted = c.runs.submit({
      runId: run.id,
      Event: toolResults(["special_operation", "3"]),
    });
    const error = await submitted.then(
      () => undefined,
      (caught: unknown) => ConnectError.from(caught),
    );
    // The client got no answer, yet the Submit was applied.
    expect(error).toBeInstanceOf(ConnectError);
    const after = await c.runs.get({ runId: run.id });
    expect(after.state?.status).not.toBe(RunState_RunStatus.TOOL_CALLS);
    const events = await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 1n }));
    expect(events.at(-1)?.streamCursor?.numUserEventsReceived).toBe(1n);
    expect(e.stats().responsesLost).toBe(1);
    return { e, error };
  }

  it("applies Submit, then resets its stream (CANCEL by default)", async () => {
    const { e, error } = await submitLost("reset-stream");
    expect(error?.code).toBe(Code.Canceled);
    expect(e.stats().streamsResetByFaults).toBe(1);
  });

  it("applies Submit, then drops the connection", async () => {
    const { e, error } = await submitLost("destroy-connection");
    expect(error?.code).toBe(Code.Canceled);
    expect(e.stats().connectionsDestroyed).toBe(1);
  });

  it("loses a seeded fraction at a rate, and only of the chosen methods", async () => {
    const { e, c } = await start({
      loseResponse: { methods: ["ThreadService/Create"], rate: 0.5 },
    });
    let failed = 0;
    for (let i = 0; i < 20; i++) {
      await c.threads.create({ folderId: FOLDER }).catch(() => failed++);
    }
    expect(failed).toBeGreaterThan(2);
    expect(failed).toBeLessThan(18);
    // Every Create was applied, lost or not.
    expect((await c.threads.list({ folderId: FOLDER })).threads).toHaveLength(20);
    expect(e.stats().responsesLost).toBe(failed);
  });
});

describe("faults.goAway", () => {
  it("sends GOAWAY after N streams of a connection and closes it gracefully", async () => {
    const { e } = await start({ goAway: { afterStreams: 2 } });
    const session = http2.connect(e.url);
    session.on("error", () => {});
    const goaways: number[] = [];
    session.on("goaway", (code) => goaways.push(code));
    const call = () =>
      new Promise<string | undefined>((resolve) => {
        const stream = session.request({
          ":method": "POST",
          ":path": "/yandex.cloud.ai.assistants.v1.threads.ThreadService/Create",
          "content-type": "application/grpc",
          te: "trailers",
        });
        let status: string | undefined;
        const take = (h: http2.IncomingHttpHeaders) => {
          status ??= h["grpc-status"] as string | undefined;
        };
        stream.on("response", take);
        stream.on("trailers", take);
        stream.on("error", () => {});
        stream.on("close", () => resolve(status));
        stream.resume();
        stream.end(Buffer.alloc(5));
      });
    // An empty Create is INVALID_ARGUMENT (3): answered, not refused.
    expect(await call()).toBe("3");
    expect(await call()).toBe("3");
    await new Promise<void>((resolve) => session.once("close", () => resolve()));
    expect(goaways[0]).toBe(http2.constants.NGHTTP2_NO_ERROR);
    expect(e.stats().goAwaysSent).toBe(1);
  });

  it("refuses the calls opened past the GOAWAY's last stream: never applied", async () => {
    const { e, c } = await start({ goAway: { afterStreams: 2 } });
    // The connection is up first: the bytes of a connection's first read are handed to the
    // HTTP/2 session by the protocol switch (see protocol-switch.ts), and a GOAWAY decided
    // inside them refuses the rest of that read as a protocol error, not REFUSED_STREAM.
    await c.threads.list({ folderId: FOLDER });
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        c.threads.create({ folderId: FOLDER }).then(
          () => "ok",
          (error: unknown) => ConnectError.from(error),
        ),
      ),
    );
    const refused = outcomes.filter((o) => o !== "ok");
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) {
      // connect-node reports a refused stream as Internal.
      expect(error).toMatchObject({ code: Code.Internal });
      expect((error as ConnectError).rawMessage).toMatch(/REFUSED_STREAM/);
    }
    const listed = await c.threads.list({ folderId: FOLDER });
    expect(listed.threads).toHaveLength(5 - refused.length);
    expect(e.stats().goAwaysSent).toBeGreaterThanOrEqual(1);
  });

  it("lets a Connect client go on over new connections", async () => {
    const { e, c } = await start({ goAway: { afterStreams: 1 } });
    for (let i = 0; i < 3; i++) await c.threads.create({ folderId: FOLDER });
    expect((await c.threads.list({ folderId: FOLDER })).threads).toHaveLength(3);
    expect(e.stats().goAwaysSent).toBeGreaterThanOrEqual(3);
  });
});

describe("stats()", () => {
  it("counts streams the client resets", async () => {
    const { e, c } = await start({});
    const { assistant, thread } = await conversation(c, "special_operation", {
      tools: [functionTool("special_operation")],
    });
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    await collect(c.runs.listen({ runId: run.id }));
    // Listening after TOOL_CALLS waits for the next round: abort it.
    const abort = new AbortController();
    const listening = drain(
      c.runs.listen({ runId: run.id, eventsStartIdx: 1n }, { signal: abort.signal }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    abort.abort();
    expect((await listening).error?.code).toBe(Code.Canceled);
    for (let i = 0; i < 100 && e.stats().streamsResetByClient === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const stats = e.stats();
    expect(stats.streamsResetByClient).toBe(1);
    expect(stats.streams).toBeGreaterThanOrEqual(6);
    expect(stats).toMatchObject({ goAwaysSent: 0, connectionsDestroyed: 0, responsesLost: 0 });
  });
});

describe("transport fault options", () => {
  it.each([
    [{ destroyConnectionAfterBytes: 0 }, /faults\.destroyConnectionAfterBytes/],
    [{ destroyConnectionAfterEvents: { min: 5, max: 2 } }, /faults\.destroyConnectionAfterEvents/],
    [{ destroyConnectionMethods: ["RunService/Nope"] }, /faults\.destroyConnectionMethods/],
    [{ resetStreams: { rate: 2 } }, /faults\.resetStreams\.rate/],
    [{ resetStreams: {} }, /faults\.resetStreams needs/],
    [{ resetStreams: { rate: 1, code: "BAD" } }, /faults\.resetStreams\.code/],
    [{ resetStreams: { rate: 1, code: "NO_ERROR" } }, /faults\.resetStreams\.code/],
    [{ loseResponse: { methods: ["Submit"] } }, /faults\.loseResponse\.methods/],
    [{ loseResponse: { methods: [], how: "drop" } }, /faults\.loseResponse\.how/],
    [{ goAway: { afterStreams: 0 } }, /faults\.goAway\.afterStreams/],
    [{ goAway: { rate: 0.5, extra: 1 } }, /faults\.goAway has an unknown key/],
  ])("rejects %j", async (faults, message) => {
    await expect(startEmulator({ faults: faults as EmulatorOptions["faults"] })).rejects.toThrow(
      message,
    );
  });
});
