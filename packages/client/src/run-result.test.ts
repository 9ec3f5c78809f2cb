import { inspect } from "node:util";
import { create, type JsonObject, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorSchema, ToolCallListSchema, ToolCallSchema } from "@yc-assistants/types/common";
import { ContentUsageSchema, type Run, RunSchema, RunStateSchema } from "@yc-assistants/types/runs";
import { type CitationSchema, type Message, MessageSchema } from "@yc-assistants/types/threads";

type MessageExtra = { citations?: MessageInitShape<typeof CitationSchema>[] };

import { describe, expect, it } from "vitest";
import { RunResult } from "./run-result.js";
import { RunStatus, type RunStatusName } from "./run-status.js";

type StateData = NonNullable<Run["state"]>["StateData"];

function run(status: number, data?: StateData, usage?: [bigint, bigint, bigint]): Run {
  return create(RunSchema, {
    id: "run-1",
    threadId: "thread-1",
    assistantId: "asst-1",
    state: create(RunStateSchema, { status, StateData: data ?? { case: undefined } }),
    usage:
      usage === undefined
        ? undefined
        : create(ContentUsageSchema, {
            promptTokens: usage[0],
            completionTokens: usage[1],
            totalTokens: usage[2],
          }),
  });
}

function message(texts: string[], extra: MessageExtra = {}): Message {
  return create(MessageSchema, {
    id: "msg-1",
    threadId: "thread-1",
    author: { id: "asst-1", role: "ASSISTANT" },
    createdAt: timestampFromDate(new Date("2025-04-07T14:42:55.190Z")),
    content: {
      content: texts.map((t) => ({ PartType: { case: "text" as const, value: { content: t } } })),
    },
    status: 1,
    ...extra,
  });
}

function completed(texts: string[], extra: MessageExtra = {}): StateData {
  return { case: "completedMessage", value: message(texts, extra) };
}

function failedWith(text: string, code: bigint): StateData {
  return { case: "error", value: create(ErrorSchema, { message: text, code }) };
}

function toolCalls(...calls: Array<{ name: string; args?: JsonObject }>): StateData {
  return {
    case: "toolCallList",
    value: create(ToolCallListSchema, {
      toolCalls: calls.map((c) =>
        create(ToolCallSchema, {
          ToolCallType: { case: "functionCall", value: { name: c.name, arguments: c.args } },
        }),
      ),
    }),
  };
}

function expectFailedPrecondition(read: () => unknown, text: string): void {
  let thrown: unknown;
  try {
    read();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConnectError);
  const error = thrown as ConnectError;
  expect(error.code).toBe(Code.FailedPrecondition);
  expect(error.rawMessage).toContain(text);
}

describe("RunResult.status for every wire status (spec/runs.md, Run status table)", () => {
  it.each<{ raw: number; name: RunStatusName }>([
    { raw: 0, name: "RUN_STATUS_UNSPECIFIED" },
    { raw: 1, name: "PENDING" },
    { raw: 2, name: "IN_PROGRESS" },
    { raw: 3, name: "FAILED" },
    { raw: 4, name: "COMPLETED" },
    { raw: 5, name: "TOOL_CALLS" },
    { raw: 6, name: "UNKNOWN" },
    { raw: 99, name: "UNKNOWN" },
    { raw: -1, name: "UNKNOWN" },
    { raw: 2 ** 31 - 1, name: "UNKNOWN" },
  ])("state.status $raw → $name, rawStatus kept, helpers delegate", ({ raw, name }) => {
    const result = RunResult.fromProto(run(raw));
    const member = RunStatus[name];
    expect(result.status).toBe(member);
    expect(result.rawStatus).toBe(raw);
    expect(result.isRunning).toBe(member.isRunning);
    expect(result.isSucceeded).toBe(member.isSucceeded);
    expect(result.isFailed).toBe(member.isFailed);
    expect(result.isFinished).toBe(member.isFinished);
    expect(result.statusName).toBe(member.statusName);
  });

  it("a Run without state is RUN_STATUS_UNSPECIFIED with rawStatus 0", () => {
    const result = RunResult.fromProto(create(RunSchema, { id: "r" }));
    expect(result.status).toBe(RunStatus.RUN_STATUS_UNSPECIFIED);
    expect(result.rawStatus).toBe(0);
    expect(result.error).toBeUndefined();
    expect(result.toolCalls).toBeUndefined();
    expect(result.text).toBeUndefined();
  });

  it("keeps the proto and is frozen", () => {
    const proto = run(4, completed(["hi"]));
    const result = RunResult.fromProto(proto);
    expect(result.run).toBe(proto);
    expect(Object.isFrozen(result)).toBe(true);
  });
});

