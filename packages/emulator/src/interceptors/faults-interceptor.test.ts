import { Code, ConnectError } from "@connectrpc/connect";
import type { StreamEvent } from "@yc-assistants/types/runs";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type Clients,
  collect,
  conversation,
  cursorOf,
  expectCode,
  FOLDER,
  inProcess,
} from "../../test/support/clients.js";
import { requestsOf, toolResults } from "../../test/support/request-queue.js";

afterEach(() => {
  vi.useRealTimers();
});

/** Reads a stream until it ends or fails; returns the events and the failure. */
async function drain(stream: AsyncIterable<StreamEvent>) {
  const events: StreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error: ConnectError.from(error) };
  }
}

async function streamedRun(c: Clients, text: string) {
  const { assistant, thread } = await conversation(c, text);
  return c.runs.create({ assistantId: assistant.id, threadId: thread.id, stream: true });
}

describe("faults.cutStreamAfterEvents", () => {
  it("cuts every Listen stream with UNAVAILABLE after N events; resuming from the cursor loses nothing", async () => {
    const c = inProcess({ faults: { cutStreamAfterEvents: 2 } });
    const run = await streamedRun(c, "one two three four five six seven");
    const all: StreamEvent[] = [];
    let from = 0n;
    let cuts = 0;
    for (;;) {
      const { events, error } = await drain(c.runs.listen({ runId: run.id, eventsStartIdx: from }));
      all.push(...events);
      if (error === undefined) break;
      expect(Code[error.code]).toBe("Unavailable");
      expect(events).toHaveLength(2);
      cuts++;
      from = BigInt(cursorOf(events.at(-1)!) + 1);
    }
    // 3 partials + DONE: cut after 2, then the last 2 end the stream normally.
    expect(cuts).toBe(1);
    expect(all.map(cursorOf)).toEqual([0, 1, 2, 3]);
  });

  it("does not cut a stream whose N-th event ends it anyway", async () => {
    const c = inProcess({ faults: { cutStreamAfterEvents: 1 } });
    const { assistant, thread } = await conversation(c, "x");
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    expect((await collect(c.runs.listen({ runId: run.id }))).length).toBe(1);
  });

  it("cuts Attach streams too", async () => {
    const c = inProcess({ faults: { cutStreamAfterEvents: 3 } });
    const run = await streamedRun(c, "one two three four five six seven");
    const { events, error } = await drain(c.runs.attach(requestsOf({ runId: run.id })));
    expect(events).toHaveLength(3);
    expect(error?.code).toBe(Code.Unavailable);
  });
});

describe("faults.unavailableRate", () => {
  it("answers UNAVAILABLE for every unary call at rate 1, changing nothing", async () => {
    const c = inProcess({ faults: { unavailableRate: 1 } });
    await expectCode(c.threads.create({ folderId: FOLDER }), Code.Unavailable, /injected fault/);
    await expectCode(c.threads.list({ folderId: FOLDER }), Code.Unavailable);
  });

  it("fails a seeded, reproducible fraction of unary calls and never a stream", async () => {
    const pattern = async (seed: number) => {
      const c = inProcess({ faults: { unavailableRate: 0.5, seed } });
      const outcomes: boolean[] = [];
      let threadId = "";
      for (let i = 0; i < 40; i++) {
        try {
          threadId = (await c.threads.create({ folderId: FOLDER })).id;
          outcomes.push(true);
        } catch (error) {
          expect(ConnectError.from(error).code).toBe(Code.Unavailable);
          outcomes.push(false);
        }
      }
      // Streams are not subject to the rate.
      for (let i = 0; i < 10; i++) await collect(c.messages.list({ threadId }));
      return outcomes;
    };
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(await pattern(43)).not.toEqual(first);
    const failures = first.filter((ok) => !ok).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
  });
});

describe("faults.unavailableSpareNonIdempotent", () => {
  it("spares every Create and Submit, so a whole flow can run under the rate", async () => {
    const c = inProcess({ faults: { unavailableRate: 1, unavailableSpareNonIdempotent: true } });
    const { assistant, thread } = await conversation(c, "spared");
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    await expectCode(c.threads.get({ threadId: thread.id }), Code.Unavailable, /injected fault/);
    await expectCode(c.runs.get({ runId: run.id }), Code.Unavailable);
    // Submit is spared: it reaches the service, which refuses it for its own reason.
    await expectCode(
      c.runs.submit({ runId: run.id, Event: toolResults(["f", "x"]) }),
      Code.FailedPrecondition,
    );
  });
});

describe("faults.delayMs", () => {
  it("holds every response for the delay", async () => {
    vi.useFakeTimers();
    const c = inProcess({ faults: { delayMs: 100 } });
    let done = false;
    const call = c.threads.create({ folderId: FOLDER }).then((thread) => {
      done = true;
      return thread;
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await call).folderId).toBe(FOLDER);
    expect(done).toBe(true);
  });
});
