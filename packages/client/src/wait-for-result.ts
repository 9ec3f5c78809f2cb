/**
 * waitForResult: the logic of `run.wait()`. Internal.
 *
 * spec/runs.md, "Waiting for a run": "This project: waits on the event stream, so the result
 * arrives as soon as the server sends the final event, with Get polling only as a fallback
 * (better)."
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";
import type { ClientContext, ResolvedRetryPolicy } from "./client-context.js";
import type { Deadline } from "./deadline.js";
import { runFromFinalEvent } from "./final-event-run.js";
import { isResumable, listenEvents } from "./listen-events.js";
import { resumed } from "./log-probe.js";
import { RunResult } from "./run-result.js";
import type { RunTracker } from "./run-tracker.js";
import { settleUnresolved } from "./submit-outcome.js";

/** How one wait runs. */
export interface WaitPlan {
  /** The caller's signal and overall timeout. */
  readonly deadline: Deadline;
  /** Pause between two Gets when polling. */
  readonly pollIntervalMs: number;
  /** Resume policy for the Listen stream. */
  readonly policy: ResolvedRetryPolicy | false;
  /**
   * Whether the result must carry `usage`, which only the `Run` has: then one Get follows the
   * final event; else the result is built from the final event itself (no call after it).
   */
  readonly usage: boolean;
}

/**
 * Resolves with the run's next result:
 * 0. a Submit of this handle whose outcome stayed unknown is resolved first, by asking the
 *    server;
 * 1. the snapshot already holds one (COMPLETED, FAILED, or a TOOL_CALLS round not answered
 *    yet): no call at all;
 * 2. else, unless a listener of this handle already saw the final event, Listen from the
 *    handle's resume index (after the answered TOOL_CALLS event) until a final event;
 * 3. then ONE Get for the full Run (usage is only there); should the Get lag behind the event
 *    (still running, or still the answered TOOL_CALLS round) it is repeated every
 *    `pollIntervalMs` until it agrees. With `usage: false` there is no Get: the result is the
 *    handle's snapshot with the state the final event reports (see runFromFinalEvent), and
 *    the Listen stream is read to its end on the next turn of the event loop, after;
 * 4. when Listen is unavailable (Unimplemented, or still broken after the resume budget), the
 *    same Get polling from the start. FAILED resolves; only transport errors reject, and a
 *    Get (or the question of step 0) failing with a transient fault is asked again with the
 *    retry backoff (see `resumed`) before it does.
 */
export async function waitForResult(
  ctx: ClientContext,
  tracker: RunTracker,
  plan: WaitPlan,
): Promise<RunResult> {
  const { deadline } = plan;
  deadline.throwIfAborted();
  // After a Submit with an unknown outcome the snapshot may be stale: ask first (issue 8,
  // point 2: "wait() never answers from a stale snapshot").
  // Read-only questions, asked again while the connection keeps failing under them (as the
  // Listen is resumed): one Get's retry budget can be spent in a few hundred ms by
  // connections dying one after another, and wait() must not fail on that while its
  // deadline runs (chaos submit-exactly-once/manual: "wait() after round 3: Unavailable:
  // connection lost during the call: Session closed with error code 2", lost=1 errored=1).
  const asked = { runId: tracker.runId, signal: deadline.signal };
  await resumed(ctx, asked, () =>
    settleUnresolved(ctx, tracker, {
      signal: deadline.signal,
      timeoutMs: deadline.remainingMs(),
    }),
  );
  if (tracker.isResult(tracker.snapshot)) return RunResult.fromProto(tracker.snapshot);

  if (tracker.lastFinal === undefined && !tracker.listenUnsupported) {
    const events = listenEvents(ctx, tracker, {
      fromIndex: tracker.resumeIndex,
      signal: deadline.signal,
      attemptTimeoutMs: () => deadline.remainingMs(),
      throwIfExpired: () => deadline.throwIfAborted(),
      policy: plan.policy,
    });
    try {
      for (let read = await events.next(); read.done !== true; read = await events.next()) {
        if (!plan.usage && tracker.lastFinal === read.value) {
          // The result's event, and no Get follows: the result is handed over now and the
          // listen ends on the next turn of the event loop, reading its stream to the end
          // (release-stream.ts): the trailers and the call's clean-up do not stand between the
          // final event and the result (issue 10, row "`wait()`"). With a Get, the listen
          // ends first, as before: a Get sent while the stream was still being read failed
          // once in three runs of `npm run chaos` (submit-exactly-once/manual), and the gain
          // is only the trailers' delay.
          setImmediate(() => void events.next().catch(() => {}));
          break;
        }
      }
    } catch (e) {
      if (deadline.signal.aborted) throw e;
      const err = ConnectError.from(e);
      if (err.code === Code.Unimplemented) tracker.listenUnsupported = true;
      else if (!isResumable(err)) throw err;
      // Listen is unavailable or keeps failing: fall back to polling Get.
    }
  }

  const final = tracker.lastFinal;
  if (!plan.usage && final !== undefined) {
    // Not stored as the snapshot: a later wait() that wants usage still makes its Get.
    const run = runFromFinalEvent(tracker.snapshot, final.event);
    if (run !== undefined) return RunResult.fromProto(run);
  }

  for (let first = true; ; first = false) {
    if (!first) await deadline.sleep(plan.pollIntervalMs);
    const run = await resumed(ctx, asked, () =>
      ctx.runService.get(
        { runId: tracker.runId },
        { signal: deadline.signal, timeoutMs: deadline.remainingMs() },
      ),
    );
    tracker.observeRun(run);
    if (tracker.isResult(run)) return RunResult.fromProto(run);
  }
}