describe("RunResult.error", () => {
  it("keeps message AND code (better: Python drops the code)", () => {
    const result = RunResult.fromProto(run(3, failedWith("something broke", 13n)));
    expect(result.error).toEqual({ message: "something broke", code: 13 });
    expect(result.error?.code === 13).toBe(true);
  });

  it("an int64 code beyond 2^53 − 1 is surfaced (OutOfRange), exact on the raw message", () => {
    const code = 2n ** 60n + 7n;
    const result = RunResult.fromProto(run(3, failedWith("x", code)));
    expect(() => result.error?.code).toThrow(/error\.code is 1152921504606846983/);
    expect(result.error?.proto.code).toBe(code);
    const data = result.run.state?.StateData;
    expect(data?.case === "error" && data.value.code).toBe(code);
  });

  it.each([
    { case: "COMPLETED with a message", proto: run(4, completed(["ok"])) },
    { case: "PENDING", proto: run(1) },
    { case: "TOOL_CALLS", proto: run(5, toolCalls({ name: "f" })) },
  ])("is undefined when state.error is not set: $case", ({ proto }) => {
    expect(RunResult.fromProto(proto).error).toBeUndefined();
  });
});

describe("RunResult.toolCalls", () => {
  it("an empty tool_call_list → undefined, never []", () => {
    const result = RunResult.fromProto(run(5, toolCalls()));
    expect(result.status).toBe(RunStatus.TOOL_CALLS);
    expect(result.toolCalls).toBeUndefined();
  });

  it("no tool_call_list → undefined", () => {
    expect(RunResult.fromProto(run(4, completed(["ok"]))).toolCalls).toBeUndefined();
  });

  it("keeps every call with name and arguments as doubles", () => {
    const result = RunResult.fromProto(
      run(
        5,
        toolCalls(
          { name: "special_operation", args: { numbers: [5, 4, 1] } },
          { name: "weather", args: { city: "Moscow", days: 2.5, metric: true } },
        ),
      ),
    );
    expect(result.toolCalls).toHaveLength(2);
    const [first, second] = result.toolCalls ?? [];
    expect(first?.type).toBe("function");
    expect(first?.name).toBe("special_operation");
    expect(first?.arguments).toEqual({ numbers: [5, 4, 1] });
    const numbers = (first?.arguments["numbers"] ?? []) as number[];
    expect(numbers.every((n) => typeof n === "number")).toBe(true);
    expect(second?.arguments).toEqual({ city: "Moscow", days: 2.5, metric: true });
    expect(Object.isFrozen(result.toolCalls)).toBe(true);
  });

  it("a TOOL_CALLS result has no message but text is undefined, not an error", () => {
    const result = RunResult.fromProto(run(5, toolCalls({ name: "f" })));
    expect(result.text).toBeUndefined();
    expect(result.parts).toEqual([]);
    expect(result.hasMessage).toBe(false);
  });
});

