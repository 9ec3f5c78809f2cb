import { clone, create, type MessageInitShape } from "@bufbuild/protobuf";
import { type Timestamp, TimestampSchema, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Assistant, AssistantVersion } from "@yc-assistants/types/assistants";
import {
  type ExpirationConfig,
  ExpirationConfig_ExpirationPolicy,
  ExpirationConfigSchema,
} from "@yc-assistants/types/common";
import {
  type Message,
  Message_MessageStatus,
  type MessageContent,
  MessageContentSchema,
  MessageSchema,
  type Thread,
} from "@yc-assistants/types/threads";
import { invalidArgument, notFound } from "../errors.js";
import { IdGenerator } from "./id-generator.js";
import type { RunRecord } from "./run-record.js";

/** An assistant with its version history (one version per Update). */
export interface AssistantRecord {
  assistant: Assistant;
  readonly seq: number;
  readonly versions: { readonly seq: number; readonly version: AssistantVersion }[];
}

/** A thread with its messages (oldest first) and runs. */
export interface ThreadRecord {
  thread: Thread;
  readonly seq: number;
  readonly messages: { readonly seq: number; readonly message: Message }[];
  readonly runs: RunRecord[];
}

/** Days a resource lives when its expiration config does not say (recorded: 7). */
export const DEFAULT_TTL_DAYS = 7n;

/**
 * All data of one emulator instance, in memory. Every change happens
 * synchronously inside one handler call, so concurrent calls always see a
 * consistent state (issue 4: state stays consistent under concurrency).
 */
export class EmulatorState {
  readonly ids: IdGenerator;
  /** The user every resource is "created by" (recorded: an `aje…` id). */
  readonly principal: string;
  readonly assistants = new Map<string, AssistantRecord>();
  readonly threads = new Map<string, ThreadRecord>();
  readonly runs = new Map<string, RunRecord>();
  #seq = 0;

  constructor(
    seed = 0,
    readonly now: () => Date = () => new Date(),
  ) {
    this.ids = new IdGenerator(seed);
    this.principal = this.ids.next("aje");
  }

  /** The next creation sequence number (orders lists, newest first). */
  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  /** The current time as a Timestamp. */
  timestamp(): Timestamp {
    return timestampFromDate(this.now());
  }

  /**
   * The bookkeeping fields every stored resource (assistant, thread) starts
   * with, as recorded: created/updated by and at, the normalised expiration
   * config and `expires_at`.
   */
  resourceFields(expirationConfig: ExpirationConfig | undefined): ResourceFields {
    const now = this.timestamp();
    const expiration = normalizeExpiration(expirationConfig);
    return {
      createdBy: this.principal,
      createdAt: now,
      updatedBy: this.principal,
      updatedAt: now,
      expirationConfig: expiration,
      expiresAt: expiresAt(now, expiration),
    };
  }

  /**
   * Refreshes the bookkeeping fields of a resource after an update: the
   * expiration is normalised again and `expires_at` recomputed from
   * `created_at`; `updated_by`/`updated_at` become now.
   */
  touchResource(resource: ResourceFields): void {
    resource.expirationConfig = normalizeExpiration(resource.expirationConfig);
    resource.expiresAt = expiresAt(resource.createdAt, resource.expirationConfig);
    resource.updatedAt = this.timestamp();
    resource.updatedBy = this.principal;
  }

  getAssistant(id: string): AssistantRecord {
    const record = this.assistants.get(id);
    if (record === undefined) throw notFound("assistant", id);
    return record;
  }

  getThread(id: string): ThreadRecord {
    const record = this.threads.get(id);
    if (record === undefined) throw notFound("thread", id);
    return record;
  }

  getRun(id: string): RunRecord {
    const record = this.runs.get(id);
    if (record === undefined || record.deleted) throw notFound("run", id);
    return record;
  }

  /**
   * Appends a message to a thread, filling what the service fills: id,
   * created by/at, author (the thread's default author and role USER when
   * absent; roles upper-case, as recorded) and status COMPLETED.
   */
  writeMessage(
    thread: ThreadRecord,
    data: {
      author?: { id: string; role: string } | undefined;
      labels?: { [key: string]: string };
      content?: MessageContent | undefined;
    },
  ): Message {
    const message = create(MessageSchema, {
      id: this.ids.next(),
      threadId: thread.thread.id,
      createdBy: this.principal,
      createdAt: this.timestamp(),
      author: {
        id: data.author?.id || thread.thread.defaultMessageAuthorId,
        role: (data.author?.role || "USER").toUpperCase(),
      },
      labels: { ...data.labels },
      status: Message_MessageStatus.COMPLETED,
    });
    if (data.content !== undefined) message.content = clone(MessageContentSchema, data.content);
    thread.messages.push({ seq: this.nextSeq(), message });
    return message;
  }

  /** Removes a thread, its messages and its runs; waiting listeners end with NOT_FOUND. */
  deleteThread(record: ThreadRecord): void {
    this.threads.delete(record.thread.id);
    for (const run of record.runs) {
      run.deleted = true;
      this.runs.delete(run.id);
      run.notify();
    }
  }
}

/** The bookkeeping fields shared by the Assistant and Thread messages. */
export interface ResourceFields {
  createdBy: string;
  createdAt?: Timestamp;
  updatedBy: string;
  updatedAt?: Timestamp;
  expirationConfig?: ExpirationConfig;
  expiresAt?: Timestamp;
}

/**
 * The expiration config as the service stores it: policy SINCE_LAST_ACTIVE
 * and 7 days unless the request says otherwise (recorded defaults).
 */
export function normalizeExpiration(config: ExpirationConfig | undefined): ExpirationConfig {
  const out =
    config === undefined ? create(ExpirationConfigSchema) : clone(ExpirationConfigSchema, config);
  if (out.ttlDays < 0n) throw invalidArgument("expiration_config.ttl_days must not be negative");
  if (out.expirationPolicy === ExpirationConfig_ExpirationPolicy.EXPIRATION_POLICY_UNSPECIFIED) {
    out.expirationPolicy = ExpirationConfig_ExpirationPolicy.SINCE_LAST_ACTIVE;
  }
  if (out.ttlDays === 0n) out.ttlDays = DEFAULT_TTL_DAYS;
  return out;
}

/** `created_at` plus the TTL, as recorded (`expires_at` = created + 7 days by default). */
export function expiresAt(createdAt: Timestamp | undefined, config: ExpirationConfig): Timestamp {
  const seconds = (createdAt?.seconds ?? 0n) + config.ttlDays * 86_400n;
  return create(TimestampSchema, { seconds, nanos: createdAt?.nanos ?? 0 });
}

/** Text of a message: its text parts joined with a newline. */
export function messageText(message: Message | MessageInitShape<typeof MessageSchema>): string {
  const parts: string[] = [];
  for (const part of message.content?.content ?? []) {
    if (part.PartType?.case === "text") parts.push(part.PartType.value.content ?? "");
  }
  return parts.join("\n");
}
