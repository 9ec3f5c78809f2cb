/**
 * RunStreamEvent: one event of a run's stream (spec/runs.md, "RunStreamEvent").
 *
 * @module
 */

import type { StreamEvent as StreamEventMessage } from "@yc-assistants/types/runs";
import type { Citation } from "./citation.js";
import { type RunError, runErrorFromProto } from "./run-error.js";
import { StatusView } from "./status-view.js";
import { StreamEvent } from "./stream-event.js";
import { ThreadMessage } from "./thread-message.js";
import { type ToolCall, toolCallsFromProto } from "./tool-call.js";

/**
 * Position of an event in the run's event log (`StreamCursor`), int64 as `bigint`.
 *
 * Listen/Attach resume from `currentEventIdx + 1n` after a broken stream (spec/runs.md,
 * "Listening").
 *
 * @example
 * const next = event.cursor.currentEventIdx + 1n;
 */
export interface StreamCursor {
  /** Index of this event in the run's log; 0 when the wire omits the cursor. */
  readonly currentEventIdx: bigint;
  /** How many user events (tool results) the server had received. */
  readonly numUserEventsReceived: bigint;
}

/**
 * A typed event of Listen/Attach: its type, message (partial or completed), error, tool
 * calls, cursor and the text added since the previous event.
 *
 * Why: partial messages are cumulative (spec/runs.md, "RunStreamEvent": "Hello" then
 * "Hello! How can I help you?"), so a UI printing them must diff; `delta` does that
 * (better). The cursor lets a listener resume without duplicates (better: Python ignores it).
 * Unlike {@link RunResult}, nothing here throws: an ERROR event simply has no message.
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
  /** The event's error with message and code, when set (ERROR events). */
  readonly error: RunError | undefined;
  /** The event's tool calls; `undefined` when there is none (never empty). */
  readonly toolCalls: readonly ToolCall[] | undefined;
  /** Partial message (no id/author) or completed message; `undefined` for other events. */
  readonly message: ThreadMessage | undefined;
  /** The message text (parts joined with `"\n"`); `undefined` without a message. */
  readonly text: string | undefined;
  /** The text of each message part; empty without a message. */
  readonly parts: readonly string[];
  /** `stream_cursor`, absent fields as `0n`. */
  readonly cursor: StreamCursor;
  /**
   * Text added since `previousText`: the suffix when `text` starts with it, else the whole
   * text; `""` for an event without text.
   */
  readonly delta: string;

  private constructor(event: StreamEventMessage, previousText: string | undefined) {
    super();
    this.event = event;
    this.rawStatus = event.eventType;
    this.status = StreamEvent.fromProto(event.eventType);
    const data = event.EventData;
    this.error = runErrorFromProto(data.case === "error" ? data.value : undefined);
    const calls = toolCallsFromProto(data.case === "toolCallList" ? data.value : undefined);
    this.toolCalls = calls === undefined ? undefined : Object.freeze(calls);
    this.message =
      data.case === "partialMessage"
        ? ThreadMessage.fromContent(data.value)
        : data.case === "completedMessage"
          ? ThreadMessage.fromProto(data.value)
          : undefined;
    this.text = this.message?.text;
    this.parts = this.message?.parts ?? Object.freeze([]);
    // spec/runs.md, "RunStreamEvent": a cursor absent on the wire means 0.
    this.cursor = Object.freeze({
      currentEventIdx: event.streamCursor?.currentEventIdx ?? 0n,
      numUserEventsReceived: event.streamCursor?.numUserEventsReceived ?? 0n,
    });
    this.delta = deltaOf(this.text, previousText);
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
    return this.message?.citations ?? Object.freeze([]);
  }
}

/** spec/runs.md, "RunStreamEvent": partials are cumulative; offer the delta (better). */
function deltaOf(text: string | undefined, previousText: string | undefined): string {
  if (text === undefined) return "";
  if (previousText !== undefined && text.startsWith(previousText)) {
    return text.slice(previousText.length);
  }
  return text;
}