describe("RunResult on FAILED: reading the message is an error (spec/runs.md, RunResult)", () => {
  const failed = RunResult.fromProto(
    run(
      3,
      failedWith("failed to fit messages within the maximum prompt tokens limit of 1 tokens", 3n),
    ),
  );

  it.each([
    { getter: "message", read: () => failed.message },
    { getter: "text", read: () => failed.text },
    { getter: "parts", read: () => failed.parts },
    { getter: "citations", read: () => failed.citations },
  ])(
    "$getter throws ConnectError(FailedPrecondition) 'run failed and has no message'",
    ({ read }) => {
      expectFailedPrecondition(read, "run failed and has no message");
    },
  );

  it("the thrown message names the server's error", () => {
    expectFailedPrecondition(() => failed.message, "1 tokens");
  });

  it("throws even when a FAILED run carries no error", () => {
    expectFailedPrecondition(
      () => RunResult.fromProto(run(3)).text,
      "run failed and has no message",
    );
  });

  it("error, status and helpers stay readable", () => {
    expect(failed.isFailed).toBe(true);
    expect(failed.isFinished).toBe(true);
    expect(failed.statusName).toBe("failed");
    expect(failed.error?.message).toContain("1 token");
    expect(failed.hasMessage).toBe(false);
  });
});

describe("RunResult message, text, parts", () => {
  it("text joins the text parts with \\n; parts keeps them in order", () => {
    const result = RunResult.fromProto(run(4, completed(["first", "second", "third"])));
    expect(result.parts).toEqual(["first", "second", "third"]);
    expect(result.text).toBe("first\nsecond\nthird");
    expect(result.message.text).toBe("first\nsecond\nthird");
  });

  it("message is a ThreadMessage view of state.completed_message", () => {
    const result = RunResult.fromProto(run(4, completed(["Hello! How can I help you?"])));
    const m = result.message;
    expect(m.id).toBe("msg-1");
    expect(m.threadId).toBe("thread-1");
    expect(m.author).toEqual({ id: "asst-1", role: "ASSISTANT" });
    expect(m.role).toBe("ASSISTANT");
    expect(m.createdAt?.toISOString()).toBe("2025-04-07T14:42:55.190Z");
    expect(m.status).toBe("COMPLETED");
    expect(m.isPartial).toBe(false);
    expect(result.hasMessage).toBe(true);
  });

  it("a message with an empty text part keeps it", () => {
    const result = RunResult.fromProto(run(4, completed([""])));
    expect(result.parts).toEqual([""]);
    expect(result.text).toBe("");
  });

  it.each([
    { case: "PENDING", raw: 1 },
    { case: "IN_PROGRESS", raw: 2 },
    { case: "COMPLETED without message", raw: 4 },
    { case: "UNKNOWN", raw: 42 },
  ])(
    "without a message ($case): text undefined, parts [], citations [], message throws",
    ({ raw }) => {
      const result = RunResult.fromProto(run(raw));
      expect(result.text).toBeUndefined();
      expect(result.parts).toEqual([]);
      expect(result.citations).toEqual([]);
      expectFailedPrecondition(() => result.message, "has no message in status");
    },
  );
});

describe("RunResult.citations", () => {
  it("come from file chunks: search index, source file, chunk text parts", () => {
    const result = RunResult.fromProto(
      run(
        4,
        completed(["answer"], {
          citations: [
            {
              sources: [
                {
                  SourceType: {
                    case: "chunk",
                    value: {
                      searchIndex: { id: "idx-1", name: "docs", folderId: "f1" },
                      sourceFile: { id: "file-1", name: "a.md", mimeType: "text/markdown" },
                      content: {
                        content: [
                          { PartType: { case: "text", value: { content: "chunk one" } } },
                          { PartType: { case: "text", value: { content: "chunk two" } } },
                        ],
                      },
                    },
                  },
                },
              ],
            },
          ],
        }),
      ),
    );
    expect(result.citations).toHaveLength(1);
    const source = result.citations[0]?.sources[0];
    expect(source?.type).toBe("chunk");
    expect(source?.searchIndex).toMatchObject({ id: "idx-1", name: "docs", folderId: "f1" });
    expect(source?.file).toMatchObject({ id: "file-1", name: "a.md", mimeType: "text/markdown" });
    expect(source?.parts).toEqual(["chunk one", "chunk two"]);
    expect(source?.text).toBe("chunk one\nchunk two");
  });

  it("are empty when the message has none", () => {
    expect(RunResult.fromProto(run(4, completed(["x"]))).citations).toEqual([]);
  });
});

