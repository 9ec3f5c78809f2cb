/**
 * ThreadMessage: a read-only view of a threads `Message` (or of a partial message content).
 *
 * @module
 */
import { inspect } from "node:util";
import { create, toJson } from "@bufbuild/protobuf";
import { TimestampSchema, timestampDate } from "@bufbuild/protobuf/wkt";
import {
  type ContentPart,
  type Message,
  Message_MessageStatus,
  type MessageContent,
  MessageSchema,
} from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/threads/message_pb";
import { type Citation, citationsFromProto, textParts } from "./citation.js";

/** The status of a message by name; `UNKNOWN` for a wire value this client does not know. */
export type MessageStatusName =
  | "MESSAGE_STATUS_UNSPECIFIED"
  | "COMPLETED"
  | "TRUNCATED"
  | "FILTERED_CONTENT"
  | "UNKNOWN";

/**
 * Who wrote a message. Roles come back upper-case (`USER`, `ASSISTANT`; spec/runs.md,
 * "Transport facts").
 *
 * @example
 * message.author?.role === "ASSISTANT";
 */
export interface MessageAuthor {
  /** Author id (the assistant id for assistant answers). */
  readonly id: string;
  /** Upper-case role, e.g. `"USER"` or `"ASSISTANT"`. */
  readonly role: string;
}

function statusName(value: number): MessageStatusName {
  const name: unknown = Message_MessageStatus[value];
  return typeof name === "string" ? (name as MessageStatusName) : "UNKNOWN";
}

/**
 * The text of content parts: the text parts joined with `"\n"`. One text part (the usual
 * case of a streamed partial) is returned as it is, without a copy (issue 10: a cumulative
 * partial of 10 KB must not be copied per event).
 *
 * @example
 * partsText(event.EventData.value.content); // "Hello"
 */
export function partsText(parts: readonly ContentPart[]): string {
  if (parts.length === 1) {
    const only = (parts[0] as ContentPart).PartType;
    return only.case === "text" ? only.value.content : "";
  }
  return textParts(parts).join("\n");
}

/** The proto3-JSON-like form of a {@link ThreadMessage} (`ThreadMessage.toJSON()`). */
export interface ThreadMessageJson {
  /** Message id (absent for a partial message). */
  readonly id?: string;
  /** Thread id (absent for a partial message). */
  readonly threadId?: string;
  /** RFC 3339 creation time as on the wire (nanoseconds kept), when the server sent one. */
  readonly createdAt?: string;
  /** Who wrote it (absent for a partial message). */
  readonly author?: MessageAuthor;
  /** Status by name. */
  readonly status: MessageStatusName;
  /** Labels (only when there are some). */
  readonly labels?: Readonly<Record<string, string>>;
  /** The text parts. */
  readonly parts: readonly string[];
  /** The text parts joined with `"\n"`. */
  readonly text: string;
  /** Number of citations (only when there are some; see `citations` on the view). */
  readonly citations?: number;
  /** `true` for a streamed partial message. */
  readonly isPartial: boolean;
}

const EMPTY_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * A message of a thread, read-only: ids, author, text parts, citations, and the raw proto.
 *
 * Why: the proto keeps text three levels deep (`content.content[i].text.content`) and gives
 * timestamps as seconds/nanos; this view gives `text`, `parts` and a `Date`. Partial messages
 * of a stream (spec/runs.md, "RunStreamEvent") have no id, thread or author: those fields are
 * `undefined` and `isPartial` is `true`.
 *
 * Every field is computed on first access from the wire message and then kept (issue 10,
 * "lazy views"): a listener that only prints `delta` never pays for labels, citations, dates,
 * or (for a partial) a re-created `Message`.
 *
 * @example
 * for await (const m of thread.read()) console.log(`${m.role}: ${m.text}`);
 * const view = ThreadMessage.fromProto(run.state.StateData.value);
 */
export class ThreadMessage {
  /** `true` for a partial (streamed, cumulative) message without id/author. */
  readonly isPartial: boolean;
  // The wire message (full messages) or content (partials); the rest is built on demand.
  #proto: Message | undefined;
  readonly #content: MessageContent | undefined;
  #parts: readonly string[] | undefined;
  #text: string | undefined;
  #labels: Readonly<Record<string, string>> | undefined;
  #citations: readonly Citation[] | undefined;
  #author: MessageAuthor | null | undefined;
  #createdAt: Date | null | undefined;

  private constructor(proto: Message | undefined, content: MessageContent | undefined) {
    this.#proto = proto;
    this.#content = content;
    this.isPartial = proto === undefined;
    Object.freeze(this);
  }

