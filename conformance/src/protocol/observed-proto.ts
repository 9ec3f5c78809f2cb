/**
 * What a client observed, both ways across the protocol (PROTOCOL.md, "StepResponse"): an
 * adapter turns its client's results, events and statuses into `RunResult` / `Event` /
 * `Status` messages (`*ToProto`, read through the client's public properties, a throwing getter
 * recorded as `*_error`); the runner turns them back into the `...Like` shapes of observe.ts
 * (`*FromProto`), so the same checks judge every client.
 */
import { create, type JsonObject } from "@bufbuild/protobuf";
import {
  type Event,
  EventSchema,
  type Flags,
  FlagsSchema,
  type RunResult,
  RunResultSchema,
  type Status,
  StatusSchema,
  type ToolCalls,
} from "../gen/ycassistants/conformance/v1/client_under_test_pb.js";
import type { EventLike, ResultLike, RunErrorLike, StatusLike, ToolCallLike } from "../observe.js";

const FLAG_KEYS = ["isRunning", "isSucceeded", "isFailed", "isFinished", "statusName"] as const;

/** A citation as our client (and the runner's checks) shape it. */
interface CitationLike {
  readonly sources: readonly {
    readonly searchIndex?: { readonly id: string } | undefined;
    readonly file?: { readonly id: string } | undefined;
    readonly text: string;
  }[];
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The helper flags an object has (absent ones stay absent). */
export function flagsToProto(owner: object): Flags | undefined {
  const o = owner as Partial<Record<(typeof FLAG_KEYS)[number], unknown>>;
  if (!FLAG_KEYS.some((k) => k in o)) return undefined;
  const flags = create(FlagsSchema);
  if (typeof o.isRunning === "boolean") flags.isRunning = o.isRunning;
  if (typeof o.isSucceeded === "boolean") flags.isSucceeded = o.isSucceeded;
  if (typeof o.isFailed === "boolean") flags.isFailed = o.isFailed;
  if (typeof o.isFinished === "boolean") flags.isFinished = o.isFinished;
  if (typeof o.statusName === "string") flags.statusName = o.statusName;
  return flags;
}

/** A status member as a Status message. */
export function statusToProto(status: StatusLike, raw: number | undefined): Status {
  return create(StatusSchema, {
    name: String(status.name),
    value: status.value,
    ...(raw !== undefined ? { raw } : {}),
    ...(flagsToProto(status) ? { flags: flagsToProto(status) } : {}),
  });
}

function callsToProto(calls: readonly ToolCallLike[] | undefined): ToolCalls | undefined {
  if (calls === undefined) return undefined;
  return {
    $typeName: "ycassistants.conformance.v1.ToolCalls",
    calls: calls.map((c) => ({
      $typeName: "ycassistants.conformance.v1.ToolCall",
      name: c.name,
      arguments: (c.arguments ?? {}) as JsonObject,
    })),
  };
}

/**
 * An int64 the client shows as a `number`: read it, and when reading throws (our client's
 * rule for a value above 2^53 − 1, spec/runs.md "plain numbers") take the exact `bigint` from
 * the raw message the client keeps reachable (`raw`, e.g. `usage.proto.promptTokens`).
 * Case `run-results/usage-int64-precision`: the exact value, never a rounded one.
 */
function exactInt64(
  read: () => number | bigint | string | undefined,
  raw: () => unknown,
): bigint | undefined {
  try {
    const value = read();
    return value === undefined ? undefined : BigInt(value);
  } catch (e) {
    const exact = raw();
    if (typeof exact === "bigint") return exact;
    throw e;
  }
}

function rawField(owner: unknown, field: string): unknown {
  const proto = (owner as { proto?: Record<string, unknown> } | undefined)?.proto;
  return proto?.[field];
}

function errorToProto(e: RunErrorLike | undefined) {
  if (e === undefined) return undefined;
  const code = exactInt64(
    () => e.code,
    () => rawField(e, "code"),
  );
  return {
    $typeName: "ycassistants.conformance.v1.RunError" as const,
    message: e.message,
    ...(code !== undefined ? { code: String(code) } : {}),
  };
}

/** A run result as a RunResult message (what the client reports, getters that throw kept). */
export function resultToProto(r: ResultLike, runId: string): RunResult {
  const out = create(RunResultSchema, { runId, status: statusToProto(r.status, r.rawStatus) });
  const own = flagsToProto(r);
  if (own) out.ownFlags = own;
  const error = errorToProto(r.error);
  if (error) out.error = error;
  const calls = callsToProto(r.toolCalls);
  if (calls) out.toolCalls = calls;
  try {
    const text = r.text;
    if (text !== undefined) out.text = text;
  } catch (e) {
    out.textError = errorText(e);
  }
  try {
    out.parts = { $typeName: "ycassistants.conformance.v1.Texts", values: [...r.parts] };
  } catch (e) {
    out.partsError = errorText(e);
  }
  try {
    out.hasMessage = r.message !== undefined;
  } catch (e) {
    out.messageError = errorText(e);
  }
  try {
    out.citations = (r.citations as readonly CitationLike[]).map((c) => ({
      $typeName: "ycassistants.conformance.v1.Citation",
      sources: c.sources.map((s) => ({
        $typeName: "ycassistants.conformance.v1.CitationSource",
        searchIndexId: s.searchIndex?.id ?? "",
        fileId: s.file?.id ?? "",
        text: s.text,
      })),
    }));
  } catch (e) {
    out.citationsError = errorText(e);
  }
  const u = r.usage;
  if (u) {
    out.usage = {
      $typeName: "ycassistants.conformance.v1.Usage",
      inputTextTokens:
        exactInt64(
          () => u.inputTextTokens,
          () => rawField(u, "promptTokens"),
        ) ?? 0n,
      completionTokens:
        exactInt64(
          () => u.completionTokens,
          () => rawField(u, "completionTokens"),
        ) ?? 0n,
      totalTokens:
        exactInt64(
          () => u.totalTokens,
          () => rawField(u, "totalTokens"),
        ) ?? 0n,
    };
  }
  return out;
}

/** A stream event as an Event message. */
export function eventToProto(e: EventLike): Event {
  const out = create(EventSchema, {
    status: statusToProto(e.status, e.rawStatus),
    cursor: BigInt(e.cursor.currentEventIdx),
    parts: [...e.parts],
  });
  const own = flagsToProto(e);
  if (own) out.ownFlags = own;
  const error = errorToProto(e.error);
  if (error) out.error = error;
  const calls = callsToProto(e.toolCalls);
  if (calls) out.toolCalls = calls;
  if (e.text !== undefined) out.text = e.text;
  if (e.delta !== undefined) out.delta = e.delta;
  return out;
}

/** A Status message as a status member (absent flags stay absent). */
export function statusFromProto(s: Status | undefined): StatusLike {
  const f = s?.flags;
  return {
    name: s?.name ?? "",
    value: s?.value ?? 0,
    isRunning: f?.isRunning as boolean,
    isSucceeded: f?.isSucceeded as boolean,
    isFailed: f?.isFailed as boolean,
    isFinished: f?.isFinished as boolean,
    statusName: f?.statusName as string,
  };
}

function ownFlags(f: Flags | undefined): Partial<Record<(typeof FLAG_KEYS)[number], unknown>> {
  if (!f) return {};
  const out: Partial<Record<(typeof FLAG_KEYS)[number], unknown>> = {};
  if (f.isRunning !== undefined) out.isRunning = f.isRunning;
  if (f.isSucceeded !== undefined) out.isSucceeded = f.isSucceeded;
  if (f.isFailed !== undefined) out.isFailed = f.isFailed;
  if (f.isFinished !== undefined) out.isFinished = f.isFinished;
  if (f.statusName !== undefined) out.statusName = f.statusName;
  return out;
}

function callsFromProto(c: ToolCalls | undefined): ToolCallLike[] | undefined {
  return c?.calls.map((x) => ({ name: x.name, arguments: x.arguments ?? {} }));
}

function thrower(message: string): never {
  throw new Error(message);
}

/** A RunResult message as a result (a recorded `*_error` throws again when read). */
export function resultFromProto(r: RunResult): ResultLike {
  const result = {
    status: statusFromProto(r.status),
    ...(r.status?.raw !== undefined ? { rawStatus: r.status.raw } : {}),
    error: r.error && {
      message: r.error.message,
      ...(r.error.code !== undefined ? { code: r.error.code } : {}),
    },
    toolCalls: callsFromProto(r.toolCalls),
    get message(): unknown {
      return r.messageError !== undefined ? thrower(r.messageError) : r.hasMessage || undefined;
    },
    get text(): string | undefined {
      return r.textError !== undefined ? thrower(r.textError) : r.text;
    },
    get parts(): readonly string[] {
      return r.partsError !== undefined ? thrower(r.partsError) : (r.parts?.values ?? []);
    },
    get citations(): readonly unknown[] {
      if (r.citationsError !== undefined) thrower(r.citationsError);
      return r.citations.map(
        (c): CitationLike => ({
          sources: c.sources.map((s) => ({
            ...(s.searchIndexId ? { searchIndex: { id: s.searchIndexId } } : {}),
            ...(s.fileId ? { file: { id: s.fileId } } : {}),
            text: s.text,
          })),
        }),
      );
    },
    usage: r.usage && {
      inputTextTokens: r.usage.inputTextTokens,
      completionTokens: r.usage.completionTokens,
      totalTokens: r.usage.totalTokens,
    },
    ...ownFlags(r.ownFlags),
  };
  return result as ResultLike;
}

/** An Event message as a stream event. */
export function eventFromProto(e: Event): EventLike {
  return {
    status: statusFromProto(e.status),
    ...(e.status?.raw !== undefined ? { rawStatus: e.status.raw } : {}),
    error: e.error && {
      message: e.error.message,
      ...(e.error.code !== undefined ? { code: e.error.code } : {}),
    },
    toolCalls: callsFromProto(e.toolCalls),
    text: e.text,
    parts: e.parts,
    cursor: { currentEventIdx: e.cursor },
    delta: e.delta,
    ...ownFlags(e.ownFlags),
  } as EventLike;
}
