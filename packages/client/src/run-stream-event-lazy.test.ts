import { inspect } from "node:util";
import { create, equals } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ErrorSchema, ToolCallListSchema } from "@yc-assistants/types/common";
import {
  type StreamEvent_EventType,
  type StreamEvent as StreamEventMessage,
  StreamEventSchema,
} from "@yc-assistants/types/runs";
import { MessageContentSchema, MessageSchema } from "@yc-assistants/types/threads";
import { describe, expect, it } from "vitest";
import { textParts } from "./citation.js";
import { RunStreamEvent } from "./run-stream-event.js";
import { ThreadMessage } from "./thread-message.js";

// Issue 10, "lazy views": the views are built on first access from the wire message; these
// tests hold them to the values the former eager construction gave.

const content = (texts: string[]) =>
  create(MessageContentSchema, {
    content: texts.map((t) => ({ PartType: { case: "text" as const, value: { content: t } } })),
  });

const partial = (texts: string[], idx: number): StreamEventMessage =>
  create(StreamEventSchema, {
    eventType: 1,
    streamCursor: { currentEventIdx: BigInt(idx) },
    EventData: { case: "partialMessage", value: content(texts) },
  });

const done = (texts: string[], idx: number): StreamEventMessage =>
  create(StreamEventSchema, {
    eventType: 3,
    streamCursor: { currentEventIdx: BigInt(idx), numUserEventsReceived: 1n },
    EventData: {
      case: "completedMessage",
      value: create(MessageSchema, {
        id: "msg-1",
        threadId: "thr-1",
        createdAt: timestampFromDate(new Date("2025-04-02T17:39:11.914Z")),
        author: { id: "asst-1", role: "ASSISTANT" },
        labels: { k: "v" },
        content: content(texts),
        status: 1,
      }),
    },
  });

/** The former eager mapping: text parts joined, delta by startsWith over the whole text. */
function eager(proto: StreamEventMessage, previous: string | undefined) {
  const data = proto.EventData;
  const parts =
    data.case === "partialMessage"
      ? textParts(data.value.content)
      : data.case === "completedMessage"
        ? textParts(data.value.content?.content ?? [])
        : undefined;
  const text = parts?.join("\n");
  let delta = text ?? "";
  if (text !== undefined && previous !== undefined && text.startsWith(previous)) {
    delta = text.slice(previous.length);
  }
  return { parts: parts ?? [], text, delta };
}

const big = "x".repeat(10_240);
const sequences: Record<string, StreamEventMessage[]> = {
  cumulative: [
    partial(["He"], 0),
    partial(["Hello"], 1),
    partial(["Hello world"], 2),
    done(["Hello world"], 3),
  ],
  "non-cumulative (rewritten text)": [
    partial(["Hello"], 0),
    partial(["Goodbye"], 1),
    partial(["Good"], 2),
    done(["Good!"], 3),
  ],
  "several parts": [
    partial(["a"], 0),
    partial(["a", "b"], 1),
    partial(["a", "bc"], 2),
    done(["a", "bc"], 3),
  ],
  "empty and surrogate pairs": [
    partial([], 0),
    partial([""], 1),
    partial(["a😀"], 2),
    partial(["a😀b"], 3),
    done(["a😀b"], 4),
  ],
  "10 KB cumulative": [
    partial([big], 0),
    partial([`${big}y`], 1),
    partial([`${big}yz`], 2),
    done([`${big}yz`], 3),
  ],
};

