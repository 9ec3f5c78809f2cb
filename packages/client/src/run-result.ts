/**
 * RunResult: what a run came to (spec/runs.md, "RunResult").
 *
 * @module
 */

import { type InspectOptions, inspect } from "node:util";
import { Code, ConnectError } from "@connectrpc/connect";
import type { Run } from "@yc-assistants/types/runs";
import type { Citation, CitationJson } from "./citation.js";
import { type RunError, type RunErrorJson, runErrorFromProto } from "./run-error.js";
import { RunStatus } from "./run-status.js";
import { type RunUsage, type RunUsageJson, runUsageFromProto } from "./run-usage.js";
import { StatusView } from "./status-view.js";
import { ThreadMessage } from "./thread-message.js";
import { type ToolCall, type ToolCallJson, toolCallsFromProto } from "./tool-call.js";

/**
 * What `JSON.stringify(result)` writes: proto3-JSON-like (the status by name, int64 counts as
 * numbers, dates in RFC 3339), each field only when the result has it. The whole `Run` in
 * proto3 JSON is `toJson(RunSchema, result.run)` (from `@bufbuild/protobuf`).
 */
export interface RunResultJson {
  /** The run id. */
  readonly id: string;
  /** The status name, e.g. `"COMPLETED"`. */
  readonly status: string;
  /** The wire number, only when the status is UNKNOWN to this client. */
  readonly rawStatus?: number;
  readonly error?: RunErrorJson;
  readonly toolCalls?: readonly ToolCallJson[];
  /** The answer's text (never on a FAILED result, which has none). */
  readonly text?: string;
  /** Only when there are any. */
  readonly citations?: readonly CitationJson[];
  readonly usage?: RunUsageJson;
  /** Only for a result of several rounds (a tool loop): each round's usage, `null` for none. */
  readonly usageByRound?: readonly (RunUsageJson | null)[];
}

/**
 * The result of a run, built from a `Run` message: status, error, tool calls, the completed
 * message and usage.
 *
 * Why: the `Run` proto hides its outcome in a oneof (`state.StateData`); this class exposes
 * it as the spec's fields and refuses to hand out a message of a failed run, so code that
 * forgets to check `isFailed` fails loudly instead of printing an empty answer.
 * Unknown status numbers never throw: `status` is `RunStatus.UNKNOWN` and `rawStatus` keeps
 * the number.
 *
 * @example
 * const result = RunResult.fromProto(await runService.get({ runId }));
 * if (result.isFailed) throw new Error(result.error?.message);
 * if (result.toolCalls) await submit(result.toolCalls);
 * else console.log(result.text, result.usage?.totalTokens);
 */
export class RunResult extends StatusView<RunStatus> {
  /** The raw `Run` message the result was built from. */
  readonly run: Run;
  /** RunStatus of `state.status` (UNKNOWN for a number the client does not know). */
  readonly status: RunStatus;
  /** The wire value of `state.status` as sent (0 when the run has no state). */
  readonly rawStatus: number;
  /** `state.error` with its message and code, when set (spec: keep the code, better). */
  readonly error: RunError | undefined;
  /** The calls of `state.tool_call_list`; `undefined` when there is none (never empty). */
  readonly toolCalls: readonly ToolCall[] | undefined;
  /**
   * Token usage; present only when the Run has `usage`. Plain numbers; a count beyond
   * 2^53 − 1 throws `Code.OutOfRange` when read (the exact value: `result.run.usage`).
   */
  readonly usage: RunUsage | undefined;
  /**
   * The usage seen at each model round, in order: for a result of a tool loop
   * (`handleToolCalls()`, `wait({ toolHandlers })`, `stream({ toolHandlers })`), the usage of
   * every answered TOOL_CALLS round, then this result's `usage`; for any other result just
   * `[usage]`. An entry is `undefined` when the server reported no usage for that round (a
   * FAILED run has none). spec/runs.md, "RunResult": the recordings do not settle whether
   * `usage` after tool rounds covers the last turn or all of them (100/14/114 at TOOL_CALLS,
   * 234/53/287 when COMPLETED in `test_sync_function_call.json`), so "a tool loop that drives
   * several rounds keeps the usage seen at each round" — nothing is summed for you.
   *
   * @example
   * for (const [i, usage] of result.usageByRound.entries()) console.log(i + 1, usage?.totalTokens);
   */
  readonly usageByRound: readonly (RunUsage | undefined)[];

  readonly #message: ThreadMessage | undefined;

  private constructor(run: Run, earlierUsage: readonly (RunUsage | undefined)[] = []) {
    super();
    this.run = run;
    const state = run.state;
    this.rawStatus = state?.status ?? 0;
    this.status = RunStatus.fromProto(this.rawStatus);
    const data = state?.StateData;
    this.error = runErrorFromProto(data?.case === "error" ? data.value : undefined);
    const calls = toolCallsFromProto(data?.case === "toolCallList" ? data.value : undefined);
    this.toolCalls = calls === undefined ? undefined : Object.freeze(calls);
    this.#message =
      data?.case === "completedMessage" ? ThreadMessage.fromProto(data.value) : undefined;
    this.usage = runUsageFromProto(run.usage);
    this.usageByRound = Object.freeze([...earlierUsage, this.usage]);
    Object.freeze(this);
  }

