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
import type { RunResult } from "./run-result.js";
import { RunStatus } from "./run-status.js";
import { isUnknownOutcome } from "./submit-outcome.js";
import type { ToolCall } from "./tool-call.js";
import type { ToolResult } from "./tool-results.js";
import type { RetryPolicy } from "./transport/index.js";
import {
  checkOptions,
  invalidArgument,
  isJson,
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
 * One tool's implementation: gets the call's arguments (a JSON object; numbers are doubles)
 * and returns its result, a string or any JSON value (sent as `JSON.stringify` text).
 *
 * @example
 * const add: ToolHandler = ({ a, b }) => String(Number(a) + Number(b));
 */
export type ToolHandler = (
  args: JsonObject,
  call: ToolCall,
  context: ToolHandlerContext,
) => unknown | Promise<unknown>;

/** Handlers by function name. */
export type ToolHandlers = Readonly<Record<string, ToolHandler>>;

/**
 * Options of {@link Run.handleToolCalls}.
 *
 * @example
 * await run.handleToolCalls(handlers, { submitErrors: true, maxRounds: 5, timeoutMs: 120_000 });
 */
export interface HandleToolCallsOptions {
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

/** Default {@link HandleToolCallsOptions.maxRounds}. */
export const DEFAULT_MAX_TOOL_ROUNDS = 10;

const LOOP_KEYS = [
  "submitErrors",
  "maxRounds",
  "signal",
  "timeoutMs",
  "pollIntervalMs",
  "retry",
] as const;

function resultText(value: unknown, name: string): string {
  if (typeof value === "string") return value;
  if (value !== undefined && isJson(value)) return JSON.stringify(value);
  throw new Error(
    `tool handler "${name}" returned ${value === undefined ? "undefined" : "a value that is not JSON"}; return a string or a JSON value`,
  );
}

/** The own handler named `name` (never an Object.prototype member such as "toString"). */
function handlerFor(handlers: ToolHandlers, name: string): ToolHandler | undefined {
  return Object.hasOwn(handlers, name) ? handlers[name] : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof ConnectError
    ? error.rawMessage
    : error instanceof Error
      ? error.message
      : String(error);
}

/** Runs the loop; see {@link Run.handleToolCalls}. */
export async function runToolLoop(
  run: Run,
  handlers: ToolHandlers,
  options: HandleToolCallsOptions | undefined,
): Promise<RunResult> {
  for (const [name, handler] of Object.entries(handlers)) {
    if (typeof handler !== "function") throw invalidArgument(`handlers.${name} must be a function`);
  }
  const o = checkOptions(options, "handleToolCalls options", LOOP_KEYS);
  const submitErrors = optionalBoolean(o.submitErrors, "submitErrors") ?? false;
  const maxRounds = Number(
    optionalPositiveInt(o.maxRounds, "maxRounds") ?? DEFAULT_MAX_TOOL_ROUNDS,
  );
  const signal = optionalSignal(o.signal, "signal");
  const timeoutMs = optionalDuration(o.timeoutMs, "timeoutMs");
  const pollIntervalMs = optionalDelay(o.pollIntervalMs, "pollIntervalMs");
  const deadline = new Deadline(signal, timeoutMs);
  let unknownOutcomes = 0;
  try {
    for (let round = 1; ; round++) {
      const result = await run.wait({
        signal: deadline.signal,
        pollIntervalMs,
        retry: o.retry,
        timeoutMs: deadline.remainingMs(),
      });
      if (result.status !== RunStatus.TOOL_CALLS) return result;
      if (round > maxRounds) {
        throw new ConnectError(
          `run ${run.id} asked for tools more than maxRounds (${maxRounds}) times`,
          Code.ResourceExhausted,
        );
      }
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
        if (submitErrors)
          return { name: call.name, content: `Error: ${messageOf(outcome.reason)}` };
        const missing = handlerFor(handlers, call.name) === undefined;
        throw new ConnectError(
          missing
            ? `no handler for tool "${call.name}" (run ${run.id})`
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
      } catch (e) {
        // The server could not say whether it took them (look-alike rounds, issue 8 point 2):
        // the next wait() asks it and gives the round the run waits in, which is answered
        // then — once, whichever it is. Not a round of its own.
        if (!isUnknownOutcome(e)) throw e;
        unknownOutcomes++;
        if (unknownOutcomes > maxRounds) throw e;
        round--;
      }
    }
  } finally {
    deadline.dispose();
  }
}
