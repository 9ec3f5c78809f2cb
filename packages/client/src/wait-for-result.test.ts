import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, test } from "vitest";
import { eventMsg, runMsg, runOver, S, ScriptedRunService } from "../test/support.js";
import { RunStatus } from "./index.js";

const calls = [{ name: "special_operation", arguments: { numbers: [5, 4, 1] } }];

describe("run.wait()", () => {
  test("resolves from the final Listen event, then ONE Get for the full run with usage", async () => {
    const service = new ScriptedRunService({
      log: [eventMsg(0, { partial: "Hi" }), eventMsg(1, { done: "Hi there" })],
      gets: [runMsg({ status: S.COMPLETED, text: "Hi there", usage: [12, 8, 20] })],
    });
    const { run } = await runOver(service);
    const result = await run.wait();
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.isSucceeded).toBe(true);
    expect(result.text).toBe("Hi there");
    expect(result.usage).toEqual({ inputTextTokens: 12, completionTokens: 8, totalTokens: 20 });
    expect(service.listenRequests).toHaveLength(1);
    expect(service.getRequests).toHaveLength(1);
    expect(run.lastStatus).toBe(RunStatus.COMPLETED);
  });

  test("usage: false resolves at the final event with no Get; a later wait() makes the Get", async () => {
    const service = new ScriptedRunService({
      log: [eventMsg(0, { partial: "Hi" }), eventMsg(1, { done: "Hi there" })],
      gets: [runMsg({ status: S.COMPLETED, text: "Hi there", usage: [12, 8, 20] })],
    });
    const { run } = await runOver(service);
    const quick = await run.wait({ usage: false });
    expect(quick.status).toBe(RunStatus.COMPLETED);
    expect(quick.text).toBe("Hi there");
    expect(quick.message.id).toBe("msg-answer");
    expect(quick.run.id).toBe(run.id);
    expect(quick.usage).toBeUndefined();
    expect(service.getRequests).toHaveLength(0);
    // The synthesized run is not the handle's snapshot: a wait() for usage still asks.
    const full = await run.wait();
    expect(full.usage).toEqual({ inputTextTokens: 12, completionTokens: 8, totalTokens: 20 });
    expect(service.listenRequests).toHaveLength(1);
    expect(service.getRequests).toHaveLength(1);
  });

  test("usage: false on an ERROR or TOOL_CALLS final event gives that result", async () => {
    const failing = new ScriptedRunService({ log: [eventMsg(0, { error: "too long" })] });
    const failed = await (await runOver(failing)).run.wait({ usage: false });
    expect(failed.isFailed).toBe(true);
    expect(failed.error?.message).toBe("too long");
    const asking = new ScriptedRunService({ log: [eventMsg(0, { toolCalls: calls })] });
    const round = await (await runOver(asking)).run.wait({ usage: false });
    expect(round.status).toBe(RunStatus.TOOL_CALLS);
    expect(round.toolCalls?.map((c) => c.name)).toEqual(["special_operation"]);
    expect(failing.getRequests.length + asking.getRequests.length).toBe(0);
  });

  test("a FAILED run resolves (does not throw); its message throws", async () => {
    const service = new ScriptedRunService({
      log: [eventMsg(0, { error: "failed to fit messages within 1 token" })],
      gets: [
        runMsg({
          status: S.FAILED,
          error: { message: "failed to fit messages within 1 token", code: 3n },
        }),
      ],
    });
    const { run } = await runOver(service);
    const result = await run.wait();
    expect(result.isFailed).toBe(true);
    expect(result.error).toEqual({ message: "failed to fit messages within 1 token", code: 3 });
    expect(() => result.message).toThrow(/run failed and has no message/);
  });

  test("a Get failing past one call's retry budget (connections dying one after another) is asked again", async () => {
    // chaos submit-exactly-once/manual under load: the Get after the final event failed its 5
    // attempts with "connection lost during the call" and wait() rejected: a round lost.
    const service = new ScriptedRunService({
      log: [eventMsg(0, { done: "ok" })],
      gets: [runMsg({ status: S.COMPLETED, text: "ok", usage: [1, 1, 2] })],
    });
    service.getFault = (call) =>
      call <= 7 ? new ConnectError("connection lost during the call", Code.Unavailable) : undefined;
    const { run } = await runOver(service);
    const result = await run.wait();
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(service.getRequests).toHaveLength(8);
  });

  test("a Get failing with a refusal is not asked again", async () => {
    const service = new ScriptedRunService({ log: [eventMsg(0, { done: "ok" })] });
    service.getFault = () => new ConnectError("no such run", Code.NotFound);
    const { run } = await runOver(service);
    await expect(run.wait()).rejects.toMatchObject({ code: Code.NotFound });
    expect(service.getRequests).toHaveLength(1);
  });

  test("a Get lagging behind the final event is polled until it agrees", async () => {
    const service = new ScriptedRunService({
      log: [eventMsg(0, { done: "ok" })],
      gets: [
        runMsg({ status: S.IN_PROGRESS }),
        runMsg({ status: S.IN_PROGRESS }),
        runMsg({ status: S.COMPLETED, text: "ok", usage: [1, 1, 2] }),
      ],
    });
    const { run } = await runOver(service);
    const result = await run.wait({ pollIntervalMs: 0 });
    expect(result.text).toBe("ok");
    expect(service.getRequests).toHaveLength(3);
  });

  test("falls back to Get polling when Listen is Unimplemented, and remembers it", async () => {
    const service = new ScriptedRunService({
      gets: [
        runMsg({ status: S.PENDING }),
        runMsg({ status: S.IN_PROGRESS }),
        runMsg({ status: S.COMPLETED, text: "polled" }),
      ],
    });
    service.listenUnimplemented = true;
    const { run } = await runOver(service);
    const result = await run.wait({ pollIntervalMs: 0 });
    expect(result.text).toBe("polled");
    expect(service.getRequests).toHaveLength(3);
  });

  test("falls back to Get polling when Listen keeps failing past the resume budget", async () => {
    const service = new ScriptedRunService({
      gets: [runMsg({ status: S.IN_PROGRESS }), runMsg({ status: S.COMPLETED, text: "done" })],
    });
    service.listen = () => ({ events: [], error: new ConnectError("down", Code.Unavailable) });
    const { run } = await runOver(service);
    const result = await run.wait({ pollIntervalMs: 0, retry: { maxAttempts: 2 } });
    expect(result.text).toBe("done");
    expect(service.listenRequests).toHaveLength(2);
    expect(service.getRequests).toHaveLength(2);
  });

  test("a non-transient Listen error rejects (no polling)", async () => {
    const service = new ScriptedRunService({ gets: [runMsg({ status: S.COMPLETED, text: "x" })] });
    service.listen = () => ({
      events: [],
      error: new ConnectError("who are you", Code.Unauthenticated),
    });
    const { run } = await runOver(service);
    const err = await run.wait().catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unauthenticated);
    expect(service.getRequests).toHaveLength(0);
  });

  test("a finished snapshot resolves without any call", async () => {
    const service = new ScriptedRunService();
    const { run } = await runOver(service, runMsg({ status: S.COMPLETED, text: "already" }));
    expect((await run.wait()).text).toBe("already");
    expect(service.listenRequests).toHaveLength(0);
    expect(service.getRequests).toHaveLength(0);
  });

  test("after a listener saw the final event, wait() makes only the Get", async () => {
    const service = new ScriptedRunService({
      log: [eventMsg(0, { done: "x" })],
      gets: [runMsg({ status: S.COMPLETED, text: "x", usage: [3, 4, 7] })],
    });
    const { run } = await runOver(service);
    for await (const _ of run.listen()) {
      // drain
    }
    const result = await run.wait();
    expect(result.usage?.totalTokens).toBe(7);
    expect(service.listenRequests).toHaveLength(1);
    expect(service.getRequests).toHaveLength(1);
  });

  test("timeout → DeadlineExceeded", async () => {
    const service = new ScriptedRunService({ gets: [runMsg({ status: S.IN_PROGRESS })] });
    service.listenUnimplemented = true;
    const { run } = await runOver(service);
    const err = await run.wait({ timeoutMs: 20, pollIntervalMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.DeadlineExceeded);
  });

  test("abort → Canceled", async () => {
    const service = new ScriptedRunService({ gets: [runMsg({ status: S.IN_PROGRESS })] });
    service.listenUnimplemented = true;
    const { run } = await runOver(service);
    const controller = new AbortController();
    const pending = run.wait({ signal: controller.signal, pollIntervalMs: 5 });
    controller.abort();
    const err = await pending.catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Canceled);
  });

  test("invalid options fail before any call", async () => {
    const service = new ScriptedRunService();
    const { run } = await runOver(service);
    for (const bad of [
      { timeoutMs: -1 },
      { pollIntervalMs: "1" },
      { maxRound: 1 },
      { signal: {} },
      { usage: "no" },
    ]) {
      const err = await run.wait(bad as never).catch((e: unknown) => e);
      expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    }
    expect(service.listenRequests).toHaveLength(0);
    expect(service.getRequests).toHaveLength(0);
  });
});

