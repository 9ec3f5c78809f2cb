import { create, toJson } from "@bufbuild/protobuf";
import { Code, type ConnectError } from "@connectrpc/connect";
import { AssistantSchema, AssistantService } from "@yc-assistants/types/assistants";
import {
  type CreateRunRequest,
  CreateRunRequestSchema,
  type ListRunsRequest,
  RunService,
} from "@yc-assistants/types/runs";
import { describe, expect, test } from "vitest";
import { clientOver, FOLDER, runMsg, S } from "../test/support.js";
import { functionTool, RunStatus } from "./index.js";

function runServer(pages: number[] = [], tokens: string[] = []) {
  const creates: CreateRunRequest[] = [];
  const lists: ListRunsRequest[] = [];
  const lastByThread: string[] = [];
  const client = clientOver((router) => {
    router.service(AssistantService, {
      async get(req) {
        return create(AssistantSchema, { id: req.assistantId });
      },
    });
    router.service(RunService, {
      async create(req) {
        creates.push(req);
        return runMsg({ status: S.PENDING });
      },
      async get(req) {
        return runMsg({ id: req.runId, status: S.IN_PROGRESS });
      },
      async getLastByThread(req) {
        lastByThread.push(req.threadId);
        return runMsg({ status: S.COMPLETED, text: "last" });
      },
      async list(req) {
        lists.push(req);
        const i = lists.length - 1;
        const n = pages[i] ?? 0;
        return {
          runs: Array.from({ length: n }, (_, k) =>
            runMsg({ id: `r${i}-${k}`, status: S.COMPLETED }),
          ),
          nextPageToken: tokens[i] ?? "",
        };
      },
    });
  });
  return { client, creates, lists, lastByThread };
}

describe("assistant.run / runStream: options → CreateRunRequest", () => {
  test("every option maps as the spec's table says", async () => {
    const { client, creates } = runServer();
    const assistant = await client.assistants.get("asst-1");
    const run = await assistant.run("thread-1", {
      temperature: 0.3,
      maxTokens: 10,
      maxPromptTokens: 500,
      truncation: { lastMessages: 2 },
      responseFormat: "json",
      labels: { run: "1" },
      additionalMessages: ["extra", { text: "as assistant", role: "ASSISTANT" }],
      tools: [functionTool({ name: "f", parameters: { type: "object" } })],
    });
    expect(run.lastStatus).toBe(RunStatus.PENDING);
    expect(toJson(CreateRunRequestSchema, creates[0]!)).toEqual({
      assistantId: "asst-1",
      threadId: "thread-1",
      labels: { run: "1" },
      additionalMessages: [
        { content: { content: [{ text: { content: "extra" } }] } },
        {
          author: { role: "ASSISTANT" },
          content: { content: [{ text: { content: "as assistant" } }] },
        },
      ],
      customCompletionOptions: { temperature: 0.3, maxTokens: "10" },
      customPromptTruncationOptions: {
        maxPromptTokens: "500",
        lastMessagesStrategy: { numMessages: "2" },
      },
      customResponseFormat: { jsonObject: true },
      tools: [{ function: { name: "f", parameters: { type: "object" } } }],
    });
  });

  test("runStream sets stream=true; temperature 0 is sent (not dropped)", async () => {
    const { client, creates } = runServer();
    const assistant = await client.assistants.get("asst-1");
    await assistant.runStream({ id: "thread-2" }, { temperature: 0 });
    expect(toJson(CreateRunRequestSchema, creates[0]!)).toEqual({
      assistantId: "asst-1",
      threadId: "thread-2",
      customCompletionOptions: { temperature: 0 },
      stream: true,
    });
  });

  test("client.runs.create", async () => {
    const { client, creates } = runServer();
    await client.runs.create({
      assistant: "asst-2",
      thread: "thread-3",
      stream: true,
      labels: { a: "b" },
    });
    expect(creates[0]?.assistantId).toBe("asst-2");
    expect(creates[0]?.stream).toBe(true);
    expect(creates[0]?.labels).toEqual({ a: "b" });
  });

  test.each([
    ["", {}, /thread is required/],
    [{ id: "" }, {}, /thread\.id is required/],
    ["t", { temperature: "hot" }, /options\.temperature must be a finite number/],
    ["t", { additionalMessages: "x" }, /options\.additionalMessages must be an array/],
    [
      "t",
      { additionalMessages: [{ text: "" }] },
      /options\.additionalMessages\[0\]\.text is required/,
    ],
    ["t", { stream: true }, /options\.stream is not a known option/],
    ["t", { timeoutMs: 0 }, /options\.timeoutMs/],
  ])(
    "invalid thread %j / options %j → InvalidArgument, no request",
    async (thread, options, message) => {
      const { client, creates } = runServer();
      const assistant = await client.assistants.get("asst-1");
      const err = await assistant.run(thread as never, options as never).catch((e: unknown) => e);
      expect((err as ConnectError).code).toBe(Code.InvalidArgument);
      expect((err as ConnectError).rawMessage).toMatch(message);
      expect(creates).toHaveLength(0);
    },
  );
});

describe("client.runs", () => {
  test("get / getLastByThread (handle or id)", async () => {
    const { client, lastByThread } = runServer();
    const run = await client.runs.get("run-5");
    expect(run.id).toBe("run-5");
    expect(run.lastStatus).toBe(RunStatus.IN_PROGRESS);
    const last = await client.runs.getLastByThread({ id: "thread-9" });
    await client.runs.getLastByThread("thread-8");
    expect(last.lastResult.text).toBe("last");
    expect(lastByThread).toEqual(["thread-9", "thread-8"]);
    const err = await client.runs.get("").catch((e: unknown) => e);
    expect((err as ConnectError).rawMessage).toMatch(/runId is required/);
  });

  test("list({ pageSize }): a full page with an empty token → exactly one call", async () => {
    const { client, lists } = runServer([2, 2], ["", "x"]);
    const ids: string[] = [];
    for await (const run of client.runs.list({ pageSize: 2 })) ids.push(run.id);
    expect(ids).toEqual(["r0-0", "r0-1"]);
    expect(lists).toHaveLength(1);
    expect(lists[0]?.folderId).toBe(FOLDER);
    expect(lists[0]?.pageSize).toBe(2n);
  });

  test("list never re-fetches a page: a repeated token stops with an error", async () => {
    const { client, lists } = runServer([1, 1, 1], ["a", "a", ""]);
    const ids: string[] = [];
    const err = await (async () => {
      for await (const run of client.runs.list()) ids.push(run.id);
    })().catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Internal);
    expect(lists.map((l) => l.pageToken)).toEqual(["", "a"]);
    expect(ids).toEqual(["r0-0", "r1-0"]);
  });

  test("list validates pageSize before any call", () => {
    const { client, lists } = runServer();
    expect(() => client.runs.list({ pageSize: 0 })).toThrow(/pageSize must be a positive integer/);
    expect(lists).toHaveLength(0);
  });
});
