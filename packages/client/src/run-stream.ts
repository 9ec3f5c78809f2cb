/**
 * RunStream: an event-emitter style helper over `run.listen()`, in the spirit of openai-node's
 * AssistantStream.
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";
import type { RunResult } from "./run-result.js";
import type { RunStreamEvent } from "./run-stream-event.js";
import type { ThreadMessage } from "./thread-message.js";
import type { ToolCall } from "./tool-call.js";
import type { ToolHandlers } from "./tool-loop.js";

/**
 * Callbacks of {@link RunStream} (the same as its `on(...)` events).
 *
 * @example
 * run.stream({
 *   onTextDelta: (delta) => process.stdout.write(delta),
 *   onToolCalls: (calls) => console.log(calls.map((c) => c.name)),
 *   onDone: (result) => console.log("\ntokens:", result.usage?.totalTokens),
 *   onError: (err) => console.error(err.code, err.message),
 * });
 */
export interface RunStreamCallbacks {
  /** Every event, in order. */
  onEvent?(event: RunStreamEvent): void;
  /** Text added by an event (`delta`) and the whole text so far (`snapshot`). */
  onTextDelta?(delta: string, snapshot: string): void;
  /**
   * The calls of a TOOL_CALLS event. With `toolHandlers` the handlers answer them and the
   * stream goes on with the next round; without, the stream ends after it (submit, then
   * stream again).
   */
  onToolCalls?(calls: readonly ToolCall[], event: RunStreamEvent): void;
  /** The final result, with usage (one Get after the last event). */
  onDone?(result: RunResult): void;
  /** The error that ended the stream (`Code.Canceled` after `abort()`). */
  onError?(error: ConnectError): void;
}

/**
 * What `run.stream()` takes first: the callbacks and, to stream through tool rounds
 * (issue 12, like openai-node's `submitToolOutputsStream`), the tool handlers.
 *
 * @example
 * const result = await run
 *   .stream({
 *     toolHandlers: { add: ({ numbers }) => (numbers as number[]).reduce((a, b) => a + b, 0) },
 *     onTextDelta: (delta) => process.stdout.write(delta),
 *     onToolCalls: (calls) => console.log("\ncalling", calls.map((c) => c.name)),
 *   })
 *   .finalResult();
 */
export interface RunStreamParams extends RunStreamCallbacks {
  /**
   * Answer each TOOL_CALLS round with these handlers (as {@link Run.handleToolCalls}: in
   * parallel, one Submit per round, exactly once) and keep streaming until the run finishes.
   */
  toolHandlers?: ToolHandlers;
  /** With `toolHandlers`: submit a failing handler's error text instead of failing the stream. */
  submitErrors?: boolean;
  /** With `toolHandlers`: most TOOL_CALLS rounds to answer (default 10). */
  maxRounds?: number;
}

/** Listener signatures of {@link RunStream.on}, by event name. */
export interface RunStreamEventMap {
  /** Every event. */
  event: [event: RunStreamEvent];
  /** Text added, and the text so far. */
  textDelta: [delta: string, snapshot: string];
  /** Tool calls of a TOOL_CALLS event. */
  toolCalls: [calls: readonly ToolCall[], event: RunStreamEvent];
  /** The final result. */
  done: [result: RunResult];
  /** The error that ended the stream. */
  error: [error: ConnectError];
  /** The stream is over (after `done` or `error`). */
  end: [];
}

/** The name of a {@link RunStream} event. */
export type RunStreamEventName = keyof RunStreamEventMap;

type Listener<K extends RunStreamEventName> = (...args: RunStreamEventMap[K]) => void;

/** What a RunStream runs on (built by `run.stream()`). */
export interface RunStreamSource {
  /** Callbacks given to `run.stream()`. */
  readonly callbacks: RunStreamCallbacks;
  /** The caller's signal (aborts like `abort()`). */
  readonly signal: AbortSignal | undefined;
  /** The events, listened with the stream's signal. */
  readonly events: (signal: AbortSignal) => AsyncIterable<RunStreamEvent>;
  /** The final result after the last event (one Get). */
  readonly finalize: (signal: AbortSignal) => Promise<RunResult>;
  /**
   * With tool handlers: given the result of a round (and its final event), answers it when it is TOOL_CALLS and
   * resolves `undefined` (the stream listens again, after the answered round), or resolves the
   * final result (with the usage of every round).
   */
  readonly nextRound?: (
    result: RunResult,
    event: RunStreamEvent,
    signal: AbortSignal,
  ) => Promise<RunResult | undefined>;
  /**
   * Awaited before the first listen: a stream made before its run exists
   * (`assistant.runAndStream()`) starts once the run is created; a rejection ends the stream.
   */
  readonly ready?: Promise<unknown>;
}

/**
 * A run's event stream with callbacks, listeners, async iteration and the final result.
 * It starts right away (on the next microtask, so listeners added at once miss nothing) and
 * every iterator sees every event from the first one. The stream ends after a final event
 * (DONE, ERROR, TOOL_CALLS), or, with `toolHandlers`, goes on through every tool round until
 * the run finishes; stream events carry no usage, so each round's result comes from ONE Get
 * after its last event (issue 3).
 *
 * @example
 * const stream = run.stream().on("textDelta", (delta) => process.stdout.write(delta));
 * const text = await stream.finalText();
 * @example
 * for await (const event of run.stream()) console.log(event.status.name, event.delta);
 */
export class RunStream implements AsyncIterable<RunStreamEvent> {
  readonly #controller = new AbortController();
  readonly #listeners = new Map<RunStreamEventName, Set<(...args: never[]) => void>>();
  readonly #events: RunStreamEvent[] = [];
  readonly #done: Promise<RunResult>;
  #ended = false;
  #error: ConnectError | undefined;
  #wake: (() => void)[] = [];

