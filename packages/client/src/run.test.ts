import { inspect } from "node:util";
import { toJson } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { RunService, SubmitToRunRequestSchema } from "@yc-assistants/types/runs";
import { describe, expect, test } from "vitest";
import { clientOver, eventMsg, runMsg, runOver, S, ScriptedRunService } from "../test/support.js";
import { RunStatus } from "./index.js";

const calls = [
  { name: "add", arguments: { a: 1, b: 2 } },
  { name: "mul", arguments: { a: 3, b: 4 } },
];
const waiting = runMsg({ status: S.TOOL_CALLS, toolCalls: calls });
/** The round's TOOL_CALLS event in the log: what proves the run still waits in it. */
const roundEvent = eventMsg(0, { toolCalls: calls });

describe("run.submitToolResults()", () => {
  test("sends ONE Submit RPC with every result, in order; objects become JSON text", async () => {
    const service = new ScriptedRunService({ gets: [waiting] });
    const { run } = await runOver(service, waiting);
    await run.submitToolResults([
      { name: "add", content: "3" },
      { name: "mul", content: { value: 12 } },
    ]);
    expect(service.submitRequests).toHaveLength(1);
    expect(toJson(SubmitToRunRequestSchema, service.submitRequests[0]!)).toEqual({
      runId: "run-1",
      toolResultList: {
        toolResults: [
          { functionResult: { name: "add", content: "3" } },
          { functionResult: { name: "mul", content: '{"value":12}' } },
        ],
      },
    });
  });

  test("accepts a record of name → content", async () => {
    const service = new ScriptedRunService({ gets: [waiting] });
    const { run } = await runOver(service, waiting);
    await run.submitToolResults({ add: "3", mul: ["12"] });
    const results = service.submitRequests[0]?.Event.value?.toolResults ?? [];
    expect(results.map((r) => r.ToolResultType.value?.name)).toEqual(["add", "mul"]);
    expect(results[1]?.ToolResultType.value?.ContentType.value).toBe('["12"]');
  });

  test.each([
    ["no results (empty list)", [], /toolResults must contain at least one result/],
    ["no results (empty record)", {}, /toolResults must contain at least one result/],
    ["undefined", undefined, /toolResults is required/],
    ["missing name", [{ content: "x" }], /toolResults\[0\]\.name is required/],
    [
      "empty name",
      [
        { name: "a", content: "1" },
        { name: " ", content: "x" },
      ],
      /toolResults\[1\]\.name is required/,
    ],
    ["name not a string", [{ name: 7, content: "x" }], /toolResults\[0\]\.name must be a string/],
    ["missing content", [{ name: "add" }], /toolResults\[0\]\.content is required/],
    [
      "unsupported content type (issue 12: numbers are taken, NaN is not)",
      [{ name: "add", content: Number.NaN }],
      /toolResults\[0\]\.content must be a string, a number, a boolean or a JSON object\/array, got NaN/,
    ],
    [
      "content with a function",
      [{ name: "add", content: { f: () => 1 } }],
      /toolResults\[0\]\.content/,
    ],
    ["unsupported result type", ["add"], /toolResults\[0\] must be a \{ name, content \} object/],
    [
      "unknown result field",
      [{ name: "add", content: "1", id: "x" }],
      /toolResults\[0\]\.id is not supported/,
    ],
    [
      "record with bad content",
      { add: () => 5 },
      /toolResults\.add must be a string, a number, a boolean or a JSON object\/array, got function/,
    ],
    ["not a list or record", "add=3", /toolResults must be an array/],
  ])("validates locally: %s → InvalidArgument, zero requests", async (_name, input, message) => {
    const service = new ScriptedRunService({ gets: [waiting] });
    const { run } = await runOver(service, waiting);
    const err = await run.submitToolResults(input as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect((err as ConnectError).rawMessage).toMatch(message);
    expect(service.submitRequests).toHaveLength(0);
    expect(service.getRequests).toHaveLength(0);
  });

  test("an empty run id is refused before any call", async () => {
    const service = new ScriptedRunService();
    const { run } = await runOver(
      service,
      runMsg({ id: "", status: S.TOOL_CALLS, toolCalls: calls }),
    );
    const err = await run.submitToolResults({ add: "3" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect((err as ConnectError).rawMessage).toMatch(/runId is required/);
    expect(service.submitRequests).toHaveLength(0);
  });

  test("a server error that is not ambiguous is thrown as is, without a retry", async () => {
    const service = new ScriptedRunService({ gets: [waiting] });
    service.submit = () => {
      throw new ConnectError("run is not waiting for tool results", Code.FailedPrecondition);
    };
    const { run } = await runOver(service, waiting);
    const err = await run.submitToolResults({ add: "3", mul: "12" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.FailedPrecondition);
    expect(service.submitRequests).toHaveLength(1);
    expect(service.getRequests).toHaveLength(0);
  });

  test.each([Code.Unavailable, Code.DeadlineExceeded, Code.Unknown])(
    "ambiguous failure (%s), run still in the same TOOL_CALLS round → Get, then ONE resubmit",
    async (code) => {
      const service = new ScriptedRunService({ gets: [waiting], log: [roundEvent] });
      service.submit = (call) => {
        if (call === 1) throw new ConnectError("lost", code);
      };
      const { run } = await runOver(service, waiting);
      await run.submitToolResults({ add: "3", mul: "12" });
      expect(service.submitRequests).toHaveLength(2);
      expect(service.getRequests).toHaveLength(1);
    },
  );

  test("ambiguous failure, run already left the round → treated as delivered (no resubmit)", async () => {
    const service = new ScriptedRunService({ gets: [runMsg({ status: S.IN_PROGRESS })] });
    service.submit = () => {
      throw new ConnectError("response lost", Code.Unavailable);
    };
    const { run } = await runOver(service, waiting);
    await run.submitToolResults({ add: "3", mul: "12" });
    expect(service.submitRequests).toHaveLength(1);
    expect(service.getRequests).toHaveLength(1);
  });

  test("ambiguous failure, run waits in a NEW round → delivered (not resubmitted to the new round)", async () => {
    const next = runMsg({
      status: S.TOOL_CALLS,
      toolCalls: [{ name: "add", arguments: { a: 3, b: 12 } }],
    });
    const service = new ScriptedRunService({ gets: [next] });
    service.submit = () => {
      throw new ConnectError("response lost", Code.Unavailable);
    };
    const { run } = await runOver(service, waiting);
    await run.submitToolResults({ add: "3", mul: "12" });
    expect(service.submitRequests).toHaveLength(1);
  });

  test("a resubmit reuses the first attempt's request id and idempotency key, with x-retry-attempt", async () => {
    const headers: Headers[] = [];
    const client = clientOver((router) =>
      router.service(RunService, {
        async getLastByThread() {
          return waiting;
        },
        async get() {
          return waiting;
        },
        async *listen(request) {
          if (request.eventsStartIdx === 0n) yield roundEvent;
        },
        async submit(_request, context) {
          headers.push(context.requestHeader);
          if (headers.length === 1) throw new ConnectError("response lost", Code.Unavailable);
          return {};
        },
      }),
    );
    const run = await client.runs.getLastByThread("thread-1");
    await run.submitToolResults({ add: "3", mul: "12" });
    expect(headers).toHaveLength(2);
    const [first, second] = headers;
    expect(first?.get("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.get("idempotency-key")).toBe(first?.get("idempotency-key"));
    expect(second?.get("x-client-request-id")).toBe(first?.get("x-client-request-id"));
    expect(first?.get("x-retry-attempt")).toBeNull();
    expect(second?.get("x-retry-attempt")).toBe("1");
  });

  test("a resubmit refused with FailedPrecondition means the first one was delivered", async () => {
    const service = new ScriptedRunService({ gets: [waiting], log: [roundEvent] });
    service.submit = (call) => {
      if (call === 1) throw new ConnectError("lost", Code.Unavailable);
      throw new ConnectError("not in TOOL_CALLS", Code.FailedPrecondition);
    };
    const { run } = await runOver(service, waiting);
    await run.submitToolResults({ add: "3", mul: "12" });
    expect(service.submitRequests).toHaveLength(2);
  });

  test("gives up with the Submit error after retry.maxAttempts submits while the run still waits", async () => {
    const service = new ScriptedRunService({ gets: [waiting], log: [roundEvent] });
    service.submit = () => {
      throw new ConnectError("down", Code.Unavailable);
    };
    const { run } = await runOver(service, waiting, {
      retry: { maxAttempts: 3, sleep: async () => {} },
    });
    const err = await run.submitToolResults({ add: "3" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect(service.submitRequests).toHaveLength(3);
  });

  test("retry: false never resubmits", async () => {
    const service = new ScriptedRunService({ gets: [waiting], log: [roundEvent] });
    service.submit = () => {
      throw new ConnectError("down", Code.Unavailable);
    };
    const { run } = await runOver(service, waiting, { retry: false });
    const err = await run.submitToolResults({ add: "3" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect(service.submitRequests).toHaveLength(1);
  });

  test("if the Get after an ambiguous failure fails too, the Submit error is thrown", async () => {
    const service = new ScriptedRunService({ gets: [] });
    service.submit = () => {
      throw new ConnectError("down", Code.Unavailable);
    };
    const { run } = await runOver(service, waiting);
    const err = await run.submitToolResults({ add: "3" }).catch((e: unknown) => e);
    // The outcome stays unknown: said so, with the Submit's failure (issue 8, point 2).
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect((err as ConnectError).rawMessage).toMatch(/may or may not have been applied.*: down$/);
    expect(((err as ConnectError).cause as ConnectError).rawMessage).toBe("down");
    expect(service.submitRequests).toHaveLength(1);
  });
});

describe("Run fields, status(), result()", () => {
  test("fields come from the Run message", async () => {
    const { run } = await runOver(new ScriptedRunService(), runMsg({ status: S.PENDING }));
    expect(run.id).toBe("run-1");
    expect(run.assistantId).toBe("asst-1");
    expect(run.threadId).toBe("thread-1");
    expect(run.createdBy).toBe("user-1");
    expect(run.createdAt).toEqual(new Date("2025-04-07T14:42:56.643Z"));
    expect(run.lastStatus).toBe(RunStatus.PENDING);
    expect(run.usage).toBeUndefined();
    expect(run.labels).toEqual({});
    expect(JSON.parse(JSON.stringify(run))).toEqual({
      id: "run-1",
      assistantId: "asst-1",
      threadId: "thread-1",
      status: "PENDING",
    });
    expect(inspect(run)).toContain("run-1");
  });

  test("status() and result() make one Get each and refresh the fields", async () => {
    const service = new ScriptedRunService({
      gets: [
        runMsg({ status: S.IN_PROGRESS }),
        runMsg({ status: S.COMPLETED, text: "x", usage: [1, 2, 3] }),
      ],
    });
    const { run } = await runOver(service);
    expect(await run.status()).toBe(RunStatus.IN_PROGRESS);
    const result = await run.result();
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(run.usage?.totalTokens).toBe(3);
    expect(run.lastResult.text).toBe("x");
    expect(service.getRequests).toHaveLength(2);
  });

  test("unknown run status numbers map to UNKNOWN and keep the raw number", async () => {
    const service = new ScriptedRunService({ gets: [runMsg({ status: 77 as S })] });
    const { run } = await runOver(service);
    const result = await run.result();
    expect(result.status).toBe(RunStatus.UNKNOWN);
    expect(result.rawStatus).toBe(77);
  });
});
