/**
 * What the client under test reported, read through its public properties
 * only and turned into plain data that the checks compare and the reports
 * print. The `...Like` interfaces are the part of the client's API the suite
 * reads; runner hooks may hand back any object of these shapes (that is how
 * the mutation tests build a client with a wrong mapping).
 */

/** The part of a RunStatus / StreamEvent member the suite reads. */
export interface StatusLike {
  readonly name: string;
  readonly value: number;
  readonly isRunning: boolean;
  readonly isSucceeded: boolean;
  readonly isFailed: boolean;
  readonly isFinished: boolean;
  readonly statusName: string;
}

/** A run error as the client reports it. */
export interface RunErrorLike {
  readonly message: string;
  readonly code?: bigint | number | string;
}

/** A tool call as the client reports it. */
export interface ToolCallLike {
  readonly name: string;
  readonly arguments: unknown;
}

/** The part of a RunResult the suite reads. */
export interface ResultLike {
  readonly status: StatusLike;
  /** The raw wire number (kept for UNKNOWN). */
  readonly rawStatus?: number;
  readonly error: RunErrorLike | undefined;
  readonly toolCalls: readonly ToolCallLike[] | undefined;
  readonly message: unknown;
  readonly text: string | undefined;
  readonly parts: readonly string[];
  readonly citations: readonly unknown[];
  readonly usage:
    | {
        readonly inputTextTokens: bigint | number | string;
        readonly completionTokens: bigint | number | string;
        readonly totalTokens: bigint | number | string;
      }
    | undefined;
  readonly isRunning?: boolean;
  readonly isSucceeded?: boolean;
  readonly isFailed?: boolean;
  readonly isFinished?: boolean;
  readonly statusName?: string;
}

/** The part of a RunStreamEvent the suite reads. */
export interface EventLike {
  readonly status: StatusLike;
  readonly rawStatus?: number;
  readonly error: RunErrorLike | undefined;
  readonly toolCalls: readonly ToolCallLike[] | undefined;
  readonly text: string | undefined;
  readonly parts: readonly string[];
  readonly cursor: {
    readonly currentEventIdx: bigint | number;
    readonly numUserEventsReceived?: bigint | number;
  };
  readonly delta: string | undefined;
  readonly isRunning?: boolean;
  readonly isSucceeded?: boolean;
  readonly isFailed?: boolean;
  readonly isFinished?: boolean;
  readonly statusName?: string;
}

/** A value read from the client, or the fact that reading it threw. */
export type Read<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

function read<T>(get: () => T): Read<T> {
  try {
    return { ok: true, value: get() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** A status member as plain data. */
export interface ObservedStatus {
  readonly name: string;
  readonly value: number;
  readonly raw: number | undefined;
  readonly isRunning: boolean;
  readonly isSucceeded: boolean;
  readonly isFailed: boolean;
  readonly isFinished: boolean;
  readonly statusName: string;
  /** The helper flags of the result/event object itself, when it has them. */
  readonly own: Partial<
    Record<"isRunning" | "isSucceeded" | "isFailed" | "isFinished" | "statusName", unknown>
  >;
}

/** A tool call as plain data. */
export interface ObservedToolCall {
  readonly name: string;
  readonly arguments: unknown;
}

/**
 * A run error as plain data. `code` is the decimal string of what the client reported, or
 * the error reading it threw (spec/runs.md: an int64 beyond 2^53 − 1 may be surfaced that way).
 */
export interface ObservedRunError {
  readonly message: string;
  readonly code: Read<string> | undefined;
}

/** Token counts as plain data: each the decimal string reported, or what reading it threw. */
export interface ObservedUsage {
  readonly inputTextTokens: Read<string>;
  readonly completionTokens: Read<string>;
  readonly totalTokens: Read<string>;
}

/** A RunResult as plain data. */
export interface ObservedResult {
  readonly status: ObservedStatus;
  readonly error: ObservedRunError | undefined;
  readonly toolCalls: ObservedToolCall[] | undefined;
  readonly message: Read<boolean>;
  readonly text: Read<string | undefined>;
  readonly parts: Read<string[]>;
  readonly citations: Read<number>;
  readonly usage: ObservedUsage | undefined;
}

/** A RunStreamEvent as plain data. */
export interface ObservedEvent {
  readonly status: ObservedStatus;
  readonly error: ObservedRunError | undefined;
  readonly toolCalls: ObservedToolCall[] | undefined;
  readonly text: string | undefined;
  readonly delta: string | undefined;
  readonly cursor: number;
}

type Flagged = Partial<
  Record<"isRunning" | "isSucceeded" | "isFailed" | "isFinished" | "statusName", unknown>
>;

/** Reads a status member (and the helper flags of the object that carries it). */
export function observeStatus(
  status: StatusLike,
  raw: number | undefined,
  owner?: Flagged,
): ObservedStatus {
  const own: Flagged = {};
  if (owner) {
    for (const k of ["isRunning", "isSucceeded", "isFailed", "isFinished", "statusName"] as const) {
      if (k in owner) own[k] = owner[k];
    }
  }
  return {
    name: String(status.name),
    value: status.value,
    raw,
    isRunning: status.isRunning,
    isSucceeded: status.isSucceeded,
    isFailed: status.isFailed,
    isFinished: status.isFinished,
    statusName: status.statusName,
    own,
  };
}

/** A number-like field as its decimal string, or the error reading it threw. */
function readInt(get: () => bigint | number | string): Read<string> {
  const r = read(get);
  return r.ok ? { ok: true, value: String(r.value) } : r;
}

function observeError(e: RunErrorLike | undefined): ObservedRunError | undefined {
  if (e === undefined) return undefined;
  const code = read(() => e.code);
  if (code.ok && code.value === undefined) return { message: e.message, code: undefined };
  return { message: e.message, code: readInt(() => e.code as bigint | number | string) };
}

function observeCalls(calls: readonly ToolCallLike[] | undefined): ObservedToolCall[] | undefined {
  return calls?.map((c) => ({ name: c.name, arguments: c.arguments }));
}

function observeUsage(u: ResultLike["usage"]): ObservedUsage | undefined {
  if (u === undefined) return undefined;
  return {
    inputTextTokens: readInt(() => u.inputTextTokens),
    completionTokens: readInt(() => u.completionTokens),
    totalTokens: readInt(() => u.totalTokens),
  };
}

/** Reads a RunResult. */
export function observeResult(r: ResultLike): ObservedResult {
  return {
    status: observeStatus(r.status, r.rawStatus, r),
    error: observeError(r.error),
    toolCalls: observeCalls(r.toolCalls),
    message: read(() => r.message !== undefined),
    text: read(() => r.text),
    parts: read(() => [...r.parts]),
    citations: read(() => r.citations.length),
    usage: observeUsage(r.usage),
  };
}

/** Reads a RunStreamEvent. */
export function observeEvent(e: EventLike): ObservedEvent {
  return {
    status: observeStatus(e.status, e.rawStatus, e),
    error: observeError(e.error),
    toolCalls: observeCalls(e.toolCalls),
    text: e.text,
    delta: e.delta,
    cursor: Number(e.cursor.currentEventIdx),
  };
}
