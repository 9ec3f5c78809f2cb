/**
 * Assistants: `client.assistants` (create, get, list, update, delete).
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import {
  ASSISTANT_SETTING_KEYS,
  Assistant,
  type AssistantCreateOptions,
  type AssistantPatch,
  assistantFields,
  updateAssistant,
} from "./assistant.js";
import type { AsyncList } from "./async-list.js";
import type { ClientContext } from "./client-context.js";
import { loadAssistantService } from "./lazy-types.js";
import { paginate } from "./paging.js";
import { type RequestOptions, requestOptions } from "./request-options.js";
import { refId } from "./runs.js";
import {
  assertRequiredFields,
  checkOptions,
  invalidArgument,
  optionalPositiveInt,
} from "./validate.js";

/** Options of {@link Assistants.list}. */
export interface AssistantListOptions extends RequestOptions {
  /** Assistants per page (the server's default when absent). */
  pageSize?: number;
}

/** Something that names an assistant: a handle or its id. */
type AssistantRef = string | { readonly id: string };

/**
 * `client.assistants`.
 *
 * @example
 * const assistant = await client.assistants.create({
 *   model: "yandexgpt",
 *   instruction: "You are a helpful assistant.",
 *   tools: [functionTool({ name: "get_time", description: "Current time" })],
 * });
 */
export class Assistants {
  readonly #ctx: ClientContext;

  /** @internal Made by {@link AssistantsClient}. */
  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates an assistant (the Create RPC; never retried). `model: "yandexgpt"` becomes
   * `gpt://<folder>/yandexgpt/latest`; a model with a slash such as `"yandexgpt/rc"` becomes
   * `gpt://<folder>/yandexgpt/rc`; `modelUri` is sent as is. One of them is required.
   *
   * @example
   * const a = await client.assistants.create({ model: "yandexgpt", temperature: 0, maxPromptTokens: 2000 });
   */
  async create(options: AssistantCreateOptions): Promise<Assistant> {
    const o = checkOptions(options, "options", [...ASSISTANT_SETTING_KEYS, "signal", "timeoutMs"]);
    const call = requestOptions({ signal: o.signal, timeoutMs: o.timeoutMs });
    const ctx = this.#ctx;
    const f = assistantFields(ctx.folderId, o as Record<string, unknown>, "options");
    if (f.modelUri === undefined) {
      throw invalidArgument("options.model is required (or options.modelUri)");
    }
    const { CreateAssistantRequestSchema } = await loadAssistantService();
    const request = create(CreateAssistantRequestSchema, {
      folderId: ctx.folderId,
      modelUri: f.modelUri,
      name: f.name ?? "",
      description: f.description ?? "",
      instruction: f.instruction ?? "",
      tools: f.tools ?? [],
      labels: f.labels ?? {},
      expirationConfig: f.expirationConfig,
      completionOptions: f.completionOptions,
      promptTruncationOptions: f.promptTruncationOptions,
      responseFormat: f.responseFormat,
    });
    assertRequiredFields(CreateAssistantRequestSchema, request);
    return new Assistant(ctx, await ctx.assistantService.create(request, call));
  }

  /**
   * An assistant by id.
   *
   * @example
   * const a = await client.assistants.get("fvt...");
   */
  async get(assistantId: string, options?: RequestOptions): Promise<Assistant> {
    const id = requireId(assistantId);
    const call = requestOptions(options);
    return new Assistant(
      this.#ctx,
      await this.#ctx.assistantService.get({ assistantId: id }, call),
    );
  }

  /**
   * Every assistant of the folder, fetched page by page as the iteration goes; stops on an
   * empty `next_page_token` and never re-fetches a page.
   *
   * @example
   * for await (const a of client.assistants.list()) console.log(a.id, a.name);
   */
  list(options?: AssistantListOptions): AsyncList<Assistant> {
    const o = checkOptions(options, "options", ["pageSize", "signal", "timeoutMs"]);
    const pageSize = optionalPositiveInt(o.pageSize, "pageSize") ?? 0n;
    const call = requestOptions({ signal: o.signal, timeoutMs: o.timeoutMs });
    const ctx = this.#ctx;
    return paginate(async (pageToken) => {
      const page = await ctx.assistantService.list(
        { folderId: ctx.folderId, pageSize, pageToken },
        call,
      );
      return {
        items: page.assistants.map((a) => new Assistant(ctx, a)),
        nextPageToken: page.nextPageToken,
      };
    });
  }

  /**
   * Changes an assistant (handle or id): only the patch keys are sent (the field mask is built
   * from them); `null` clears a field.
   *
   * @example
   * await client.assistants.update(id, { instruction: "Answer in one line." });
   */
  async update(
    assistant: AssistantRef,
    patch: AssistantPatch,
    options?: RequestOptions,
  ): Promise<Assistant> {
    const id = refId(assistant, "assistantId");
    return updateAssistant(this.#ctx, id, patch, options);
  }

  /**
   * Deletes an assistant (handle or id).
   *
   * @example
   * await client.assistants.delete(id);
   */
  async delete(assistant: AssistantRef, options?: RequestOptions): Promise<void> {
    const assistantId = refId(assistant, "assistantId");
    const call = requestOptions(options);
    await this.#ctx.assistantService.delete({ assistantId }, call);
  }
}

function requireId(id: unknown): string {
  if (typeof id === "object" && id !== null) {
    throw invalidArgument("assistantId must be a non-empty string");
  }
  return refId(id, "assistantId");
}
