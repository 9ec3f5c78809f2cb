/**
 * Threads: `client.threads` (create, get, list, update, delete).
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import type { AsyncList } from "./async-list.js";
import type { ClientContext } from "./client-context.js";
import { loadThreadService } from "./lazy-types.js";
import { type MessageInput, messageData } from "./message-input.js";
import { paginate } from "./paging.js";
import { type RequestOptions, requestOptions } from "./request-options.js";
import { refId, type ThreadRef } from "./runs.js";
import {
  THREAD_SETTING_KEYS,
  Thread,
  type ThreadPatch,
  type ThreadSettings,
  threadFields,
  updateThread,
} from "./thread.js";
import {
  assertRequiredFields,
  checkOptions,
  invalidArgument,
  optionalPositiveInt,
  optionalString,
} from "./validate.js";

/** Options of `client.threads.create()`. */
export interface ThreadCreateOptions extends ThreadSettings, RequestOptions {
  /** Messages to start the thread with. */
  messages?: readonly MessageInput[];
  /** The author id of messages written without one. */
  defaultMessageAuthorId?: string;
}

/** Options of {@link Threads.list}. */
export interface ThreadListOptions extends RequestOptions {
  /** Threads per page (the server's default when absent). */
  pageSize?: number;
}

/**
 * `client.threads`.
 *
 * @example
 * const thread = await client.threads.create({ messages: ["Hello!"] });
 */
export class Threads {
  readonly #ctx: ClientContext;

  /** @internal Made by {@link AssistantsClient}. */
  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates a thread (the Create RPC; never retried).
   *
   * @example
   * const thread = await client.threads.create({ name: "demo", expiration: { policy: "static", ttlDays: 1 } });
   */
  async create(options?: ThreadCreateOptions): Promise<Thread> {
    const o = checkOptions(options, "options", [
      ...THREAD_SETTING_KEYS,
      "messages",
      "defaultMessageAuthorId",
      "signal",
      "timeoutMs",
    ]) as Record<string, unknown>;
    const call = requestOptions({
      signal: o.signal as AbortSignal | undefined,
      timeoutMs: o.timeoutMs as number | undefined,
    });
    const f = threadFields(o, "options");
    const messages = o.messages;
    if (messages !== undefined && !Array.isArray(messages)) {
      throw invalidArgument("options.messages must be an array");
    }
    const ctx = this.#ctx;
    const { CreateThreadRequestSchema } = await loadThreadService();
    const request = create(CreateThreadRequestSchema, {
      folderId: ctx.folderId,
      name: f.name ?? "",
      description: f.description ?? "",
      labels: f.labels ?? {},
      expirationConfig: f.expirationConfig,
      tools: f.tools ?? [],
      defaultMessageAuthorId:
        optionalString(o.defaultMessageAuthorId, "options.defaultMessageAuthorId") ?? "",
      messages: (messages ?? []).map((m, i) => messageData(m, `options.messages[${i}]`)),
    });
    assertRequiredFields(CreateThreadRequestSchema, request);
    return new Thread(ctx, await ctx.threadService.create(request, call));
  }

  /**
   * A thread by id.
   *
   * @example
   * const thread = await client.threads.get("fvt...");
   */
  async get(threadId: string, options?: RequestOptions): Promise<Thread> {
    const id = refId(threadId, "threadId");
    const call = requestOptions(options);
    return new Thread(this.#ctx, await this.#ctx.threadService.get({ threadId: id }, call));
  }

  /**
   * Every thread of the folder, page by page as the iteration goes; stops on an empty
   * `next_page_token` and never re-fetches a page.
   *
   * @example
   * for await (const t of client.threads.list({ pageSize: 20 })) console.log(t.id);
   */
  list(options?: ThreadListOptions): AsyncList<Thread> {
    const o = checkOptions(options, "options", ["pageSize", "signal", "timeoutMs"]);
    const pageSize = optionalPositiveInt(o.pageSize, "pageSize") ?? 0n;
    const call = requestOptions({ signal: o.signal, timeoutMs: o.timeoutMs });
    const ctx = this.#ctx;
    return paginate(async (pageToken) => {
      const page = await ctx.threadService.list(
        { folderId: ctx.folderId, pageSize, pageToken },
        call,
      );
      return {
        items: page.threads.map((t) => new Thread(ctx, t)),
        nextPageToken: page.nextPageToken,
      };
    });
  }

  /**
   * Changes a thread (handle or id): field mask from the patch keys; `null` clears.
   *
   * @example
   * await client.threads.update(thread, { name: "renamed" });
   */
  async update(thread: ThreadRef, patch: ThreadPatch, options?: RequestOptions): Promise<Thread> {
    return updateThread(this.#ctx, refId(thread, "threadId"), patch, options);
  }

  /**
   * Deletes a thread (handle or id).
   *
   * @example
   * await client.threads.delete(thread);
   */
  async delete(thread: ThreadRef, options?: RequestOptions): Promise<void> {
    const threadId = refId(thread, "threadId");
    const call = requestOptions(options);
    await this.#ctx.threadService.delete({ threadId }, call);
  }
}
