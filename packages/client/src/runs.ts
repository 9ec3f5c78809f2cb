/**
 * Runs: `client.runs` (create, get, getLastByThread, list) and the mapping of run options to
 * `CreateRunRequest`.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import { CreateRunRequestSchema } from "@yc-assistants/types/runs";
import type { AsyncList } from "./async-list.js";
import type { ClientContext } from "./client-context.js";
import type { ToolInput } from "./function-tool.js";
import { toolsFromInput } from "./function-tool.js";
import { type MessageInput, messageData } from "./message-input.js";
import {
  completionOptions,
  type ModelSettings,
  responseFormat,
  truncationOptions,
} from "./model-options.js";
import { paginate } from "./paging.js";
import { type RequestOptions, requestOptions } from "./request-options.js";
import { Run } from "./run.js";
import {
  assertRequiredFields,
  checkOptions,
  invalidArgument,
  optionalBoolean,
  optionalLabels,
  optionalPositiveInt,
  requireString,
} from "./validate.js";

/**
 * Options of a run (spec/runs.md: they map to `CreateRunRequest`): completion settings
 * (`custom_completion_options`), truncation (`custom_prompt_truncation_options`), the response
 * format (`custom_response_format`), labels, extra messages and tools for this run only, and
 * the call's signal/timeout.
 *
 * @example
 * await assistant.run(thread, { temperature: 0, maxTokens: 200, truncation: { lastMessages: 5 } });
 */
export interface RunOptions extends ModelSettings, RequestOptions {
  /** Labels of the run. */
  labels?: Readonly<Record<string, string>>;
  /**
   * Messages written to the thread before the run starts (`additional_messages`): they stay
   * in the thread, so later runs and `thread.read()` see them, and the answer follows them.
   * The API reference says "written to the thread before the run starts"; the emulator does
   * the same (its `run-service.test.ts`).
   */
  additionalMessages?: readonly MessageInput[];
  /** Tools added for this run. */
  tools?: readonly ToolInput[];
}

/** Something that names a thread: a handle with an `id`, or the id itself. */
export type ThreadRef = string | { readonly id: string };
/** Something that names an assistant: a handle with an `id`, or the id itself. */
export type AssistantRef = string | { readonly id: string };

/**
 * Options of {@link Runs.create}: which assistant over which thread, whether to stream
 * partial messages, and the {@link RunOptions}.
 */
export interface RunCreateOptions extends RunOptions {
  /** The assistant (handle or id). */
  assistant: AssistantRef;
  /** The thread (handle or id). */
  thread: ThreadRef;
  /** `true`: the server emits PARTIAL_MESSAGE events (see `run.listen()`). */
  stream?: boolean;
}

/** Options of {@link Runs.list}. */
export interface RunListOptions extends RequestOptions {
  /** Runs per page (the server's default when absent). */
  pageSize?: number;
}

const RUN_OPTION_KEYS = [
  "temperature",
  "maxTokens",
  "maxPromptTokens",
  "truncation",
  "responseFormat",
  "labels",
  "additionalMessages",
  "tools",
  "signal",
  "timeoutMs",
] as const;

/** The id of a thread/assistant reference, validated. */
export function refId(ref: unknown, field: string): string {
  if (typeof ref === "object" && ref !== null && "id" in ref) {
    return requireString((ref as { id: unknown }).id, `${field}.id`);
  }
  if (typeof ref === "object" && ref !== null) {
    throw invalidArgument(`${field} must be an id string or an object with an id`);
  }
  return requireString(ref, field);
}

/**
 * Creates a run (the Create RPC; never retried by the transport, it is not idempotent).
 * Internal: used by `client.runs.create`, `assistant.run` and `assistant.runStream`.
 */
