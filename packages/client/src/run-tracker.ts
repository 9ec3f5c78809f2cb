/**
 * RunTracker: what one `Run` handle knows about its run between calls: the newest `Run`
 * snapshot, the newest final event a listener saw, and the TOOL_CALLS round the handle
 * answered. Internal.
 *
 * It is how the handle resolves the Submit race (spec/runs.md, "Submit semantics": "A client
 * that waits right after a Submit must not mistake the old TOOL_CALLS state for the new
 * result ... this project uses the Submit RPC the API provides and resolves the race with
 * the event cursor", better): after a Submit the handle records the answered round (its
 * tool calls and, when known, the cursor of its TOOL_CALLS event); listeners resume after that
 * cursor, and a TOOL_CALLS state or event of the answered round is never taken for a result.
 *
 * @module
 */
import { toJsonString } from "@bufbuild/protobuf";
import { ToolCallListSchema } from "@yc-assistants/types/common";
import { type Run as RunMessage, RunState_RunStatus } from "@yc-assistants/types/runs";
import { eventIndex, type RunStreamEvent } from "./run-stream-event.js";
import { StreamEvent } from "./stream-event.js";

/** A TOOL_CALLS round: its tool calls (as canonical JSON) and its event index, when known. */
export interface ToolCallsRound {
  /** The tool call list as JSON; `undefined` when unknown. */
  readonly key: string | undefined;
  /** `current_event_idx` of the round's TOOL_CALLS event; `undefined` when unknown. */
  readonly cursor: bigint | undefined;
}

/** The tool call list of a run state or event as canonical JSON (the round's identity). */
function runRoundKey(run: RunMessage): string | undefined {
  const data = run.state?.StateData;
  return data?.case === "toolCallList" ? toJsonString(ToolCallListSchema, data.value) : undefined;
}

/** The tool call list of an event as canonical JSON (comparable with a run state's). */
export function eventRoundKey(event: RunStreamEvent): string | undefined {
  const data = event.event.EventData;
  return data.case === "toolCallList" ? toJsonString(ToolCallListSchema, data.value) : undefined;
}

/** The mutable state of one Run handle. */
export class RunTracker {
  /** The newest `Run` message from Create/Get/List. */
  snapshot: RunMessage;
  /** The newest final event (not of an answered round) a listener delivered. */
  lastFinal: RunStreamEvent | undefined;
  /** Set when Listen answered Unimplemented: wait() then polls Get directly. */
  listenUnsupported = false;
  /**
   * A round whose Submit failed without the client learning whether the server applied it
   * (issue 8, point 2): the next wait() or submit resolves it by asking the server before
   * anything else, instead of answering from the snapshot. `round` may be unknown.
   */
  unresolved: { readonly round: ToolCallsRound | undefined } | undefined;
  /**
   * The answered round: its calls, its event index (once known), and whether a Get has shown
   * the run outside it since (events do not count: Get may lag behind the stream).
   */
  #answered:
    | { key: string | undefined; cursor: bigint | undefined; leftByGet: boolean }
    | undefined;

  constructor(snapshot: RunMessage) {
    this.snapshot = snapshot;
  }

  /** The run id. */
  get runId(): string {
    return this.snapshot.id;
  }

  /** Where a listener starts by default: right after the answered TOOL_CALLS event, else 0. */
  get resumeIndex(): bigint {
    const cursor = this.#answered?.cursor;
    return cursor === undefined ? 0n : cursor + 1n;
  }

  /**
   * Whether a TOOL_CALLS event belongs to the round this handle already answered: its index is
   * not newer than the answered event's or, while that index is unknown (the round was learned
   * from Get), it repeats the answered calls.
   */
  isStaleEvent(event: RunStreamEvent): boolean {
    const answered = this.#answered;
    if (answered === undefined || event.status !== StreamEvent.TOOL_CALLS) return false;
    if (answered.cursor !== undefined) return eventIndex(event) <= answered.cursor;
    return answered.key === undefined || answered.key === eventRoundKey(event);
  }

