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

/** Reads a number-like getter: its decimal string, or the message of what reading it threw. */
function readNumber(get: () => bigint | number | string | undefined): {
  value?: string;
  error?: string;
} {
  try {
    const v = get();
    return v === undefined ? {} : { value: String(v) };
  } catch (e) {
    return { error: errorText(e) };
  }
}

function errorToProto(e: RunErrorLike | undefined) {
  if (e === undefined) return undefined;
  // run-results/error-code-int64-precision: a code beyond 2^53 - 1 may throw when read.
  const code = readNumber(() => e.code as bigint | number | string | undefined);
  return {
    $typeName: "ycassistants.conformance.v1.RunError" as const,
    message: e.message,
    ...(code.value !== undefined ? { code: code.value } : {}),
    ...(code.error !== undefined ? { codeError: code.error } : {}),
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
    // run-results/usage-int64-precision: a count beyond 2^53 - 1 may throw when read.
    const input = readNumber(() => u.inputTextTokens);
    const completion = readNumber(() => u.completionTokens);
    const total = readNumber(() => u.totalTokens);
    out.usage = {
      $typeName: "ycassistants.conformance.v1.Usage",
      inputTextTokens: BigInt(input.value ?? 0),
      completionTokens: BigInt(completion.value ?? 0),
      totalTokens: BigInt(total.value ?? 0),
      ...(input.error !== undefined ? { inputTextTokensError: input.error } : {}),
      ...(completion.error !== undefined ? { completionTokensError: completion.error } : {}),
      ...(total.error !== undefined ? { totalTokensError: total.error } : {}),
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

/** A RunError message as the client's error (a recorded `code_error` throws when read). */
function errorFromProto(e: RunResult["error"]) {
  if (!e) return undefined;
  const codeError = e.codeError;
  if (codeError !== undefined) {
    return {
      message: e.message,
      get code(): never {
        return thrower(codeError);
      },
    };
  }
  return { message: e.message, ...(e.code !== undefined ? { code: e.code } : {}) };
}

/** A Usage message as the client's usage (a recorded `*_error` throws when read). */
function usageFromProto(u: RunResult["usage"]) {
  if (!u) return undefined;
  const count = (value: bigint, error: string | undefined) => () =>
    error !== undefined ? thrower(error) : value;
  const input = count(u.inputTextTokens, u.inputTextTokensError);
  const completion = count(u.completionTokens, u.completionTokensError);
  const total = count(u.totalTokens, u.totalTokensError);
  return {
    get inputTextTokens() {
      return input();
    },
    get completionTokens() {
      return completion();
    },
    get totalTokens() {
      return total();
    },
  };
}

/** A RunResult message as a result (a recorded `*_error` throws again when read). */
export function resultFromProto(r: RunResult): ResultLike {
  const result = {
    status: statusFromProto(r.status),
    ...(r.status?.raw !== undefined ? { rawStatus: r.status.raw } : {}),
    error: errorFromProto(r.error),
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
    usage: usageFromProto(r.usage),
    ...ownFlags(r.ownFlags),
  };
  return result as ResultLike;
}

/** An Event message as a stream event. */
export function eventFromProto(e: Event): EventLike {
  return {
    status: statusFromProto(e.status),
    ...(e.status?.raw !== undefined ? { rawStatus: e.status.raw } : {}),
    error: errorFromProto(e.error),
    toolCalls: callsFromProto(e.toolCalls),
    text: e.text,
    parts: e.parts,
    cursor: { currentEventIdx: e.cursor },
    delta: e.delta,
    ...ownFlags(e.ownFlags),
  } as EventLike;
}