export async function createRun(
  ctx: ClientContext,
  assistantId: string,
  threadId: string,
  stream: boolean,
  options: RunOptions | undefined,
  field = "options",
): Promise<Run> {
  const o = checkOptions(options, field, RUN_OPTION_KEYS) as Record<string, unknown>;
  const call = requestOptions(
    { signal: o.signal as AbortSignal, timeoutMs: o.timeoutMs as number },
    field,
  );
  const additional = o.additionalMessages;
  if (additional !== undefined && !Array.isArray(additional)) {
    throw invalidArgument(`${field}.additionalMessages must be an array`);
  }
  const request = create(CreateRunRequestSchema, {
    assistantId,
    threadId,
    stream,
    labels: optionalLabels(o.labels, `${field}.labels`) ?? {},
    additionalMessages: (additional ?? []).map((m, i) =>
      messageData(m, `${field}.additionalMessages[${i}]`),
    ),
    customCompletionOptions: completionOptions(o, `${field}.`),
    customPromptTruncationOptions: truncationOptions(o, `${field}.`),
    customResponseFormat: responseFormat(o.responseFormat, `${field}.responseFormat`),
    tools: toolsFromInput(o.tools, `${field}.tools`) ?? [],
  });
  assertRequiredFields(CreateRunRequestSchema, request);
  const run = await ctx.runService.create(request, call);
  return new Run(ctx, run);
}

/**
 * `client.runs`: runs by id, the newest run of a thread, and every run of the folder.
 *
 * @example
 * const last = await client.runs.getLastByThread(thread);
 * for await (const run of client.runs.list({ pageSize: 50 })) console.log(run.id, run.lastStatus.name);
 */
export class Runs {
  readonly #ctx: ClientContext;

  /** @internal Made by {@link AssistantsClient}. */
  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }

  /**
   * Starts a run of `assistant` over `thread` (Create). With `stream: true` the server emits
   * partial messages.
   *
   * @example
   * const run = await client.runs.create({ assistant: "asst-id", thread, stream: true });
   */
  async create(options: RunCreateOptions): Promise<Run> {
    const o = checkOptions(options, "options", [
      ...RUN_OPTION_KEYS,
      "assistant",
      "thread",
      "stream",
    ]);
    if (options === undefined) throw invalidArgument("options is required");
    const assistantId = refId(o.assistant, "assistant");
    const threadId = refId(o.thread, "thread");
    const stream = optionalBoolean(o.stream, "stream") ?? false;
    const { assistant: _a, thread: _t, stream: _s, ...rest } = o;
    return createRun(this.#ctx, assistantId, threadId, stream, rest as RunOptions);
  }

  /**
   * A run by id (one Get).
   *
   * @example
   * const run = await client.runs.get("fvt...");
   */
  async get(runId: string, options?: RequestOptions): Promise<Run> {
    const id = requireString(runId, "runId");
    const call = requestOptions(options);
    return new Run(this.#ctx, await this.#ctx.runService.get({ runId: id }, call));
  }

  /**
   * The newest run of a thread (handle or id).
   *
   * @example
   * const run = await client.runs.getLastByThread(thread);
   */
  async getLastByThread(thread: ThreadRef, options?: RequestOptions): Promise<Run> {
    const threadId = refId(thread, "thread");
    const call = requestOptions(options);
    return new Run(this.#ctx, await this.#ctx.runService.getLastByThread({ threadId }, call));
  }

  /**
   * Every run of the folder, page by page as the iteration goes; stops on an empty
   * `next_page_token` and never re-fetches a page (spec/runs.md, "Transport facts", better).
   *
   * @example
   * for await (const run of client.runs.list({ pageSize: 100 })) console.log(run.id);
   */
  list(options?: RunListOptions): AsyncList<Run> {
    const o = checkOptions(options, "options", ["pageSize", "signal", "timeoutMs"]);
    const pageSize = optionalPositiveInt(o.pageSize, "pageSize") ?? 0n;
    const call = requestOptions({ signal: o.signal, timeoutMs: o.timeoutMs });
    const ctx = this.#ctx;
    return paginate(async (pageToken) => {
      const page = await ctx.runService.list({ folderId: ctx.folderId, pageSize, pageToken }, call);
      return { items: page.runs.map((r) => new Run(ctx, r)), nextPageToken: page.nextPageToken };
    });
  }
}
