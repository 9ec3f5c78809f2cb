/**
 * RunAttachment: the bidi `RunService.Attach` stream of a run as an async iterable of events
 * with `send(toolResults)`.
 *
 * @module
 */
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { AttachRunRequestSchema } from "@yc-assistants/types/runs";
import type { ClientContext } from "./client-context.js";
import { releaseStream } from "./release-stream.js";
import { RunStreamEvent } from "./run-stream-event.js";
import type { RunTracker } from "./run-tracker.js";
import { StreamEvent } from "./stream-event.js";
import { type ToolResults, toolResultList } from "./tool-results.js";
import { abortError } from "./transport/abortable.js";

/**
 * An open Attach stream. Iterate it (once) for the run's events; `send()` answers tool calls on
 * the same stream; `close()` ends both directions (a running iteration then just ends).
 *
 * @example
 * const session = run.attach();
 * for await (const ev of session) {
 *   if (ev.toolCalls) await session.send({ [ev.toolCalls[0]!.name]: "42" });
 *   if (ev.status.name === "DONE" || ev.status.name === "ERROR") break;
 * }
 * session.close();
 */
export interface RunAttachment extends AsyncIterable<RunStreamEvent> {
  /**
   * Sends tool results on the stream (validated first, like `submitToolResults()`); resolves
   * once the message is queued for the stream (keep iterating to receive what follows).
   * Rejects after `close()` or once the stream ended.
   */
  send(toolResults: ToolResults): Promise<void>;
  /** Half-closes the request side and stops the response stream. Idempotent. */
  close(): void;
}

type AttachRequest = MessageInitShape<typeof AttachRunRequestSchema>;

/** The plan of one attach. */
export interface AttachPlan {
  /** The run id. */
  readonly runId: string;
  /** `events_start_idx` of the first request. */
  readonly fromIndex: bigint;
  /** The caller's signal. */
  readonly signal: AbortSignal | undefined;
  /** Deadline of the stream in ms (`0`: none); `undefined` for the client's default. */
  readonly timeoutMs: number | undefined;
}

/** A single-consumer queue of outgoing requests, pulled by the transport. */
class RequestQueue implements AsyncIterable<AttachRequest> {
  readonly #items: AttachRequest[] = [];
  #wake: (() => void) | undefined;
  #closed = false;

  push(request: AttachRequest): void {
    if (this.#closed) {
      throw new ConnectError("the Attach stream is closed", Code.FailedPrecondition);
    }
    this.#items.push(request);
    this.#wake?.();
  }

  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  get closed(): boolean {
    return this.#closed;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<AttachRequest> {
    for (;;) {
      const item = this.#items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}

/** The codes with which a server refuses tool results (spec/runs.md, "Submit semantics"). */
const REFUSALS: ReadonlySet<Code> = new Set([
  Code.InvalidArgument,
  Code.FailedPrecondition,
  Code.NotFound,
]);

/** Opens the stream; see {@link RunAttachment}. */
export function openAttachment(
  ctx: ClientContext,
  tracker: RunTracker,
  plan: AttachPlan,
): RunAttachment {
  const queue = new RequestQueue();
  const controller = new AbortController();
  const onAbort = () => controller.abort(abortError(plan.signal as AbortSignal));
  if (plan.signal?.aborted) onAbort();
  else plan.signal?.addEventListener("abort", onAbort, { once: true });
  let closedByUs = false;
  let iterated = false;
  // Undoes the answered mark of results sent on the stream until the server shows it took
  // them (the next event): a server that refuses them ends the stream with an error first, and
  // wait() must not skip a round the run still waits in. Other failures are ambiguous and keep
  // the mark (never mistake the old TOOL_CALLS for the next result).
  let unconfirmed: (() => void) | undefined;
  queue.push({ runId: plan.runId, eventsStartIdx: plan.fromIndex });

  async function* events(): AsyncGenerator<RunStreamEvent, void, undefined> {
    let previousText: string | undefined;
    const stream = ctx.runService.attach(queue, {
      signal: controller.signal,
      timeoutMs: plan.timeoutMs,
    });
    const messages = stream[Symbol.asyncIterator]();
    // Set after DONE or ERROR, which end an Attach stream: it is then read to its end rather
    // than cancelled (issue 8, point 3; see releaseStream).
    let sawEnd = false;
    try {
      for (let read = await messages.next(); !read.done; read = await messages.next()) {
        unconfirmed = undefined;
        const event = RunStreamEvent.fromProto(read.value, previousText);
        if (event.text !== undefined) previousText = event.text;
        tracker.observeEvent(event);
        sawEnd = event.status === StreamEvent.DONE || event.status === StreamEvent.ERROR;
        yield event;
      }
    } catch (e) {
      if (closedByUs) return;
      if (controller.signal.aborted) throw abortError(controller.signal);
      const err = ConnectError.from(e);
      if (REFUSALS.has(err.code)) unconfirmed?.();
      throw err;
    } finally {
      queue.close();
      plan.signal?.removeEventListener("abort", onAbort);
      // A caller that stops iterating leaves the call open: Connect releases it (its deadline
      // timers, its HTTP/2 stream) only when the stream is read to the end or fails
      // (conformance listen-releases-call).
      await releaseStream(messages, controller, sawEnd && !closedByUs);
    }
  }

  return {
    [Symbol.asyncIterator]() {
      if (iterated) {
        throw new ConnectError(
          "an Attach stream can be iterated only once",
          Code.FailedPrecondition,
        );
      }
      iterated = true;
      return events();
    },
    async send(toolResults: ToolResults): Promise<void> {
      const list = toolResultList(toolResults);
      const round = tracker.pendingRound();
      queue.push({ runId: plan.runId, Event: { case: "toolResultList", value: list } });
      unconfirmed = tracker.markAnswered(round);
    },
    close(): void {
      if (queue.closed && closedByUs) return;
      closedByUs = true;
      queue.close();
      controller.abort(new ConnectError("the Attach stream was closed", Code.Canceled));
      plan.signal?.removeEventListener("abort", onAbort);
    },
  };
}
