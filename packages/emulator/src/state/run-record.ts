import { create } from "@bufbuild/protobuf";
import type { FunctionCall, Tool } from "@yc-assistants/types";
import {
  type Run,
  RunState_RunStatus,
  type StreamEvent,
  StreamEvent_EventType,
  StreamEventSchema,
} from "@yc-assistants/types/runs";

/** What a run was started with, fixed at CreateRun (later assistant edits do not apply). */
export interface RunConfig {
  readonly instruction: string;
  readonly tools: readonly Tool[];
  /** `max_prompt_tokens` of the run, else of the assistant. */
  readonly maxPromptTokens: bigint | undefined;
}

/**
 * One run with its ordered event log and the listeners waiting for it to
 * change (spec/runs.md: events are numbered 0, 1, 2… by
 * `stream_cursor.current_event_idx`; Listen replays and then follows).
 */
export class RunRecord {
  /** The Run message clients see (mutated only by the run engine and Submit). */
  run: Run;
  readonly seq: number;
  readonly folderId: string;
  readonly stream: boolean;
  readonly config: RunConfig;
  /** The ordered event log. */
  readonly events: StreamEvent[] = [];
  /** Tool results received so far, via Submit or Attach (`num_user_events_received`). */
  numUserEvents = 0n;
  /** The calls of the current TOOL_CALLS state. */
  pendingCalls: FunctionCall[] = [];
  /** How many model invocations have started. */
  round = 0;
  /** Set when the run's thread is deleted: listeners end with NOT_FOUND. */
  deleted = false;
  #waiters = new Set<() => void>();

  constructor(init: {
    run: Run;
    seq: number;
    folderId: string;
    stream: boolean;
    config: RunConfig;
  }) {
    this.run = init.run;
    this.seq = init.seq;
    this.folderId = init.folderId;
    this.stream = init.stream;
    this.config = init.config;
  }

  get id(): string {
    return this.run.id;
  }

  get status(): RunState_RunStatus {
    return this.run.state?.status ?? RunState_RunStatus.RUN_STATUS_UNSPECIFIED;
  }

  /** COMPLETED or FAILED: no event will ever be added. */
  get isTerminal(): boolean {
    return (
      this.status === RunState_RunStatus.COMPLETED || this.status === RunState_RunStatus.FAILED
    );
  }

  /** Appends an event with the next cursor and wakes every listener. */
  append(event: {
    eventType: StreamEvent_EventType;
    EventData: StreamEvent["EventData"];
  }): StreamEvent {
    const full = create(StreamEventSchema, {
      eventType: event.eventType,
      EventData: event.EventData,
      streamCursor: {
        currentEventIdx: BigInt(this.events.length),
        numUserEventsReceived: this.numUserEvents,
      },
    });
    this.events.push(full);
    this.notify();
    return full;
  }

  /** Wakes everyone waiting in {@link changed}. */
  notify(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }

  /**
   * Resolves at the next change of the run (event, state, deletion, or an
   * Attach stream's input); rejects when `signal` aborts.
   */
  changed(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.#waiters.delete(wake);
        reject(signal.reason);
      };
      const wake = () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      this.#waiters.add(wake);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}

/** DONE, ERROR and TOOL_CALLS end a Listen stream (spec/runs.md, "Listening"). */
export function isFinalEvent(event: StreamEvent): boolean {
  return (
    event.eventType === StreamEvent_EventType.DONE ||
    event.eventType === StreamEvent_EventType.ERROR ||
    event.eventType === StreamEvent_EventType.TOOL_CALLS
  );
}
