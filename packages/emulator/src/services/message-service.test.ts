import { toJson } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { MessageSchema } from "@yc-assistants/types/threads";
import { describe, expect, it } from "vitest";
import { collect, expectCode, FOLDER, inProcess } from "../../test/support/clients.js";

const content = (text: string) => ({
  content: [{ PartType: { case: "text" as const, value: { content: text } } }],
});

describe("MessageService", () => {
  it("fills a message the way the recordings show", async () => {
    const c = inProcess();
    const thread = await c.threads.create({ folderId: FOLDER });
    const message = await c.messages.create({
      threadId: thread.id,
      labels: { foo: "bar" },
      content: content("foo"),
    });
    expect(toJson(MessageSchema, message)).toEqual({
      id: message.id,
      threadId: thread.id,
      createdBy: thread.createdBy,
      createdAt: expect.any(String),
      author: { id: thread.defaultMessageAuthorId, role: "USER" },
      labels: { foo: "bar" },
      content: { content: [{ text: { content: "foo" } }] },
      status: "COMPLETED",
    });
    expect(await c.messages.get({ threadId: thread.id, messageId: message.id })).toEqual(message);
  });

  it("keeps a given author and upper-cases its role", async () => {
    const c = inProcess();
    const thread = await c.threads.create({ folderId: FOLDER });
    const message = await c.messages.create({
      threadId: thread.id,
      author: { id: "yandex-cloud-ml-sdk/0.13.0", role: "assistant" },
      content: content("foo2"),
    });
    expect(message.author).toMatchObject({ id: "yandex-cloud-ml-sdk/0.13.0", role: "ASSISTANT" });
  });

  it("lists newest first (recorded: 0..9 come back 9..0)", async () => {
    const c = inProcess();
    const thread = await c.threads.create({ folderId: FOLDER });
    for (let i = 0; i < 10; i++)
      await c.messages.create({ threadId: thread.id, content: content(`${i}`) });
    const listed = await collect(c.messages.list({ threadId: thread.id }));
    expect(listed.map((m) => m.content?.content[0]?.PartType.value?.content)).toEqual([
      "9",
      "8",
      "7",
      "6",
      "5",
      "4",
      "3",
      "2",
      "1",
      "0",
    ]);
  });

  it("answers INVALID_ARGUMENT and NOT_FOUND", async () => {
    const c = inProcess();
    const thread = await c.threads.create({ folderId: FOLDER });
    await expectCode(
      c.messages.create({ content: content("x") }),
      Code.InvalidArgument,
      /^thread_id is required$/,
    );
    await expectCode(
      c.messages.create({ threadId: thread.id }),
      Code.InvalidArgument,
      /^content is required$/,
    );
    await expectCode(
      c.messages.get({ threadId: thread.id }),
      Code.InvalidArgument,
      /^message_id is required$/,
    );
    await expectCode(
      c.messages.get({ messageId: "m" }),
      Code.InvalidArgument,
      /^thread_id is required$/,
    );
    await expectCode(c.messages.list({}), Code.InvalidArgument, /^thread_id is required$/);
    await expectCode(
      c.messages.create({ threadId: "fvtx", content: content("x") }),
      Code.NotFound,
      /^thread fvtx not found$/,
    );
    await expectCode(
      c.messages.get({ threadId: thread.id, messageId: "fvtm" }),
      Code.NotFound,
      /^message fvtm not found$/,
    );
    await expectCode(
      c.messages.get({ threadId: "fvtx", messageId: "fvtm" }),
      Code.NotFound,
      /thread fvtx/,
    );
    await expectCode(c.messages.list({ threadId: "fvtx" }), Code.NotFound, /thread fvtx/);
    expect(await collect(c.messages.list({ threadId: thread.id }))).toEqual([]);
  });
});
