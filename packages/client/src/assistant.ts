/**
 * Assistant: the handle of one assistant (its fields, run/runStream, update, delete), and the
 * mapping of assistant options and patches to the wire.
 *
 * @module
 */
import { inspect } from "node:util";
import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import type { Tool } from "@yc-assistants/types/common";
import type { Assistant as AssistantMessage } from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/assistant_pb";
import type { ClientContext } from "./client-context.js";
import { type ToolInput, toolsFromInput } from "./function-tool.js";
import { loadAssistantService } from "./lazy-types.js";
import {
  completionOptions,
  type ExpirationOption,
  expirationConfig,
  expirationPaths,
  type ModelSettings,
  type ResponseFormatOption,
  responseFormat,
  responseFormatFromProto,
  type TruncationStrategy,
  truncationFromProto,
  truncationOptions,
  truncationPaths,
} from "./model-options.js";
import { checkModelUri, modelUriOf } from "./model-uri.js";
import { patchMask } from "./patch-mask.js";
import { type RequestOptions, requestOptions } from "./request-options.js";
import { ResourceView } from "./resource-view.js";
import type { Run } from "./run.js";
import type { RunResult } from "./run-result.js";
import {
  type RunAndStreamOptions,
  type RunAndWaitOptions,
  runAndStream,
  runAndWait,
} from "./run-shortcuts.js";
import type { RunStream } from "./run-stream.js";
import { createRun, type RunOptions, refId, type ThreadRef } from "./runs.js";
import {
  assertRequiredFields,
  invalidArgument,
  optionalLabels,
  optionalString,
  requireString,
} from "./validate.js";

/**
 * What an assistant is made of: the model, texts, tools and settings.
 *
 * `model` is a model name in the folder: `"yandexgpt"` becomes
 * `gpt://<folder>/yandexgpt/latest`, `"yandexgpt/rc"` becomes `gpt://<folder>/yandexgpt/rc`
 * (versions `latest`, `rc`, `deprecated`); `modelUri` is a full `gpt://<folder>/<model>[/<version>]`
 * or `ds://<id>` URI, sent as written. Both are checked before any call: whitespace, other
 * characters or forms are refused with `Code.InvalidArgument` naming the option (issue 12).
 */
export interface AssistantSettings extends ModelSettings {
  /** Model name (`"yandexgpt"`, `"yandexgpt-lite/rc"`) or a full `gpt://` URI. */
  model?: string;
  /** Full model URI (`gpt://<folder>/<model>/<version>`); instead of `model`. */
  modelUri?: string;
  /** Display name. */
  name?: string;
  /** Description. */
  description?: string;
  /** The system instruction. */
  instruction?: string;
  /** Tools (see {@link functionTool}). */
  tools?: readonly ToolInput[];
  /** Labels. */
  labels?: Readonly<Record<string, string>>;
  /** When the assistant expires. */
  expiration?: ExpirationOption;
}

/** Options of `client.assistants.create()`: settings (a model is required) and call options. */
export interface AssistantCreateOptions extends AssistantSettings, RequestOptions {}

/**
 * A change to an assistant: only the given keys are sent (the field mask is built from them);
 * `null` clears a field.
 *
 * @example
 * await assistant.update({ instruction: "Answer in French.", temperature: null });
 */
export type AssistantPatch = {
  [K in keyof AssistantSettings]?: AssistantSettings[K] | null;
};

/**
 * Settings keys → field-mask paths (proto names) of `UpdateAssistantRequest`, the same paths
 * the Python SDK sends (see the recorded test_assistant_common fixture).
 */
const PATCH_PATHS: Readonly<Record<keyof AssistantSettings, (value: unknown) => string[]>> = {
  model: () => ["model_uri"],
  modelUri: () => ["model_uri"],
  name: () => ["name"],
  description: () => ["description"],
  instruction: () => ["instruction"],
  tools: () => ["tools"],
  labels: () => ["labels"],
  expiration: expirationPaths,
  temperature: () => ["completion_options.temperature"],
  maxTokens: () => ["completion_options.max_tokens"],
  maxPromptTokens: () => ["prompt_truncation_options.max_prompt_tokens"],
  truncation: truncationPaths,
  responseFormat: () => ["response_format"],
};

