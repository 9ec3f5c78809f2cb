import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, test, vi } from "vitest";
import {
  E,
  eventMsg,
  instantRetry,
  runMsg,
  runOver,
  S,
  ScriptedRunService,
} from "../test/support.js";
import type { RunStreamEvent } from "./index.js";
import { RunStatus, StreamEvent } from "./index.js";

const log = [
  eventMsg(0, { partial: "Hel" }),
  eventMsg(1, { partial: "Hello" }),
  eventMsg(2, { partial: "Hello, wor" }),
  eventMsg(3, { partial: "Hello, world" }),
  eventMsg(4, { done: "Hello, world!" }),
];

async function collect(iterable: AsyncIterable<RunStreamEvent>): Promise<RunStreamEvent[]> {
  const out: RunStreamEvent[] = [];
  for await (const ev of iterable) out.push(ev);
  return out;
}

const unavailable = () => new ConnectError("connection reset", Code.Unavailable);

describe("run.listen()", () => {
  test("maps real responses: statuses, cursors, cumulative text → delta; sends events_start_idx 0", async () => {
    const service = new ScriptedRunService({ log });
    const { run } = await runOver(service);
    const events = await collect(run.listen());
    expect(events.map((e) => e.status)).toEqual([
      StreamEvent.PARTIAL_MESSAGE,
      StreamEvent.PARTIAL_MESSAGE,
      StreamEvent.PARTIAL_MESSAGE,
      StreamEvent.PARTIAL_MESSAGE,
      StreamEvent.DONE,
    ]);
    expect(events.map((e) => e.cursor.currentEventIdx)).toEqual([0, 1, 2, 3, 4]);
    expect(events.map((e) => e.delta)).toEqual(["Hel", "lo", ", wor", "ld", "!"]);
    expect(events.map((e) => e.delta).join("")).toBe("Hello, world!");
    expect(events[4]?.message?.author?.role).toBe("ASSISTANT");
    expect(service.listenRequests).toHaveLength(1);
    expect(service.listenRequests[0]?.runId).toBe("run-1");
    expect(service.listenRequests[0]?.eventsStartIdx).toBe(0n);
  });

  test("the handle is async-iterable (= listen())", async () => {
    const { run } = await runOver(new ScriptedRunService({ log }));
    const texts: string[] = [];
    for await (const ev of run) texts.push(ev.delta);
    expect(texts.join("")).toBe("Hello, world!");
  });

  test("ends after a final event even when the server keeps the stream open", async () => {
    const service = new ScriptedRunService();
    service.listen = () => ({
      events: [
        eventMsg(0, { toolCalls: [{ name: "f", arguments: { x: 1 } }] }),
        eventMsg(1, { partial: "never" }),
      ],
    });
    const { run } = await runOver(service);
    const events = await collect(run.listen());
    expect(events).toHaveLength(1);
    expect(events[0]?.status).toBe(StreamEvent.TOOL_CALLS);
    expect(events[0]?.toolCalls?.[0]?.arguments).toEqual({ x: 1 });
  });

  test("ERROR and unknown event types map without throwing", async () => {
    const service = new ScriptedRunService({
      log: [eventMsg(0, { type: 42 }), eventMsg(1, { error: "model crashed" })],
    });
    const { run } = await runOver(service);
    const events = await collect(run.listen());
    expect(events[0]?.status).toBe(StreamEvent.UNKNOWN);
    expect(events[0]?.rawStatus).toBe(42);
    expect(events[1]?.status).toBe(StreamEvent.ERROR);
    expect(events[1]?.error).toEqual({ message: "model crashed", code: 13 });
  });

  test.each([
    ["after the first event", [1]],
    ["in the middle, twice", [2, 4]],
    ["right before the final event, then at once again", [4, 4]],
  ])(
    "resumes a stream cut %s from the last cursor + 1: every event once, in order",
    async (_name, cuts) => {
      const service = new ScriptedRunService({ log });
      const cutPoints = [...cuts];
      // Each Listen sends events from the requested index and is cut (Unavailable) once it has
      // reached the next cut point (an absolute event index).
      service.listen = (_call, request) => {
        const start = Number(request.eventsStartIdx ?? 0n);
        const cut = cutPoints.shift();
        if (cut === undefined) return { events: log.slice(start) };
        return { events: log.slice(start, cut), error: unavailable() };
      };
      const { run } = await runOver(service);
      const events = await collect(run.listen());
      expect(events.map((e) => e.cursor.currentEventIdx)).toEqual([0, 1, 2, 3, 4]);
      expect(events.map((e) => e.delta).join("")).toBe("Hello, world!");
      // the delta continues across the resume (no repeated text)
      expect(events.map((e) => e.delta)).toEqual(["Hel", "lo", ", wor", "ld", "!"]);
      const starts = service.listenRequests.map((r) => r.eventsStartIdx);
      expect(starts[0]).toBe(0n);
      let expectedNext = 0;
      for (let i = 1; i < starts.length; i++) {
        expectedNext = Math.min(cuts[i - 1] ?? 0, log.length);
        expect(starts[i]).toBe(BigInt(expectedNext));
      }
      expect(starts).toHaveLength(cuts.length + 1);
    },
  );

  test("the second Listen request carries events_start_idx = last cursor + 1", async () => {
    const service = new ScriptedRunService({ log });
    service.listen = (call, request) => {
      const start = Number(request.eventsStartIdx);
      return call === 1
        ? { events: log.slice(0, 3), error: unavailable() }
        : { events: log.slice(start) };
    };
    const { run } = await runOver(service);
    await collect(run.listen());
    expect(service.listenRequests.map((r) => r.eventsStartIdx)).toEqual([0n, 3n]);
  });

  test.each([Code.Internal, Code.Unknown, Code.ResourceExhausted])(
    "resumes after code %s too",
    async (code) => {
      const service = new ScriptedRunService({ log });
      service.listen = (call, request) =>
        call === 1
          ? { events: log.slice(0, 2), error: new ConnectError("x", code) }
          : { events: log.slice(Number(request.eventsStartIdx)) };
      const { run } = await runOver(service);
      expect(await collect(run.listen())).toHaveLength(5);
    },
  );

  test("a stream that ends cleanly before a final event is resumed", async () => {
    const service = new ScriptedRunService({ log });
    service.listen = (call, request) =>
      call === 1
        ? { events: log.slice(0, 2) }
        : { events: log.slice(Number(request.eventsStartIdx)) };
    const { run } = await runOver(service);
    expect((await collect(run.listen())).map((e) => e.cursor.currentEventIdx)).toEqual([
      0, 1, 2, 3, 4,
    ]);
    expect(service.listenRequests.map((r) => r.eventsStartIdx)).toEqual([0n, 2n]);
  });

  test("drops events a server replays below the requested index (ignored events_start_idx)", async () => {
    const service = new ScriptedRunService({ log });
    // call 1: cut after 2 events; call 2: restarts from event 0 regardless of the request
    service.listen = (call) =>
      call === 1 ? { events: log.slice(0, 2), error: unavailable() } : { events: log };
    const { run } = await runOver(service);
    const events = await collect(run.listen());
    expect(events.map((e) => e.cursor.currentEventIdx)).toEqual([0, 1, 2, 3, 4]);
  });

  test("gives up with the last error after retry.maxAttempts broken attempts without progress", async () => {
    const service = new ScriptedRunService({ log });
    let n = 0;
    service.listen = () => ({
      events: [],
      error: new ConnectError(`down #${++n}`, Code.Unavailable),
    });
    const { run } = await runOver(service);
    const err = await collect(run.listen({ retry: { maxAttempts: 3 } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect((err as ConnectError).rawMessage).toBe("down #3");
    expect(service.listenRequests).toHaveLength(3);
  });

  test("the budget counts consecutive attempts without a new event", async () => {
    const service = new ScriptedRunService({ log });
    // every attempt delivers exactly one event and breaks: 5 events need 5 attempts > budget 2
    service.listen = (_call, request) => {
      const start = Number(request.eventsStartIdx);
      return { events: log.slice(start, start + 1), error: start < 4 ? unavailable() : undefined };
    };
    const { run } = await runOver(service);
    const events = await collect(run.listen({ retry: { maxAttempts: 2 } }));
    expect(events).toHaveLength(5);
    expect(service.listenRequests).toHaveLength(5);
  });

  test("retry: false does not resume", async () => {
    const service = new ScriptedRunService({ log });
    service.listen = () => ({ events: log.slice(0, 1), error: unavailable() });
    const { run } = await runOver(service);
    const seen: RunStreamEvent[] = [];
    const err = await (async () => {
      for await (const ev of run.listen({ retry: false })) seen.push(ev);
    })().catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect(seen).toHaveLength(1);
    expect(service.listenRequests).toHaveLength(1);
  });

  test.each([Code.NotFound, Code.PermissionDenied, Code.InvalidArgument])(
    "does not resume after %s",
    async (code) => {
      const service = new ScriptedRunService({ log });
      service.listen = () => ({ events: [], error: new ConnectError("no", code) });
      const { run } = await runOver(service);
      const err = await collect(run.listen()).catch((e: unknown) => e);
      expect((err as ConnectError).code).toBe(code);
      expect(service.listenRequests).toHaveLength(1);
    },
  );

  test("aborting the signal rejects with Canceled", async () => {
    const service = new ScriptedRunService({ log });
    service.listen = () => ({ events: log.slice(0, 2), error: unavailable() });
    const { run } = await runOver(service, undefined, {
      retry: { sleep: () => new Promise(() => undefined), maxAttempts: 5 },
    });
    const controller = new AbortController();
    const seen: RunStreamEvent[] = [];
    const err = await (async () => {
      for await (const ev of run.listen({ signal: controller.signal })) {
        seen.push(ev);
        if (seen.length === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Canceled);
  });

  test("an already aborted signal sends no request", async () => {
    const service = new ScriptedRunService({ log });
    const { run } = await runOver(service);
    const controller = new AbortController();
    controller.abort();
    const err = await collect(run.listen({ signal: controller.signal })).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Canceled);
    expect(service.listenRequests).toHaveLength(0);
  });

  test("fromIndex is sent as events_start_idx", async () => {
    const service = new ScriptedRunService({ log });
    const { run } = await runOver(service);
    const events = await collect(run.listen({ fromIndex: 3 }));
    expect(events.map((e) => e.cursor.currentEventIdx)).toEqual([3, 4]);
    expect(service.listenRequests[0]?.eventsStartIdx).toBe(3n);
  });

  test("bad options fail with InvalidArgument naming the field, before any call", async () => {
    const service = new ScriptedRunService({ log });
    const { run } = await runOver(service);
    expect(() => run.listen({ fromIndex: -1 })).toThrow(/fromIndex/);
    expect(() => run.listen({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => run.listen({ signal: "x" as unknown as AbortSignal })).toThrow(/signal/);
    expect(() => run.listen({ fromIdx: 1 } as never)).toThrow(/fromIdx/);
    try {
      run.listen({ retry: { maxAttempts: 0 } });
    } catch (e) {
      expect((e as ConnectError).code).toBe(Code.InvalidArgument);
    }
    expect(service.listenRequests).toHaveLength(0);
    expect(run.lastStatus).toBe(RunStatus.PENDING);
    expect(S.PENDING).toBe(1);
    expect(E.DONE).toBe(3);
  });

  // conformance: listen-cursors/listen-releases-call and wait-releases-call. Connect frees a
  // call only when its stream is read to the end or aborted; a handle that stops at the final
  // event must abort it, or a script's process is held open until the call's deadline.
  test("releases the Listen call (its deadline timers) as soon as the final event arrives", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      // The handle stops reading at the final event, before it sees the stream end.
      const service = new ScriptedRunService({ log: [eventMsg(0, { done: "hi" })] });
      const { run } = await runOver(service);
      const events = await collect(run.listen({ timeoutMs: 600_000 }));
      expect(events.map((e) => e.status)).toEqual([StreamEvent.DONE]);
      // Only the released call's timers could still be pending: none may be left.
      await vi.waitFor(() => expect(vi.getTimerCount()).toBe(0));
    } finally {
      vi.useRealTimers();
    }
  });

  test("a stream that ends after an answered TOOL_CALLS round is followed at once, not resumed with backoff", async () => {
    const waiting = runMsg({
      status: S.TOOL_CALLS,
      toolCalls: [{ name: "add", arguments: { a: 1 } }],
    });
    const service = new ScriptedRunService({
      log: [
        eventMsg(0, { toolCalls: [{ name: "add", arguments: { a: 1 } }] }),
        eventMsg(1, { partial: "3" }),
        eventMsg(2, { done: "3!" }),
      ],
      gets: [waiting],
    });
    // As the real service and the emulator do: a Listen ends after the first final event.
    service.listen = (_call, request) => {
      const start = Number(request.eventsStartIdx ?? 0n);
      const rest = service.log.slice(start);
      const end = rest.findIndex((e) => e.eventType === E.TOOL_CALLS || e.eventType === E.DONE);
      return { events: rest.slice(0, end + 1) };
    };
    const sleeps: number[] = [];
    const { run } = await runOver(service, waiting, {
      retry: { ...instantRetry, sleep: async (ms) => void sleeps.push(ms) },
    });
    await run.submitToolResults({ add: "3" });
    const before = service.listenRequests.length;
    const events = await collect(run.listen({ fromIndex: 0n }));
    expect(events.map((e) => e.status)).toEqual([
      StreamEvent.TOOL_CALLS,
      StreamEvent.PARTIAL_MESSAGE,
      StreamEvent.DONE,
    ]);
    expect(service.listenRequests.slice(before).map((r) => r.eventsStartIdx)).toEqual([0n, 1n]);
    expect(sleeps).toEqual([]);
  });

  test("listening past the final event of a finished run ends at once (one Get), no backoff", async () => {
    const service = new ScriptedRunService({
      log,
      gets: [runMsg({ status: S.COMPLETED, text: "Hello, world!" })],
    });
    const sleeps: number[] = [];
    const { run } = await runOver(service, undefined, {
      retry: { ...instantRetry, sleep: async (ms) => void sleeps.push(ms) },
    });
    const events = await collect(run.listen({ fromIndex: 5n }));
    expect(events).toEqual([]);
    expect(service.listenRequests).toHaveLength(1);
    expect(service.getRequests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  test("a clean end without events while the run still runs is resumed", async () => {
    const service = new ScriptedRunService({ log, gets: [runMsg({ status: S.IN_PROGRESS })] });
    service.listen = (call, request) =>
      call === 1 ? { events: [] } : { events: log.slice(Number(request.eventsStartIdx ?? 0n)) };
    const { run } = await runOver(service);
    const events = await collect(run.listen());
    expect(events.map((e) => e.delta).join("")).toBe("Hello, world!");
    expect(service.listenRequests.map((r) => r.eventsStartIdx)).toEqual([0n, 0n]);
  });
});

describe("deadlines (issue 8, point 6)", () => {
  test("a listen whose deadline passes during a long synchronous stretch is not resumed", async () => {
    const service = new ScriptedRunService({ log });
    service.listen = () => {
      // Holds the event loop past the deadline, as a huge message's decode would.
      const until = Date.now() + 300;
      while (Date.now() < until) {
        // busy
      }
      return { events: [], error: new ConnectError("cut", Code.Unavailable) };
    };
    const { run } = await runOver(service);
    const started = Date.now();
    const err = await run.wait({ timeoutMs: 100 }).then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(err?.code).toBe(Code.DeadlineExceeded);
    expect(service.listenRequests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(300 + 100 + 200);
  });
});
