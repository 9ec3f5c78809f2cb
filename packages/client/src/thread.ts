/**
 * Thread: the handle of one thread (write, read, update, delete) and the thread patch mapping.
 *
 * @module
 */
import { inspect } from "node:util";
import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import type { Tool } from "@yc-assistants/types/common";
import { CreateMessageRequestSchema } from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/threads/message_service_pb";
import type { Thread as ThreadMessageProto } from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/threads/thread_pb";
import { type AsyncList, asyncList } from "./async-list.js";
import type { ClientContext } from "./client-context.js";
import { type ToolInput, toolsFromInput } from "./function-tool.js";
import { loadThreadService } from "./lazy-types.js";
import { type MessageInput, parseMessageInput } from "./message-input.js";
import { type ExpirationOption, expirationConfig, expirationPaths } from "./model-options.js";
import { patchMask } from "./patch-mask.js";
import { readMessages } from "./read-messages.js";
import { type RequestOptions, requestOptions } from "./request-options.js";
import { ResourceView } from "./resource-view.js";
import { ThreadMessage } from "./thread-message.js";
import { assertRequiredFields, optionalLabels, optionalString, requireString } from "./validate.js";

/** What a thread is made of. */
export interface ThreadSettings {
  /** Display name. */
  name?: string;
  /** Description. */
  description?: string;
  /** Labels. */
  labels?: Readonly<Record<string, string>>;
  /** When the thread expires. */
  expiration?: ExpirationOption;
  /** Tools available to every run over the thread. */
  tools?: readonly ToolInput[];
}

/**
 * A change to a thread: only the given keys are sent (field mask from them); `null` clears.
 *
 * @example
 * await thread.update({ name: "support #42", labels: { ticket: "42" } });
 */
export type ThreadPatch = { [K in keyof ThreadSettings]?: ThreadSettings[K] | null };

const THREAD_PATCH_PATHS: Readonly<Record<keyof ThreadSettings, (value: unknown) => string[]>> = {
  name: () => ["name"],
  description: () => ["description"],
  labels: () => ["labels"],
  expiration: expirationPaths,
  tools: () => ["tools"],
};

/** The keys of thread settings. */
export const THREAD_SETTING_KEYS = Object.keys(THREAD_PATCH_PATHS) as (keyof ThreadSettings)[];

/** The wire fields of thread settings (shared by Create and Update). */
export function threadFields(s: Record<string, unknown>, field: string) {
  return {
    name: optionalString(s.name, `${field}.name`),
    description: optionalString(s.description, `${field}.description`),
    labels: optionalLabels(s.labels, `${field}.labels`),
    expirationConfig: expirationConfig(s.expiration, `${field}.expiration`),
    tools: toolsFromInput(s.tools, `${field}.tools`),
  };
}

/** Sends an UpdateThread with a field mask of the patch keys. Internal. */
export async function updateThread(
  ctx: ClientContext,
  threadId: string,
  patch: ThreadPatch,
  options: RequestOptions | undefined,
): Promise<Thread> {
  const { paths, values } = patchMask(patch, THREAD_PATCH_PATHS);
  const call = requestOptions(options);
  const f = threadFields(values, "patch");
  const { UpdateThreadRequestSchema } = await loadThreadService();
  const request = create(UpdateThreadRequestSchema, {
    threadId,
    updateMask: create(FieldMaskSchema, { paths }),
    name: f.name ?? "",
    description: f.description ?? "",
    labels: f.labels ?? {},
    expirationConfig: f.expirationConfig,
    tools: f.tools ?? [],
  });
  assertRequiredFields(UpdateThreadRequestSchema, request);
  return new Thread(ctx, await ctx.threadService.update(request, call));
}

/**
 * A thread: a conversation that assistants run over.
 *
 * @example
 * const thread = await client.threads.create({ name: "demo" });
 * await thread.write("Hi!");
 * for await (const m of thread.read()) console.log(m.role, m.text);
 */
export class Thread extends ResourceView<ThreadMessageProto> {
  readonly #ctx: ClientContext;

  /** @internal Made by `client.threads`. */
  constructor(ctx: ClientContext, proto: ThreadMessageProto) {
    super(proto);
    this.#ctx = ctx;
  }

  /** The author id of messages written without one (the user). */
  get defaultMessageAuthorId(): string {
    return this.proto.defaultMessageAuthorId;
  }
  /** Tools of the thread. */
  get tools(): readonly Tool[] {
    return this.proto.tools;
  }

  /**
   * Writes a message (MessageService.Create): text (as the thread's default author, a user), or
   * `{ text, role, labels, authorId }`. Create calls are never retried.
   *
   * @example
   * await thread.write("What is the weather in Paris?");
   * await thread.write({ text: "Noted.", role: "assistant" });
   */
  async write(message: MessageInput, options?: RequestOptions): Promise<ThreadMessage> {
    const threadId = requireString(this.id, "threadId");
    const parsed = parseMessageInput(message, "message");
    const call = requestOptions(options);
    const request = create(CreateMessageRequestSchema, {
      threadId,
      content: parsed.content,
      author: parsed.author,
      labels: parsed.labels,
    });
    assertRequiredFields(CreateMessageRequestSchema, request);
    return ThreadMessage.fromProto(await this.#ctx.messageService.create(request, call));
  }

  /**
   * One message of the thread by id (MessageService.Get).
   *
   * @example
   * const m = await thread.getMessage(written.id!);
   */
  async getMessage(messageId: string, options?: RequestOptions): Promise<ThreadMessage> {
    const threadId = requireString(this.id, "threadId");
    const id = requireString(messageId, "messageId");
    const call = requestOptions(options);
    return ThreadMessage.fromProto(
      await this.#ctx.messageService.get({ threadId, messageId: id }, call),
    );
  }

  /**
   * The thread's messages, as the server streams them (MessageService.List, server streaming).
   * A stream cut by the network is listed again, skipping the messages already yielded (the
   * server lists them in the same order), with the client's retry policy. Aborting `signal`
   * ends the iteration with `Code.Canceled`.
   *
   * @example
   * for await (const m of thread.read()) console.log(`${m.role}: ${m.text}`);
   */
  read(options?: RequestOptions): AsyncList<ThreadMessage> {
    const threadId = requireString(this.id, "threadId");
    const call = requestOptions(options);
    const ctx = this.#ctx;
    return asyncList({
      [Symbol.asyncIterator]: () => readMessages(ctx, threadId, call)[Symbol.asyncIterator](),
    });
  }

  /**
   * Changes the given settings and resolves with the updated thread.
   *
   * @example
   * const renamed = await thread.update({ name: "renamed" });
   */
  async update(patch: ThreadPatch, options?: RequestOptions): Promise<Thread> {
    const id = requireString(this.id, "threadId");
    return updateThread(this.#ctx, id, patch, options);
  }

  /**
   * Deletes the thread.
   *
   * @example
   * await thread.delete();
   */
  async delete(options?: RequestOptions): Promise<void> {
    const threadId = requireString(this.id, "threadId");
    const call = requestOptions(options);
    await this.#ctx.threadService.delete({ threadId }, call);
  }

  /** A plain summary. */
  toJSON(): { id: string; name: string } {
    return { id: this.id, name: this.name };
  }

  /** Prints the summary in `util.inspect` / `console.log`. */
  [inspect.custom](): string {
    return `Thread ${inspect(this.toJSON())}`;
  }
}
