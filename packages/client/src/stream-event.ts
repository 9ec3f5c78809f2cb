/**
 * StreamEvent: the typed form of `StreamEvent.EventType` (spec/runs.md, "Stream event type").
 *
 * The generated protobuf message type is also called `StreamEvent`; import it under an alias
 * (`StreamEvent as StreamEventMessage`) next to this one.
 *
 * @module
 */
import { StreamEvent_EventType } from "@yc-assistants/types/runs";
import { defineStatusMember, memberLookup, type StatusMember } from "./status-member.js";

/** Names of the StreamEvent members, exactly the rows of the spec's "Stream event type" table. */
export type StreamEventName =
  | "UNKNOWN"
  | "EVENT_TYPE_UNSPECIFIED"
  | "PARTIAL_MESSAGE"
  | "ERROR"
  | "DONE"
  | "TOOL_CALLS";

/**
 * The type of an event of a run's stream (Listen/Attach): a frozen singleton member with the
 * spec's flags.
 *
 * Why: a listener must know which events end the stream (`isFinished`) and whether the run
 * failed, also for event types added to the API later (they become `UNKNOWN`).
 *
 * @example
 * for await (const ev of run.listen()) {
 *   if (ev.status === StreamEvent.PARTIAL_MESSAGE) process.stdout.write(ev.delta);
 * }
 */
export type StreamEvent = StatusMember<StreamEventName>;

// spec/runs.md, "Stream event type" table, row by row.
const UNKNOWN = defineStatusMember("StreamEvent", "UNKNOWN", -1);
const EVENT_TYPE_UNSPECIFIED = defineStatusMember(
  "StreamEvent",
  "EVENT_TYPE_UNSPECIFIED",
  StreamEvent_EventType.EVENT_TYPE_UNSPECIFIED,
);
const PARTIAL_MESSAGE = defineStatusMember(
  "StreamEvent",
  "PARTIAL_MESSAGE",
  StreamEvent_EventType.PARTIAL_MESSAGE,
  { running: true },
);
const ERROR = defineStatusMember("StreamEvent", "ERROR", StreamEvent_EventType.ERROR, {
  failed: true,
});
const DONE = defineStatusMember("StreamEvent", "DONE", StreamEvent_EventType.DONE, {
  succeeded: true,
});
const TOOL_CALLS = defineStatusMember(
  "StreamEvent",
  "TOOL_CALLS",
  StreamEvent_EventType.TOOL_CALLS,
  {
    succeeded: true,
  },
);

const members: readonly StreamEvent[] = Object.freeze([
  UNKNOWN,
  EVENT_TYPE_UNSPECIFIED,
  PARTIAL_MESSAGE,
  ERROR,
  DONE,
  TOOL_CALLS,
]);

const lookup = memberLookup<StreamEvent>(members, UNKNOWN);

/**
 * The StreamEvent members and their lookup. The object and every member are frozen.
 *
 * @example
 * import { StreamEvent } from "@yc-assistants/client";
 * StreamEvent.fromProto(3) === StreamEvent.DONE; // true
 * StreamEvent.fromProto(42); // StreamEvent.UNKNOWN (never throws)
 */
export const StreamEvent = Object.freeze({
  /** Any wire value the client does not know (value -1); keep the raw number beside it. */
  UNKNOWN,
  /** Wire 0: the server did not set a type. Not running, not finished. */
  EVENT_TYPE_UNSPECIFIED,
  /** Wire 1: cumulative partial text; more events follow. */
  PARTIAL_MESSAGE,
  /** Wire 2: the run failed; the event carries `error`. Final. */
  ERROR,
  /** Wire 3: the run completed; the event carries the completed message. Final. */
  DONE,
  /** Wire 4: the run waits for tool results; the event carries the calls. Final for this round. */
  TOOL_CALLS,
  /**
   * Maps a wire value to its member; any unknown number gives `UNKNOWN` and never throws
   * (spec/runs.md, "Stream event type").
   */
  fromProto(value: number): StreamEvent {
    return lookup(value);
  },
  /** Every member in table order (UNKNOWN first), as a frozen array. */
  values(): readonly StreamEvent[] {
    return members;
  },
});
