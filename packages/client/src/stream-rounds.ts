/**
 * streamRounds: the tool rounds of `run.stream({ toolHandlers })`. Internal.
 *
 * issue 12, "Streaming through tool rounds": the stream goes on across rounds until the run
 * finishes, as openai-node's `submitToolOutputsStream` does. Each round is answered by the
 * same code as `handleToolCalls()` (tool-loop.ts: handlers in parallel, one Submit through
 * `run.submitToolResults()`, exactly once), so the Submit semantics live in one place.
 *
 * @module
 */
import { Deadline } from "./deadline.js";
import type { Run } from "./run.js";
import type { RunResult } from "./run-result.js";
import { RunStatus } from "./run-status.js";
import { eventIndex, type RunStreamEvent } from "./run-stream-event.js";
import type { RunUsage } from "./run-usage.js";
import { answerToolCalls, checkRound, type ToolLoopSettings, withRounds } from "./tool-loop.js";

/** The round keeper of one stream. */
export interface StreamRounds {
  /** What is left of the stream's `timeoutMs` (at least 1 ms), or `undefined` without one. */
  remainingMs(): number | undefined;
  /**
   * Given a round's result and its final event: answers a TOOL_CALLS round and resolves `undefined` (listen
   * again: the handle's listens start after the answered round), or resolves the final
   * result with the usage of every round.
   */
  next(
    result: RunResult,
    event: RunStreamEvent,
    signal: AbortSignal,
  ): Promise<RunResult | undefined>;
}

/**
 * Makes the round keeper of a stream over `run` with the checked loop settings.
 *
 * @example
 * const rounds = streamRounds(run, toolLoopSettings(handlers, false, 10), undefined);
 */
export function streamRounds(
  run: Run,
  loop: ToolLoopSettings,
  timeoutMs: number | undefined,
): StreamRounds {
  const endsAt = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  // The usage of each answered round by its TOOL_CALLS event index: a round streamed again
  // after a Submit whose outcome stayed unknown keeps one entry.
  const usages = new Map<bigint, RunUsage | undefined>();
  let round = 0;
  let unknownOutcomes = 0;
  const remainingMs = () => (endsAt === undefined ? undefined : Math.max(1, endsAt - Date.now()));
  return {
    remainingMs,
    async next(result, event, signal) {
      if (result.status !== RunStatus.TOOL_CALLS) return withRounds(result, [...usages.values()]);
      round++;
      checkRound(run, round, loop.maxRounds);
      const deadline = new Deadline(signal, remainingMs());
      try {
        const unknown = await answerToolCalls(run, loop, result, deadline);
        usages.set(eventIndex(event), result.usage);
        if (unknown === undefined) return undefined;
        // The server could not say whether it took the results (issue 8, point 2). The
        // handle's next wait() asks it first; afterwards the stream listens after the round
        // the handle knows answered, so it streams (again) the round the run waits in, and
        // answers it once. Not a round of its own.
        unknownOutcomes++;
        round--;
        if (unknownOutcomes > loop.maxRounds) throw unknown;
        await run.wait({ signal: deadline.signal, timeoutMs: deadline.remainingMs() });
        return undefined;
      } finally {
        deadline.dispose();
      }
    },
  };
}
