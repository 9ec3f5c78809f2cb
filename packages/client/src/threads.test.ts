import { create, toJson } from "@bufbuild/protobuf";
import { Code, type ConnectError } from "@connectrpc/connect";
import {
  type CreateMessageRequest,
  CreateMessageRequestSchema,
  type CreateThreadRequest,
  CreateThreadRequestSchema,
  MessageSchema,
  MessageService,
  ThreadSchema,
  ThreadService,
  type UpdateThreadRequest,
} from "@yc-assistants/types/threads";
import { describe, expect, test } from "vitest";
import { clientOver, FOLDER } from "../test/support.js";

function threadServer() {
  const creates: CreateThreadRequest[] = [];
  const writes: CreateMessageRequest[] = [];
  const updates: UpdateThreadRequest[] = [];
  const deletes: string[] = [];
  const listTokens: string[] = [];
  let reads = 0;
  const client = clientOver((router) => {
    router.service(ThreadService, {
      async create(req) {
        creates.push(req);
        return create(ThreadSchema, { id: "thread-1", folderId: req.folderId, name: req.name });
      },
      async get(req) {
        return create(ThreadSchema, { id: req.threadId });
      },
      async update(req) {
        updates.push(req);
        return create(ThreadSchema, { id: req.threadId, name: req.name });
      },
      async delete(req) {
        deletes.push(req.threadId);
        return {};
      },
      async list(req) {
        listTokens.push(req.pageToken);
        return req.pageToken === ""
          ? { threads: [create(ThreadSchema, { id: "t1" })], nextPageToken: "next" }
          : { threads: [create(ThreadSchema, { id: "t2" })], nextPageToken: "" };
      },
    });
    router.service(MessageService, {
      async create(req) {
        writes.push(req);
        return create(MessageSchema, {
          id: `m${writes.length}`,
          threadId: req.threadId,
          author: { id: "user-1", role: req.author?.role || "USER" },
          content: req.content,
          labels: req.labels,
        });
      },
      async *list(req) {
        reads++;
        for (const [i, text] of ["hey!", "Hello! How can I help you?"].entries()) {
          yield create(MessageSchema, {
            id: `m${i}`,
            threadId: req.threadId,
            author: { id: "a", role: i === 0 ? "USER" : "ASSISTANT" },
            content: { content: [{ PartType: { case: "text", value: { content: text } } }] },
          });
        }
      },
    });
  });
  return { client, creates, writes, updates, deletes, listTokens, reads: () => reads };
}

describe("client.threads and Thread", () => {
  test("create maps options (messages, labels, expiration) to CreateThreadRequest", async () => {
    const { client, creates } = threadServer();
    const thread = await client.threads.create({
      name: "demo",
      labels: { a: "b" },
      expiration: { policy: "static", ttlDays: 1 },
      messages: ["first", { text: "second", role: "assistant" }],
    });
    expect(thread.id).toBe("thread-1");
    expect(toJson(CreateThreadRequestSchema, creates[0]!)).toEqual({
      folderId: FOLDER,
      name: "demo",
      labels: { a: "b" },
      expirationConfig: { expirationPolicy: "STATIC", ttlDays: "1" },
      messages: [
        { content: { content: [{ text: { content: "first" } }] } },
        { author: { role: "ASSISTANT" }, content: { content: [{ text: { content: "second" } }] } },
      ],
    });
  });

  test("create() without options sends only the folder", async () => {
    const { client, creates } = threadServer();
    await client.threads.create();
    expect(toJson(CreateThreadRequestSchema, creates[0]!)).toEqual({ folderId: FOLDER });
  });

  test("write(text) and write({ text, role, labels })", async () => {
    const { client, writes } = threadServer();
    const thread = await client.threads.create();
    const m1 = await thread.write("hey!");
    const m2 = await thread.write({ text: "as assistant", role: "assistant", labels: { k: "v" } });
    expect(toJson(CreateMessageRequestSchema, writes[0]!)).toEqual({
      threadId: "thread-1",
      content: { content: [{ text: { content: "hey!" } }] },
    });
    expect(toJson(CreateMessageRequestSchema, writes[1]!)).toEqual({
      threadId: "thread-1",
      author: { role: "ASSISTANT" },
      labels: { k: "v" },
      content: { content: [{ text: { content: "as assistant" } }] },
    });
    expect(m1.text).toBe("hey!");
    expect(m1.role).toBe("USER");
    expect(m2.role).toBe("ASSISTANT");
  });

  test.each([
    ["", /message is required/],
    [{ text: "" }, /message\.text is required/],
    [{ text: "x", role: "system" }, /message\.role must be "user" or "assistant"/],
    [{ text: "x", labels: { a: 1 } }, /message\.labels\.a must be a string/],
    [{ txt: "x" }, /message\.txt is not a known option/],
    [42, /message must be a string or \{ text, role\?, labels\? \}/],
  ])("write(%j) → InvalidArgument, no request", async (input, message) => {
    const { client, writes } = threadServer();
    const thread = await client.threads.create();
    const err = await thread.write(input as never).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect((err as ConnectError).rawMessage).toMatch(message);
    expect(writes).toHaveLength(0);
  });

  test("read() streams ThreadMessage views from MessageService.List", async () => {
    const { client, reads } = threadServer();
    const thread = await client.threads.get("thread-7");
    const messages = [];
    for await (const m of thread.read()) messages.push(m);
    expect(reads()).toBe(1);
    expect((await thread.read().toArray({ limit: 1 })).map((m) => m.text)).toEqual(["hey!"]);
    expect(messages.map((m) => [m.role, m.text, m.threadId])).toEqual([
      ["USER", "hey!", "thread-7"],
      ["ASSISTANT", "Hello! How can I help you?", "thread-7"],
    ]);
  });

  test("list pages until the empty token; update with a mask; delete", async () => {
    const { client, listTokens, updates, deletes } = threadServer();
    const ids: string[] = [];
    for await (const t of client.threads.list({ pageSize: 1 })) ids.push(t.id);
    expect(ids).toEqual(["t1", "t2"]);
    expect(listTokens).toEqual(["", "next"]);
    // issue 12: the list methods return an AsyncList; toArray() collects it.
    const listed = await client.threads.list({ pageSize: 1 }).toArray();
    expect(listed.map((t) => t.id)).toEqual(["t1", "t2"]);
    const thread = await client.threads.get("t1");
    const renamed = await thread.update({ name: "renamed", description: null });
    expect(renamed.name).toBe("renamed");
    expect(updates[0]?.updateMask?.paths).toEqual(["name", "description"]);
    await client.threads.update("t2", { labels: { a: "b" } });
    expect(updates[1]?.updateMask?.paths).toEqual(["labels"]);
    await thread.delete();
    await client.threads.delete("t2");
    expect(deletes).toEqual(["t1", "t2"]);
    for (const bad of ["", null]) {
      const err = await client.threads.delete(bad as never).catch((e: unknown) => e);
      expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    }
  });
});