describe("RunResult.usage", () => {
  it("is undefined when Run.usage is not set", () => {
    expect(RunResult.fromProto(run(4, completed(["x"]))).usage).toBeUndefined();
  });

  it("maps prompt/completion/total tokens", () => {
    const result = RunResult.fromProto(run(4, completed(["x"]), [100n, 14n, 114n]));
    expect(result.usage).toEqual({
      inputTextTokens: 100,
      completionTokens: 14,
      totalTokens: 114,
    });
  });

  it("never rounds an int64 beyond 2^53 − 1 (2^60+7): OutOfRange on read, exact on result.run", () => {
    const big = 2n ** 60n + 7n;
    const result = RunResult.fromProto(run(4, completed(["x"]), [big, big + 1n, 2n * big + 1n]));
    expect(() => result.usage?.inputTextTokens).toThrow(
      /usage\.inputTextTokens is 1152921504606846983/,
    );
    expect(() => result.usage?.completionTokens).toThrow(/1152921504606846984/);
    expect(() => result.usage?.totalTokens).toThrow(/2305843009213693967/);
    expect(result.run.usage?.totalTokens).toBe(2305843009213693967n);
    expect(result.usage?.proto.completionTokens).toBe(1152921504606846984n);
  });

  it("is kept on a FAILED result too (reading usage never throws)", () => {
    const result = RunResult.fromProto(run(3, failedWith("x", 1n), [1n, 0n, 1n]));
    expect(result.usage?.totalTokens).toBe(1);
  });

  it("zero usage that is set is still present", () => {
    expect(RunResult.fromProto(run(4, undefined, [0n, 0n, 0n])).usage).toEqual({
      inputTextTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
    });
  });
});

// issue 12, "Results are plain data": JSON.stringify(result) threw "Do not know how to
// serialize a BigInt", and util.inspect showed proto internals instead of the answer.
describe("RunResult.toJSON and util.inspect", () => {
  it("a completed result: id, status by name, text, usage as numbers", () => {
    const result = RunResult.fromProto(run(4, completed(["Hello!"]), [12n, 8n, 20n]));
    expect(JSON.stringify(result)).toBe(
      '{"id":"run-1","status":"COMPLETED","text":"Hello!","usage":{"inputTextTokens":12,"completionTokens":8,"totalTokens":20}}',
    );
    expect(inspect(result)).toBe(
      "RunResult {\n  id: 'run-1',\n  status: 'COMPLETED',\n  text: 'Hello!',\n  usage: { inputTextTokens: 12, completionTokens: 8, totalTokens: 20 }\n}",
    );
    expect(inspect(result)).not.toContain("$typeName");
  });

  it("a TOOL_CALLS result shows its calls (name and arguments)", () => {
    const result = RunResult.fromProto(run(5, toolCalls({ name: "add", args: { a: 2, b: 40 } })));
    expect(result.toJSON()).toEqual({
      id: "run-1",
      status: "TOOL_CALLS",
      toolCalls: [{ type: "function", name: "add", arguments: { a: 2, b: 40 } }],
    });
    expect(inspect(result)).toContain("name: 'add', arguments: { a: 2, b: 40 }");
  });

  it("a FAILED result never throws: the error instead of a text", () => {
    const result = RunResult.fromProto(run(3, failedWith("failed to fit", 3n), [1n, 0n, 1n]));
    expect(result.toJSON()).toEqual({
      id: "run-1",
      status: "FAILED",
      error: { message: "failed to fit", code: 3 },
      usage: { inputTextTokens: 1, completionTokens: 0, totalTokens: 1 },
    });
    expect(inspect(result)).toContain("error: { message: 'failed to fit', code: 3 }");
  });

  it("an unknown status keeps its number; an int64 beyond 2^53 − 1 is written exactly", () => {
    const big = 2n ** 63n - 1n;
    const result = RunResult.fromProto(run(42, failedWith("x", big), [big, 1n, big]));
    const json = result.toJSON();
    expect(json.status).toBe("UNKNOWN");
    expect(json.rawStatus).toBe(42);
    expect(JSON.stringify(result)).toContain('"totalTokens":"9223372036854775807"');
    expect(inspect(result)).toContain("'9223372036854775807'");
  });
});
