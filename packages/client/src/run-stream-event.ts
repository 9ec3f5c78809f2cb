/**
 * RunStreamEvent: one event of a run's stream (spec/runs.md, "RunStreamEvent").
 *
 * @module
 */
import { inspect } from "node:util";
import type { JsonObject } from "@bufbuild/protobuf";
import type { StreamEvent as StreamEventMessage } from "@yc-assistants/types/runs";
import type { Citation } from "./citation.js";
import { defineInt64, int64Json, isSafeInt64 } from "./int64-number.js";
import { type RunError, runErrorFromProto } from "./run-error.js";
import { StatusView } from "./status-view.js";
import { StreamEvent } from "./stream-event.js";
import { partsText, ThreadMessage, type ThreadMessageJson } from "./thread-message.js";
import { type ToolCall, toolCallsFromProto } from "./tool-call.js";

/**
 * Position of an event in the run's event log (`StreamCursor`), as plain `number`s
 * (spec/runs.md, "plain numbers"). The exact int64 stays on the raw event
 * (`event.event.streamCursor`); reading a field whose wire value is beyond
 * `Number.MAX_SAFE_INTEGER` throws `ConnectError` `Code.OutOfRange` naming the field,
 * never a rounded number.
 *
 * Listen/Attach resume from `currentEventIdx + 1` after a broken stream (spec/runs.md,
 * "Listening").
 *
 * @example
 * const next = event.cursor.currentEventIdx + 1;
 */
export interface StreamCursor {
  /** Index of this event in the run's log; 0 when the wire omits the cursor. */
  readonly currentEventIdx: number;
  /** How many user events (tool results) the server had received. */
  readonly numUserEventsReceived: number;
}

/** The proto3-JSON-like form of a {@link RunStreamEvent} (`event.toJSON()`). */
export interface RunStreamEventJson {
  /** The event type by name (`PARTIAL_MESSAGE`, `DONE`, …; `UNKNOWN` for a new number). */
  readonly status: string;
  /** The wire number of the event type, only when `status` is `UNKNOWN`. */
  readonly rawStatus?: number;
  /** The cursor; an index beyond 2^53 − 1 is its exact decimal string. */
  readonly cursor: {
    readonly currentEventIdx: number | string;
    readonly numUserEventsReceived: number | string;
  };
  /** The message text, when the event has a message. */
  readonly text?: string;
  /** The text added since the previous event, when the event has a message. */
  readonly delta?: string;
  /** The message, when the event has one. */
  readonly message?: ThreadMessageJson;
  /** The error of an ERROR event; a code beyond 2^53 − 1 is its exact decimal string. */
  readonly error?: { readonly message: string; readonly code: number | string };
  /** The calls of a TOOL_CALLS event. */
  readonly toolCalls?: readonly {
    readonly type: "function";
    readonly name: string;
    readonly arguments: JsonObject;
  }[];
}

// Marks a lazy field not computed yet (`undefined` is a valid computed value).
const UNSET: unique symbol = Symbol("unset");
type Lazy<T> = T | typeof UNSET;

const NO_PARTS: readonly string[] = Object.freeze([]);
const NO_CITATIONS: readonly Citation[] = Object.freeze([]);

/**
 * The exact `current_event_idx` of an event (absent on the wire: 0), as the int64 it is: what
 * the client itself compares and resumes from, so even an index beyond 2^53 − 1 works.
 * Internal (not exported from the package).
 */
export function eventIndex(event: RunStreamEvent): bigint {
  return event.event.streamCursor?.currentEventIdx ?? 0n;
}

