import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { ErrorSchema, ToolCallListSchema } from "@yc-assistants/types/common";
import {
  StreamCursorSchema,
  type StreamEvent as StreamEventMessage,
  StreamEventSchema,
} from "@yc-assistants/types/runs";
import { MessageContentSchema, MessageSchema } from "@yc-assistants/types/threads";
import { describe, expect, it } from "vitest";
import { eventIndex, RunStreamEvent } from "./run-stream-event.js";
import { StreamEvent, type StreamEventName } from "./stream-event.js";

type EventData = StreamEventMessage["EventData"];

function content(texts: string[]) {
  return create(MessageContentSchema, {
    content: texts.map((t) => ({ PartType: { case: "text" as const, value: { content: t } } })),
  });
}

function event(
  eventType: number,
  data?: EventData,
  cursor?: { idx?: bigint; users?: bigint },
): StreamEventMessage {
  return create(StreamEventSchema, {
    eventType,
    EventData: data ?? { case: undefined },
    streamCursor:
      cursor === undefined
        ? undefined
        : create(StreamCursorSchema, {
            currentEventIdx: cursor.idx ?? 0n,
            numUserEventsReceived: cursor.users ?? 0n,
          }),
  });
}

const partial = (texts: string[], idx?: bigint): StreamEventMessage =>
  event(
    1,
    { case: "partialMessage", value: content(texts) },
    idx === undefined ? undefined : { idx },
  );

const done = (text: string, idx?: bigint): StreamEventMessage =>
  event(
    3,
    {
      case: "completedMessage",
      value: create(MessageSchema, {
        id: "msg-9",
        threadId: "thread-1",
        author: { id: "asst-1", role: "ASSISTANT" },
        content: content([text]),
        status: 1,
      }),
    },
    idx === undefined ? undefined : { idx },
  );

describe("RunStreamEvent.status for every wire event type (spec/runs.md, Stream event type table)", () => {
  it.each<{ raw: number; name: StreamEventName }>([
    { raw: 0, name: "EVENT_TYPE_UNSPECIFIED" },
    { raw: 1, name: "PARTIAL_MESSAGE" },
    { raw: 2, name: "ERROR" },
    { raw: 3, name: "DONE" },
    { raw: 4, name: "TOOL_CALLS" },
    { raw: 5, name: "UNKNOWN" },
    { raw: 99, name: "UNKNOWN" },
    { raw: -1, name: "UNKNOWN" },
    { raw: 2 ** 31 - 1, name: "UNKNOWN" },
  ])("event_type $raw → $name, rawStatus kept, helpers delegate", ({ raw, name }) => {
    const ev = RunStreamEvent.fromProto(event(raw));
    const member = StreamEvent[name];
    expect(ev.status).toBe(member);
    expect(ev.rawStatus).toBe(raw);
    expect(ev.isRunning).toBe(member.isRunning);
    expect(ev.isSucceeded).toBe(member.isSucceeded);
    expect(ev.isFailed).toBe(member.isFailed);
    expect(ev.isFinished).toBe(member.isFinished);
    expect(ev.statusName).toBe(member.statusName);
  });

  it("keeps the proto and is frozen", () => {
    const proto = partial(["x"]);
    const ev = RunStreamEvent.fromProto(proto);
    expect(ev.event).toBe(proto);
    expect(Object.isFrozen(ev)).toBe(true);
    expect(Object.isFrozen(ev.cursor)).toBe(true);
  });
});

describe("PARTIAL_MESSAGE", () => {
  it("carries a partial message: text parts only, no id/author", () => {
    const ev = RunStreamEvent.fromProto(partial(["Hello"]));
    expect(ev.status).toBe(StreamEvent.PARTIAL_MESSAGE);
    expect(ev.message?.isPartial).toBe(true);
    expect(ev.message?.id).toBeUndefined();
    expect(ev.message?.threadId).toBeUndefined();
    expect(ev.message?.author).toBeUndefined();
    expect(ev.message?.role).toBeUndefined();
    expect(ev.text).toBe("Hello");
    expect(ev.parts).toEqual(["Hello"]);
    expect(ev.error).toBeUndefined();
    expect(ev.toolCalls).toBeUndefined();
  });

  it("joins several parts with \\n", () => {
    const ev = RunStreamEvent.fromProto(partial(["a", "b"]));
    expect(ev.text).toBe("a\nb");
    expect(ev.parts).toEqual(["a", "b"]);
  });
});

