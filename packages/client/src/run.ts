/**
 * Run: the handle of one run (listen, wait, submit tool results, attach, stream, tool loop).
 *
 * @module
 */
import { inspect } from "node:util";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Tool } from "@yc-assistants/types/common";
import type { Run as RunMessage } from "@yc-assistants/types/runs";
import { type ClientContext, resolveRetryPolicy } from "./client-context.js";
import { Deadline } from "./deadline.js";
import { listenEvents } from "./listen-events.js";
import { type RequestOptions, requestOptions } from "./request-options.js";
import { openAttachment, type RunAttachment } from "./run-attachment.js";
import { RunResult } from "./run-result.js";
import { RunStatus } from "./run-status.js";
import { RunStream, type RunStreamParams } from "./run-stream.js";
import type { RunStreamEvent } from "./run-stream-event.js";
import { parseStreamParams, runStreamSource } from "./run-stream-source.js";
import { RunTracker } from "./run-tracker.js";
import { type RunUsage, runUsageFromProto } from "./run-usage.js";
import { submitToolResults } from "./submit-tool-results.js";
import {
  type HandleToolCallsOptions,
  runToolLoop,
  TOOL_LOOP_CALLBACK_KEYS,
  type ToolHandlers,
} from "./tool-loop.js";
import { type ToolResults, toolResultList } from "./tool-results.js";
import type { RetryPolicy } from "./transport/index.js";
import {
  checkOptions,
  optionalBoolean,
  optionalDelay,
  optionalDuration,
  optionalIndex,
  optionalPositiveInt,
  optionalSignal,
  requireObject,
  requireString,
} from "./validate.js";
import { waitForResult } from "./wait-for-result.js";

/**
 * Options of {@link Run.listen}.
 *
 * @example
 * for await (const ev of run.listen({ fromIndex: 3, signal })) process.stdout.write(ev.delta);
 */
export interface ListenOptions {
  /**
   * First event index (`events_start_idx`, always sent). Default: 0, or the event right after
   * the TOOL_CALLS event this handle last answered with `submitToolResults()`.
   */
  fromIndex?: number | bigint;
  /** Aborts the listen: the iteration throws `ConnectError` `Code.Canceled`. */
  signal?: AbortSignal;
  /** Overall limit of the whole listen in ms (`Code.DeadlineExceeded`). */
  timeoutMs?: number;
  /**
   * How broken streams are resumed (default: the client's `retry` policy; `maxAttempts` counts
   * consecutive broken attempts without a new event; `false`: never resume).
   */
  retry?: RetryPolicy | false;
}

/**
 * Options of {@link Run.wait}.
 *
 * @example
 * const result = await run.wait({ timeoutMs: 120_000, signal });
 */
export interface WaitOptions {
  /** Overall limit in ms (default 300000, like the Python SDK); then `Code.DeadlineExceeded`. */
  timeoutMs?: number;
  /** Pause between Gets when polling (default 500 ms, like the Python SDK). */
  pollIntervalMs?: number;
  /** Aborts the wait: it rejects with `ConnectError` `Code.Canceled`. */
  signal?: AbortSignal;
  /** How a broken Listen stream is resumed (default: the client's `retry` policy). */
  retry?: RetryPolicy | false;
  /**
   * Whether the result carries token `usage` (default `true`). The final Listen event has the
   * outcome (message, error or tool calls) but not the usage, which only the `Run` has, so by
   * default one Get follows the final event. `false` resolves at the final event itself, one
   * round trip sooner, with `result.usage` undefined; when Listen is unavailable and the wait
   * polls Get, the result has usage anyway.
   */
  usage?: boolean;
  /**
   * Answer tool calls while waiting: the same as {@link Run.handleToolCalls} with these
   * handlers (and `submitErrors` / `maxRounds` below).
   */
  toolHandlers?: ToolHandlers;
  /** With `toolHandlers`: submit a failing handler's error text instead of throwing. */
  submitErrors?: boolean;
  /** With `toolHandlers`: most TOOL_CALLS rounds to answer (default 10). */
  maxRounds?: number;
}

