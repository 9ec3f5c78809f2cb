/**
 * MessageInput: how callers write a message (a string, or text with a role and labels), and
 * its mapping to the wire's `MessageData` / `MessageContent`.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import {
  type Author,
  AuthorSchema,
  type MessageContent,
  MessageContentSchema,
  type MessageData,
  MessageDataSchema,
} from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/threads/message_pb";
import { invalidArgument, optionalLabels, optionalString, requireString } from "./validate.js";

/** A message role; the service stores it upper-case (`USER`, `ASSISTANT`). */
export type MessageRole = "user" | "assistant" | "USER" | "ASSISTANT";

/**
 * A message to write: plain text (written as the thread's default author, a user), or text
 * with a role, labels and an explicit author id.
 *
 * @example
 * await thread.write("What is 2 + 2?");
 * await thread.write({ text: "Be brief.", role: "assistant", labels: { source: "seed" } });
 */
export type MessageInput =
  | string
  | {
      /** The message text (required, non-empty). */
      readonly text: string;
      /** Who speaks; upper-cased on the wire. Omitted: the service's default (the user). */
      readonly role?: MessageRole;
      /** The author id; omitted: the thread's default message author. */
      readonly authorId?: string;
      /** Labels stored with the message. */
      readonly labels?: Readonly<Record<string, string>>;
    };

/** The parts of a {@link MessageInput} after validation. */
export interface ParsedMessage {
  /** The single-text-part content. */
  readonly content: MessageContent;
  /** The author, when a role or id was given. */
  readonly author: Author | undefined;
  /** Labels (possibly empty). */
  readonly labels: Record<string, string>;
}

const MESSAGE_KEYS = ["text", "role", "authorId", "labels"];

/** Validates a {@link MessageInput}; errors name `field` (e.g. `additionalMessages[2].text`). */
export function parseMessageInput(input: unknown, field: string): ParsedMessage {
  if (typeof input === "string") {
    requireString(input, field);
    return { content: textContent(input), author: undefined, labels: {} };
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    if (input === undefined) throw invalidArgument(`${field} is required`);
    throw invalidArgument(`${field} must be a string or { text, role?, labels? }`);
  }
  const obj = input as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!MESSAGE_KEYS.includes(key)) {
      throw invalidArgument(
        `${field}.${key} is not a known option (known: ${MESSAGE_KEYS.join(", ")})`,
      );
    }
  }
  const text = requireString(obj.text, `${field}.text`);
  const role = optionalString(obj.role, `${field}.role`);
  if (role !== undefined && !["user", "assistant"].includes(role.toLowerCase())) {
    throw invalidArgument(`${field}.role must be "user" or "assistant", got "${role}"`);
  }
  const authorId = optionalString(obj.authorId, `${field}.authorId`);
  const labels = optionalLabels(obj.labels, `${field}.labels`) ?? {};
  const author =
    role === undefined && authorId === undefined
      ? undefined
      : create(AuthorSchema, { id: authorId ?? "", role: role?.toUpperCase() ?? "" });
  return { content: textContent(text), author, labels };
}

/** A `MessageData` (for `additionalMessages` and thread seeds) from a {@link MessageInput}. */
export function messageData(input: unknown, field: string): MessageData {
  const parsed = parseMessageInput(input, field);
  return create(MessageDataSchema, {
    content: parsed.content,
    author: parsed.author,
    labels: parsed.labels,
  });
}

function textContent(text: string): MessageContent {
  return create(MessageContentSchema, {
    content: [{ PartType: { case: "text", value: { content: text } } }],
  });
}