describe("delta: cumulative partials (spec/runs.md, RunStreamEvent; better)", () => {
  it.each<{ case: string; previous: string | undefined; proto: StreamEventMessage; delta: string }>(
    [
      {
        case: "first event, no previous text → whole text",
        previous: undefined,
        proto: partial(["Hello"]),
        delta: "Hello",
      },
      {
        case: 'cumulative: "Hello" then "Hello! How can I help you?"',
        previous: "Hello",
        proto: partial(["Hello! How can I help you?"]),
        delta: "! How can I help you?",
      },
      {
        case: "DONE with the same text as the last partial → empty delta",
        previous: "Hello! How can I help you?",
        proto: done("Hello! How can I help you?"),
        delta: "",
      },
      {
        case: "DONE after no partials → whole text",
        previous: undefined,
        proto: done("Hello! How can I help you?"),
        delta: "Hello! How can I help you?",
      },
      {
        case: "a non-prefix text → delta is the whole text",
        previous: "Hello there",
        proto: partial(["Goodbye"]),
        delta: "Goodbye",
      },
      {
        case: "a text shorter than the previous one → whole text",
        previous: "Hello!",
        proto: partial(["Hello"]),
        delta: "Hello",
      },
      {
        case: "empty previous text → whole text",
        previous: "",
        proto: partial(["Hi"]),
        delta: "Hi",
      },
      {
        case: "ERROR event (no text) → empty delta",
        previous: "Hello",
        proto: event(2, { case: "error", value: create(ErrorSchema, { message: "x", code: 1n }) }),
        delta: "",
      },
      {
        case: "TOOL_CALLS event (no text) → empty delta",
        previous: "Hello",
        proto: event(4, { case: "toolCallList", value: create(ToolCallListSchema, {}) }),
        delta: "",
      },
    ],
  )("$case", ({ previous, proto, delta }) => {
    expect(RunStreamEvent.fromProto(proto, previous).delta).toBe(delta);
  });

  it("a whole recorded-like sequence rebuilds the text from deltas", () => {
    const protos = [
      partial(["Hello"]),
      partial(["Hello! How can I help you?"]),
      done("Hello! How can I help you?"),
    ];
    let previous: string | undefined;
    let built = "";
    for (const proto of protos) {
      const ev = RunStreamEvent.fromProto(proto, previous);
      built += ev.delta;
      previous = ev.text ?? previous;
    }
    expect(built).toBe("Hello! How can I help you?");
  });
});

describe("DONE", () => {
  it("carries the completed message", () => {
    const ev = RunStreamEvent.fromProto(done("Hello! How can I help you?", 2n));
    expect(ev.status).toBe(StreamEvent.DONE);
    expect(ev.isSucceeded).toBe(true);
    expect(ev.isFinished).toBe(true);
    expect(ev.message?.isPartial).toBe(false);
    expect(ev.message?.id).toBe("msg-9");
    expect(ev.message?.author).toEqual({ id: "asst-1", role: "ASSISTANT" });
    expect(ev.message?.status).toBe("COMPLETED");
    expect(ev.text).toBe("Hello! How can I help you?");
    expect(ev.parts).toEqual(["Hello! How can I help you?"]);
    expect(ev.citations).toEqual([]);
    expect(ev.cursor.currentEventIdx).toBe(2);
  });
});

describe("ERROR", () => {
  it("carries the error with message and code; no message, nothing throws", () => {
    const ev = RunStreamEvent.fromProto(
      event(2, {
        case: "error",
        value: create(ErrorSchema, { message: "something broke", code: 13n }),
      }),
    );
    expect(ev.status).toBe(StreamEvent.ERROR);
    expect(ev.isFailed).toBe(true);
    expect(ev.statusName).toBe("failed");
    expect(ev.error).toEqual({ message: "something broke", code: 13 });
    expect(ev.message).toBeUndefined();
    expect(ev.text).toBeUndefined();
    expect(ev.parts).toEqual([]);
    expect(ev.citations).toEqual([]);
  });
});

