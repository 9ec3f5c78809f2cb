/**
 * Comparing what the client reported with what a case expects: the fields
 * written in the case first, then, for every field the case leaves out, the
 * reference reading of what the server really sent (reference.ts).
 */
import type {
  EventExpect,
  ResultFields,
  RunErrorExpect,
  StreamExpect,
  ToolCallExpect,
  UsageExpect,
} from "./case-schema.js";
import type {
  ObservedEvent,
  ObservedResult,
  ObservedStatus,
  ObservedToolCall,
  Read,
} from "./observe.js";
import type {
  RefEvent,
  RefResult,
  RefRunError,
  RefStatus,
  RefToolCall,
  RefUsage,
} from "./reference.js";

/** Status fields a case may write. */
type StatusExpectFields = Pick<
  ResultFields,
  "status" | "value" | "isRunning" | "isSucceeded" | "isFailed" | "isFinished" | "statusName"
>;

/** Nothing skipped: every field is compared. */
const NO_SKIP: ReadonlySet<string> = new Set();

const show = (v: unknown): string =>
  v === undefined
    ? "nothing"
    : (JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)) ?? String(v));

function same(a: unknown, b: unknown): boolean {
  return show(a) === show(b);
}

/** Deep equality of JSON-like values where numbers compare by value (5 === 5.0). */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (
    a &&
    b &&
    typeof a === "object" &&
    typeof b === "object" &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const ka = Object.keys(a as object).sort();
    const kb = Object.keys(b as object).sort();
    return (
      same(ka, kb) &&
      ka.every((k) =>
        sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return a === b;
}

/** Compares one status member with the expected fields (explicit, else the reference). */
export function checkStatus(
  label: string,
  observed: ObservedStatus,
  explicit: StatusExpectFields | undefined,
  ref: RefStatus | undefined,
  skip: ReadonlySet<string> = NO_SKIP,
): string[] {
  const out: string[] = [];
  const expected = {
    name: explicit?.status ?? ref?.name,
    value: explicit?.value ?? ref?.value,
    isRunning: explicit?.isRunning ?? ref?.isRunning,
    isSucceeded: explicit?.isSucceeded ?? ref?.isSucceeded,
    isFailed: explicit?.isFailed ?? ref?.isFailed,
    isFinished: explicit?.isFinished ?? ref?.isFinished,
    statusName: explicit?.statusName ?? ref?.statusName,
  };
  for (const [key, want] of Object.entries(expected)) {
    if (want === undefined || skip.has(key)) continue;
    const got = observed[key as keyof typeof expected];
    if (!same(want, got)) out.push(`${label}.${key}: expected ${show(want)}, got ${show(got)}`);
    // The result/event object's own helper flags must agree with its member.
    if (key !== "name" && key !== "value" && key in observed.own) {
      const own = observed.own[key as keyof ObservedStatus["own"]];
      if (!same(want, own))
        out.push(`${label} helper ${key}: expected ${show(want)}, got ${show(own)}`);
    }
  }
  // spec/runs.md: unknown values "map to UNKNOWN and keep their raw number available".
  if (ref && ref.name === "UNKNOWN" && !skip.has("raw") && observed.raw !== ref.raw) {
    out.push(`${label}: the raw wire number ${ref.raw} is not kept (got ${show(observed.raw)})`);
  }
  return out;
}

function checkRunError(
  label: string,
  got: ObservedResult["error"],
  explicit: RunErrorExpect | null | undefined,
  ref: RefRunError | undefined,
  useRef: boolean,
): string[] {
  if (explicit === null || (explicit === undefined && useRef && ref === undefined)) {
    return got === undefined ? [] : [`${label}: expected no error, got ${show(got)}`];
  }
  if (explicit === undefined && !useRef) return [];
  if (got === undefined) return [`${label}: expected an error, got none`];
  const out: string[] = [];
  const message = explicit?.message ?? (explicit ? undefined : ref?.message);
  if (message !== undefined && got.message !== message) {
    out.push(`${label}.message: expected ${show(message)}, got ${show(got.message)}`);
  }
  if (explicit?.messageContains !== undefined && !got.message.includes(explicit.messageContains)) {
    out.push(
      `${label}.message: expected to contain ${show(explicit.messageContains)}, got ${show(got.message)}`,
    );
  }
  const code =
    explicit?.code !== undefined ? String(explicit.code) : explicit ? undefined : ref?.code;
  if (code !== undefined) {
    const wrong =
      got.code === undefined
        ? `${label}.code: expected ${code} (the numeric code must be kept), got none`
        : int64Mismatch(`${label}.code`, "code", got.code, code);
    if (wrong !== undefined) out.push(wrong);
  }
  return out;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * spec/runs.md, "RunResult" (usage): token counts and the error code are plain numbers, never
 * rounded; "a value above 2^53 − 1 is surfaced, not rounded". So a value within ±(2^53 − 1)
 * must read as exactly `want`; one beyond may read exactly (a bigint or string) or throw an
 * error that names `field` (this client: `ConnectError(Code.OutOfRange)`), but never read as
 * another (rounded) number. `undefined` when `got` is right.
 */
export function int64Mismatch(
  label: string,
  field: string,
  got: Read<string>,
  want: string,
): string | undefined {
  const wanted = BigInt(want);
  const beyond = wanted > MAX_SAFE || wanted < -MAX_SAFE;
  if (got.ok) {
    if (got.value === want) return undefined;
    const rule = beyond
      ? " (beyond 2^53 - 1: the exact value, or an error naming the field; never a rounded number)"
      : "";
    return `${label}: expected ${want}${rule}, got ${got.value}`;
  }
  if (!beyond) return `${label}: expected ${want}, reading it threw: ${got.error}`;
  if (!got.error.includes(field)) {
    return `${label}: ${want} is beyond 2^53 - 1; reading it may throw, but the error must name ${field}, got: ${got.error}`;
  }
  return undefined;
}

function checkToolCalls(
  label: string,
  got: ObservedToolCall[] | undefined,
  explicit: ToolCallExpect[] | null | undefined,
  ref: RefToolCall[] | undefined,
  useRef: boolean,
): string[] {
  const want = explicit === null ? undefined : (explicit ?? (useRef ? ref : undefined));
  if (explicit === undefined && !useRef) return [];
  if (want === undefined) {
    // spec: "absent when empty (never an empty list)".
    return got === undefined ? [] : [`${label}: expected none (absent), got ${show(got)}`];
  }
  if (got === undefined) return [`${label}: expected ${want.length} call(s), got none`];
  if (got.length !== want.length)
    return [`${label}: expected ${want.length} call(s), got ${got.length}`];
  const out: string[] = [];
  want.forEach((w, i) => {
    const g = got[i] as ObservedToolCall;
    if (g.name !== w.name)
      out.push(`${label}[${i}].name: expected ${show(w.name)}, got ${show(g.name)}`);
    if (w.arguments !== undefined && !sameJson(w.arguments, g.arguments)) {
      out.push(`${label}[${i}].arguments: expected ${show(w.arguments)}, got ${show(g.arguments)}`);
    }
  });
  return out;
}

function checkUsage(
  label: string,
  got: ObservedResult["usage"],
  explicit: UsageExpect | null | undefined,
  ref: RefUsage | undefined,
  useRef: boolean,
): string[] {
  if (explicit === undefined && !useRef) return [];
  const want = explicit === null ? undefined : (explicit ?? ref);
  if (want === undefined)
    return got === undefined ? [] : [`${label}: expected none, got ${show(got)}`];
  if (got === undefined) return [`${label}: expected ${show(want)}, got none`];
  const out: string[] = [];
  for (const k of ["inputTextTokens", "completionTokens", "totalTokens"] as const) {
    const wrong = int64Mismatch(`${label}.${k}`, k, got[k], want[k]);
    if (wrong !== undefined) out.push(wrong);
  }
  return out;
}

/**
 * The part a RunResult and a stream event share: status (with its flags), error and tool
 * calls, each from the explicit expectation or else the reference reading.
 */
function checkOutcome(
  label: string,
  observed: {
    status: ObservedStatus;
    error: ObservedResult["error"];
    toolCalls: ObservedToolCall[] | undefined;
  },
  explicit:
    | (StatusExpectFields & {
        error?: RunErrorExpect | null;
        toolCalls?: ToolCallExpect[] | null;
      })
    | undefined,
  ref: { status: RefStatus; error?: RefRunError; toolCalls?: RefToolCall[] } | undefined,
  skip: ReadonlySet<string>,
): string[] {
  const useRef = ref !== undefined;
  const out = checkStatus(`${label}.status`, observed.status, explicit, ref?.status, skip);
  out.push(...checkRunError(`${label}.error`, observed.error, explicit?.error, ref?.error, useRef));
  out.push(
    ...checkToolCalls(
      `${label}.toolCalls`,
      observed.toolCalls,
      explicit?.toolCalls,
      ref?.toolCalls,
      useRef,
    ),
  );
  return out;
}

/**
 * Compares a RunResult. `ref` is the reference reading of the Run the server
 * sent (undefined when the step saw none); explicit fields win.
 */
export function checkResult(
  label: string,
  observed: ObservedResult,
  explicit: ResultFields | undefined,
  ref: RefResult | undefined,
  skip: ReadonlySet<string> = NO_SKIP,
): string[] {
  const useRef = ref !== undefined;
  const out = checkOutcome(label, observed, explicit, ref, skip);
  if (!skip.has("usage"))
    out.push(...checkUsage(`${label}.usage`, observed.usage, explicit?.usage, ref?.usage, useRef));

  const throws = explicit?.messageThrows ?? ref?.messageThrows;
  if (throws === true) {
    // spec: reading the message of a FAILED result is an error, "as are text, parts, citations".
    for (const k of ["message", "text", "parts", "citations"] as const) {
      if (observed[k].ok)
        out.push(`${label}.${k}: reading it on a failed result must throw, it did not`);
    }
    return out;
  }
  if (throws === false) {
    for (const k of ["text", "parts", "citations"] as const) {
      const r = observed[k];
      if (!r.ok)
        out.push(`${label}.${k}: must not throw on a result that did not fail, threw: ${r.error}`);
    }
    if (ref?.hasMessage && !(observed.message.ok && observed.message.value)) {
      out.push(
        `${label}.message: expected the completed message, got ${observed.message.ok ? "none" : "an error"}`,
      );
    }
  }
  const text = observed.text.ok ? observed.text.value : undefined;
  const wantText = explicit?.text !== undefined ? (explicit.text ?? undefined) : ref?.text;
  if ((explicit?.text !== undefined || useRef) && observed.text.ok && !same(wantText, text)) {
    out.push(`${label}.text: expected ${show(wantText)}, got ${show(text)}`);
  }
  if (explicit?.textContains !== undefined && !(text ?? "").includes(explicit.textContains)) {
    out.push(
      `${label}.text: expected to contain ${show(explicit.textContains)}, got ${show(text)}`,
    );
  }
  const wantParts = skip.has("parts") ? undefined : (explicit?.parts ?? ref?.parts);
  if (wantParts !== undefined && observed.parts.ok && !same(wantParts, observed.parts.value)) {
    out.push(`${label}.parts: expected ${show(wantParts)}, got ${show(observed.parts.value)}`);
  }
  const wantCitations = skip.has("citations") ? undefined : (explicit?.citations ?? ref?.citations);
  if (
    wantCitations !== undefined &&
    observed.citations.ok &&
    observed.citations.value !== wantCitations
  ) {
    out.push(`${label}.citations: expected ${wantCitations}, got ${observed.citations.value}`);
  }
  return out;
}

/** Compares one stream event (explicit fields win over the reference). */
export function checkEvent(
  label: string,
  observed: ObservedEvent,
  explicit: EventExpect | undefined,
  ref: RefEvent | undefined,
  skip: ReadonlySet<string> = NO_SKIP,
): string[] {
  const useRef = ref !== undefined;
  const out = checkOutcome(label, observed, explicit, ref, skip);
  const wantText = explicit?.text !== undefined ? (explicit.text ?? undefined) : ref?.text;
  if ((explicit?.text !== undefined || useRef) && !same(wantText, observed.text)) {
    out.push(`${label}.text: expected ${show(wantText)}, got ${show(observed.text)}`);
  }
  if (
    explicit?.textContains !== undefined &&
    !(observed.text ?? "").includes(explicit.textContains)
  ) {
    out.push(
      `${label}.text: expected to contain ${show(explicit.textContains)}, got ${show(observed.text)}`,
    );
  }
  // An event without text has no delta: "" and absent are the same.
  const norm = (d: string | null | undefined) => (d === "" || d === null ? undefined : d);
  const wantDelta = explicit?.delta !== undefined ? explicit.delta : ref?.delta;
  if (
    !skip.has("delta") &&
    (explicit?.delta !== undefined || useRef) &&
    norm(wantDelta) !== norm(observed.delta)
  ) {
    out.push(
      `${label}.delta: expected ${show(norm(wantDelta))}, got ${show(norm(observed.delta))}`,
    );
  }
  const wantCursor = explicit?.cursor ?? ref?.cursor;
  if (wantCursor !== undefined && observed.cursor !== wantCursor) {
    out.push(`${label}.cursor: expected ${wantCursor}, got ${observed.cursor}`);
  }
  return out;
}

/** Compares the events of a listen/attach with the case's and the reference's. */
export function checkEvents(
  label: string,
  observed: readonly ObservedEvent[],
  explicit: StreamExpect | undefined,
  ref: readonly RefEvent[] | undefined,
  skip: ReadonlySet<string> = NO_SKIP,
): string[] {
  const out: string[] = [];
  const count = explicit?.count ?? explicit?.events?.length ?? ref?.length;
  if (count !== undefined && observed.length !== count) {
    const got = observed.map((e) => `${e.status.name}@${e.cursor}`).join(", ");
    out.push(`${label}: expected ${count} event(s), got ${observed.length} [${got}]`);
  }
  if (
    explicit?.statuses &&
    !same(
      explicit.statuses,
      observed.map((e) => e.status.name),
    )
  ) {
    out.push(
      `${label} statuses: expected ${show(explicit.statuses)}, got ${show(observed.map((e) => e.status.name))}`,
    );
  }
  if (
    explicit?.cursors &&
    !same(
      explicit.cursors,
      observed.map((e) => e.cursor),
    )
  ) {
    out.push(
      `${label} cursors: expected ${show(explicit.cursors)}, got ${show(observed.map((e) => e.cursor))}`,
    );
  }
  if (explicit?.text !== undefined) {
    const last = observed[observed.length - 1]?.text;
    if (!same(explicit.text ?? undefined, last)) {
      out.push(
        `${label}: expected the last event's text ${show(explicit.text)}, got ${show(last)}`,
      );
    }
  }
  for (const [which, want, got] of [
    ["first", explicit?.first, observed[0]],
    ["last", explicit?.last, observed[observed.length - 1]],
  ] as const) {
    if (want === undefined) continue;
    if (got === undefined) out.push(`${label} ${which} event: expected ${show(want)}, got none`);
    else out.push(...checkEvent(`${label} ${which} event`, got, want, undefined, skip));
  }
  const n = Math.min(observed.length, Math.max(explicit?.events?.length ?? 0, ref?.length ?? 0));
  for (let i = 0; i < n; i++) {
    out.push(
      ...checkEvent(
        `${label}[${i}]`,
        observed[i] as ObservedEvent,
        explicit?.events?.[i],
        ref?.[i],
        skip,
      ),
    );
  }
  return out;
}
