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
import { hasEventAfter, readToFinal } from "./log-probe.js";
import { eventRoundKey, type RunTracker, type ToolCallsRound } from "./run-tracker.js";
import { StreamEvent } from "./stream-event.js";

/**
 * What the server did with a Submit whose answer was lost: applied; pending (the run still
 * waits in the very round the results were for); or unknown (the log cannot tell which of two
 * look-alike rounds the run waits in).
 */
export type SubmitOutcome = "applied" | "pending" | "unknown";

/** How one resolution runs. */
export interface ResolvePlan {
  /** The caller's signal and deadline. */
  readonly signal: AbortSignal | undefined;
  /** Per-call timeout of the Get. */
  readonly timeoutMs: number | undefined;
  /** The least grace of a log probe (tests shorten it; see `hasEventAfter`). */
  readonly minGraceMs?: number;
}

/**
 * Decides whether the results sent for `round` were applied:
 * 1. a Get: a run no longer in TOOL_CALLS, or in TOOL_CALLS with other calls, has left the
 *    round, and only a submission moves a run past it → applied;
 * 2. the same calls again: the event log decides. With the round's event index known (a
 *    listener of the handle saw it): any event after it → applied (the run went on, and asked
 *    the same again); none, by `hasEventAfter`'s judged silence → pending. Without it (the round was learned from Get), the log is
 *    read from the start: when exactly one TOOL_CALLS event holds these calls, it is the round,
 *    and the same rule applies; when several do, the log cannot tell them apart → unknown.
 *    A server without Listen → unknown.
 * The Get is observed by `tracker`. Failures reject.
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
  if (tracker.listenUnsupported) return "unknown";
  const probe = {
    runId,
    signal: plan.signal ?? new AbortController().signal,
    minGraceMs: plan.minGraceMs,
  };
  const cursor = round?.cursor;
  if (cursor !== undefined)
    return (await hasEventAfter(ctx, probe, cursor)) ? "applied" : "pending";
  // The round was learned from Get: walk the log, final event by final event, to where it
  // stops, and count the TOOL_CALLS events that hold these calls.
  const key = round?.key;
  const matching: bigint[] = [];
  let waitsAt: bigint | undefined;
  for (let next = 0n; waitsAt === undefined; ) {
    const events = await readToFinal(ctx, probe, next);
    const last = events.at(-1);
    if (last === undefined || !last.isFinished) return "unknown";
    for (const event of events) {
      const same = key === undefined || eventRoundKey(event) === key;
      if (event.status === StreamEvent.TOOL_CALLS && same)
        matching.push(event.cursor.currentEventIdx);
    }
    // DONE or ERROR: the run went on past every round after all.
    if (last.status !== StreamEvent.TOOL_CALLS) return "applied";
    const at = last.cursor.currentEventIdx;
    if (await hasEventAfter(ctx, probe, at)) next = at + 1n;
    else waitsAt = at;
  }
  if (matching.length !== 1) return "unknown";
  return matching[0] === waitsAt ? "pending" : "applied";
}

/**
 * Resolves the round of an earlier Submit whose outcome stayed unknown, if there is one:
 * applied → the round counts as answered; pending or unknown → it is forgotten (the run waits
 * in a round, as the Get it made shows, and that round is what to answer next). Returns the outcome, or `undefined` when nothing was unresolved.
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
  // Pending or unknown: the run waits in a round, as the Get showed; the next answer is for it.
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
