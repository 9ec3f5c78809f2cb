import { toJson } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { ExpirationConfig_ExpirationPolicy } from "@yc-assistants/types/common";
import { RunState_RunStatus } from "@yc-assistants/types/runs";
import { ThreadSchema } from "@yc-assistants/types/threads";
import { describe, expect, it } from "vitest";
import {
  collect,
  conversation,
  eventText,
  expectCode,
  FOLDER,
  functionTool,
  inProcess,
} from "../../test/support/clients.js";

const text = (content: string) => ({
  content: { content: [{ PartType: { case: "text" as const, value: { content } } }] },
});

describe("ThreadService", () => {
  it("fills a thread the way the recordings show", async () => {
    const c = inProcess();
    const thread = await c.threads.create({ folderId: FOLDER });
    const json = toJson(ThreadSchema, thread) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(
      [
        "createdAt",
        "createdBy",
        "defaultMessageAuthorId",
        "expirationConfig",
        "expiresAt",
        "folderId",
        "id",
        "updatedAt",
        "updatedBy",
      ].sort(),
    );
    expect(thread.defaultMessageAuthorId).toMatch(/^fvt[0-9a-v]{17}$/);
    expect(thread.defaultMessageAuthorId).not.toBe(thread.id);
    expect(json["expirationConfig"]).toEqual({
      expirationPolicy: "SINCE_LAST_ACTIVE",
      ttlDays: "7",
    });
  });

  it("keeps a given author, expiration, labels and tools, and writes initial messages", async () => {
    const c = inProcess();
    const thread = await c.threads.create({
      folderId: FOLDER,
      name: "n",
      description: "d",
      defaultMessageAuthorId: "me",
      expirationConfig: { expirationPolicy: ExpirationConfig_ExpirationPolicy.STATIC, ttlDays: 5n },
      labels: { k: "v" },
      tools: [functionTool("f")],
      messages: [text("first"), { ...text("second"), author: { id: "bot", role: "assistant" } }],
    });
    expect(thread).toMatchObject({
      name: "n",
      description: "d",
      defaultMessageAuthorId: "me",
      labels: { k: "v" },
    });
    expect(thread.tools).toHaveLength(1);
    expect(
      (timestampDate(thread.expiresAt!).getTime() - timestampDate(thread.createdAt!).getTime()) /
        86_400_000,
    ).toBe(5);
    const messages = await collect(c.messages.list({ threadId: thread.id }));
    expect(messages.map((m) => [m.author?.id, m.author?.role])).toEqual([
      ["bot", "ASSISTANT"],
      ["me", "USER"],
    ]);
  });

  it("updates by field mask (recorded: expirationConfig.ttlDays, then expirationPolicy)", async () => {
    const c = inProcess();
    const thread = await c.threads.create({ folderId: FOLDER });
    const named = await c.threads.update({
      threadId: thread.id,
      updateMask: { paths: ["name", "labels"] },
      name: "name",
      labels: { foo: "bar" },
    });
    expect(named).toMatchObject({ name: "name", labels: { foo: "bar" } });
    const ttl = await c.threads.update({
      threadId: thread.id,
      updateMask: { paths: ["expiration_config.ttl_days"] },
      expirationConfig: { ttlDays: 3n },
    });
    expect(toJson(ThreadSchema, ttl)).toMatchObject({
      expirationConfig: { expirationPolicy: "SINCE_LAST_ACTIVE", ttlDays: "3" },
    });
    expect(
      (timestampDate(ttl.expiresAt!).getTime() - timestampDate(ttl.createdAt!).getTime()) /
        86_400_000,
    ).toBe(3);
    const policy = await c.threads.update({
      threadId: thread.id,
      updateMask: { paths: ["expirationConfig.expirationPolicy"] },
      expirationConfig: { expirationPolicy: ExpirationConfig_ExpirationPolicy.STATIC },
    });
    expect(toJson(ThreadSchema, policy)).toMatchObject({
      expirationConfig: { expirationPolicy: "STATIC", ttlDays: "3" },
    });
    await expectCode(
      c.threads.update({
        threadId: thread.id,
        updateMask: { paths: ["default_message_author_id"] },
      }),
      Code.InvalidArgument,
      /not updatable/,
    );
    await expectCode(
      c.threads.update({ threadId: thread.id, updateMask: { paths: ["thread_id"] } }),
      Code.InvalidArgument,
      /not updatable/,
    );
    expect((await c.threads.get({ threadId: thread.id })).name).toBe("name");
  });

  it("answers INVALID_ARGUMENT and NOT_FOUND", async () => {
    const c = inProcess();
    await expectCode(c.threads.create({}), Code.InvalidArgument, /^folder_id is required$/);
    await expectCode(c.threads.get({}), Code.InvalidArgument, /^thread_id is required$/);
    await expectCode(
      c.threads.update({ threadId: "t" }),
      Code.InvalidArgument,
      /^update_mask is required$/,
    );
    await expectCode(c.threads.delete({}), Code.InvalidArgument, /^thread_id is required$/);
    await expectCode(c.threads.list({}), Code.InvalidArgument, /^folder_id is required$/);
    await expectCode(c.threads.get({ threadId: "fvtx" }), Code.NotFound, /^thread fvtx not found$/);
    await expectCode(
      c.threads.update({ threadId: "fvtx", updateMask: { paths: ["name"] } }),
      Code.NotFound,
      /thread fvtx/,
    );
    await expectCode(c.threads.delete({ threadId: "fvtx" }), Code.NotFound, /thread fvtx/);
    await expectCode(
      c.threads.list({ folderId: FOLDER, pageToken: "x" }),
      Code.InvalidArgument,
      /page_token/,
    );
  });

  it("lists newest first with pages", async () => {
    const c = inProcess();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await c.threads.create({ folderId: FOLDER, name: `t${i}` })).id);
    const first = await c.threads.list({ folderId: FOLDER, pageSize: 4n });
    const second = await c.threads.list({
      folderId: FOLDER,
      pageSize: 4n,
      pageToken: first.nextPageToken,
    });
    expect([...first.threads, ...second.threads].map((t) => t.id)).toEqual([...ids].reverse());
    // Issue 9: the last page has a token too; it leads to an empty page without one.
    const end = await c.threads.list({
      folderId: FOLDER,
      pageSize: 4n,
      pageToken: second.nextPageToken,
    });
    expect(end).toMatchObject({ threads: [], nextPageToken: "" });
  });

  it("deletes a thread with its messages and runs; its streams end with NOT_FOUND", async () => {
    const c = inProcess({ chunkDelayMs: 5 });
    const { assistant, thread } = await conversation(c, "use tool", {
      tools: [functionTool("tool")],
    });
    const waiting = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    const events = await collect(c.runs.listen({ runId: waiting.id }));
    expect((await c.runs.get({ runId: waiting.id })).state?.status).toBe(
      RunState_RunStatus.TOOL_CALLS,
    );
    // A listener waiting for the next round, and a fresh run in flight.
    const follower = collect(
      c.runs.listen({ runId: waiting.id, eventsStartIdx: BigInt(events.length) }),
    );
    const running = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });

    await c.threads.delete({ threadId: thread.id });
    await expectCode(follower, Code.NotFound, new RegExp(`run ${waiting.id} not found`));
    await expectCode(c.runs.get({ runId: waiting.id }), Code.NotFound, /run .* not found/);
    await expectCode(c.runs.get({ runId: running.id }), Code.NotFound);
    await expectCode(c.runs.listen({ runId: running.id }), Code.NotFound);
    await expectCode(c.messages.list({ threadId: thread.id }), Code.NotFound, /thread/);
    await expectCode(c.runs.getLastByThread({ threadId: thread.id }), Code.NotFound, /thread/);
    expect((await c.runs.list({ folderId: FOLDER })).runs).toEqual([]);
    // The assistant lives on and works with a new thread.
    const next = await c.threads.create({ folderId: FOLDER, messages: [text("hi")] });
    const run = await c.runs.create({ assistantId: assistant.id, threadId: next.id });
    const done = await collect(c.runs.listen({ runId: run.id }));
    expect(done.map(eventText)).toEqual(["Echo: hi"]);
  });
});