describe("TOOL_CALLS", () => {
  it("carries the calls with arguments as doubles", () => {
    const ev = RunStreamEvent.fromProto(
      event(4, {
        case: "toolCallList",
        value: create(ToolCallListSchema, {
          toolCalls: [
            {
              ToolCallType: {
                case: "functionCall",
                value: { name: "special_operation", arguments: { numbers: [5, 4, 1] } },
              },
            },
          ],
        }),
      }),
    );
    expect(ev.status).toBe(StreamEvent.TOOL_CALLS);
    expect(ev.toolCalls).toHaveLength(1);
    expect(ev.toolCalls?.[0]?.name).toBe("special_operation");
    expect(ev.toolCalls?.[0]?.arguments).toEqual({ numbers: [5, 4, 1] });
    expect(ev.message).toBeUndefined();
  });

  it("an empty tool_call_list → toolCalls undefined", () => {
    const ev = RunStreamEvent.fromProto(
      event(4, { case: "toolCallList", value: create(ToolCallListSchema, {}) }),
    );
    expect(ev.toolCalls).toBeUndefined();
  });
});

describe('cursor: plain numbers (spec/runs.md, RunStreamEvent and "plain numbers")', () => {
  it.each<{
    case: string;
    cursor: { idx?: bigint; users?: bigint } | undefined;
    idx: number;
    users: number;
  }>([
    { case: "absent on the wire → 0", cursor: undefined, idx: 0, users: 0 },
    { case: "present but empty ({}) → 0", cursor: {}, idx: 0, users: 0 },
    { case: "index 6", cursor: { idx: 6n }, idx: 6, users: 0 },
    { case: "num_user_events_received kept", cursor: { idx: 9n, users: 2n }, idx: 9, users: 2 },
    {
      case: "2^53 − 1 is still exact",
      cursor: { idx: 2n ** 53n - 1n },
      idx: Number.MAX_SAFE_INTEGER,
      users: 0,
    },
  ])("$case", ({ cursor, idx, users }) => {
    const ev = RunStreamEvent.fromProto(event(1, undefined, cursor));
    expect(ev.cursor).toEqual({ currentEventIdx: idx, numUserEventsReceived: users });
    expect(typeof ev.cursor.currentEventIdx).toBe("number");
    expect(ev.cursor).toBe(ev.cursor);
  });

  it("an index beyond 2^53 − 1 throws OutOfRange naming the field, never rounds; the wire keeps it", () => {
    const idx = 2n ** 60n + 7n;
    const ev = RunStreamEvent.fromProto(event(1, undefined, { idx, users: 3n }));
    expect(() => ev.cursor.currentEventIdx).toThrow(
      expect.objectContaining({ code: Code.OutOfRange }),
    );
    expect(() => ev.cursor.currentEventIdx).toThrow(/cursor\.currentEventIdx/);
    // The other field is still readable, and the exact value stays on the raw event.
    expect(ev.cursor.numUserEventsReceived).toBe(3);
    expect(ev.event.streamCursor?.currentEventIdx).toBe(1152921504606846983n);
    expect(eventIndex(ev)).toBe(1152921504606846983n);
    expect(Object.isFrozen(ev.cursor)).toBe(true);
    // JSON never throws: the exact decimal string, as proto3 JSON writes int64.
    expect(ev.toJSON().cursor).toEqual({
      currentEventIdx: "1152921504606846983",
      numUserEventsReceived: 3,
    });
  });

  it("num_user_events_received beyond 2^53 − 1 throws too", () => {
    const ev = RunStreamEvent.fromProto(event(1, undefined, { idx: 1n, users: -(2n ** 60n) }));
    expect(ev.cursor.currentEventIdx).toBe(1);
    expect(() => ev.cursor.numUserEventsReceived).toThrow(/cursor\.numUserEventsReceived/);
  });
});

describe("events without data", () => {
  it("an UNSPECIFIED event has no message, text, error or calls", () => {
    const ev = RunStreamEvent.fromProto(event(0));
    expect(ev.message).toBeUndefined();
    expect(ev.text).toBeUndefined();
    expect(ev.parts).toEqual([]);
    expect(ev.error).toBeUndefined();
    expect(ev.toolCalls).toBeUndefined();
    expect(ev.delta).toBe("");
  });
});
