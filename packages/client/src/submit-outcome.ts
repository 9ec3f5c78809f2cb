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
import { hasEventAfter, NEVER_ABORTED, readToFinal } from "./log-probe.js";
import { eventIndex } from "./run-stream-event.js";
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
    signal: plan.signal ?? NEVER_ABORTED,
    minGraceMs: plan.minGraceMs,
  };
  const cursor = round?.cursor;
  if (cursor !== undefined)
    return (await hasEventAfter(ctx, probe, cursor)) ? "applied" : "pending";
  // The round was learned from Get: walk the log, final event by final event, to where it
  // stops, and count the TOOL_CALLS events that hold these calls.
  const { matching, waitsAt, finished } = await walkLog(ctx, probe, round?.key);
  // The log ends in DONE or ERROR: the run went past every round after all.
  if (finished) return "applied";
  if (waitsAt === undefined || matching.length !== 1) return "unknown";
  return matching[0] === waitsAt ? "pending" : "applied";
}

/**
 * Finds the event index of the TOOL_CALLS round a run waits in from its log: the walk of
 * {@link resolveSubmitOutcome}, stopping at the last final event. `undefined` when the log
 * ends otherwise (the run finished, or works on). Used before a Submit whose round was learned
 * from Get, so that a lost answer can later be told apart from a next, look-alike round.
 */
export async function locateRound(
  ctx: ClientContext,
  runId: string,
  plan: ResolvePlan,
): Promise<bigint | undefined> {
  const probe = {
    runId,
    signal: plan.signal ?? NEVER_ABORTED,
    minGraceMs: plan.minGraceMs,
  };
  return (await walkLog(ctx, probe, undefined)).waitsAt;
}

interface Walk {
  /** Indexes of the TOOL_CALLS events with the round's calls. */
  readonly matching: bigint[];
  /** The TOOL_CALLS event the run waits after; undefined: the log ended otherwise. */
  readonly waitsAt: bigint | undefined;
  /** Whether the log ended in DONE or ERROR: the run went past every round. */
  readonly finished: boolean;
}

/** Reads the log, final event by final event, to where it stops (see resolveSubmitOutcome). */
async function walkLog(
  ctx: ClientContext,
  probe: Parameters<typeof readToFinal>[1],
  key: string | undefined,
): Promise<Walk> {
  const matching: bigint[] = [];
  for (let next = 0n; ; ) {
    const events = await readToFinal(ctx, probe, next);
    const last = events.at(-1);
    if (last === undefined || last.status !== StreamEvent.TOOL_CALLS) {
      const finished = last?.status === StreamEvent.DONE || last?.status === StreamEvent.ERROR;
      return { matching, waitsAt: undefined, finished };
    }
    for (const event of events) {
      const same = key === undefined || eventRoundKey(event) === key;
      if (event.status === StreamEvent.TOOL_CALLS && same) matching.push(eventIndex(event));
    }
    const at = eventIndex(last);
    if (!(await hasEventAfter(ctx, probe, at))) return { matching, waitsAt: at, finished: false };
    next = at + 1n;
  }
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
 * The error of a Submit whose outcome the client could not learn: `Code.Unavailable`, saying
 * so, with the Submit's failure as `cause`, and why the server could not tell (`asking`: the
 * failure of the question, absent when the log could not tell look-alike rounds apart).
 */
const unknownOutcomes = new WeakSet<ConnectError>();

/**
 * Whether `error` is a Submit's "may or may not have been applied" (see
 * {@link unknownOutcome}): the run waits in some round, and `wait()` tells which.
 */
export function isUnknownOutcome(error: unknown): boolean {
  return error instanceof ConnectError && unknownOutcomes.has(error);
}

export function unknownOutcome(
  runId: string,
  cause: ConnectError,
  asking?: ConnectError,
): ConnectError {
  const why =
    asking === undefined
      ? "and the run's event log cannot tell its look-alike rounds apart"
      : `and the server could not be asked (${asking.rawMessage})`;
  const error = new ConnectError(
    `the Submit to run ${runId} may or may not have been applied, ${why}: ${cause.rawMessage}`,
    Code.Unavailable,
    undefined,
    undefined,
    cause,
  );
  unknownOutcomes.add(error);
  return error;
}
