import { Code, ConnectError } from "@connectrpc/connect";
import { type AttachRunRequest, RunService } from "@yc-assistants/types/runs";
import { describe, expect, test, vi } from "vitest";
import { clientOver, eventMsg, runMsg, S } from "../test/support.js";
import { StreamEvent } from "./index.js";

const calls = [{ name: "f", arguments: { n: 2 } }];

/**
 * An Attach server: replays events from events_start_idx up to TOOL_CALLS, waits for a tool
 * result message on the same stream, then sends the next round's events.
 */
function attachClient() {
  const requests: AttachRunRequest[] = [];
  const client = clientOver((router) =>
    router.service(RunService, {
      async getLastByThread() {
        return runMsg({ status: S.PENDING });
      },
      async *attach(input) {
        const log = [
          eventMsg(0, { partial: "calling" }),
          eventMsg(1, { toolCalls: calls }),
          eventMsg(2, { partial: "Result: " }),
          eventMsg(3, { done: "Result: 4" }),
        ];
        const iterator = input[Symbol.asyncIterator]();
        const first = await iterator.next();
        if (first.done) return;
        requests.push(first.value);
        const start = Number(first.value.eventsStartIdx ?? 0n);
        for (const ev of log.slice(start, 2)) yield ev;
        const second = await iterator.next();
        if (second.done) return;
        requests.push(second.value);
        if (second.value.Event.case !== "toolResultList") {
          throw new ConnectError("expected tool results", Code.InvalidArgument);
        }
        for (const ev of log.slice(Math.max(start, 2))) yield ev;
      },
    }),
  );
  return { client, requests };
}

describe("run.attach()", () => {
  test("events and send(toolResults) over the bidi Attach stream", async () => {
    const { client, requests } = attachClient();
    const run = await client.runs.getLastByThread("thread-1");
    const session = run.attach();
    const seen: string[] = [];
    for await (const ev of session) {
      seen.push(`${ev.status.name}:${ev.delta}`);
      if (ev.toolCalls) {
        await session.send(
          ev.toolCalls.map((c) => ({ name: c.name, content: String(Number(c.arguments.n) * 2) })),
        );
      }
      if (ev.status === StreamEvent.DONE) break;
    }
    session.close();
    expect(seen).toEqual([
      "PARTIAL_MESSAGE:calling",
      "TOOL_CALLS:",
      "PARTIAL_MESSAGE:Result: ",
      "DONE:4",
    ]);
    expect(requests[0]?.runId).toBe("run-1");
    expect(requests[0]?.eventsStartIdx).toBe(0n);
    expect(requests[1]?.Event.value?.toolResults[0]?.ToolResultType.value?.ContentType.value).toBe(
      "4",
    );
    // after answering on the stream, listen() would resume after the TOOL_CALLS event
    expect(() => session.close()).not.toThrow();
  });

  test("send() validates before sending; close() ends the iteration quietly", async () => {
    const { client, requests } = attachClient();
    const run = await client.runs.getLastByThread("thread-1");
    const session = run.attach({ fromIndex: 0 });
    const seen: string[] = [];
    for await (const ev of session) {
      seen.push(ev.status.name);
      if (ev.toolCalls) {
        await expect(session.send([])).rejects.toMatchObject({ code: Code.InvalidArgument });
        session.close();
      }
    }
    expect(seen).toEqual(["PARTIAL_MESSAGE", "TOOL_CALLS"]);
    expect(requests).toHaveLength(1);
    await expect(session.send({ f: "1" })).rejects.toMatchObject({ code: Code.FailedPrecondition });
  });

  test("abort → Canceled", async () => {
    const { client } = attachClient();
    const run = await client.runs.getLastByThread("thread-1");
    const controller = new AbortController();
    const session = run.attach({ signal: controller.signal });
    const err = await (async () => {
      for await (const ev of session) if (ev.toolCalls) controller.abort();
    })().catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Canceled);
  });

  test("bad options → InvalidArgument at once", async () => {
    const { client } = attachClient();
    const run = await client.runs.getLastByThread("thread-1");
    expect(() => run.attach({ fromIndex: 1.5 })).toThrow(/fromIndex/);
    expect(() => run.attach({ from: 1 } as never)).toThrow(/attach options\.from/);
  });

  // As for listen (conformance listen-cursors/listen-releases-call): Connect frees a call only
  // when its stream is read to the end or fails, so stopping early must release it.
  test("a caller that stops iterating early releases the call (no deadline timer left)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      // The server sends one event and ends; the caller stops before it reads the end.
      const client = clientOver((router) =>
        router.service(RunService, {
          async getLastByThread() {
            return runMsg({ status: S.PENDING });
          },
          async *attach(input) {
            await input[Symbol.asyncIterator]().next();
            yield eventMsg(0, { partial: "hi" });
          },
        }),
      );
      const run = await client.runs.getLastByThread("thread-1");
      for await (const ev of run.attach()) {
        expect(ev.status).toBe(StreamEvent.PARTIAL_MESSAGE);
        break;
      }
      await vi.waitFor(() => expect(vi.getTimerCount()).toBe(0));
    } finally {
      vi.useRealTimers();
    }
  });

  test("results the server refuses on the stream leave the round unanswered: wait() returns it", async () => {
    const waiting = runMsg({ status: S.TOOL_CALLS, toolCalls: calls });
    const client = clientOver((router) =>
      router.service(RunService, {
        async getLastByThread() {
          return runMsg({ status: S.PENDING });
        },
        async get() {
          return waiting;
        },
        async *listen() {
          yield eventMsg(0, { toolCalls: calls });
        },
        async *attach(input) {
          const requests = input[Symbol.asyncIterator]();
          await requests.next();
          yield eventMsg(0, { toolCalls: calls });
          await requests.next();
          throw new ConnectError('no call of function "wrong"', Code.InvalidArgument);
        },
      }),
    );
    const run = await client.runs.getLastByThread("thread-1");
    const session = run.attach();
    const err = await (async () => {
      for await (const ev of session) {
        if (ev.toolCalls) await session.send([{ name: "wrong", content: "1" }]);
      }
    })().catch((e: unknown) => ConnectError.from(e));
    expect(err?.code).toBe(Code.InvalidArgument);
    const result = await run.wait({ timeoutMs: 5_000 });
    expect(result.status.name).toBe("TOOL_CALLS");
    expect(result.toolCalls?.[0]?.name).toBe("f");
  });

  test("timeoutMs sets the stream's own deadline (0: none; default: the client's)", async () => {
    const seen: (number | undefined)[] = [];
    const client = clientOver((router) =>
      router.service(RunService, {
        async getLastByThread() {
          return runMsg({ status: S.PENDING });
        },
        async *attach(input, context) {
          seen.push(context.timeoutMs());
          await input[Symbol.asyncIterator]().next();
          yield eventMsg(0, { done: "ok" });
        },
      }),
    );
    const run = await client.runs.getLastByThread("thread-1");
    for (const options of [{ timeoutMs: 600_000 }, { timeoutMs: 0 }, {}]) {
      for await (const _ev of run.attach(options)) {
        // one DONE event
      }
    }
    expect(seen[0]).toBeGreaterThan(60_000);
    expect(seen[0]).toBeLessThanOrEqual(600_000);
    expect(seen[1]).toBeUndefined();
    expect(seen[2]).toBeLessThanOrEqual(60_000);
    expect(() => run.attach({ timeoutMs: -1 })).toThrow(/timeoutMs must be a non-negative/);
  });
});
