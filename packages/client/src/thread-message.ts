/**
 * ThreadMessage: a read-only view of a threads `Message` (or of a partial message content).
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import {
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
 * A message of a thread, read-only: ids, author, text parts, citations, and the raw proto.
 *
 * Why: the proto keeps text three levels deep (`content.content[i].text.content`) and gives
 * timestamps as seconds/nanos; this view gives `text`, `parts` and a `Date`. Partial messages
 * of a stream (spec/runs.md, "RunStreamEvent") have no id, thread or author: those fields are
 * `undefined` and `isPartial` is `true`.
 *
 * @example
 * for await (const m of thread.read()) console.log(`${m.role}: ${m.text}`);
 * const view = ThreadMessage.fromProto(run.state.StateData.value);
 */
export class ThreadMessage {
  /** Message id; `undefined` for a partial message. */
  readonly id: string | undefined;
  /** Thread id; `undefined` for a partial message. */
  readonly threadId: string | undefined;
  /** Creation time; `undefined` when the server sent none (always for partials). */
  readonly createdAt: Date | undefined;
  /** Who wrote it; `undefined` for a partial message. */
  readonly author: MessageAuthor | undefined;
  /** The author's upper-case role (`"USER"`, `"ASSISTANT"`), if known. */
  readonly role: string | undefined;
  /** The message labels (a frozen copy). */
  readonly labels: Readonly<Record<string, string>>;
  /** The message status by name (`COMPLETED`, `TRUNCATED`, …; `UNKNOWN` for new values). */
  readonly status: MessageStatusName;
  /** The raw wire value of the message status. */
  readonly rawStatus: number;
  /** Text of each content part, in order (spec/runs.md, "RunResult": `parts`). */
  readonly parts: readonly string[];
  /** The text parts joined with `"\n"` (spec/runs.md, "RunResult": `text`). */
  readonly text: string;
  /** The message's citations; empty when there is none. */
  readonly citations: readonly Citation[];
  /** `true` for a partial (streamed, cumulative) message without id/author. */
  readonly isPartial: boolean;
  /** The raw message; for a partial one, a `Message` holding only its `content`. */
  readonly proto: Message;

  private constructor(proto: Message, isPartial: boolean) {
    this.proto = proto;
    this.isPartial = isPartial;
    this.id = isPartial ? undefined : proto.id;
    this.threadId = isPartial ? undefined : proto.threadId;
    this.createdAt = proto.createdAt === undefined ? undefined : timestampDate(proto.createdAt);
    this.author =
      isPartial || proto.author === undefined
        ? undefined
        : Object.freeze({ id: proto.author.id, role: proto.author.role });
    this.role = this.author?.role;
    this.labels = Object.freeze({ ...proto.labels });
    this.status = statusName(proto.status);
    this.rawStatus = proto.status;
    this.parts = Object.freeze(textParts(proto.content?.content ?? []));
    this.text = this.parts.join("\n");
    this.citations = Object.freeze(citationsFromProto(proto.citations));
    Object.freeze(this);
  }

  /**
   * Wraps a full `yandex.cloud.ai.assistants.v1.threads.Message`.
   *
   * @example
   * ThreadMessage.fromProto(msg).text; // "Hello! How can I help you?"
   */
  static fromProto(message: Message): ThreadMessage {
    return new ThreadMessage(message, false);
  }

  /**
   * Wraps the `MessageContent` of a PARTIAL_MESSAGE event: text parts only, no id, thread or
   * author (spec/runs.md, "RunStreamEvent": `message`).
   *
   * @example
   * ThreadMessage.fromContent(event.EventData.value).text; // "Hello"
   */
  static fromContent(content: MessageContent): ThreadMessage {
    return new ThreadMessage(create(MessageSchema, { content }), true);
  }

  /** The text, so a message prints as what it says. */
  toString(): string {
    return this.text;
  }
}
