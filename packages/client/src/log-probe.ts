/**
 * Probes of a run's event log, for deciding what the server did with a Submit. Internal.
 *
 * The event log is the one record of a run that tells two look-alike TOOL_CALLS rounds apart:
 * a run moves past a TOOL_CALLS event only after a submission (issue 8, point 2: "Decide
 * 'applied or not' from the cursor, never from look-alike state"). Listen ends after every
 * final event, and a Listen started right after the last event of a run that waits in
 * TOOL_CALLS waits for a next event that only a submission brings. So "nothing after this
 * event" can only be seen as silence, and silence is not proof by itself: a slow server, a
 * queue or a busy event loop look the same. The probe therefore asks the server a control
 * question on the same connection at the same moment — Listen from the event itself, which the
 * server answers at once from its log — and gives the real question a grace of several times
 * that answer's latency (never less than {@link MIN_GRACE_MS}) after the control came back.
 *
 * @module
 */
import { ConnectError } from "@connectrpc/connect";
import { backoffDelay, type ClientContext } from "./client-context.js";
import { isResumable } from "./listen-events.js";
import { releaseStream } from "./release-stream.js";
import { eventIndex, RunStreamEvent } from "./run-stream-event.js";
import { abortable, abortError } from "./transport/abortable.js";

/** The least grace after the control answer (ms). */
export const MIN_GRACE_MS = 200;
/** The grace is at least this many times the control answer's latency. */
export const GRACE_FACTOR = 4;
/**
 * Attempts of one probe when the connection fails under it, as a multiple of the retry
 * policy's `maxAttempts`: a probe is a read-only question that needs one clean stretch of a
 * connection, and faults that kill whole connections can come faster than that.
 */
const PROBE_ATTEMPTS_FACTOR = 2;

/** The signal of a probe whose caller gave none: it never aborts. */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/** What a probe needs. */
export interface ProbePlan {
  /** The run. */
  readonly runId: string;
  /** The caller's signal and deadline. */
  readonly signal: AbortSignal;
  /** Least grace (tests shorten it); default {@link MIN_GRACE_MS}. */
  readonly minGraceMs?: number;
}

/**
 * Runs `probe`, again on a transient failure (a dropped connection, a reset stream), with the
 * client's retry backoff, up to {@link PROBE_ATTEMPTS_FACTOR} × `retry.maxAttempts` attempts.
 */
export async function resumed<T>(
  ctx: ClientContext,
  plan: ProbePlan,
  probe: () => Promise<T>,
): Promise<T> {
  const policy = ctx.retry;
  const attempts = policy === false ? 1 : PROBE_ATTEMPTS_FACTOR * policy.maxAttempts;
  for (let attempt = 1; ; attempt++) {
    try {
      return await probe();
    } catch (e) {
      if (plan.signal.aborted) throw abortError(plan.signal);
      const err = ConnectError.from(e);
      if (policy === false || attempt >= attempts || !isResumable(err)) throw err;
      await abortable(policy.sleep(backoffDelay(policy, attempt), plan.signal), plan.signal);
    }
  }
}

/**
 * One Listen from `fromIndex`, read to its end: the events up to and with the first final
 * event (the server ends the stream there), or to the end of a finished run's log. Only call
 * it where the log holds an event at `fromIndex` (else it waits for one).
 */
export function readToFinal(
  ctx: ClientContext,
  plan: ProbePlan,
  fromIndex: bigint,
): Promise<RunStreamEvent[]> {
  return resumed(ctx, plan, async () => {
    const events: RunStreamEvent[] = [];
    const stream = ctx.runService.listen(
      { runId: plan.runId, eventsStartIdx: fromIndex },
      { signal: plan.signal },
    );
    for await (const message of stream) {
      const event = RunStreamEvent.fromProto(message);
      if (eventIndex(event) < fromIndex) continue;
      events.push(event);
    }
    return events;
  });
}

/**
 * Whether the log holds an event after `index` (an event the log is known to hold): a Listen
 * from `index + 1`, raced against the grace that starts when a control Listen from `index`
 * has been answered (see the module comment). Both streams are released before it returns.
 */
export function hasEventAfter(
  ctx: ClientContext,
  plan: ProbePlan,
  index: bigint,
): Promise<boolean> {
  return resumed(ctx, plan, async () => {
    const started = performance.now();
    const question = new AbortController();
    const signal = AbortSignal.any([plan.signal, question.signal]);
    const after = ctx.runService
      .listen({ runId: plan.runId, eventsStartIdx: index + 1n }, { signal })
      [Symbol.asyncIterator]();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let brought = false;
    try {
      const answer = after.next().then((read) => (read.done === true ? "ended" : "event"));
      answer.catch(() => {});
      // The control question: the server answers it from its log at once.
      await readToFinal(ctx, plan, index);
      const latency = performance.now() - started;
      const grace = Math.max(plan.minGraceMs ?? MIN_GRACE_MS, GRACE_FACTOR * latency);
      // When the timer fires, let pending I/O run once more before calling it silence: after a
      // stretch of a busy event loop, timers run before the socket reads that were due too.
      const silence = new Promise<"silence">((resolve) => {
        timer = setTimeout(() => setImmediate(() => resolve("silence")), grace);
      });
      const outcome = await Promise.race([answer, silence]);
      if (outcome === "silence" && plan.signal.aborted) throw abortError(plan.signal);
      brought = outcome === "event";
      return brought;
    } catch (e) {
      if (plan.signal.aborted) throw abortError(plan.signal);
      throw ConnectError.from(e);
    } finally {
      clearTimeout(timer);
      await releaseStream(after, question, false);
    }
  });
}
