/**
 * The create-and-wait and create-and-stream shortcuts behind `assistant.runAndWait()` and
 * `assistant.runAndStream()` (issue 12, "Shortcuts for the common paths"). Internal; the
 * option types are public.
 *
 * @module
 */
import type { ClientContext } from "./client-context.js";
import type { Run } from "./run.js";
import { DEFAULT_WAIT_TIMEOUT_MS } from "./run.js";
import type { RunResult } from "./run-result.js";
import { RunStream, type RunStreamParams } from "./run-stream.js";
import { deferredStreamSource, parseStreamParams, STREAM_PARAM_KEYS } from "./run-stream-source.js";
import { createRun, type RunOptions } from "./runs.js";
import type { ToolHandlers } from "./tool-loop.js";
import { checkOptions, optionalDuration, optionalSignal } from "./validate.js";

/**
 * Options of `assistant.runAndWait()`: the run's options, and tool handlers to answer its
 * tool calls with. `signal` and `timeoutMs` cover the whole call, Create and wait (default
 * limit: the wait's 300 s).
 *
 * @example
 * const result = await assistant.runAndWait(thread, { toolHandlers: { add }, timeoutMs: 60_000 });
 */
export interface RunAndWaitOptions extends RunOptions {
  /** Answer tool calls until the run finishes (see `run.handleToolCalls()`). */
  toolHandlers?: ToolHandlers;
  /** With `toolHandlers`: submit a failing handler's error text instead of rejecting. */
  submitErrors?: boolean;
  /** With `toolHandlers`: most TOOL_CALLS rounds to answer (default 10). */
  maxRounds?: number;
}

/**
 * Options of `assistant.runAndStream()`: the run's options and the stream's callbacks and
 * tool handlers (see {@link RunStreamParams}). `signal` aborts the Create and the stream;
 * `timeoutMs` is the limit of the Create call (the stream has none unless aborted).
 *
 * @example
 * assistant.runAndStream(thread, { onTextDelta: (d) => process.stdout.write(d), temperature: 0 });
 */
export interface RunAndStreamOptions extends RunOptions, RunStreamParams {}

const LOOP_KEYS = ["toolHandlers", "submitErrors", "maxRounds"] as const;

/** Splits shortcut options into the run's and the rest, by key. */
function split<K extends string>(
  options: object | undefined,
  keys: readonly K[],
): { run: RunOptions; rest: Record<string, unknown> } {
  const run: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  // Every key is allowed here: createRun() checks the run's keys, naming any unknown one.
  const all = checkOptions(options, "options", Object.keys(options ?? {}));
  for (const [key, value] of Object.entries(all)) {
    if ((keys as readonly string[]).includes(key)) rest[key] = value;
    else run[key] = value;
  }
  return { run: run as RunOptions, rest };
}

/** Creates a non-streamed run and waits for its result (answering tool calls with handlers). */
export async function runAndWait(
  ctx: ClientContext,
  assistantId: string,
  threadId: string,
  options: RunAndWaitOptions | undefined,
): Promise<RunResult> {
  const { run: runOptions, rest } = split(options, LOOP_KEYS);
  const signal = optionalSignal(runOptions.signal, "options.signal");
  const timeoutMs =
    optionalDuration(runOptions.timeoutMs, "options.timeoutMs") ?? DEFAULT_WAIT_TIMEOUT_MS;
  const startedAt = Date.now();
  const run: Run = await createRun(ctx, assistantId, threadId, false, runOptions);
  const remaining = Math.max(1, timeoutMs - (Date.now() - startedAt));
  const wait: Record<string, unknown> = { timeoutMs: remaining };
  if (signal !== undefined) wait.signal = signal;
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) wait[key] = value;
  return run.wait(wait);
}

/** Creates a streamed run and returns its stream at once (it starts when the run exists). */
export function runAndStream(
  ctx: ClientContext,
  assistantId: string,
  threadId: string,
  options: RunAndStreamOptions | undefined,
): RunStream {
  const { run: runOptions, rest } = split(options, STREAM_PARAM_KEYS);
  const parsed = parseStreamParams(rest as RunStreamParams);
  const signal = optionalSignal(runOptions.signal, "options.signal");
  const created = createRun(ctx, assistantId, threadId, true, runOptions);
  // The stream reports a failed Create (onError, finalResult()); never unhandled here.
  created.catch(() => undefined);
  return new RunStream(deferredStreamSource(created, parsed, signal ? { signal } : undefined));
}