describe("RunStreamEvent lazy views equal the eager ones", () => {
  it.each(Object.entries(sequences))(
    "%s: text, parts and delta, in every access order",
    (_, protos) => {
      let previous: string | undefined;
      const events: RunStreamEvent[] = [];
      for (const [i, proto] of protos.entries()) {
        const ev = RunStreamEvent.fromProto(proto, previous);
        const want = eager(proto, previous);
        // Alternate the first field read: the result must not depend on it.
        if (i % 2 === 0) expect(ev.delta).toBe(want.delta);
        expect(ev.text).toBe(want.text);
        expect(ev.delta).toBe(want.delta);
        expect(ev.parts).toEqual(want.parts);
        expect(ev.message?.text).toBe(want.text ?? undefined);
        expect(ev.cursor.currentEventIdx).toBe(i);
        previous = ev.text ?? previous;
        events.push(ev);
      }
      // The deltas rebuild the final text of a cumulative stream.
      const last = events.at(-1)?.text ?? "";
      if (protos === sequences.cumulative || protos === sequences["10 KB cumulative"]) {
        expect(events.map((e) => e.delta).join("")).toBe(last);
      }
    },
  );

  it("a single text part is the wire string itself (no copy per event)", () => {
    const proto = partial([big], 0);
    const ev = RunStreamEvent.fromProto(proto);
    const data = proto.EventData;
    expect(data.case === "partialMessage" && data.value.content[0]?.PartType.value).toBeTruthy();
    expect(ev.text).toBe(big);
  });

  it("a partial's message builds the same Message proto as create(MessageSchema, {content}) did", () => {
    const c = content(["Hello", "there"]);
    const m = ThreadMessage.fromContent(c);
    expect(m.text).toBe("Hello\nthere");
    expect(equals(MessageSchema, m.proto, create(MessageSchema, { content: c }))).toBe(true);
    expect(m.proto).toBe(m.proto);
    expect(m.rawStatus).toBe(0);
    expect(m.labels).toEqual({});
    expect(m.citations).toEqual([]);
  });

  it("views are kept: the same object on every access, and the event stays frozen", () => {
    const ev = RunStreamEvent.fromProto(done(["Hi"], 3));
    expect(ev.message).toBe(ev.message);
    expect(ev.parts).toBe(ev.parts);
    expect(ev.message?.createdAt).toBe(ev.message?.createdAt);
    expect(ev.message?.author).toEqual({ id: "asst-1", role: "ASSISTANT" });
    expect(ev.message?.labels).toEqual({ k: "v" });
    expect(Object.isFrozen(ev)).toBe(true);
    expect(Object.isFrozen(ev.message)).toBe(true);
  });
});

describe("RunStreamEvent.toJSON and inspect", () => {
  it("a partial: status by name, cursor as numbers, text and delta", () => {
    const ev = RunStreamEvent.fromProto(partial(["Hello"], 1), "He");
    expect(JSON.parse(JSON.stringify(ev))).toEqual({
      status: "PARTIAL_MESSAGE",
      cursor: { currentEventIdx: 1, numUserEventsReceived: 0 },
      text: "Hello",
      delta: "llo",
      message: {
        status: "MESSAGE_STATUS_UNSPECIFIED",
        parts: ["Hello"],
        text: "Hello",
        isPartial: true,
      },
    });
  });

  it("DONE: the message with RFC 3339 time, enum names, labels", () => {
    const json = RunStreamEvent.fromProto(done(["Hi"], 3), "Hi").toJSON();
    expect(json.status).toBe("DONE");
    expect(json.cursor).toEqual({ currentEventIdx: 3, numUserEventsReceived: 1 });
    expect(json.delta).toBe("");
    expect(json.message).toEqual({
      id: "msg-1",
      threadId: "thr-1",
      createdAt: "2025-04-02T17:39:11.914Z",
      author: { id: "asst-1", role: "ASSISTANT" },
      status: "COMPLETED",
      labels: { k: "v" },
      parts: ["Hi"],
      text: "Hi",
      isPartial: false,
    });
  });

  it("ERROR and TOOL_CALLS: the error (int64 code as a number) and the calls; an unknown type keeps its number", () => {
    const error = RunStreamEvent.fromProto(
      create(StreamEventSchema, {
        eventType: 2,
        EventData: { case: "error", value: create(ErrorSchema, { message: "boom", code: 13n }) },
      }),
    );
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      status: "ERROR",
      cursor: { currentEventIdx: 0, numUserEventsReceived: 0 },
      error: { message: "boom", code: 13 },
    });
    const calls = RunStreamEvent.fromProto(
      create(StreamEventSchema, {
        eventType: 4,
        EventData: {
          case: "toolCallList",
          value: create(ToolCallListSchema, {
            toolCalls: [
              { ToolCallType: { case: "functionCall", value: { name: "f", arguments: { a: 1 } } } },
            ],
          }),
        },
      }),
    );
    expect(calls.toJSON().toolCalls).toEqual([
      { type: "function", name: "f", arguments: { a: 1 } },
    ]);
    expect(
      RunStreamEvent.fromProto(
        create(StreamEventSchema, { eventType: 42 as StreamEvent_EventType }),
      ).toJSON(),
    ).toEqual({
      status: "UNKNOWN",
      rawStatus: 42,
      cursor: { currentEventIdx: 0, numUserEventsReceived: 0 },
    });
  });

  it("inspect shows status, cursor, text/delta and tool calls, not proto internals", () => {
    const shown = inspect(RunStreamEvent.fromProto(partial(["Hello"], 1), "He"));
    expect(shown).toMatch(/^RunStreamEvent /);
    expect(shown).toContain("PARTIAL_MESSAGE");
    expect(shown).toContain("currentEventIdx: 1");
    expect(shown).toContain("delta: 'llo'");
    expect(shown).not.toContain("$typeName");
    expect(inspect(ThreadMessage.fromContent(content(["x"])))).toMatch(
      /^ThreadMessage .*text: 'x'/s,
    );
  });
});