  /**
   * Whether a `Run` from Get still shows the round this handle answered: TOOL_CALLS with the
   * answered calls, no Get has shown the run elsewhere since the Submit, and no listener has
   * seen a new TOOL_CALLS event with these very calls (then old and new look the same).
   */
  isStaleRun(run: RunMessage): boolean {
    const answered = this.#answered;
    if (answered === undefined || run.state?.status !== RunState_RunStatus.TOOL_CALLS) return false;
    if (answered.leftByGet) return false;
    const key = runRoundKey(run);
    if (answered.key !== undefined && answered.key !== key) return false;
    const final = this.lastFinal;
    if (final?.status === StreamEvent.TOOL_CALLS && eventRoundKey(final) === key) return false;
    return true;
  }

  /** Records an event a listener received; returns whether it is stale (see isStaleEvent). */
  observeEvent(event: RunStreamEvent): boolean {
    const answered = this.#answered;
    const stale = this.isStaleEvent(event);
    if (answered !== undefined && stale && answered.cursor === undefined) {
      // The answered round's own event: learn its cursor so later listeners skip it.
      answered.cursor = eventIndex(event);
      answered.key ??= eventRoundKey(event);
    }
    if (event.isFinished && !stale) this.lastFinal = event;
    return stale;
  }

  /** Records a `Run` from Create/Get/List; returns whether it is stale (see isStaleRun). */
  observeRun(run: RunMessage): boolean {
    const stale = this.isStaleRun(run);
    // Seen in any other state after the Submit: the answered round is over.
    if (this.#answered !== undefined && !stale) this.#answered.leftByGet = true;
    this.snapshot = run;
    return stale;
  }

  /** Whether a `Run` from Get is a result (not running, not the answered round). */
  isResult(run: RunMessage): boolean {
    const status = run.state?.status ?? RunState_RunStatus.RUN_STATUS_UNSPECIFIED;
    const running =
      status === RunState_RunStatus.PENDING || status === RunState_RunStatus.IN_PROGRESS;
    return !running && !this.isStaleRun(run);
  }

  /** The TOOL_CALLS round the run waits in, as far as this handle knows. */
  pendingRound(): ToolCallsRound | undefined {
    const final = this.lastFinal;
    if (final !== undefined && final.status === StreamEvent.TOOL_CALLS) {
      return { key: eventRoundKey(final), cursor: eventIndex(final) };
    }
    const run = this.snapshot;
    if (run.state?.status === RunState_RunStatus.TOOL_CALLS && !this.isStaleRun(run)) {
      return { key: runRoundKey(run), cursor: undefined };
    }
    return undefined;
  }

  /** Whether `run` (from Get) still waits in `round`. */
  inRound(run: RunMessage, round: ToolCallsRound | undefined): boolean {
    if (run.state?.status !== RunState_RunStatus.TOOL_CALLS) return false;
    if (round?.key === undefined) return !this.isStaleRun(run);
    return runRoundKey(run) === round.key;
  }

  /** Records that the outcome of a Submit for `round` is unknown (see {@link unresolved}). */
  markUnresolved(round: ToolCallsRound | undefined): void {
    this.unresolved = { round };
  }

  /**
   * Records that `round` was answered: listeners resume after it, waits skip it. Returns an
   * undo, for an answer the server may still refuse (results sent on an Attach stream are
   * accepted or refused only later).
   */
  markAnswered(round: ToolCallsRound | undefined): () => void {
    const previous = { answered: this.#answered, lastFinal: this.lastFinal };
    this.#answered = { key: round?.key, cursor: round?.cursor, leftByGet: false };
    this.lastFinal = undefined;
    this.unresolved = undefined;
    return () => {
      this.#answered = previous.answered;
      this.lastFinal = previous.lastFinal;
    };
  }
}