  /**
   * Builds the result of a `Run` message. Never throws, whatever the status number.
   *
   * @example
   * RunResult.fromProto(run).status === RunStatus.COMPLETED;
   */
  static fromProto(run: Run): RunResult {
    return new RunResult(run);
  }

  /**
   * The same result with the usage of the tool rounds before it (see
   * {@link RunResult.usageByRound}). Used by the tool loops.
   *
   * @example
   * RunResult.withUsageByRound(final, [round1.usage]).usageByRound.length; // 2
   */
  static withUsageByRound(
    result: RunResult,
    earlierUsage: readonly (RunUsage | undefined)[],
  ): RunResult {
    return new RunResult(result.run, earlierUsage);
  }

  /** Throws the spec's error when the run failed (spec/runs.md, "RunResult": `message`). */
  #assertNotFailed(): void {
    if (this.status.isFailed) {
      const reason = this.error === undefined ? "" : `: ${this.error.message}`;
      throw new ConnectError(`run failed and has no message${reason}`, Code.FailedPrecondition);
    }
  }

  /** Whether the result holds a completed message (never throws). */
  get hasMessage(): boolean {
    return !this.status.isFailed && this.#message !== undefined;
  }

  /**
   * The completed message (`state.completed_message`).
   *
   * @throws ConnectError with `Code.FailedPrecondition` "run failed and has no message" on a
   * FAILED result, and with `Code.FailedPrecondition` naming the status when the run has no
   * message yet (PENDING, IN_PROGRESS, TOOL_CALLS, …). Use {@link RunResult.text} or
   * {@link RunResult.hasMessage} to probe without throwing on non-failed results.
   * @example
   * if (result.status === RunStatus.COMPLETED) console.log(result.message.author?.role);
   */
  get message(): ThreadMessage {
    this.#assertNotFailed();
    if (this.#message === undefined) {
      throw new ConnectError(
        `run ${this.run.id || "(no id)"} has no message in status ${this.status.name}`,
        Code.FailedPrecondition,
      );
    }
    return this.#message;
  }

  /**
   * The text parts of the message joined with `"\n"`; `undefined` when there is no message.
   *
   * @throws ConnectError(FailedPrecondition) "run failed and has no message" on FAILED.
   * @example
   * console.log(result.text ?? "(no answer yet)");
   */
  get text(): string | undefined {
    this.#assertNotFailed();
    return this.#message?.text;
  }

  /**
   * The text of each content part, in order; empty when there is no message.
   *
   * @throws ConnectError(FailedPrecondition) "run failed and has no message" on FAILED.
   * @example
   * result.parts; // ["Hello! How can I help you?"]
   */
  get parts(): readonly string[] {
    this.#assertNotFailed();
    return this.#message?.parts ?? Object.freeze([]);
  }

  /**
   * The completed message's citations: where the answer came from when the assistant used a
   * `search_index` tool ({@link searchIndexTool}). Each source is a file chunk with its search
   * index (id, name, type…), its source file (id, name, mime type…) and the chunk text. Empty
   * when the model answered without searching, or there is no message yet.
   *
   * @throws ConnectError(FailedPrecondition) "run failed and has no message" on FAILED.
   * @example
   * const result = await (await assistant.run(thread)).wait();
   * console.log(result.text); // "The secret number is 57."
   * for (const citation of result.citations) {
   *   for (const source of citation.sources) {
   *     console.log(`${source.file?.name || source.file?.id} (${source.searchIndex?.type}): ${source.text}`);
   *   }
   * }
   */
  get citations(): readonly Citation[] {
    this.#assertNotFailed();
    return this.#message?.citations ?? Object.freeze([]);
  }

  /**
   * The result as plain JSON (see {@link RunResultJson}), so `JSON.stringify(result)` works
   * (issue 12: it threw "Do not know how to serialize a BigInt"). Never throws, not even on a
   * FAILED result or an int64 beyond 2^53 − 1 (written as its exact decimal string).
   *
   * @example
   * JSON.stringify(result);
   * // {"id":"r1","status":"COMPLETED","text":"Hello!","usage":{"inputTextTokens":12,"completionTokens":8,"totalTokens":20}}
   */
  toJSON(): RunResultJson {
    const failed = this.status.isFailed;
    const citations = failed ? [] : this.citations;
    return {
      id: this.run.id,
      status: this.status.name,
      ...(this.status === RunStatus.UNKNOWN ? { rawStatus: this.rawStatus } : {}),
      ...(this.error ? { error: this.error.toJSON() } : {}),
      ...(this.toolCalls ? { toolCalls: this.toolCalls.map((c) => c.toJSON()) } : {}),
      ...(failed || this.#message === undefined ? {} : { text: this.#message.text }),
      ...(citations.length > 0 ? { citations: citations.map((c) => c.toJSON()) } : {}),
      ...(this.usage ? { usage: this.usage.toJSON() } : {}),
      ...(this.usageByRound.length > 1
        ? { usageByRound: this.usageByRound.map((u) => u?.toJSON() ?? null) }
        : {}),
    };
  }

  /**
   * `util.inspect` / `console.log` show the answer, not the proto: status, error, tool calls,
   * text and usage ({@link RunResult.toJSON}), like the summary of `Run`.
   */
  [inspect.custom](_depth: number, options: InspectOptions): string {
    return `RunResult ${inspect(this.toJSON(), { ...options, depth: 4 })}`;
  }
}
