import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  ContentPartSchema,
  MessageContentSchema,
  MessageSchema,
} from "@yc-assistants/types/threads";
import { describe, expect, it } from "vitest";
import { type MessageStatusName, ThreadMessage } from "./thread-message.js";

const text = (content: string) =>
  create(ContentPartSchema, { PartType: { case: "text", value: { content } } });

describe("ThreadMessage.fromProto", () => {
  const proto = create(MessageSchema, {
    id: "m1",
    threadId: "t1",
    createdBy: "user-1",
    createdAt: timestampFromDate(new Date("2025-04-02T17:39:11.914Z")),
    author: { id: "a1", role: "USER" },
    labels: { topic: "math" },
    content: { content: [text("line one"), create(ContentPartSchema, {}), text("line two")] },
    status: 1,
  });
  const view = ThreadMessage.fromProto(proto);

  it("exposes ids, author, role, labels and createdAt as a Date", () => {
    expect(view.id).toBe("m1");
    expect(view.threadId).toBe("t1");
    expect(view.author).toEqual({ id: "a1", role: "USER" });
    expect(view.role).toBe("USER");
    expect(view.labels).toEqual({ topic: "math" });
    expect(view.createdAt).toBeInstanceOf(Date);
    expect(view.createdAt?.toISOString()).toBe("2025-04-02T17:39:11.914Z");
    expect(view.isPartial).toBe(false);
    expect(view.proto).toBe(proto);
  });

  it("parts are the text parts in order; text joins them with \\n", () => {
    expect(view.parts).toEqual(["line one", "line two"]);
    expect(view.text).toBe("line one\nline two");
    expect(String(view)).toBe("line one\nline two");
  });

  it("is frozen, and so are its labels and parts", () => {
    expect(Object.isFrozen(view)).toBe(true);
    expect(Object.isFrozen(view.labels)).toBe(true);
    expect(Object.isFrozen(view.parts)).toBe(true);
    expect(view.citations).toEqual([]);
  });

  it.each<{ raw: number; name: MessageStatusName }>([
    { raw: 0, name: "MESSAGE_STATUS_UNSPECIFIED" },
    { raw: 1, name: "COMPLETED" },
    { raw: 2, name: "TRUNCATED" },
    { raw: 3, name: "FILTERED_CONTENT" },
    { raw: 4, name: "UNKNOWN" },
    { raw: 99, name: "UNKNOWN" },
    { raw: -1, name: "UNKNOWN" },
  ])("status $raw → $name (rawStatus kept)", ({ raw, name }) => {
    const m = ThreadMessage.fromProto(create(MessageSchema, { status: raw }));
    expect(m.status).toBe(name);
    expect(m.rawStatus).toBe(raw);
  });

  it("a message without content, author or time has empty text and undefined fields", () => {
    const m = ThreadMessage.fromProto(create(MessageSchema, { id: "m2" }));
    expect(m.parts).toEqual([]);
    expect(m.text).toBe("");
    expect(m.author).toBeUndefined();
    expect(m.role).toBeUndefined();
    expect(m.createdAt).toBeUndefined();
  });
});

describe("ThreadMessage.fromContent (partial messages)", () => {
  it("has text parts only: no id, thread or author", () => {
    const m = ThreadMessage.fromContent(create(MessageContentSchema, { content: [text("Hello")] }));
    expect(m.isPartial).toBe(true);
    expect(m.id).toBeUndefined();
    expect(m.threadId).toBeUndefined();
    expect(m.author).toBeUndefined();
    expect(m.role).toBeUndefined();
    expect(m.createdAt).toBeUndefined();
    expect(m.text).toBe("Hello");
    expect(m.parts).toEqual(["Hello"]);
    expect(m.proto.content?.content).toHaveLength(1);
  });
});