/**
 * A typed event of Listen/Attach: its type, message (partial or completed), error, tool
 * calls, cursor and the text added since the previous event.
 *
 * Why: partial messages are cumulative (spec/runs.md, "RunStreamEvent": "Hello" then
 * "Hello! How can I help you?"), so a UI printing them must diff; `delta` does that
 * (better). The cursor lets a listener resume without duplicates (better: Python ignores it).
 * Unlike {@link RunResult}, nothing here throws (but see {@link StreamCursor} for an index
 * beyond 2^53 − 1): an ERROR event simply has no message.
 *
 * Every field but `event`, `status` and `rawStatus` is computed from the wire message on
 * first access and then kept (issue 10, "lazy views"): a loop that reads only `delta` pays
 * for no message view, no tool call or error object, and no proto re-created per partial.
 * `toJSON()` and `console.log` show the event, not proto internals.
 *
 * @example
 * let previous: string | undefined;
 * for await (const proto of listenStream) {
 *   const ev = RunStreamEvent.fromProto(proto, previous);
 *   process.stdout.write(ev.delta);
 *   previous = ev.text ?? previous;
 * }
 */
export class RunStreamEvent extends StatusView<StreamEvent> {
  /** The raw `StreamEvent` message. */
  readonly event: StreamEventMessage;
  /** StreamEvent of `event_type` (UNKNOWN for a number the client does not know). */
  readonly status: StreamEvent;
  /** The wire value of `event_type` as sent. */
  readonly rawStatus: number;
  readonly #previousText: string | undefined;
  #text: Lazy<string | undefined> = UNSET;
  #delta: string | undefined;
  #message: Lazy<ThreadMessage | undefined> = UNSET;
  #error: Lazy<RunError | undefined> = UNSET;
  #toolCalls: Lazy<readonly ToolCall[] | undefined> = UNSET;
  #cursor: StreamCursor | undefined;

  private constructor(event: StreamEventMessage, previousText: string | undefined) {
    super();
    this.event = event;
    this.rawStatus = event.eventType;
    this.status = StreamEvent.fromProto(event.eventType);
    this.#previousText = previousText;
    Object.freeze(this);
  }

  /**
   * Builds the typed event. Pass the text of the previous event of the same listen to get
   * `delta`. Never throws, whatever the event type number.
   *
   * @example
   * RunStreamEvent.fromProto(ev, "Hello").delta; // "! How can I help you?"
   */
  static fromProto(event: StreamEventMessage, previousText?: string): RunStreamEvent {
    return new RunStreamEvent(event, previousText);
  }

  /** The event's error with message and code, when set (ERROR events). */
  get error(): RunError | undefined {
    if (this.#error === UNSET) {
      const data = this.event.EventData;
      this.#error = runErrorFromProto(data.case === "error" ? data.value : undefined);
    }
    return this.#error;
  }

  /** The event's tool calls; `undefined` when there is none (never empty). */
  get toolCalls(): readonly ToolCall[] | undefined {
    if (this.#toolCalls === UNSET) {
      const data = this.event.EventData;
      const calls = toolCallsFromProto(data.case === "toolCallList" ? data.value : undefined);
      this.#toolCalls = calls === undefined ? undefined : Object.freeze(calls);
    }
    return this.#toolCalls;
  }

  /** Partial message (no id/author) or completed message; `undefined` for other events. */
  get message(): ThreadMessage | undefined {
    if (this.#message === UNSET) {
      const data = this.event.EventData;
      this.#message =
        data.case === "partialMessage"
          ? ThreadMessage.fromContent(data.value)
          : data.case === "completedMessage"
            ? ThreadMessage.fromProto(data.value)
            : undefined;
    }
    return this.#message;
  }

  /**
   * The message text (parts joined with `"\n"`); `undefined` without a message. Read from the
   * wire content directly; a single text part is the wire string itself.
   */
  get text(): string | undefined {
    if (this.#text === UNSET) {
      const data = this.event.EventData;
      this.#text =
        data.case === "partialMessage"
          ? partsText(data.value.content)
          : data.case === "completedMessage"
            ? partsText(data.value.content?.content ?? [])
            : undefined;
    }
    return this.#text;
  }

  /** The text of each message part; empty without a message. */
  get parts(): readonly string[] {
    return this.message?.parts ?? NO_PARTS;
  }

  /**
   * `stream_cursor` as plain numbers, absent fields as 0. A field whose wire value is beyond
   * 2^53 − 1 throws `Code.OutOfRange` when read (see {@link StreamCursor}).
   */
  get cursor(): StreamCursor {
    this.#cursor ??= cursorOf(this.event);
    return this.#cursor;
  }