  /** @internal Made by `run.stream()`. */
  constructor(source: RunStreamSource) {
    const cb = source.callbacks;
    if (cb.onEvent) this.on("event", cb.onEvent.bind(cb));
    if (cb.onTextDelta) this.on("textDelta", cb.onTextDelta.bind(cb));
    if (cb.onToolCalls) this.on("toolCalls", cb.onToolCalls.bind(cb));
    if (cb.onDone) this.on("done", cb.onDone.bind(cb));
    if (cb.onError) this.on("error", cb.onError.bind(cb));
    const userSignal = source.signal;
    if (userSignal?.aborted) this.abort();
    else userSignal?.addEventListener("abort", () => this.abort(), { once: true });
    this.#done = Promise.resolve().then(() => this.#pump(source));
    // Errors reach callers through onError / finalResult() / iteration; never unhandled.
    this.#done.catch(() => undefined);
  }

  async #pump(source: RunStreamSource): Promise<RunResult> {
    const signal = this.#controller.signal;
    try {
      if (source.ready !== undefined) await source.ready;
      let result: RunResult | undefined;
      while (result === undefined) {
        let last: RunStreamEvent | undefined;
        for await (const event of source.events(signal)) {
          last = event;
          this.#events.push(event);
          this.#notify();
          this.#emit("event", event);
          if (event.delta !== "") this.#emit("textDelta", event.delta, event.text ?? event.delta);
          if (event.toolCalls !== undefined) this.#emit("toolCalls", event.toolCalls, event);
        }
        if (last === undefined || !last.isFinished) {
          throw new ConnectError("the run's stream ended before a final event", Code.Unavailable);
        }
        const round = await source.finalize(signal);
        result =
          source.nextRound === undefined ? round : await source.nextRound(round, last, signal);
      }
      this.#ended = true;
      this.#notify();
      this.#emit("done", result);
      this.#emit("end");
      return result;
    } catch (e) {
      const err =
        signal.aborted && signal.reason instanceof ConnectError
          ? signal.reason
          : ConnectError.from(e);
      this.#error = err;
      this.#ended = true;
      this.#notify();
      this.#emit("error", err);
      this.#emit("end");
      throw err;
    }
  }

  #notify(): void {
    const wake = this.#wake;
    // Nobody iterating and waiting: no new array per event (issue 10).
    if (wake.length === 0) return;
    this.#wake = [];
    for (const w of wake) w();
  }

  #emit<K extends RunStreamEventName>(name: K, ...args: RunStreamEventMap[K]): void {
    const listeners = this.#listeners.get(name);
    if (listeners === undefined) return;
    for (const listener of listeners) {
      try {
        (listener as Listener<K>)(...args);
      } catch (e) {
        // A throwing listener must not break the stream for the others; report it once.
        if (name !== "error") queueMicrotask(() => this.#emitListenerError(e));
      }
    }
  }

  #emitListenerError(e: unknown): void {
    const err = ConnectError.from(e);
    for (const listener of this.#listeners.get("error") ?? []) {
      try {
        (listener as Listener<"error">)(err);
      } catch {
        // ignored: an error listener that throws has nobody left to tell
      }
    }
  }

  /**
   * Adds a listener; returns the stream for chaining.
   *
   * @example
   * stream.on("toolCalls", (calls) => console.log(calls)).on("done", (r) => console.log(r.text));
   */
  on<K extends RunStreamEventName>(name: K, listener: Listener<K>): this {
    let set = this.#listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener as (...args: never[]) => void);
    return this;
  }

  /** Removes a listener added with {@link RunStream.on}. */
  off<K extends RunStreamEventName>(name: K, listener: Listener<K>): this {
    this.#listeners.get(name)?.delete(listener as (...args: never[]) => void);
    return this;
  }

  /**
   * The final {@link RunResult} (with usage: one Get after the last event). Rejects with the
   * stream's error; a FAILED run resolves (check `isFailed`).
   */
  finalResult(): Promise<RunResult> {
    return this.#done;
  }

  /**
   * The text of the final message (after every tool round when the stream has
   * `toolHandlers`); `""` when the run ended without one (TOOL_CALLS without handlers).
   *
   * @throws (rejects) ConnectError(FailedPrecondition) when the run FAILED.
   * @example
   * const text = await run.stream({ toolHandlers }).finalText();
   */
  async finalText(): Promise<string> {
    return (await this.#done).text ?? "";
  }

  /**
   * The final message (after every tool round when the stream has `toolHandlers`).
   *
   * @throws (rejects) ConnectError(FailedPrecondition) when the run FAILED or ended without a
   * message (TOOL_CALLS without handlers).
   * @example
   * const message = await stream.finalMessage();
   * console.log(message.role, message.text);
   */
  async finalMessage(): Promise<ThreadMessage> {
    return (await this.#done).message;
  }

  /** Every event received so far. */
  get events(): readonly RunStreamEvent[] {
    return this.#events;
  }

  /** Whether the stream is over. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Stops the stream: listeners get `error` with `Code.Canceled`, iteration throws it. */
  abort(): void {
    if (!this.#controller.signal.aborted) {
      this.#controller.abort(new ConnectError("the run stream was aborted", Code.Canceled));
    }
  }

  /** Iterates every event from the first one; throws the stream's error at the end, if any. */
  async *[Symbol.asyncIterator](): AsyncGenerator<RunStreamEvent, void, undefined> {
    let i = 0;
    for (;;) {
      while (i < this.#events.length) {
        yield this.#events[i] as RunStreamEvent;
        i++;
      }
      if (this.#ended) {
        if (this.#error !== undefined) throw this.#error;
        return;
      }
      await new Promise<void>((resolve) => this.#wake.push(resolve));
    }
  }
}
