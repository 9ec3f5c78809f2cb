/**
 * submitToolResults: the logic of `run.submitToolResults()`, exactly once. Internal.
 *
 * spec/runs.md, "Submit semantics"; issue 8, point 2: "every ambiguous failure is resolved by
 * asking the server; the caller learns success when the results were applied; nothing is
 * applied twice; `wait()` never answers from a stale snapshot."
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { Code, ConnectError } from "@connectrpc/connect";
import type { ToolResultList } from "@yc-assistants/types/common";
import { backoffDelay, type ClientContext } from "./client-context.js";
import { NEVER_ABORTED, resumed } from "./log-probe.js";
import type { RunTracker, ToolCallsRound } from "./run-tracker.js";
import {
  locateRound,
  type ResolvePlan,
  resolveSubmitOutcome,
  type SubmitOutcome,
  settleUnresolved,
  unknownOutcome,
} from "./submit-outcome.js";
import { abortable } from "./transport/abortable.js";
import { neverSent } from "./transport/transport-fault.js";

/**
 * Submit failures after which the request may or may not have been applied: the connection
 * failed under it (a dropped connection, a reset stream and a GOAWAY all arrive as
 * Unavailable, see `transportFaultInterceptor`), the deadline passed, or the server failed
 * in a way that does not say it refused the request.
 */
const AMBIGUOUS_SUBMIT_CODES: ReadonlySet<Code> = new Set([
  Code.Unavailable,
  Code.DeadlineExceeded,
  Code.Unknown,
  Code.Internal,
  Code.Canceled,
  Code.Aborted,
]);

/** How one submission runs. */
export interface SubmitPlan {
  /** The results. */
  readonly list: ToolResultList;
  /** The caller's signal. */
  readonly signal: AbortSignal | undefined;
  /** The caller's per-call timeout. */
  readonly timeoutMs: number | undefined;
  /** The idle window of a log read (tests shorten it). */
  readonly minGraceMs?: number;
}

/**
 * Sends `plan.list` to the run that `tracker` follows, and resolves once the server applied
 * it, exactly once:
 * - an ambiguous failure is resolved by {@link resolveSubmitOutcome}: applied → success;
 *   pending → sent again (the same request id and idempotency key, with `x-retry-attempt`),
 *   at most `retry.maxAttempts` sends in all; unknown (look-alike rounds the log cannot tell
 *   apart) → rejected as unknown, never sent again;
 * - a failure the server answered (a refusal) rejects at once; a resend refused because the
 *   run left TOOL_CALLS means the earlier attempt was applied;
 * - when the outcome stays unknown (the server out of reach, the caller's abort, the retry
 *   budget spent), it rejects and the handle resolves the round on its next call instead of
 *   answering from its snapshot.
 */
export async function submitToolResults(
  ctx: ClientContext,
  tracker: RunTracker,
  plan: SubmitPlan,
): Promise<void> {
  const runId = tracker.runId;
  const ask = { signal: plan.signal, timeoutMs: plan.timeoutMs, minGraceMs: plan.minGraceMs };
  // A caller retrying after an unknown outcome: these results may already be in.
  const settled = await settleUnresolved(ctx, tracker, ask);
  if (settled === "applied") return;
  if (settled === "unknown") {
    // Look-alike rounds: sending now could answer the next round with this one's results.
    throw unknownOutcome(
      runId,
      new ConnectError(
        "an earlier Submit's outcome is unknown: wait() for the round the run waits in, then answer that one",
        Code.Unavailable,
      ),
    );
  }
  let round: ToolCallsRound | undefined = tracker.pendingRound();
  // A round learned from Get has no event index, and without one a lost answer cannot be told
  // from a next round asking the same: read it from the log first (a few quick Listens).
  if (round !== undefined && round.cursor === undefined && !tracker.listenUnsupported) {
    round = { key: round.key, cursor: await locateOrUndefined(ctx, runId, ask) };
  }
  const policy = ctx.retry;
  const maxAttempts = policy === false ? 1 : policy.maxAttempts;
  // A resend is a retry of the same logical call: it carries the first attempt's request id
  // and idempotency key (so a server can deduplicate it) and `x-retry-attempt`
  // (spec/runs.md, "Transport facts").
  const requestId = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const headers = new Headers({ "x-client-request-id": requestId, "idempotency-key": requestId });
    if (attempt > 1) headers.set("x-retry-attempt", String(attempt - 1));
    let failure: ConnectError;
    try {
      await ctx.runService.submit(
        { runId, Event: { case: "toolResultList", value: plan.list } },
        { signal: plan.signal, timeoutMs: plan.timeoutMs, headers },
      );
      break;
    } catch (e) {
      failure = ConnectError.from(e);
    }
    // A resend refused because the run is not in TOOL_CALLS: the check before it showed the
    // run waiting in the round, and only a submission moves a run out of it, so the earlier
    // attempt was applied after all.
    if (attempt > 1 && failure.code === Code.FailedPrecondition) break;
    if (!AMBIGUOUS_SUBMIT_CODES.has(failure.code)) throw failure;
    if (plan.signal?.aborted) {
      tracker.markUnresolved(round);
      throw failure;
    }
    const outcome = neverSent(failure)
      ? "pending"
      : await resolveOrReject(ctx, tracker, round, ask, failure);
    if (outcome === "applied") break;
    // Never sent again unless the log proved the run waits in this very round: into a next,
    // look-alike round the results would be applied twice.
    if (outcome === "unknown") throw unknownOutcome(runId, failure);
    if (attempt >= maxAttempts || policy === false) throw failure;
    if (!neverSent(failure)) {
      await abortable(policy.sleep(backoffDelay(policy, attempt), plan.signal), plan.signal);
    }
  }
  tracker.markAnswered(round);
}

/**
 * {@link resolveSubmitOutcome}, or, when the server cannot be asked, a rejection saying the
 * outcome is unknown; the handle then resolves the round on its next call.
 */
async function resolveOrReject(
  ctx: ClientContext,
  tracker: RunTracker,
  round: ToolCallsRound | undefined,
  ask: ResolvePlan,
  failure: ConnectError,
): Promise<SubmitOutcome> {
  try {
    // The resolution is read-only: asked again while the connection keeps failing under it.
    return await resumed(ctx, { runId: tracker.runId, signal: ask.signal ?? NEVER_ABORTED }, () =>
      resolveSubmitOutcome(ctx, tracker, round, ask),
    );
  } catch (e) {
    tracker.markUnresolved(round);
    const asking = ConnectError.from(e);
    throw ask.signal?.aborted ? asking : unknownOutcome(tracker.runId, failure, asking);
  }
}

/** {@link locateRound}, or undefined when the log cannot be read (a later ambiguity is then
 * judged without the index). */
async function locateOrUndefined(
  ctx: ClientContext,
  runId: string,
  ask: ResolvePlan,
): Promise<bigint | undefined> {
  try {
    return await resumed(ctx, { runId, signal: ask.signal ?? NEVER_ABORTED }, () =>
      locateRound(ctx, runId, ask),
    );
  } catch (e) {
    if (ask.signal?.aborted) throw ConnectError.from(e);
    return undefined;
  }
}
