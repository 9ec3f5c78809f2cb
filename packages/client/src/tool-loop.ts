/**
 * The tool loop behind `run.handleToolCalls()` and `run.wait({ toolHandlers })`.
 *
 * issue 3, "A tool loop beyond the Python SDK": on TOOL_CALLS, call `handlers[name](arguments)`,
 * submit every result in one Submit, keep going until the run finishes; a handler that throws
 * yields a clear error (and, with an option, submits the error text as the result instead).
 *
 * @module
 */
import type { JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { Deadline } from "./deadline.js";
import type { Run } from "./run.js";
import { RunResult } from "./run-result.js";
import { RunStatus } from "./run-status.js";
import type { RunStreamEvent } from "./run-stream-event.js";
import type { RunUsage } from "./run-usage.js";
import { isUnknownOutcome } from "./submit-outcome.js";
import type { ToolCall } from "./tool-call.js";
import {
  describeContent,
  type ToolResult,
  type ToolResultContent,
  toolContentText,
} from "./tool-results.js";
import type { RetryPolicy } from "./transport/index.js";
import {
  checkOptions,
  invalidArgument,
  optionalBoolean,
  optionalDelay,
  optionalDuration,
  optionalPositiveInt,
  optionalSignal,
} from "./validate.js";

/** What a tool handler gets besides the arguments. */
export interface ToolHandlerContext {
  /** Aborted when the loop is aborted or times out. */
  readonly signal: AbortSignal;
  /** The run being served. */
  readonly run: Run;
}

/**
 * One tool's implementation: gets the call's arguments (a JSON object; numbers are doubles;
 * typed `A` when the handler comes from a typed {@link functionTool}) and returns its result:
 * a string, a number, a boolean or a plain JSON object/array (see {@link ToolResultContent}).
 * `undefined` (a handler that forgot to `return`) is refused with one message naming the tool.
 *
 * @example
 * const add: ToolHandler = ({ a, b }) => Number(a) + Number(b);
 */
export type ToolHandler<A = JsonObject> = (
  args: A,
  call: ToolCall,
  context: ToolHandlerContext,
) => ToolResultContent | Promise<ToolResultContent>;

/**
 * A handler as {@link ToolHandlers} holds it: checked bivariantly in its arguments, so a
 * handler typed for its own tool's arguments (`(args: { a: number }) => …`) fits the record,
 * while an inline `(args) => …` still gets `JsonObject`.
 */
type AnyToolHandler = {
  handle(
    args: JsonObject,
    call: ToolCall,
    context: ToolHandlerContext,
  ): ToolResultContent | Promise<ToolResultContent>;
}["handle"];

/** Handlers by function name. */
export type ToolHandlers = Readonly<Record<string, AnyToolHandler>>;

/**
 * Options of {@link Run.handleToolCalls}.
 *
 * @example
 * await run.handleToolCalls(handlers, { submitErrors: true, maxRounds: 5, timeoutMs: 120_000 });
 */
export interface HandleToolCallsOptions extends ToolLoopCallbacks {
  /**
   * Submit `Error: <message>` as the result of a call whose handler throws (or is missing)
   * instead of rejecting. Default `false`.
   */
  submitErrors?: boolean;
  /** Most TOOL_CALLS rounds to answer (default 10); one more rejects with ResourceExhausted. */
  maxRounds?: number;
  /** Aborts the loop (`Code.Canceled`); handlers get it as `context.signal`. */
  signal?: AbortSignal;
  /** Overall limit in ms (`Code.DeadlineExceeded`); default: each wait's own default. */
  timeoutMs?: number;
  /** Pause between Gets when a wait has to poll. */
  pollIntervalMs?: number;
  /** How broken Listen streams are resumed. */
  retry?: RetryPolicy | false;
}

/**
 * The stream callbacks `handleToolCalls()` also takes (issue 12: "handleToolCalls takes the
 * same callbacks" as `run.stream()`). With any of them the loop streams every round's events;
 * without, it only waits for each round's result.
 */
export interface ToolLoopCallbacks {
  /** Every event of every round, in order. */
  onEvent?: (event: RunStreamEvent) => void;
  /** Text added by an event, and the text so far in its round. */
  onTextDelta?: (delta: string, snapshot: string) => void;
  /** The calls of each TOOL_CALLS round, before the handlers run. */
  onToolCalls?: (calls: readonly ToolCall[], event: RunStreamEvent) => void;
}

/** The names of {@link ToolLoopCallbacks}. */
export const TOOL_LOOP_CALLBACK_KEYS = ["onEvent", "onTextDelta", "onToolCalls"] as const;

/** Default {@link HandleToolCallsOptions.maxRounds}. */
export const DEFAULT_MAX_TOOL_ROUNDS = 10;

const LOOP_KEYS = [
  "submitErrors",
  "maxRounds",
  "signal",
  "timeoutMs",
  "pollIntervalMs",
  "retry",
  ...TOOL_LOOP_CALLBACK_KEYS,
] as const;

/**
 * A handler's return value that is not a tool result. Its message is the whole story, so the
 * loop does not wrap it in "tool handler … failed: …" (issue 12: the text was doubled).
 */
class BadToolReturn extends Error {}

function resultText(value: unknown, name: string): string {
  const text = toolContentText(value);
  if (text !== undefined) return text;
  throw new BadToolReturn(
    `tool handler "${name}" returned ${describeContent(value)}; return a string, a number, a boolean or a JSON object/array`,
  );
}

/** The own handler named `name` (never an Object.prototype member such as "toString"). */
function handlerFor(handlers: ToolHandlers, name: string): AnyToolHandler | undefined {
  return Object.hasOwn(handlers, name) ? handlers[name] : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof ConnectError
    ? error.rawMessage
    : error instanceof Error
      ? error.message
      : String(error);
}

/** The checked settings of a tool loop, shared by `handleToolCalls()` and `run.stream()`. */
export interface ToolLoopSettings {
  readonly handlers: ToolHandlers;
  readonly submitErrors: boolean;
  readonly maxRounds: number;
}

/**
 * Checks tool handlers and the loop's `submitErrors` / `maxRounds` before any call.
 *
 * @throws ConnectError(InvalidArgument) naming the handler or option.
 */
export function toolLoopSettings(
  handlers: unknown,
  submitErrors: unknown,
  maxRounds: unknown,
  field = "handlers",
): ToolLoopSettings {
  if (typeof handlers !== "object" || handlers === null || Array.isArray(handlers)) {
    throw invalidArgument(`${field} must be an object of tool handlers by name`);
  }
  for (const [name, handler] of Object.entries(handlers)) {
    if (typeof handler !== "function") throw invalidArgument(`${field}.${name} must be a function`);
  }
  return {
    handlers: handlers as ToolHandlers,
    submitErrors: optionalBoolean(submitErrors, "submitErrors") ?? false,
    maxRounds: Number(optionalPositiveInt(maxRounds, "maxRounds") ?? DEFAULT_MAX_TOOL_ROUNDS),
  };
}

/** Throws ResourceExhausted when `round` is past `maxRounds`. */
export function checkRound(run: Run, round: number, maxRounds: number): void {
  if (round > maxRounds) {
    throw new ConnectError(
      `run ${run.id} asked for tools more than maxRounds (${maxRounds}) times`,
      Code.ResourceExhausted,
    );
  }
}

/**
 * Answers one TOOL_CALLS round: calls the handlers (in parallel), then submits all results in
 * ONE Submit through `run.submitToolResults()`, whose exactly-once semantics it keeps
 * (spec/runs.md, "Submit semantics"; submit-tool-results.ts). Resolves `undefined` when the
 * results were applied, or the Submit's error when the server could not say whether it took
 * them: the handle's next `wait()` asks it (issue 8, point 2) and gives the round the run
 * waits in, which is answered then.
 *
 * @throws ConnectError(Aborted) naming the tool for a missing or failing handler (unless
 * `submitErrors`), ConnectError(FailedPrecondition) for a round without a function call.
 */
export async function answerToolCalls(
  run: Run,
  settings: ToolLoopSettings,
  result: RunResult,
  deadline: Deadline,
): Promise<ConnectError | undefined> {
  const { handlers, submitErrors } = settings;
  const calls = result.toolCalls ?? [];
  if (calls.length === 0) {
    throw new ConnectError(
      `run ${run.id} waits in TOOL_CALLS without a function call this client can answer`,
      Code.FailedPrecondition,
    );
  }
  const context: ToolHandlerContext = { signal: deadline.signal, run };
  const settled = await Promise.allSettled(
    calls.map(async (call) => {
      const handler = handlerFor(handlers, call.name);
      if (handler === undefined) throw new Error(`no handler for tool "${call.name}"`);
      return resultText(await handler(call.arguments, call, context), call.name);
    }),
  );
  deadline.throwIfAborted();
  const results: ToolResult[] = settled.map((outcome, i) => {
    const call = calls[i] as ToolCall;
    if (outcome.status === "fulfilled") return { name: call.name, content: outcome.value };
    if (submitErrors) return { name: call.name, content: `Error: ${messageOf(outcome.reason)}` };
    const missing = handlerFor(handlers, call.name) === undefined;
    throw new ConnectError(
      missing
        ? `no handler for tool "${call.name}" (run ${run.id})`
        : outcome.reason instanceof BadToolReturn
          ? outcome.reason.message
          : `tool handler "${call.name}" failed: ${messageOf(outcome.reason)}`,
      Code.Aborted,
      undefined,
      undefined,
      outcome.reason,
    );
  });
  // spec/runs.md, "Submit semantics": one Submit with one result per tool call.
  try {
    await run.submitToolResults(results, { signal: deadline.signal });
    return undefined;
  } catch (e) {
    if (!isUnknownOutcome(e)) throw e;
    return e as ConnectError;
  }
}

/**
 * The final result with the usage seen at each round (spec/runs.md, "RunResult": "A tool loop
 * that drives several rounds keeps the usage seen at each round").
 */
export function withRounds(result: RunResult, earlier: readonly (RunUsage | undefined)[]) {
  return earlier.length === 0 ? result : RunResult.withUsageByRound(result, earlier);
}

/** Whether two TOOL_CALLS results show the same round: the same calls and the same usage. */
function sameRound(a: RunResult, b: RunResult): boolean {
  const key = (r: RunResult) => JSON.stringify([r.status.name, r.toolCalls, r.usage]);
  return key(a) === key(b);
}

/** Runs the loop; see {@link Run.handleToolCalls}. */
export async function runToolLoop(
  run: Run,
  handlers: ToolHandlers,
  options: HandleToolCallsOptions | undefined,
): Promise<RunResult> {
  const o = checkOptions(options, "handleToolCalls options", LOOP_KEYS);
  const settings = toolLoopSettings(handlers, o.submitErrors, o.maxRounds);
  const signal = optionalSignal(o.signal, "signal");
  const timeoutMs = optionalDuration(o.timeoutMs, "timeoutMs");
  const pollIntervalMs = optionalDelay(o.pollIntervalMs, "pollIntervalMs");
  const deadline = new Deadline(signal, timeoutMs);
  const usages: (RunUsage | undefined)[] = [];
  // A round whose Submit's outcome stayed unknown: counted once the next wait shows the run
  // left it (the same round again has the very same calls and usage).
  let unsettled: RunResult | undefined;
  let unknownOutcomes = 0;
  try {
    for (let round = 1; ; round++) {
      const result = await run.wait({
        signal: deadline.signal,
        pollIntervalMs,
        retry: o.retry,
        timeoutMs: deadline.remainingMs(),
      });
      if (unsettled !== undefined && !sameRound(unsettled, result)) usages.push(unsettled.usage);
      unsettled = undefined;
      if (result.status !== RunStatus.TOOL_CALLS) return withRounds(result, usages);
      checkRound(run, round, settings.maxRounds);
      const unknown = await answerToolCalls(run, settings, result, deadline);
      if (unknown === undefined) {
        usages.push(result.usage);
        continue;
      }
      // Unknown outcome (look-alike rounds, issue 8 point 2): the next wait() asks the server
      // and gives the round the run waits in, which is answered then — once, whichever it
      // is. Not a round of its own.
      unsettled = result;
      unknownOutcomes++;
      if (unknownOutcomes > settings.maxRounds) throw unknown;
      round--;
    }
  } finally {
    deadline.dispose();
  }
}
