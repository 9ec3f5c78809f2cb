/**
 * listenEvents: the resumable Listen loop behind `run.listen()`, `run.wait()` and
 * `run.stream()`. Internal.
 *
 * spec/runs.md, "Listening": "If a stream breaks, the Python SDK restarts it from the
 * beginning, so events arrive twice. This project resumes from the last cursor + 1: every
 * event exactly once, in order (better)."
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { backoffDelay, type ClientContext, type ResolvedRetryPolicy } from "./client-context.js";
import { releaseStream } from "./release-stream.js";
import { eventIndex, RunStreamEvent } from "./run-stream-event.js";
import type { RunTracker } from "./run-tracker.js";
import { abortError } from "./transport/abortable.js";
import { isLocalDecodeFailure } from "./transport/transport-fault.js";

/**
 * Codes after which a broken Listen stream is resumed: the transient ones. A stream that ends
 * without a final event is treated the same way (it cannot be the end of the run). A dropped
 * connection, a reset stream or a GOAWAY arrive as `Unavailable` (the transport reports them
 * so, see `transportFaultInterceptor`; issue 8, point 1).
 */
export const RESUMABLE_STREAM_CODES: ReadonlySet<Code> = new Set([
  Code.Unavailable,
  Code.Internal,
  Code.Unknown,
  Code.ResourceExhausted,
  Code.DeadlineExceeded,
]);

/**
 * Whether a failed Listen attempt is resumed: a transient code, and not a message this client
 * could not decode or that is past its read limit, which would fail the same way again
 * (issue 8, point 6: "never resume a decode failure").
 */
export function isResumable(error: ConnectError): boolean {
  return RESUMABLE_STREAM_CODES.has(error.code) && !isLocalDecodeFailure(error);
}

/** How one listen runs. */
export interface ListenPlan {
  /** The first event index to ask for (`events_start_idx`). */
  readonly fromIndex: bigint;
  /** Aborts the listen (caller's signal and overall deadline combined). */
  readonly signal: AbortSignal;
  /**
   * Throws the overall deadline's (or the caller's abort) error when it is due, even before
   * its timer fired; absent: only `signal` is checked.
   */
  readonly throwIfExpired?: () => void;
  /** Per-attempt timeout; `undefined` lets the client's default apply. */
  readonly attemptTimeoutMs: () => number | undefined;
  /** Resume policy; `false` means a broken stream is not resumed. */
  readonly policy: ResolvedRetryPolicy | false;
  /** Runs once when the iteration ends, however it ends (e.g. disposes the plan's deadline). */
  readonly dispose?: () => void;
}

/**
 * Yields the run's events from `plan.fromIndex` on, each exactly once and in order, resuming
 * a broken stream from the last cursor + 1 with backoff, and returns after the first final
 * event (DONE, ERROR, TOOL_CALLS) that is not of the round the handle already answered.
 * `delta` continues across resumes. Events with an index below the one asked for (a server
 * that ignored `events_start_idx`) are dropped. After `policy.maxAttempts` consecutive broken
 * attempts without a new event it throws the last error. Aborting throws `Code.Canceled`
 * (or the deadline's `Code.DeadlineExceeded`).
 */
export async function* listenEvents(
  ctx: ClientContext,
  tracker: RunTracker,
  planned: ListenPlan | (() => ListenPlan),
): AsyncGenerator<RunStreamEvent, void, undefined> {
  // A plan given as a function is made when the iteration starts (so a deadline starts then,
  // and is disposed in the `finally` below, with no wrapping generator per event: issue 10).
  const plan = typeof planned === "function" ? planned() : planned;
  try {
    const runId = tracker.runId;
    let next = plan.fromIndex;
    let previousText: string | undefined;
    let failures = 0;
    for (;;) {
      if (plan.signal.aborted) throw abortError(plan.signal);
      let progressed = false;
      let endedOnAnsweredRound = false;
      let endedCleanly = false;
      let lastError: ConnectError;
      // Set once a final event was read: the server ends the stream next, so on the way out the
      // attempt is read to its end (trailers) instead of being cancelled (issue 8, point 3).
      let sawFinal = false;
      // One controller per attempt: Connect releases a call (its deadline timers and HTTP/2
      // stream) only when its stream is read to the end or fails (conformance cases
      // listen-cursors/wait-releases-call and listen-releases-call: otherwise a script stays
      // alive until the call's deadline); see releaseStream.
      // Linked by hand rather than with AbortSignal.any, which costs a tracked signal per
      // attempt (issue 10: client CPU per run).
      const attempt = new AbortController();
      const onAbort = () => attempt.abort(plan.signal.reason);
      plan.signal.addEventListener("abort", onAbort, { once: true });
      const stream = ctx.runService.listen(
        { runId, eventsStartIdx: next },
        { signal: attempt.signal, timeoutMs: plan.attemptTimeoutMs() },
      );
      const messages = stream[Symbol.asyncIterator]();
      try {
        for (let read = await messages.next(); !read.done; read = await messages.next()) {
          const event = RunStreamEvent.fromProto(read.value, previousText);
          // A server that ignored events_start_idx replays old events: drop them. The exact
          // int64 index is compared (an index beyond 2^53 - 1 still resumes right).
          const index = eventIndex(event);
          if (index < next) continue;
          progressed = true;
          next = index + 1n;
          const text = event.text;
          if (text !== undefined) previousText = text;
          const stale = tracker.observeEvent(event);
          sawFinal = event.isFinished;
          yield event;
          if (event.isFinished && !stale) return;
          endedOnAnsweredRound = event.isFinished;
        }
        endedCleanly = true;
        lastError = new ConnectError(
          `the Listen stream of run ${runId} ended before a final event`,
          Code.Unavailable,
        );
      } catch (e) {
        plan.throwIfExpired?.();
        if (plan.signal.aborted) throw abortError(plan.signal);
        const err = ConnectError.from(e);
        if (!isResumable(err)) throw err;
        lastError = err;
        endedOnAnsweredRound = false;
        sawFinal = false;
      } finally {
        await releaseStream(messages, attempt, sawFinal);
        plan.signal.removeEventListener("abort", onAbort);
      }
      // The server ends a Listen after every final event, also after a TOOL_CALLS round this
      // handle already answered; the next round follows from the next index: listen again at once,
      // it is not a broken stream.
      if (endedOnAnsweredRound) {
        failures = 0;
        continue;
      }
      // A clean end with no event at or after `next`: a finished run has nothing from there on
      // (a caller resuming its own cursor past the final event). One Get tells a finished run,
      // which ends the iteration, from a cut stream, which is resumed.
      if (endedCleanly && !progressed) {
        const run = await ctx.runService.get(
          { runId },
          { signal: plan.signal, timeoutMs: plan.attemptTimeoutMs() },
        );
        tracker.observeRun(run);
        if (tracker.isResult(run)) return;
      }
      failures = progressed ? 1 : failures + 1;
      if (plan.policy === false || failures >= plan.policy.maxAttempts) throw lastError;
      const delay = backoffDelay(plan.policy, failures, plan.attemptTimeoutMs());
      await plan.policy.sleep(delay, plan.signal);
    }
  } finally {
    plan.dispose?.();
  }
}