/** The option keys of assistant settings. */
export const ASSISTANT_SETTING_KEYS = Object.keys(PATCH_PATHS) as (keyof AssistantSettings)[];

/**
 * The model URI of settings: from `modelUri` or `model` (both checked, see model-uri.ts);
 * `undefined` when neither.
 */
export function modelUriFrom(
  folderId: string,
  settings: { model?: unknown; modelUri?: unknown },
  field: string,
): string | undefined {
  if (settings.model !== undefined && settings.modelUri !== undefined) {
    throw invalidArgument(`${field}: pass either model or modelUri, not both`);
  }
  if (settings.modelUri !== undefined) {
    return checkModelUri(
      requireString(settings.modelUri, `${field}.modelUri`),
      `${field}.modelUri`,
    );
  }
  if (settings.model !== undefined) {
    return modelUriOf(folderId, requireString(settings.model, `${field}.model`), `${field}.model`);
  }
  return undefined;
}

/** The wire fields of assistant settings (shared by Create and Update). */
export function assistantFields(folderId: string, s: Record<string, unknown>, field: string) {
  return {
    name: optionalString(s.name, `${field}.name`),
    description: optionalString(s.description, `${field}.description`),
    instruction: optionalString(s.instruction, `${field}.instruction`),
    modelUri: modelUriFrom(folderId, s, field),
    tools: toolsFromInput(s.tools, `${field}.tools`),
    labels: optionalLabels(s.labels, `${field}.labels`),
    expirationConfig: expirationConfig(s.expiration, `${field}.expiration`),
    completionOptions: completionOptions(s, `${field}.`),
    promptTruncationOptions: truncationOptions(s, `${field}.`),
    responseFormat: responseFormat(s.responseFormat, `${field}.responseFormat`),
  };
}

/** Sends an UpdateAssistant with a field mask of the patch keys. Internal. */
export async function updateAssistant(
  ctx: ClientContext,
  assistantId: string,
  patch: AssistantPatch,
  options: RequestOptions | undefined,
): Promise<Assistant> {
  const { paths, values } = patchMask(patch, PATCH_PATHS);
  const call = requestOptions(options);
  const fields = assistantFields(ctx.folderId, values, "patch");
  const { UpdateAssistantRequestSchema } = await loadAssistantService();
  const request = create(UpdateAssistantRequestSchema, {
    assistantId,
    updateMask: create(FieldMaskSchema, { paths }),
    name: fields.name ?? "",
    description: fields.description ?? "",
    instruction: fields.instruction ?? "",
    modelUri: fields.modelUri ?? "",
    tools: fields.tools ?? [],
    labels: fields.labels ?? {},
    expirationConfig: fields.expirationConfig,
    completionOptions: fields.completionOptions,
    promptTruncationOptions: fields.promptTruncationOptions,
    responseFormat: fields.responseFormat,
  });
  assertRequiredFields(UpdateAssistantRequestSchema, request);
  return new Assistant(ctx, await ctx.assistantService.update(request, call));
}

/**
 * An assistant: its fields (from the newest `Assistant` message of this handle) and what it
 * does: runs over threads.
 *
 * @example
 * const assistant = await client.assistants.create({ model: "yandexgpt", instruction: "Be brief." });
 * const run = await assistant.runStream(thread);
 * for await (const ev of run) process.stdout.write(ev.delta);
 */
export class Assistant extends ResourceView<AssistantMessage> {
  readonly #ctx: ClientContext;

  /** @internal Made by `client.assistants`. */
  constructor(ctx: ClientContext, proto: AssistantMessage) {
    super(proto);
    this.#ctx = ctx;
  }

  /** Model URI (`gpt://<folder>/<model>/<version>`). */
  get modelUri(): string {
    return this.proto.modelUri;
  }
  /** The system instruction. */
  get instruction(): string {
    return this.proto.instruction;
  }
  /** Tools. */
  get tools(): readonly Tool[] {
    return this.proto.tools;
  }
  /** Sampling temperature, when set. */
  get temperature(): number | undefined {
    return this.proto.completionOptions?.temperature;
  }
  /** Most answer tokens, when set. */
  get maxTokens(): number | undefined {
    const v = this.proto.completionOptions?.maxTokens;
    return v === undefined ? undefined : Number(v);
  }
  /** Most prompt tokens, when set. */
  get maxPromptTokens(): number | undefined {
    const v = this.proto.promptTruncationOptions?.maxPromptTokens;
    return v === undefined ? undefined : Number(v);
  }
  /** Truncation strategy, when set. */
  get truncation(): TruncationStrategy | undefined {
    return truncationFromProto(this.proto.promptTruncationOptions);
  }
  /** Response format, when set. */
  get responseFormat(): ResponseFormatOption | undefined {
    return responseFormatFromProto(this.proto.responseFormat);
  }