  /**
   * Wraps a full `yandex.cloud.ai.assistants.v1.threads.Message`.
   *
   * @example
   * ThreadMessage.fromProto(msg).text; // "Hello! How can I help you?"
   */
  static fromProto(message: Message): ThreadMessage {
    return new ThreadMessage(message, undefined);
  }

  /**
   * Wraps the `MessageContent` of a PARTIAL_MESSAGE event: text parts only, no id, thread or
   * author (spec/runs.md, "RunStreamEvent": `message`).
   *
   * @example
   * ThreadMessage.fromContent(event.EventData.value).text; // "Hello"
   */
  static fromContent(content: MessageContent): ThreadMessage {
    return new ThreadMessage(undefined, content);
  }

  /** The raw message; for a partial one, a `Message` holding only its `content` (made on first access). */
  get proto(): Message {
    this.#proto ??= create(MessageSchema, { content: this.#content });
    return this.#proto;
  }

  /** Message id; `undefined` for a partial message. */
  get id(): string | undefined {
    return this.isPartial ? undefined : this.proto.id;
  }

  /** Thread id; `undefined` for a partial message. */
  get threadId(): string | undefined {
    return this.isPartial ? undefined : this.proto.threadId;
  }

  /** Creation time; `undefined` when the server sent none (always for partials). */
  get createdAt(): Date | undefined {
    if (this.#createdAt === undefined) {
      const at = this.isPartial ? undefined : this.proto.createdAt;
      this.#createdAt = at === undefined ? null : timestampDate(at);
    }
    return this.#createdAt ?? undefined;
  }

  /** Who wrote it; `undefined` for a partial message. */
  get author(): MessageAuthor | undefined {
    if (this.#author === undefined) {
      const author = this.isPartial ? undefined : this.proto.author;
      this.#author =
        author === undefined ? null : Object.freeze({ id: author.id, role: author.role });
    }
    return this.#author ?? undefined;
  }

  /** The author's upper-case role (`"USER"`, `"ASSISTANT"`), if known. */
  get role(): string | undefined {
    return this.author?.role;
  }

  /** The message labels (a frozen copy). */
  get labels(): Readonly<Record<string, string>> {
    this.#labels ??= this.isPartial ? EMPTY_LABELS : Object.freeze({ ...this.proto.labels });
    return this.#labels;
  }

  /** The message status by name (`COMPLETED`, `TRUNCATED`, …; `UNKNOWN` for new values). */
  get status(): MessageStatusName {
    return statusName(this.rawStatus);
  }

  /** The raw wire value of the message status. */
  get rawStatus(): number {
    return this.#proto?.status ?? 0;
  }

  /** Text of each content part, in order (spec/runs.md, "RunResult": `parts`). */
  get parts(): readonly string[] {
    this.#parts ??= Object.freeze(textParts(this.#contentParts()));
    return this.#parts;
  }

  /** The text parts joined with `"\n"` (spec/runs.md, "RunResult": `text`). */
  get text(): string {
    this.#text ??= partsText(this.#contentParts());
    return this.#text;
  }

  /** The message's citations; empty when there is none. */
  get citations(): readonly Citation[] {
    this.#citations ??= Object.freeze(
      this.isPartial ? [] : citationsFromProto(this.proto.citations),
    );
    return this.#citations;
  }

  #contentParts(): readonly ContentPart[] {
    return (this.isPartial ? this.#content?.content : this.#proto?.content?.content) ?? [];
  }

  /** The text, so a message prints as what it says. */
  toString(): string {
    return this.text;
  }

  /**
   * A plain, proto3-JSON-like summary (the time as RFC 3339), for `JSON.stringify` and logs;
   * the raw message stays on `proto`.
   *
   * @example
   * JSON.stringify(message); // {"id":"m1","threadId":"t1","author":{"id":"a1","role":"USER"},...}
   */
  toJSON(): ThreadMessageJson {
    const labels = this.labels;
    const count = this.citations.length;
    // The exact wire time (nanoseconds kept), not the millisecond Date.
    const at = this.isPartial ? undefined : this.proto.createdAt;
    return {
      ...(this.id === undefined ? {} : { id: this.id }),
      ...(this.threadId === undefined ? {} : { threadId: this.threadId }),
      ...(at === undefined ? {} : { createdAt: toJson(TimestampSchema, at) as string }),
      ...(this.author === undefined ? {} : { author: this.author }),
      status: this.status,
      ...(Object.keys(labels).length === 0 ? {} : { labels }),
      parts: this.parts,
      text: this.text,
      ...(count === 0 ? {} : { citations: count }),
      isPartial: this.isPartial,
    };
  }

  /** `console.log` / `util.inspect` show {@link ThreadMessage.toJSON}, not proto internals. */
  [inspect.custom](depth: number, options: object, show: typeof inspect): string {
    return `ThreadMessage ${show(this.toJSON(), { ...options, depth })}`;
  }
}
