import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, test } from "vitest";
import { eventMsg, runMsg, runOver, S, ScriptedRunService } from "../test/support.js";
import {
  type RunResult,
  RunStatus,
  type RunStreamEvent,
  StreamEvent,
  type ToolCall,
} from "./index.js";

const log = [
  eventMsg(0, { partial: "Hello" }),
  eventMsg(1, { partial: "Hello! How can I help you?" }),
  eventMsg(2, { done: "Hello! How can I help you?" }),
];

function service() {
  return new ScriptedRunService({
    log,
    gets: [runMsg({ status: S.COMPLETED, text: "Hello! How can I help you?", usage: [12, 8, 20] })],
  });
}

describe("run.stream()", () => {
  test("callbacks: onEvent, onTextDelta(delta, snapshot), onDone(result with usage from ONE Get)", async () => {
    const svc = service();
    const { run } = await runOver(svc);
    const events: RunStreamEvent[] = [];
    const deltas: [string, string][] = [];
    let done: RunResult | undefined;
    const stream = run.stream({
      onEvent: (e) => events.push(e),
      onTextDelta: (delta, snapshot) => deltas.push([delta, snapshot]),
      onDone: (r) => {
        done = r;
      },
    });
    const result = await stream.finalResult();
    expect(events.map((e) => e.status)).toEqual([
      StreamEvent.PARTIAL_MESSAGE,
      StreamEvent.PARTIAL_MESSAGE,
      StreamEvent.DONE,
    ]);
    expect(deltas).toEqual([
      ["Hello", "Hello"],
      ["! How can I help you?", "Hello! How can I help you?"],
    ]);
    expect(done).toBe(result);
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.usage).toEqual({ inputTextTokens: 12, completionTokens: 8, totalTokens: 20 });
    expect(svc.listenRequests).toHaveLength(1);
    expect(svc.getRequests).toHaveLength(1);
    expect(await stream.finalText()).toBe("Hello! How can I help you?");
    expect(stream.ended).toBe(true);
    expect(stream.events).toHaveLength(3);
  });

  test("on(...) listeners added right after creation miss nothing; async iteration sees every event", async () => {
    const { run } = await runOver(service());
    const order: string[] = [];
    const stream = run
      .stream()
      .on("event", (e) => order.push(`event:${e.cursor.currentEventIdx}`))
      .on("textDelta", (d) => order.push(`delta:${d}`))
      .on("done", (r) => order.push(`done:${r.status.name}`))
      .on("end", () => order.push("end"));
    const iterated: number[] = [];
    for await (const e of stream) iterated.push(e.cursor.currentEventIdx);
    expect(iterated).toEqual([0, 1, 2]);
    expect(order).toEqual([
      "event:0",
      "delta:Hello",
      "event:1",
      "delta:! How can I help you?",
      "event:2",
      "done:COMPLETED",
      "end",
    ]);
  });

  test("onToolCalls gets the calls of a TOOL_CALLS event; finalText is empty", async () => {
    const calls = [{ name: "f", arguments: { n: 1 } }];
    const svc = new ScriptedRunService({
      log: [eventMsg(0, { toolCalls: calls })],
      gets: [runMsg({ status: S.TOOL_CALLS, toolCalls: calls })],
    });
    const { run } = await runOver(svc);
    let got: readonly ToolCall[] = [];
    const stream = run.stream({ onToolCalls: (c) => (got = c) });
    expect(await stream.finalText()).toBe("");
    expect(got.map((c) => c.name)).toEqual(["f"]);
    expect((await stream.finalResult()).status).toBe(RunStatus.TOOL_CALLS);
  });

  test("errors reach onError, finalResult() and the iteration", async () => {
    const svc = new ScriptedRunService();
    svc.listen = () => ({
      events: [log[0]!],
      error: new ConnectError("nope", Code.PermissionDenied),
    });
    const { run } = await runOver(svc);
    let onError: ConnectError | undefined;
    const stream = run.stream({ onError: (e) => (onError = e) });
    const seen: RunStreamEvent[] = [];
    const iterErr = await (async () => {
      for await (const e of stream) seen.push(e);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect((iterErr as ConnectError).code).toBe(Code.PermissionDenied);
    expect(onError?.code).toBe(Code.PermissionDenied);
    await expect(stream.finalResult()).rejects.toMatchObject({ code: Code.PermissionDenied });
  });

  test("abort() stops the stream with Canceled", async () => {
    const svc = new ScriptedRunService();
    // The first Listen sends one event and then breaks; the resume waits forever (until abort).
    svc.listen = () => ({ events: [log[0]!], error: new ConnectError("cut", Code.Unavailable) });
    const { run } = await runOver(svc, undefined, {
      retry: { sleep: () => new Promise(() => undefined) },
    });
    const stream = run.stream();
    stream.on("event", () => stream.abort());
    const err = await stream.finalResult().catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Canceled);
  });

  test("a failed run: onDone gets the failure, finalText() rejects", async () => {
    const svc = new ScriptedRunService({
      log: [eventMsg(0, { error: "too long" })],
      gets: [runMsg({ status: S.FAILED, error: { message: "too long" } })],
    });
    const { run } = await runOver(svc);
    const stream = run.stream();
    expect((await stream.finalResult()).isFailed).toBe(true);
    await expect(stream.finalText()).rejects.toMatchObject({ code: Code.FailedPrecondition });
  });

  test("a throwing listener is reported on error, the stream goes on", async () => {
    const { run } = await runOver(service());
    const errors: ConnectError[] = [];
    const stream = run.stream({ onError: (e) => errors.push(e) });
    stream.on("textDelta", () => {
      throw new Error("listener bug");
    });
    expect((await stream.finalResult()).status).toBe(RunStatus.COMPLETED);
    await new Promise((r) => setTimeout(r, 0));
    expect(errors.map((e) => e.rawMessage)).toEqual(["listener bug", "listener bug"]);
  });

  test("bad callbacks → InvalidArgument before any call", async () => {
    const svc = service();
    const { run } = await runOver(svc);
    expect(() => run.stream({ onDone: "x" } as never)).toThrow(
      /callbacks.onDone must be a function/,
    );
    expect(() => run.stream({ onFinish: () => 1 } as never)).toThrow(/onFinish/);
    expect(() => run.stream(undefined, { fromIndex: -2 })).toThrow(/fromIndex/);
    expect(svc.listenRequests).toHaveLength(0);
  });
});