/** Options of {@link Run.attach}. */
export interface AttachOptions {
  /** First event index (default as in {@link ListenOptions.fromIndex}). */
  fromIndex?: number | bigint;
  /** Aborts the stream: the iteration throws `ConnectError` `Code.Canceled`. */
  signal?: AbortSignal;
  /**
   * Deadline of the whole Attach stream in ms (`Code.DeadlineExceeded`); `0` for none. Default:
   * the client's `timeoutMs`. A session that waits on slow tool handlers wants a longer one.
   */
  timeoutMs?: number;
}

/** Options of {@link Run.stream} besides the callbacks. */
export interface RunStreamOptions {
  /** First event index (default as in {@link ListenOptions.fromIndex}). */
  fromIndex?: number | bigint;
  /** Aborts the stream (the same as `stream.abort()`). */
  signal?: AbortSignal;
  /** Overall limit of the stream in ms. */
  timeoutMs?: number;
  /** How a broken stream is resumed (default: the client's `retry` policy). */
  retry?: RetryPolicy | false;
}

/** Default overall limit of `wait()`: the Python SDK's 300 s (spec/runs.md, "Waiting"). */
export const DEFAULT_WAIT_TIMEOUT_MS = 300_000;
/** Default pause between Gets when polling: the Python SDK's 0.5 s. */
export const DEFAULT_POLL_INTERVAL_MS = 500;

const LISTEN_KEYS = ["fromIndex", "signal", "timeoutMs", "retry"] as const;
const WAIT_KEYS = [
  "timeoutMs",
  "pollIntervalMs",
  "signal",
  "retry",
  "usage",
  "toolHandlers",
  "submitErrors",
  "maxRounds",
] as const;

/**
 * A run of an assistant over a thread. Its fields are those of the newest `Run` message the
 * handle has seen (from Create, Get, List, or a wait); its methods follow the run.
 *
 * Why a handle: the run's state lives on the server, and the right way to follow it (stream
 * with resume, Get only as a fallback, the Submit race) takes state a bare RPC does not keep;
 * the handle keeps it, so `wait()` after `submitToolResults()` returns the next round's
 * result, never the old TOOL_CALLS (spec/runs.md, "Submit semantics").
 *
 * @example
 * const run = await assistant.run(thread);
 * const result = await run.wait();
 * if (result.toolCalls) {
 *   await run.submitToolResults(result.toolCalls.map((c) => ({ name: c.name, content: "42" })));
 *   console.log((await run.wait()).text);
 * }
 */
export class Run implements AsyncIterable<RunStreamEvent> {
  readonly #ctx: ClientContext;
  readonly #tracker: RunTracker;

  /** @internal Runs are made by `client.runs`, `assistant.run()` and `assistant.runStream()`. */
  constructor(ctx: ClientContext, proto: RunMessage) {
    this.#ctx = ctx;
    this.#tracker = new RunTracker(proto);
  }

  /** The newest `Run` message this handle has seen. */
  get proto(): RunMessage {
    return this.#tracker.snapshot;
  }

  /** Run id. */
  get id(): string {
    return this.proto.id;
  }

  /** The assistant that runs. */
  get assistantId(): string {
    return this.proto.assistantId;
  }

  /** The thread it runs over. */
  get threadId(): string {
    return this.proto.threadId;
  }

  /** Who created the run. */
  get createdBy(): string {
    return this.proto.createdBy;
  }

  /** When the run was created. */
  get createdAt(): Date | undefined {
    const at = this.proto.createdAt;
    return at === undefined ? undefined : timestampDate(at);
  }

  /** The run's labels. */
  get labels(): Readonly<Record<string, string>> {
    return this.proto.labels;
  }

  /**
   * The status of the newest snapshot (no call; use {@link Run.status} for a fresh one).
   */
  get lastStatus(): RunStatus {
    return RunStatus.fromProto(this.proto.state?.status ?? 0);
  }

  /** Token usage of the newest snapshot, when the server reported it. */
  get usage(): RunUsage | undefined {
    return runUsageFromProto(this.proto.usage);
  }

  /** Tools the run added to the assistant's. */
  get tools(): readonly Tool[] {
    return this.proto.tools;
  }

  /** The newest snapshot as a {@link RunResult} (no call). */
  get lastResult(): RunResult {
    return RunResult.fromProto(this.proto);
  }

