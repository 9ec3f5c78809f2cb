/**
 * What `run.stream()` and `assistant.runAndStream()` build a {@link RunStream} on: the
 * checked callbacks and tool loop settings, and the listen / wait / round closures over a run.
 * Internal.
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";
import type { ListenOptions, Run, RunStreamOptions } from "./run.js";
import type { RunStreamCallbacks, RunStreamParams, RunStreamSource } from "./run-stream.js";
import { streamRounds } from "./stream-rounds.js";
import { type ToolLoopSettings, toolLoopSettings } from "./tool-loop.js";
import { checkOptions, optionalBoolean, optionalPositiveInt, optionalSignal } from "./validate.js";

/** The keys of {@link RunStreamParams}. */
export const STREAM_PARAM_KEYS = [
  "onEvent",
  "onTextDelta",
  "onToolCalls",
  "onDone",
  "onError",
  "toolHandlers",
  "submitErrors",
  "maxRounds",
] as const;

/** Checked {@link RunStreamParams}: the callbacks, and the tool loop when there are handlers. */
export interface ParsedStreamParams {
  readonly callbacks: RunStreamCallbacks;
  readonly loop: ToolLoopSettings | undefined;
}

/**
 * Checks the first argument of `run.stream()` before anything starts.
 *
 * @throws ConnectError(InvalidArgument) naming a callback that is not a function, a bad
 * handler or option, or an unknown key.
 */
export function parseStreamParams(params: RunStreamParams | undefined): ParsedStreamParams {
  const cb = checkOptions(params, "callbacks", STREAM_PARAM_KEYS);
  const { toolHandlers, submitErrors, maxRounds, ...callbacks } = cb;
  for (const [name, fn] of Object.entries(callbacks)) {
    if (fn !== undefined && typeof fn !== "function") {
      throw new ConnectError(`callbacks.${name} must be a function`, Code.InvalidArgument);
    }
  }
  if (toolHandlers === undefined) {
    optionalBoolean(submitErrors, "submitErrors");
    optionalPositiveInt(maxRounds, "maxRounds");
    return { callbacks, loop: undefined };
  }
  return {
    callbacks,
    loop: toolLoopSettings(toolHandlers, submitErrors, maxRounds, "toolHandlers"),
  };
}

/** Checks the second argument of `run.stream()`. */
export function parseStreamOptions(options: RunStreamOptions | undefined) {
  const o = checkOptions(options, "stream options", ["fromIndex", "signal", "timeoutMs", "retry"]);
  return { ...o, signal: optionalSignal(o.signal, "signal") };
}

/**
 * The source of a stream over `run`. Without tool handlers: one listen, then one wait (a Get)
 * for the result. With them: a listen per round, each round answered by {@link streamRounds},
 * `timeoutMs` shared by all rounds.
 */
export function runStreamSource(
  run: Run,
  parsed: ParsedStreamParams,
  options: RunStreamOptions | undefined,
): RunStreamSource {
  const o = parseStreamOptions(options);
  const listenOptions: ListenOptions = {};
  if (o.fromIndex !== undefined) listenOptions.fromIndex = o.fromIndex;
  if (o.timeoutMs !== undefined) listenOptions.timeoutMs = o.timeoutMs;
  if (o.retry !== undefined) listenOptions.retry = o.retry;
  // Validate now (the listen itself starts when the stream pumps).
  run.listen(listenOptions);
  const { callbacks, loop } = parsed;
  if (loop === undefined) {
    return {
      callbacks,
      signal: o.signal,
      events: (signal) => run.listen({ ...listenOptions, signal }),
      finalize: (signal) => run.wait({ signal, retry: o.retry }),
    };
  }
  const rounds = streamRounds(run, loop, o.timeoutMs);
  let first = true;
  return {
    callbacks,
    signal: o.signal,
    events: (signal) => {
      // `fromIndex` is where the first round starts; later rounds start after the answered one.
      const fromIndex = first ? listenOptions.fromIndex : undefined;
      first = false;
      const next: ListenOptions = { signal };
      if (fromIndex !== undefined) next.fromIndex = fromIndex;
      if (o.retry !== undefined) next.retry = o.retry;
      const timeoutMs = rounds.remainingMs();
      if (timeoutMs !== undefined) next.timeoutMs = timeoutMs;
      return run.listen(next);
    },
    finalize: (signal) => run.wait({ signal, retry: o.retry, timeoutMs: rounds.remainingMs() }),
    nextRound: (result, event, signal) => rounds.next(result, event, signal),
  };
}

/**
 * The source of a stream whose run is still being created: it starts once `created`
 * resolves (and ends with its error when it rejects).
 */
export function deferredStreamSource(
  created: Promise<Run>,
  parsed: ParsedStreamParams,
  options: RunStreamOptions | undefined,
): RunStreamSource {
  const o = parseStreamOptions(options);
  let inner: RunStreamSource | undefined;
  const ready = created.then((run) => {
    inner = runStreamSource(run, parsed, options);
  });
  const get = (): RunStreamSource => inner as RunStreamSource;
  return {
    callbacks: parsed.callbacks,
    signal: o.signal,
    ready,
    events: (signal) => get().events(signal),
    finalize: (signal) => get().finalize(signal),
    ...(parsed.loop === undefined
      ? {}
      : {
          nextRound: (result, event, signal) => {
            const next = get().nextRound;
            return next === undefined ? Promise.resolve(result) : next(result, event, signal);
          },
        }),
  };
}
