/**
 * RunStatus: the typed form of `RunState.RunStatus` (spec/runs.md, "Run status").
 *
 * @module
 */
import { RunState_RunStatus } from "@yc-assistants/types/runs";
import { defineStatusMember, memberLookup, type StatusMember } from "./status-member.js";

/** Names of the RunStatus members, exactly the rows of the spec's "Run status" table. */
export type RunStatusName =
  | "UNKNOWN"
  | "RUN_STATUS_UNSPECIFIED"
  | "PENDING"
  | "IN_PROGRESS"
  | "FAILED"
  | "COMPLETED"
  | "TOOL_CALLS";

/**
 * The status of a run: a frozen singleton member with the spec's flags.
 *
 * Why: a run's raw enum number says nothing about whether to keep waiting; the members
 * answer `isRunning`/`isFinished` directly and survive values the client does not know.
 *
 * @example
 * if (result.status === RunStatus.TOOL_CALLS) submit(result.toolCalls);
 * RunStatus.fromProto(2).isRunning; // true
 */
export type RunStatus = StatusMember<RunStatusName>;

// spec/runs.md, "Run status" table, row by row.
const UNKNOWN = defineStatusMember("RunStatus", "UNKNOWN", -1);
const RUN_STATUS_UNSPECIFIED = defineStatusMember(
  "RunStatus",
  "RUN_STATUS_UNSPECIFIED",
  RunState_RunStatus.RUN_STATUS_UNSPECIFIED,
);
const PENDING = defineStatusMember("RunStatus", "PENDING", RunState_RunStatus.PENDING, {
  running: true,
});
const IN_PROGRESS = defineStatusMember("RunStatus", "IN_PROGRESS", RunState_RunStatus.IN_PROGRESS, {
  running: true,
});
const FAILED = defineStatusMember("RunStatus", "FAILED", RunState_RunStatus.FAILED, {
  failed: true,
});
const COMPLETED = defineStatusMember("RunStatus", "COMPLETED", RunState_RunStatus.COMPLETED, {
  succeeded: true,
});
const TOOL_CALLS = defineStatusMember("RunStatus", "TOOL_CALLS", RunState_RunStatus.TOOL_CALLS, {
  succeeded: true,
});

const members: readonly RunStatus[] = Object.freeze([
  UNKNOWN,
  RUN_STATUS_UNSPECIFIED,
  PENDING,
  IN_PROGRESS,
  FAILED,
  COMPLETED,
  TOOL_CALLS,
]);

const lookup = memberLookup<RunStatus>(members, UNKNOWN);

/**
 * The RunStatus members and their lookup. The object and every member are frozen.
 *
 * @example
 * import { RunStatus } from "@yc-assistants/client";
 * RunStatus.fromProto(run.state?.status ?? 0) === RunStatus.COMPLETED;
 * RunStatus.fromProto(99); // RunStatus.UNKNOWN (never throws)
 * RunStatus.values().map(String); // ["UNKNOWN", "RUN_STATUS_UNSPECIFIED", ...]
 */
export const RunStatus = Object.freeze({
  /** Any wire value the client does not know (value -1); keep the raw number beside it. */
  UNKNOWN,
  /** Wire 0: the server did not set a status. Not running, not finished. */
  RUN_STATUS_UNSPECIFIED,
  /** Wire 1: accepted, not started. */
  PENDING,
  /** Wire 2: the model is working. */
  IN_PROGRESS,
  /** Wire 3: finished with an error; the result has `error`, reading `message` throws. */
  FAILED,
  /** Wire 4: finished with a completed message. */
  COMPLETED,
  /** Wire 5: waits for tool results (counts as succeeded, like the Python SDK). */
  TOOL_CALLS,
  /**
   * Maps a wire value to its member; any unknown number (6, 99, -1, NaN, …) gives
   * `UNKNOWN` and never throws (spec/runs.md, "Run status").
   */
  fromProto(value: number): RunStatus {
    return lookup(value);
  },
  /** Every member in table order (UNKNOWN first), as a frozen array. */
  values(): readonly RunStatus[] {
    return members;
  },
});