  /**
   * The run's current status: ONE Get.
   *
   * @example
   * if ((await run.status()).isRunning) console.log("still working");
   */
  async status(options?: RequestOptions): Promise<RunStatus> {
    return (await this.result(options)).status;
  }

  /**
   * The run's current state as a {@link RunResult}, whatever the status: ONE Get, no waiting.
   *
   * @example
   * const now = await run.result();
   */
  async result(options?: RequestOptions): Promise<RunResult> {
    const runId = requireString(this.id, "runId");
    const call = requestOptions(options);
    const run = await this.#ctx.runService.get({ runId }, call);
    this.#tracker.observeRun(run);
    return RunResult.fromProto(run);
  }

  /**
   * The run's events as an async iterable: Listen from `fromIndex` (always sent; default 0, or
   * right after the TOOL_CALLS event this handle answered), ending after the first final event
   * (DONE, ERROR, or TOOL_CALLS of a new round). A broken stream (UNAVAILABLE, INTERNAL,
   * UNKNOWN, RESOURCE_EXHAUSTED, a per-attempt deadline, or an end without a final event) is
   * resumed from the last cursor + 1 with backoff: every event arrives exactly once, in order,
   * and `delta` continues across the resume (spec/runs.md, "Listening", better). After
   * `retry.maxAttempts` broken attempts in a row without a new event, the iteration throws
   * the last error. Aborting `signal` throws `Code.Canceled`.
   *
   * @throws ConnectError(InvalidArgument) at once for bad options or an empty run id.
   * @example
   * for await (const ev of run.listen()) process.stdout.write(ev.delta);
   */
  listen(options?: ListenOptions): AsyncIterable<RunStreamEvent> {
    requireString(this.id, "runId");
    const o = checkOptions(options, "listen options", LISTEN_KEYS);
    const fromIndex = optionalIndex(o.fromIndex, "fromIndex");
    const signal = optionalSignal(o.signal, "signal");
    const timeoutMs = optionalDuration(o.timeoutMs, "timeoutMs");
    const policy = resolveRetryPolicy(this.#ctx.retry, o.retry);
    const ctx = this.#ctx;
    const tracker = this.#tracker;
    return {
      // The listen generator itself, not one wrapping it: one async generator per event
      // (issue 10). Its deadline starts with the iteration and ends with it.
      [Symbol.asyncIterator]: () =>
        listenEvents(ctx, tracker, () => {
          const deadline = new Deadline(signal, timeoutMs);
          return {
            fromIndex: fromIndex ?? tracker.resumeIndex,
            signal: deadline.signal,
            attemptTimeoutMs: () => deadline.remainingMs(),
            throwIfExpired: () => deadline.throwIfAborted(),
            policy,
            dispose: () => deadline.dispose(),
          };
        }),
    };
  }

  /** The same as `listen()` with default options. */
  [Symbol.asyncIterator](): AsyncIterator<RunStreamEvent> {
    return this.listen()[Symbol.asyncIterator]();
  }

  /**
   * Waits for the run's result: resolves as soon as the server sends the final event (Listen),
   * then makes ONE Get for the full Run with usage (with `usage: false`: no Get, and the Listen
   * call is read to its end just after, never reset); polls Get only when Listen is unavailable
   * (Unimplemented, or still broken after the resume budget). A FAILED run resolves (check
   * `result.isFailed`); TOOL_CALLS resolves with `result.toolCalls`. After
   * `submitToolResults()` it returns the next round's result, never the answered TOOL_CALLS.
   * With `toolHandlers` it answers tool calls until the run finishes (see
   * {@link Run.handleToolCalls}).
   *
   * @throws ConnectError `Code.DeadlineExceeded` after `timeoutMs`, `Code.Canceled` on abort.
   * @example
   * const result = await run.wait({ timeoutMs: 60_000 });
   * console.log(result.status.name, result.text, result.usage?.totalTokens);
   */
  async wait(options?: WaitOptions): Promise<RunResult> {
    requireString(this.id, "runId");
    const o = checkOptions(options, "wait options", WAIT_KEYS);
    const timeoutMs = optionalDuration(o.timeoutMs, "timeoutMs") ?? DEFAULT_WAIT_TIMEOUT_MS;
    const pollIntervalMs =
      optionalDelay(o.pollIntervalMs, "pollIntervalMs") ?? DEFAULT_POLL_INTERVAL_MS;
    const signal = optionalSignal(o.signal, "signal");
    const policy = resolveRetryPolicy(this.#ctx.retry, o.retry);
    const usage = optionalBoolean(o.usage, "usage") ?? true;
    if (o.toolHandlers !== undefined) {
      return this.handleToolCalls(o.toolHandlers, {
        submitErrors: o.submitErrors,
        maxRounds: o.maxRounds,
        signal,
        timeoutMs,
        pollIntervalMs,
        retry: o.retry,
      });
    }
    optionalBoolean(o.submitErrors, "submitErrors");
    optionalPositiveInt(o.maxRounds, "maxRounds");
    const deadline = new Deadline(signal, timeoutMs);
    try {
      return await waitForResult(this.#ctx, this.#tracker, {
        deadline,
        pollIntervalMs,
        policy,
        usage,
      });
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Sends tool results to the run waiting in TOOL_CALLS with the Submit RPC (never Attach).
   * Input is checked before any call: no results, a result without `name` or `content`, an
   * unsupported content type, an empty run id → `Code.InvalidArgument` naming the field
   * (e.g. "toolResults[1].name is required").
   *
   * Exactly once (spec/runs.md, "Submit semantics"; issue 8, point 2): Submit is not
   * idempotent and never retried blindly. After an ambiguous failure (a dropped connection, a
   * reset stream, a GOAWAY, a lost answer, DEADLINE_EXCEEDED, UNKNOWN, INTERNAL) the handle
   * asks the server: a Get, and where the Get cannot tell (a next round asking the identical
   * calls) the run's event log after the round's TOOL_CALLS event. Applied → it resolves;
   * not applied → it sends again (same request id and idempotency key, `x-retry-attempt`), at
   * most `retry.maxAttempts` sends. It resolves only when the results were applied. When the
   * server cannot be asked it rejects with `Code.Unavailable` saying the outcome is unknown,
   * and the next `wait()` or `submitToolResults()` of this handle asks first. Afterwards
   * `wait()`/`listen()` continue after the answered round.
   *
   * @example
   * await run.submitToolResults([{ name: "special_operation", content: "+20.0" }]);
   * await run.submitToolResults({ get_weather: { temperatureC: 21 } });
   */
  async submitToolResults(results: ToolResults, options?: RequestOptions): Promise<void> {
    requireString(this.id, "runId");
    const list = toolResultList(results);
    const call = requestOptions(options);
    await submitToolResults(this.#ctx, this.#tracker, {
      list,
      signal: call.signal,
      timeoutMs: call.timeoutMs,
    });
  }

  /**
   * Opens the bidi Attach stream: the run's events as an async iterable (from `fromIndex`,
   * default as in `listen()`), and `send(toolResults)` to answer tool calls on the same
   * stream. `close()` ends it. Attach needs a transport with bidi streaming (gRPC over HTTP/2,
   * or an in-memory router transport); a broken Attach stream is not resumed (use `listen()`).
   *
   * @example
   * const session = run.attach();
   * for await (const ev of session) {
   *   if (ev.toolCalls) await session.send(ev.toolCalls.map((c) => ({ name: c.name, content: "1" })));
   *   if (ev.status.name === "DONE") break;
   * }
   * session.close();
   */
  attach(options?: AttachOptions): RunAttachment {
    const runId = requireString(this.id, "runId");
    const o = checkOptions(options, "attach options", ["fromIndex", "signal", "timeoutMs"]);
    const fromIndex = optionalIndex(o.fromIndex, "fromIndex");
    const signal = optionalSignal(o.signal, "signal");
    const timeoutMs = optionalDelay(o.timeoutMs, "timeoutMs");
    return openAttachment(this.#ctx, this.#tracker, {
      runId,
      fromIndex: fromIndex ?? this.#tracker.resumeIndex,
      signal,
      timeoutMs,
    });
  }

  /**
   * A {@link RunStream} over `listen()`, in the spirit of openai-node's AssistantStream:
   * callbacks or `on(...)` listeners for text deltas, tool calls, the final result (with usage,
   * from one Get after the last event) and errors; also async-iterable.
   *
   * With `toolHandlers` (issue 12, like openai-node's `submitToolOutputsStream`) it streams
   * through tool rounds: each TOOL_CALLS round is answered as by {@link Run.handleToolCalls}
   * (one Submit, exactly once) and the stream goes on with the next round's events until the
   * run finishes; `finalResult()` then has `usageByRound`. `timeoutMs` is then the limit of
   * the whole stream, every round included.
   *
   * @example
   * const stream = run.stream({ onTextDelta: (delta) => process.stdout.write(delta) });
   * const result = await stream.finalResult();
   * @example
   * const text = await run
   *   .stream({ toolHandlers: { get_weather: () => ({ celsius: 21 }) }, onTextDelta: print })
   *   .finalText();
   */
  stream(params?: RunStreamParams, options?: RunStreamOptions): RunStream {
    requireString(this.id, "runId");
    const parsed = parseStreamParams(params);
    return new RunStream(runStreamSource(this, parsed, options));
  }

  /**
   * The tool loop (beyond the Python SDK): on each TOOL_CALLS round, calls
   * `handlers[call.name](call.arguments, call)` for every call (async allowed, in parallel),
   * submits all results of the round in ONE Submit, and keeps going until the run finishes;
   * resolves with the final {@link RunResult} (COMPLETED or FAILED).
   *
   * A missing handler, or a handler that throws, rejects with `ConnectError` `Code.Aborted`
   * naming the tool (the error is the `cause`), and nothing of that round is submitted;
   * with `submitErrors: true` the text `Error: <message>` is submitted as that call's result
   * instead and the loop goes on. More than `maxRounds` rounds (default 10) reject with
   * `Code.ResourceExhausted`. A handler returns a string, a number, a boolean or a plain JSON
   * object/array; `undefined` is refused with one message naming the tool (issue 12).
   *
   * With `onTextDelta`, `onToolCalls` or `onEvent` (the callbacks of {@link Run.stream}) it
   * streams every round's events to them, as `run.stream({ toolHandlers, ... })` does.
   * The result's `usageByRound` holds the usage seen at each round (spec/runs.md).
   *
   * @example
   * const result = await run.handleToolCalls({
   *   get_weather: async ({ city }) => ({ city, temperatureC: 21 }),
   * });
   * @example
   * await run.handleToolCalls(handlers, { onTextDelta: (delta) => process.stdout.write(delta) });
   */
  async handleToolCalls(
    handlers: ToolHandlers,
    options?: HandleToolCallsOptions,
  ): Promise<RunResult> {
    requireString(this.id, "runId");
    requireObject(handlers, "handlers");
    const streamed = TOOL_LOOP_CALLBACK_KEYS.some((key) => options?.[key] !== undefined);
    if (!streamed) return runToolLoop(this, handlers, options);
    const { onEvent, onTextDelta, onToolCalls, submitErrors, maxRounds, ...rest } = checkOptions(
      options,
      "handleToolCalls options",
      [
        ...TOOL_LOOP_CALLBACK_KEYS,
        "submitErrors",
        "maxRounds",
        "signal",
        "timeoutMs",
        "retry",
        "pollIntervalMs",
      ],
    );
    optionalDelay(rest.pollIntervalMs, "pollIntervalMs");
    const streamOptions: RunStreamOptions = {};
    if (rest.signal !== undefined) streamOptions.signal = rest.signal;
    if (rest.timeoutMs !== undefined) streamOptions.timeoutMs = rest.timeoutMs;
    if (rest.retry !== undefined) streamOptions.retry = rest.retry;
    return this.stream(
      { toolHandlers: handlers, submitErrors, maxRounds, onEvent, onTextDelta, onToolCalls },
      streamOptions,
    ).finalResult();
  }

  /** A plain summary (no secrets are ever held here). */
  toJSON(): { id: string; assistantId: string; threadId: string; status: string } {
    return {
      id: this.id,
      assistantId: this.assistantId,
      threadId: this.threadId,
      status: this.lastStatus.name,
    };
  }

  /** Prints the summary in `util.inspect` / `console.log`. */
  [inspect.custom](): string {
    return `Run ${inspect(this.toJSON())}`;
  }
}
