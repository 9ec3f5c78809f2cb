/**
 * The reference reading of the wire, written from spec/runs.md independently
 * of any client: what a conforming client must report for a given `Run` or
 * `StreamEvent`. Cases derive their expectations from it ("expectations
 * derive from the script"), so a case only writes out what differs.
 */
import type { JsonValue } from "@bufbuild/protobuf";
import type {
  MessageContent,
  Run,
  StreamEvent,
  Message as ThreadMessage,
  ToolCallList,
} from "@yc-assistants/types";

/** A status as the spec's tables define it. */
export interface RefStatus {
  /** Member name: `TOOL_CALLS`, or `UNKNOWN` for a number the table lacks. */
  readonly name: string;
  /** The member's value: the wire value, or -1 for UNKNOWN. */
  readonly value: number;
  /** The number on the wire (kept for UNKNOWN). */
  readonly raw: number;
  readonly isRunning: boolean;
  readonly isSucceeded: boolean;
  readonly isFailed: boolean;
  readonly isFinished: boolean;
  readonly statusName: "running" | "success" | "failed";
}

type Row = readonly [name: string, running: boolean, succeeded: boolean, failed: boolean];

// spec/runs.md, "Run status": isFinished = isSucceeded || isFailed.
const RUN_STATUS: Readonly<Record<number, Row>> = {
  0: ["RUN_STATUS_UNSPECIFIED", false, false, false],
  1: ["PENDING", true, false, false],
  2: ["IN_PROGRESS", true, false, false],
  3: ["FAILED", false, false, true],
  4: ["COMPLETED", false, true, false],
  5: ["TOOL_CALLS", false, true, false],
};

// spec/runs.md, "Stream event type".
const EVENT_TYPE: Readonly<Record<number, Row>> = {
  0: ["EVENT_TYPE_UNSPECIFIED", false, false, false],
  1: ["PARTIAL_MESSAGE", true, false, false],
  2: ["ERROR", false, false, true],
  3: ["DONE", false, true, false],
  4: ["TOOL_CALLS", false, true, false],
};

function fromRow(table: Readonly<Record<number, Row>>, raw: number): RefStatus {
  // "Unknown wire values never throw: they map to UNKNOWN and keep their raw number."
  const row: Row = table[raw] ?? ["UNKNOWN", false, false, false];
  const [name, isRunning, isSucceeded, isFailed] = row;
  return {
    name,
    value: table[raw] ? raw : -1,
    raw,
    isRunning,
    isSucceeded,
    isFailed,
    isFinished: isSucceeded || isFailed,
    statusName: isFailed ? "failed" : isSucceeded ? "success" : "running",
  };
}

/** The RunStatus member for a wire value. */
export function refRunStatus(raw: number): RefStatus {
  return fromRow(RUN_STATUS, raw);
}

/** The StreamEvent member for a wire value. */
export function refEventType(raw: number): RefStatus {
  return fromRow(EVENT_TYPE, raw);
}

/** A tool call as a client must report it. */
export interface RefToolCall {
  readonly name: string;
  readonly arguments: JsonValue;
}

/** An error of a run or event: the message and the numeric code (spec: keep it). */
export interface RefRunError {
  readonly message: string;
  readonly code: string;
}

/** Token usage as decimal strings (int64 without precision loss). */
export interface RefUsage {
  readonly inputTextTokens: string;
  readonly completionTokens: string;
  readonly totalTokens: string;
}

/** What a client must report for a `Run` (spec/runs.md, "RunResult"). */
export interface RefResult {
  readonly status: RefStatus;
  readonly error: RefRunError | undefined;
  readonly toolCalls: RefToolCall[] | undefined;
  /** Reading the message (and text, parts, citations) must throw: FAILED. */
  readonly messageThrows: boolean;
  readonly hasMessage: boolean;
  readonly text: string | undefined;
  readonly parts: string[];
  readonly citations: number;
  readonly usage: RefUsage | undefined;
}

function textParts(content: MessageContent | undefined): string[] {
  const out: string[] = [];
  for (const part of content?.content ?? []) {
    if (part.PartType.case === "text") out.push(part.PartType.value.content);
  }
  return out;
}

