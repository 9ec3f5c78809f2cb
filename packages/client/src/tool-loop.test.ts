import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, test } from "vitest";
import {
  eventMsg,
  runMsg,
  runOver,
  S,
  ScriptedRunService,
  type ToolCallSpec,
} from "../test/support.js";
import { RunStatus, type ToolHandler } from "./index.js";

/**
 * A server whose run goes through the given TOOL_CALLS rounds (one per Submit), then
 * completes with `final`. Listen replays the event log from events_start_idx.
 */
function roundsServer(rounds: ToolCallSpec[][], final = "all done") {
  const service = new ScriptedRunService();
  let idx = 0;
  const pushRound = (r: number) => {
    const round = rounds[r];
    if (round !== undefined) {
      service.log.push(eventMsg(idx++, { toolCalls: round }));
      service.gets = [runMsg({ status: S.TOOL_CALLS, toolCalls: round })];
    } else {
      service.log.push(eventMsg(idx++, { partial: "all" }), eventMsg(idx++, { done: final }));
      service.gets = [runMsg({ status: S.COMPLETED, text: final, usage: [10, 5, 15] })];
    }
  };
  pushRound(0);
  service.onSubmitted = (call) => pushRound(call);
  return service;
}

describe("run.handleToolCalls()", () => {
  test("several rounds, several calls per round → one Submit per round with all results", async () => {
    const service = roundsServer([
      [
        { name: "add", arguments: { a: 1, b: 2 } },
        { name: "mul", arguments: { a: 3, b: 4 } },
      ],
      [{ name: "add", arguments: { a: 3, b: 12 } }],
    ]);
    const { run } = await runOver(service);
    const seen: string[] = [];
    const result = await run.handleToolCalls({
      add: async (args, call) => {
        seen.push(`${call.name}(${args.a},${args.b})`);
        return String(Number(args.a) + Number(args.b));
      },
      mul: (args) => ({ product: Number(args.a) * Number(args.b) }),
    });
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe("all done");
    expect(result.usage?.totalTokens).toBe(15);
    expect(seen).toEqual(["add(1,2)", "add(3,12)"]);
    expect(service.submitRequests).toHaveLength(2);
    const contents = service.submitRequests.map((r) =>
      (r.Event.value?.toolResults ?? []).map((t) => [
        t.ToolResultType.value?.name,
        t.ToolResultType.value?.ContentType.value,
      ]),
    );
    expect(contents).toEqual([
      [
        ["add", "3"],
        ["mul", '{"product":12}'],
      ],
      [["add", "15"]],
    ]);
    // each round's listen starts after the answered TOOL_CALLS event
    expect(service.listenRequests.map((r) => r.eventsStartIdx)).toEqual([0n, 1n, 2n]);
  });

  test("wait({ toolHandlers }) runs the same loop", async () => {
    const service = roundsServer([[{ name: "now", arguments: {} }]]);
    const { run } = await runOver(service);
    const result = await run.wait({ toolHandlers: { now: () => "12:00" } });
    expect(result.text).toBe("all done");
    expect(service.submitRequests).toHaveLength(1);
  });

  test("a throwing handler → ConnectError Aborted naming the tool, with the cause; nothing submitted", async () => {
    const service = roundsServer([
      [
        { name: "ok", arguments: {} },
        { name: "boom", arguments: {} },
      ],
    ]);
    const { run } = await runOver(service);
    const cause = new Error("disk on fire");
    const err = await run
      .handleToolCalls({
        ok: () => "fine",
        boom: () => {
          throw cause;
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Aborted);
    expect((err as ConnectError).rawMessage).toBe('tool handler "boom" failed: disk on fire');
    expect((err as ConnectError).cause).toBe(cause);
    expect(service.submitRequests).toHaveLength(0);
  });

  test("a missing handler → Aborted naming the tool", async () => {
    const service = roundsServer([[{ name: "unknown_tool", arguments: {} }]]);
    const { run } = await runOver(service);
    const err = await run.handleToolCalls({ other: () => "x" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Aborted);
    expect((err as ConnectError).rawMessage).toMatch(/no handler for tool "unknown_tool"/);
  });

  test("Object.prototype names are not handlers", async () => {
    const service = roundsServer([[{ name: "toString", arguments: {} }]]);
    const { run } = await runOver(service);
    const err = await run.handleToolCalls({}).catch((e: unknown) => e);
    expect((err as ConnectError).rawMessage).toMatch(/no handler for tool "toString"/);
  });

  test("submitErrors: the error text is submitted as the result and the loop goes on", async () => {
    const service = roundsServer([
      [
        { name: "ok", arguments: {} },
        { name: "boom", arguments: {} },
        { name: "missing", arguments: {} },
      ],
    ]);
    const { run } = await runOver(service);
    const result = await run.handleToolCalls(
      {
        ok: () => "fine",
        boom: async () => {
          throw new Error("disk on fire");
        },
      },
      { submitErrors: true },
    );
    expect(result.status).toBe(RunStatus.COMPLETED);
    const results = service.submitRequests[0]?.Event.value?.toolResults ?? [];
    expect(results.map((t) => t.ToolResultType.value?.ContentType.value)).toEqual([
      "fine",
      "Error: disk on fire",
      'Error: no handler for tool "missing"',
    ]);
  });

  test("a handler returning undefined is refused with ONE message (issue 12: it was doubled)", async () => {
    const service = roundsServer([[{ name: "f", arguments: {} }]]);
    const { run } = await runOver(service);
    // A JavaScript handler that forgot to return (TypeScript refuses it: see tool-types.test-d.ts).
    const forgot = (() => undefined) as unknown as ToolHandler;
    const err = await run.handleToolCalls({ f: forgot }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Aborted);
    expect((err as ConnectError).rawMessage).toBe(
      'tool handler "f" returned undefined; return a string, a number, a boolean or a JSON object/array',
    );
    expect(service.submitRequests).toHaveLength(0);
  });

  test("a handler may return a string, a number, a boolean or a plain object (issue 12)", async () => {
    const service = roundsServer([
      [
        { name: "s", arguments: {} },
        { name: "n", arguments: {} },
        { name: "b", arguments: {} },
        { name: "o", arguments: {} },
      ],
    ]);
    const { run } = await runOver(service);
    await run.handleToolCalls({
      s: () => "text",
      n: () => 42,
      b: () => true,
      o: () => ({ x: [1] }),
    });
    const results = service.submitRequests[0]?.Event.value?.toolResults ?? [];
    expect(results.map((t) => t.ToolResultType.value?.ContentType.value)).toEqual([
      "text",
      "42",
      "true",
      '{"x":[1]}',
    ]);
  });

  test("usageByRound keeps the usage of every round (spec/runs.md, RunResult usage)", async () => {
    const service = new ScriptedRunService();
    let idx = 0;
    const round = (r: number) => {
      if (r < 2) {
        const calls = [{ name: "f", arguments: { r } }];
        service.log.push(eventMsg(idx++, { toolCalls: calls }));
        service.gets = [
          runMsg({
            status: S.TOOL_CALLS,
            toolCalls: calls,
            usage: [10 * (r + 1), 1, 10 * (r + 1) + 1],
          }),
        ];
      } else {
        service.log.push(eventMsg(idx++, { done: "ok" }));
        service.gets = [runMsg({ status: S.COMPLETED, text: "ok", usage: [100, 9, 109] })];
      }
    };
    round(0);
    service.onSubmitted = (call) => round(call);
    const { run } = await runOver(service);
    const result = await run.handleToolCalls({ f: () => "x" });
    expect(result.usage?.totalTokens).toBe(109);
    expect(result.usageByRound.map((u) => u?.totalTokens)).toEqual([11, 21, 109]);
    expect(result.toJSON().usageByRound?.map((u) => u?.totalTokens)).toEqual([11, 21, 109]);
  });

  test("more rounds than maxRounds → ResourceExhausted", async () => {
    const service = roundsServer([
      [{ name: "f", arguments: { i: 1 } }],
      [{ name: "f", arguments: { i: 2 } }],
      [{ name: "f", arguments: { i: 3 } }],
    ]);
    const { run } = await runOver(service);
    const err = await run
      .handleToolCalls({ f: () => "x" }, { maxRounds: 2 })
      .catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.ResourceExhausted);
    expect(service.submitRequests).toHaveLength(2);
  });

  test("a FAILED run resolves with the failure", async () => {
    const service = new ScriptedRunService({
      log: [eventMsg(0, { error: "bad" })],
      gets: [runMsg({ status: S.FAILED, error: { message: "bad" } })],
    });
    const { run } = await runOver(service);
    const result = await run.handleToolCalls({});
    expect(result.isFailed).toBe(true);
  });

  test("handlers get the signal; aborting rejects with Canceled", async () => {
    const service = roundsServer([[{ name: "slow", arguments: {} }]]);
    const { run } = await runOver(service);
    const controller = new AbortController();
    const err = await run
      .handleToolCalls(
        {
          slow: (_args, _call, ctx) =>
            new Promise((_resolve, reject) => {
              ctx.signal.addEventListener("abort", () => reject(new Error("stopped")));
              controller.abort();
            }),
        },
        { signal: controller.signal },
      )
      .catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Canceled);
    expect(service.submitRequests).toHaveLength(0);
  });

  test("bad handlers/options → InvalidArgument before any call", async () => {
    const service = roundsServer([[{ name: "f", arguments: {} }]]);
    const { run } = await runOver(service);
    for (const [handlers, options] of [
      [null, undefined],
      [{ f: "not a function" }, undefined],
      [{ f: () => "x" }, { maxRounds: 0 }],
      [{ f: () => "x" }, { submitError: true }],
    ] as const) {
      const err = await Promise.resolve()
        .then(() => run.handleToolCalls(handlers as never, options as never))
        .catch((e: unknown) => e);
      expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    }
    expect(service.listenRequests).toHaveLength(0);
  });
});

describe("run.stream({ toolHandlers }): the Submit's exactly-once semantics are kept", () => {
  /**
   * One round at index 0; the Submit is applied but its answer is lost, and the server is out
   * of reach right then (the Get asking fails), so the outcome is unknown (issue 8, point 2).
   */
  async function lostAnswer(firstApplied = true) {
    const calls = [{ name: "f", arguments: {} }];
    const service = new ScriptedRunService({
      log: [eventMsg(0, { toolCalls: calls })],
      gets: [runMsg({ status: S.TOOL_CALLS, toolCalls: calls, usage: [1, 1, 2] })],
    });
    // Right after the Submit, one Get and one Listen fail: the handle cannot ask then.
    let unreachable = { gets: 0, listens: 0 };
    const lost = () => new ConnectError("connection lost", Code.Unavailable);
    service.getFault = () => {
      if (unreachable.gets === 0) return undefined;
      unreachable.gets--;
      return lost();
    };
    service.listen = (_call, request) => {
      if (unreachable.listens > 0) {
        unreachable.listens--;
        return { events: [], error: lost() };
      }
      return { events: service.log.slice(Number(request.eventsStartIdx ?? 0n)) };
    };
    service.submit = (call) => {
      if (!firstApplied && call === 1) {
        // Lost before the server applied it; the server is out of reach right then.
        unreachable = { gets: 1, listens: 0 };
        throw new ConnectError("connection lost", Code.Unavailable);
      }
      service.log.push(eventMsg(1, { partial: "fi" }), eventMsg(2, { done: "fine" }));
      service.gets = [runMsg({ status: S.COMPLETED, text: "fine", usage: [5, 5, 10] })];
      unreachable = { gets: 1, listens: 0 };
      throw new ConnectError("response lost", Code.Unavailable);
    };
    // No retries: the one failing Get leaves the outcome unknown.
    const { run } = await runOver(service, runMsg({ status: S.IN_PROGRESS }), { retry: false });
    return { service, run };
  }

  test("an unknown outcome is settled by asking; the results are never sent twice", async () => {
    const { service, run } = await lostAnswer();
    const deltas: string[] = [];
    const result = await run
      .stream({ toolHandlers: { f: () => "ok" }, onTextDelta: (d) => deltas.push(d) })
      .finalResult();
    expect(result.text).toBe("fine");
    expect(service.submitRequests).toHaveLength(1);
    expect(deltas.join("")).toBe("fine");
    // Gets: the round's result, the failed asking (unknown), the asking of the next wait().
    expect(service.getRequests).toHaveLength(3);
    // The stream listened again after the answered round: its events arrived once.
    expect(service.listenRequests.map((r) => r.eventsStartIdx)).toEqual([0n, 1n]);
    expect(result.usageByRound.map((u) => u?.totalTokens)).toEqual([2, 10]);
  });

  test("not applied after all: the round is streamed and answered again, its usage kept once", async () => {
    const { service, run } = await lostAnswer(false);
    const calls: number[] = [];
    const result = await run
      .stream({ toolHandlers: { f: () => "ok" }, onToolCalls: (c) => calls.push(c.length) })
      .finalResult();
    expect(result.text).toBe("fine");
    // The first Submit never reached the server: sent again once, after asking.
    expect(service.submitRequests).toHaveLength(2);
    expect(result.usageByRound.map((u) => u?.totalTokens)).toEqual([2, 10]);
  });

  test("handleToolCalls() in the same case: one Submit as well", async () => {
    const { service, run } = await lostAnswer();
    const result = await run.handleToolCalls({ f: () => "ok" });
    expect(result.text).toBe("fine");
    expect(service.submitRequests).toHaveLength(1);
    // The round whose outcome was unknown still counts, once.
    expect(result.usageByRound.map((u) => u?.totalTokens)).toEqual([2, 10]);
  });
});
