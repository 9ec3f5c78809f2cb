/**
 * Resolving an ambiguous Submit by asking the server. Internal.
 *
 * spec/runs.md, "Submit semantics": "A Submit is not idempotent: it is never retried blindly.
 * A retry after an ambiguous failure must first check whether the run already left
 * TOOL_CALLS." issue 8, point 2: a next round may ask the identical call, so a Get that shows
 * TOOL_CALLS with the same calls cannot tell "not applied" from "applied, and asked again";
 * the event log can, because a run moves past a TOOL_CALLS event only after a submission.
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { type Run as RunMessage, RunState_RunStatus } from "@yc-assistants/types/runs";
import type { ClientContext } from "./client-context.js";
import { readLog } from "./read-log.js";
import type { RunTracker, ToolCallsRound } from "./run-tracker.js";
import { StreamEvent } from "./stream-event.js";

/** What the server did with a Submit whose answer was lost. */
export type SubmitOutcome = "applied" | "pending";

/** How one resolution runs. */
export interface ResolvePlan {
  /** The caller's signal and deadline. */
  readonly signal: AbortSignal | undefined;
  /** Per-call timeout of the Get. */
  readonly timeoutMs: number | undefined;
  /** The idle window of a log read (tests shorten it). */
  readonly idleMs?: number;
}

/**
 * Finds the event index of the TOOL_CALLS round a run waits in, from its event log: the last
 * TOOL_CALLS event, when nothing follows it. `undefined` when the log shows no such round
 * (the run finished or works on). Used before a Submit whose round was learned from Get, so
 * that an ambiguous failure of it can be resolved later.
 */
export async function locateRound(
  ctx: ClientContext,
  runId: string,
  plan: ResolvePlan,
): Promise<ToolCallsRound | undefined> {
  let last: ToolCallsRound | undefined;
  const signal = plan.signal ?? new AbortController().signal;
  for await (const event of readLog(ctx, { runId, fromIndex: 0n, signal, idleMs: plan.idleMs })) {
    last =
      event.status === StreamEvent.TOOL_CALLS
        ? { key: undefined, cursor: event.cursor.currentEventIdx }
        : undefined;
  }
  return last;
}

/**
 * Decides whether the results sent for `round` were applied:
 * 1. a Get: a run no longer in TOOL_CALLS, or in TOOL_CALLS with other calls, has left the
 *    round, and only a submission moves a run past it → applied;
 * 2. the same calls again: the log after the round's TOOL_CALLS event decides: any event
 *    there → applied (the run went on, and may have asked the same again); none → pending.
 * Without the round's event index (a server without Listen) step 2 cannot be made, and the
 * same calls count as pending. The Get is observed by `tracker`. Failures reject.
 */
export async function resolveSubmitOutcome(
  ctx: ClientContext,
  tracker: RunTracker,
  round: ToolCallsRound | undefined,
  plan: ResolvePlan,
): Promise<SubmitOutcome> {
  const runId = tracker.runId;
  const run: RunMessage = await ctx.runService.get(
    { runId },
    { signal: plan.signal, timeoutMs: plan.timeoutMs },
  );
  const stillWaiting = tracker.inRound(run, round);
  tracker.observeRun(run);
  if (run.state?.status !== RunState_RunStatus.TOOL_CALLS || !stillWaiting) return "applied";
  const cursor = round?.cursor;
  if (cursor === undefined) return "pending";
  const signal = plan.signal ?? new AbortController().signal;
  for await (const _event of readLog(ctx, {
    runId,
    fromIndex: cursor + 1n,
    signal,
    idleMs: plan.idleMs,
  })) {
    return "applied";
  }
  return "pending";
}

/**
 * Resolves the round of an earlier Submit whose outcome stayed unknown, if there is one:
 * applied → the round counts as answered; pending → it is forgotten (the run still waits in
 * it, as the snapshot shows). Returns the outcome, or `undefined` when nothing was unresolved.
 * Failures reject and keep the round unresolved.
 */
export async function settleUnresolved(
  ctx: ClientContext,
  tracker: RunTracker,
  plan: ResolvePlan,
): Promise<SubmitOutcome | undefined> {
  const unresolved = tracker.unresolved;
  if (unresolved === undefined) return undefined;
  const outcome = await resolveSubmitOutcome(ctx, tracker, unresolved.round, plan);
  if (outcome === "applied") tracker.markAnswered(unresolved.round);
  else tracker.unresolved = undefined;
  return outcome;
}

/**
 * The error of a Submit whose outcome the client could not learn (the server stayed out of
 * reach): `Code.Unavailable`, saying so, with the last failure as `cause`.
 */
export function unknownOutcome(runId: string, cause: ConnectError): ConnectError {
  return new ConnectError(
    `the Submit to run ${runId} may or may not have been applied, and the server could not be asked: ${cause.rawMessage}`,
    Code.Unavailable,
    undefined,
    undefined,
    cause,
  );
}