function toolCalls(list: ToolCallList | undefined): RefToolCall[] | undefined {
  // "the calls of tool_call_list when it has at least one, else absent (never an empty list)"
  const calls = (list?.toolCalls ?? []).flatMap((c) =>
    c.ToolCallType.case === "functionCall"
      ? [
          {
            name: c.ToolCallType.value.name,
            arguments: (c.ToolCallType.value.arguments ?? {}) as JsonValue,
          },
        ]
      : [],
  );
  return calls.length > 0 ? calls : undefined;
}

function messageFields(message: ThreadMessage | undefined, content: MessageContent | undefined) {
  const parts = textParts(message?.content ?? content);
  const has = message !== undefined || content !== undefined;
  return {
    hasMessage: has,
    parts,
    text: has ? parts.join("\n") : undefined,
    citations: message?.citations.length ?? 0,
  };
}

/** The reference RunResult of a `Run`. */
export function refResult(run: Run): RefResult {
  const state = run.state;
  const status = refRunStatus(state?.status ?? 0);
  const data = state?.StateData;
  const message = data?.case === "completedMessage" ? data.value : undefined;
  const fields = messageFields(message, undefined);
  const failed = status.isFailed;
  return {
    status,
    error:
      data?.case === "error"
        ? { message: data.value.message, code: data.value.code.toString() }
        : undefined,
    toolCalls: data?.case === "toolCallList" ? toolCalls(data.value) : undefined,
    messageThrows: failed,
    hasMessage: fields.hasMessage,
    text: failed ? undefined : fields.text,
    parts: failed ? [] : fields.parts,
    citations: failed ? 0 : fields.citations,
    usage: run.usage
      ? {
          inputTextTokens: run.usage.promptTokens.toString(),
          completionTokens: run.usage.completionTokens.toString(),
          totalTokens: run.usage.totalTokens.toString(),
        }
      : undefined,
  };
}

/** What a client must report for one `StreamEvent` (spec/runs.md, "RunStreamEvent"). */
export interface RefEvent {
  readonly status: RefStatus;
  readonly text: string | undefined;
  readonly parts: string[];
  /** Text added since the previous event of the same listen (undefined without text). */
  readonly delta: string | undefined;
  readonly cursor: number;
  readonly numUserEventsReceived: number;
  readonly error: RefRunError | undefined;
  readonly toolCalls: RefToolCall[] | undefined;
}

/**
 * The reference events of one listen: each event mapped, with the delta
 * computed against the previous event's text (partials are cumulative: the
 * delta is the new suffix; a text that does not extend the previous one is
 * its own delta).
 */
export function refEvents(events: readonly StreamEvent[]): RefEvent[] {
  let previous = "";
  return events.map((ev) => {
    const data = ev.EventData;
    const fields = messageFields(
      data.case === "completedMessage" ? data.value : undefined,
      data.case === "partialMessage" ? data.value : undefined,
    );
    let delta: string | undefined;
    if (fields.text !== undefined) {
      delta = fields.text.startsWith(previous) ? fields.text.slice(previous.length) : fields.text;
      previous = fields.text;
    }
    return {
      status: refEventType(ev.eventType),
      text: fields.text,
      parts: fields.parts,
      delta,
      cursor: Number(ev.streamCursor?.currentEventIdx ?? 0n),
      numUserEventsReceived: Number(ev.streamCursor?.numUserEventsReceived ?? 0n),
      error:
        data.case === "error"
          ? { message: data.value.message, code: data.value.code.toString() }
          : undefined,
      toolCalls: data.case === "toolCallList" ? toolCalls(data.value) : undefined,
    };
  });
}

/**
 * The events a listen must deliver when the server sent `events` over one or
 * more streams (resumes): every cursor once, in order of first arrival.
 */
export function uniqueByCursor(events: readonly StreamEvent[]): StreamEvent[] {
  const seen = new Set<bigint>();
  const out: StreamEvent[] = [];
  for (const ev of events) {
    const idx = ev.streamCursor?.currentEventIdx ?? 0n;
    if (seen.has(idx)) continue;
    seen.add(idx);
    out.push(ev);
  }
  return out;
}
