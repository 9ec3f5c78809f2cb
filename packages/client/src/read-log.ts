/**
 * readLog: reading what a run's event log holds right now, for deciding what the server did.
 * Internal.
 *
 * The event log is the one record of a run that tells two look-alike TOOL_CALLS rounds apart:
 * a run moves past a TOOL_CALLS event only after a submission (issue 8, point 2: "Decide
 * 'applied or not' from the cursor, never from look-alike state"). Listen ends after every
 * final event and, started after the last event of a run that waits in TOOL_CALLS, waits for
 * a next event that only a submission brings. So the log is read attempt by attempt, each
 * from right after the last final event, until an attempt brings no event within a short idle
 * window: then the log holds nothing more.
 *
 * @module
 */
import { ConnectError } from "@connectrpc/connect";
import type { ClientContext } from "./client-context.js";
import { releaseStream } from "./release-stream.js";
import { RunStreamEvent } from "./run-stream-event.js";
import { StreamEvent } from "./stream-event.js";
import { abortError } from "./transport/abortable.js";

/**
 * How long an attempt may bring no event before the log counts as read to its end. The
 * events of the log are already stored on the server and arrive at once; this only bounds
 * the wait at the end of the log, past which nothing comes without a submission.
 */
export const LOG_IDLE_MS = 1000;

/** How one read of the log runs. */
export interface ReadLogPlan {
  /** The run. */
  readonly runId: string;
  /** The first index to read. */
  readonly fromIndex: bigint;
  /** The caller's signal and deadline. */
  readonly signal: AbortSignal;
  /** The idle window of an attempt; default {@link LOG_IDLE_MS}. */
  readonly idleMs?: number;
}

/**
 * Yields the events stored in a run's log from `plan.fromIndex` on, in order, across final
 * events, and returns after DONE or ERROR or when an attempt brings no event within the idle
 * window (the run waits for a submission there, or is still working). Any failure rejects:
 * the caller decides whether to ask again.
 */
export async function* readLog(
  ctx: ClientContext,
  plan: ReadLogPlan,
): AsyncGenerator<RunStreamEvent, void, undefined> {
  const idleMs = plan.idleMs ?? LOG_IDLE_MS;
  let next = plan.fromIndex;
  for (;;) {
    if (plan.signal.aborted) throw abortError(plan.signal);
    const attempt = new AbortController();
    const stream = ctx.runService.listen(
      { runId: plan.runId, eventsStartIdx: next },
      { signal: AbortSignal.any([plan.signal, attempt.signal]) },
    );
    const messages = stream[Symbol.asyncIterator]();
    let idle = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        idle = true;
        attempt.abort();
      }, idleMs);
    };
    let brought = false;
    let sawFinal = false;
    try {
      arm();
      for (let read = await messages.next(); !read.done; read = await messages.next()) {
        arm();
        const event = RunStreamEvent.fromProto(read.value);
        if (event.cursor.currentEventIdx < next) continue;
        brought = true;
        next = event.cursor.currentEventIdx + 1n;
        sawFinal = event.isFinished;
        yield event;
        if (event.status === StreamEvent.DONE || event.status === StreamEvent.ERROR) return;
        if (sawFinal) break;
      }
    } catch (e) {
      if (plan.signal.aborted) throw abortError(plan.signal);
      if (!idle) throw ConnectError.from(e);
    } finally {
      clearTimeout(timer);
      await releaseStream(messages, attempt, sawFinal && !idle);
    }
    if (!brought) return;
  }
}