describe("the Submit race", () => {
  test("Get keeps reporting the old TOOL_CALLS after Submit: wait() still returns the new COMPLETED (polling)", async () => {
    const service = new ScriptedRunService();
    service.listenUnimplemented = true;
    const oldRound = runMsg({ status: S.TOOL_CALLS, toolCalls: calls, usage: [100, 14, 114] });
    service.gets = [oldRound];
    service.onSubmitted = () => {
      // The server lags: 3 more Gets still show the answered TOOL_CALLS, then COMPLETED.
      service.gets = [
        oldRound,
        oldRound,
        oldRound,
        oldRound,
        runMsg({ status: S.COMPLETED, text: "+20", usage: [234, 53, 287] }),
      ];
    };
    const { run } = await runOver(service);
    const first = await run.wait({ pollIntervalMs: 0 });
    expect(first.status).toBe(RunStatus.TOOL_CALLS);
    expect(first.toolCalls?.[0]?.arguments).toEqual({ numbers: [5, 4, 1] });
    await run.submitToolResults([{ name: "special_operation", content: "+20.0" }]);
    const second = await run.wait({ pollIntervalMs: 0 });
    expect(second.status).toBe(RunStatus.COMPLETED);
    expect(second.text).toBe("+20");
    expect(second.usage?.totalTokens).toBe(287);
  });

  test("with Listen: wait() after Submit listens from after the answered TOOL_CALLS event", async () => {
    const log = [eventMsg(0, { partial: "thinking" }), eventMsg(1, { toolCalls: calls })];
    const service = new ScriptedRunService({ log });
    const oldRound = runMsg({ status: S.TOOL_CALLS, toolCalls: calls });
    service.gets = [oldRound];
    service.onSubmitted = () => {
      log.push(eventMsg(2, { partial: "The result" }), eventMsg(3, { done: "The result is +20" }));
      // Get lags once, then shows the result
      service.gets = [
        oldRound,
        oldRound,
        runMsg({ status: S.COMPLETED, text: "The result is +20" }),
      ];
    };
    const { run } = await runOver(service);
    expect((await run.wait()).status).toBe(RunStatus.TOOL_CALLS);
    await run.submitToolResults({ special_operation: "+20.0" });
    const result = await run.wait({ pollIntervalMs: 0 });
    expect(result.text).toBe("The result is +20");
    expect(service.listenRequests.map((r) => r.eventsStartIdx)).toEqual([0n, 2n]);
    // listen() after the Submit also starts after the answered round by default
    const deltas: string[] = [];
    for await (const ev of run.listen()) deltas.push(ev.delta);
    expect(deltas.join("")).toBe("The result is +20");
  });

  test("a Listen server that replays the answered TOOL_CALLS is not taken for the next result", async () => {
    // The handle learned the round by polling (no cursor); Listen from 0 replays the old round.
    const log = [eventMsg(0, { toolCalls: calls })];
    const service = new ScriptedRunService({ log });
    const oldRound = runMsg({ status: S.TOOL_CALLS, toolCalls: calls });
    service.gets = [runMsg({ status: S.COMPLETED, text: "final" })];
    service.onSubmitted = () => {
      log.push(eventMsg(1, { partial: "fi" }), eventMsg(2, { done: "final" }));
    };
    const { run } = await runOver(service, oldRound);
    await run.submitToolResults([{ name: "special_operation", content: "1" }]);
    // Before the Submit the handle read the round's index from the log (0, nothing after it):
    // the walk from 0, then the question after it (1) and its control (0).
    expect(service.listenRequests.map((r) => r.eventsStartIdx)).toEqual([0n, 1n, 0n]);
    const result = await run.wait();
    expect(result.text).toBe("final");
    // So the wait listens right after the answered round and never sees it again.
    expect(service.listenRequests.slice(3).map((r) => r.eventsStartIdx)).toEqual([1n]);
  });

  test("a new round with the same calls after the run left TOOL_CALLS is a result", async () => {
    const service = new ScriptedRunService();
    service.listenUnimplemented = true;
    const round = runMsg({ status: S.TOOL_CALLS, toolCalls: calls });
    service.gets = [round];
    service.onSubmitted = () => {
      service.gets = [round, runMsg({ status: S.IN_PROGRESS }), round];
    };
    const { run } = await runOver(service);
    await run.wait({ pollIntervalMs: 0 });
    await run.submitToolResults([{ name: "special_operation", content: "1" }]);
    const next = await run.wait({ pollIntervalMs: 0 });
    expect(next.status).toBe(RunStatus.TOOL_CALLS);
    expect(service.getRequests).toHaveLength(4);
  });
});