  /**
   * Text added since `previousText`: the suffix when `text` starts with it, else the whole
   * text; `""` for an event without text.
   */
  get delta(): string {
    this.#delta ??= deltaOf(this.text, this.#previousText);
    return this.#delta;
  }

  /**
   * The citations of the event's message: set on the DONE event's completed message when
   * the assistant used a `search_index` tool (partial messages carry none). Each source is a
   * file chunk with its search index, its source file and the chunk text; see
   * {@link Citation}. Empty without a message.
   *
   * @example
   * for await (const event of run) {
   *   process.stdout.write(event.delta);
   *   for (const c of event.citations) for (const s of c.sources) console.log("\n↳", s.file?.id, s.text);
   * }
   */
  get citations(): readonly Citation[] {
    return this.message?.citations ?? NO_CITATIONS;
  }

  /**
   * A plain, proto3-JSON-like view for `JSON.stringify` and logs: the type by name, the
   * cursor as numbers (an int64 beyond 2^53 − 1 as its exact decimal string, so it never
   * throws nor rounds), text, delta, message, error and tool calls when present.
   *
   * @example
   * JSON.stringify(event); // {"status":"PARTIAL_MESSAGE","cursor":{"currentEventIdx":1,...},"text":"Hello","delta":"lo",...}
   */
  toJSON(): RunStreamEventJson {
    const data = this.event.EventData;
    const wire = this.event.streamCursor;
    const text = this.text;
    const message = this.message;
    const calls = this.toolCalls;
    return {
      status: this.status.name,
      ...(this.status === StreamEvent.UNKNOWN ? { rawStatus: this.rawStatus } : {}),
      cursor: {
        currentEventIdx: int64Json(wire?.currentEventIdx ?? 0n),
        numUserEventsReceived: int64Json(wire?.numUserEventsReceived ?? 0n),
      },
      ...(text === undefined ? {} : { text, delta: this.delta }),
      ...(message === undefined ? {} : { message: message.toJSON() }),
      ...(data.case === "error"
        ? { error: { message: data.value.message, code: int64Json(data.value.code) } }
        : {}),
      ...(calls === undefined
        ? {}
        : {
            toolCalls: calls.map((c) => ({
              type: c.type,
              name: c.name,
              arguments: c.arguments,
            })),
          }),
    };
  }

  /**
   * `console.log` / `util.inspect`: the type, the cursor, the text and delta, the error and
   * the tool calls (not the proto internals).
   */
  [inspect.custom](depth: number, options: object, show: typeof inspect): string {
    const json = this.toJSON();
    const { message: _message, ...summary } = json;
    return `RunStreamEvent ${show(summary, { ...options, depth })}`;
  }
}

/** spec/runs.md, "RunStreamEvent": a cursor absent on the wire means 0. */
function cursorOf(event: StreamEventMessage): StreamCursor {
  const idx = event.streamCursor?.currentEventIdx ?? 0n;
  const users = event.streamCursor?.numUserEventsReceived ?? 0n;
  if (isSafeInt64(idx) && isSafeInt64(users)) {
    return Object.freeze({ currentEventIdx: Number(idx), numUserEventsReceived: Number(users) });
  }
  // spec/runs.md, "plain numbers": surfaced, not rounded: the unsafe field throws when read.
  const cursor = {} as StreamCursor;
  for (const [name, value] of [
    ["currentEventIdx", idx],
    ["numUserEventsReceived", users],
  ] as const) {
    defineInt64(cursor, name, value, `cursor.${name}`, `event.streamCursor.${name}`);
  }
  return Object.freeze(cursor);
}

/**
 * spec/runs.md, "RunStreamEvent": partials are cumulative; offer the delta (better). The
 * prefix test is `slice` + `===` (issue 10: `startsWith` over a 10 KB text cost 13 µs per
 * event, this about 1.5 µs).
 */
function deltaOf(text: string | undefined, previousText: string | undefined): string {
  if (text === undefined) return "";
  if (previousText === undefined) return text;
  const n = previousText.length;
  if (n > text.length) return text;
  return text.slice(0, n) === previousText ? text.slice(n) : text;
}