  /**
   * Starts a run over `thread` (Create, `stream=false`: the server emits only the final event).
   *
   * @example
   * const result = await (await assistant.run(thread, { temperature: 0 })).wait();
   */
  async run(thread: ThreadRef, options?: RunOptions): Promise<Run> {
    const threadId = refId(thread, "thread");
    const assistantId = requireString(this.id, "assistantId");
    return createRun(this.#ctx, assistantId, threadId, false, options);
  }

  /**
   * Starts a streamed run over `thread` (Create, `stream=true`: PARTIAL_MESSAGE events with the
   * text so far, then DONE).
   *
   * @example
   * const run = await assistant.runStream(thread);
   * for await (const ev of run.listen()) process.stdout.write(ev.delta);
   */
  async runStream(thread: ThreadRef, options?: RunOptions): Promise<Run> {
    const threadId = refId(thread, "thread");
    const assistantId = requireString(this.id, "assistantId");
    return createRun(this.#ctx, assistantId, threadId, true, options);
  }

  /**
   * Create-and-wait: starts a run over `thread` (as {@link Assistant.run}) and resolves with
   * its result; with `toolHandlers` it answers every tool round first (as
   * `run.handleToolCalls()`), and `result.usageByRound` has each round's usage. `signal` and
   * `timeoutMs` cover the Create and the wait (default 300 s). A FAILED run resolves: check
   * `result.isFailed` before reading `text`.
   *
   * @example
   * await thread.write("Add 2 and 40");
   * const result = await assistant.runAndWait(thread, {
   *   toolHandlers: { add: ({ numbers }) => (numbers as number[]).reduce((a, b) => a + b, 0) },
   * });
   * console.log(result.isFailed ? result.error?.message : result.text);
   */
  async runAndWait(thread: ThreadRef, options?: RunAndWaitOptions): Promise<RunResult> {
    const threadId = refId(thread, "thread");
    const assistantId = requireString(this.id, "assistantId");
    return runAndWait(this.#ctx, assistantId, threadId, options);
  }

  /**
   * Create-and-stream: starts a streamed run over `thread` (as {@link Assistant.runStream})
   * and returns its {@link RunStream} at once, with the callbacks and, with `toolHandlers`,
   * through every tool round until the run finishes. A failed Create ends the stream with its
   * error (`onError`, `finalResult()`).
   *
   * @example
   * const text = await assistant
   *   .runAndStream(thread, { onTextDelta: (delta) => process.stdout.write(delta) })
   *   .finalText();
   */
  runAndStream(thread: ThreadRef, options?: RunAndStreamOptions): RunStream {
    const threadId = refId(thread, "thread");
    const assistantId = requireString(this.id, "assistantId");
    return runAndStream(this.#ctx, assistantId, threadId, options);
  }

  /**
   * Changes the given settings (field mask from the patch keys; `null` clears) and resolves
   * with the updated assistant.
   *
   * @example
   * const updated = await assistant.update({ name: "helper", maxTokens: 500 });
   */
  async update(patch: AssistantPatch, options?: RequestOptions): Promise<Assistant> {
    const id = requireString(this.id, "assistantId");
    return updateAssistant(this.#ctx, id, patch, options);
  }

  /**
   * Deletes the assistant.
   *
   * @example
   * await assistant.delete();
   */
  async delete(options?: RequestOptions): Promise<void> {
    const assistantId = requireString(this.id, "assistantId");
    const call = requestOptions(options);
    await this.#ctx.assistantService.delete({ assistantId }, call);
  }

  /** A plain summary. */
  toJSON(): { id: string; name: string; modelUri: string } {
    return { id: this.id, name: this.name, modelUri: this.modelUri };
  }

  /** Prints the summary in `util.inspect` / `console.log`. */
  [inspect.custom](): string {
    return `Assistant ${inspect(this.toJSON())}`;
  }
}
