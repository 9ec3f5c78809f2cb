/**
 * The pure half of `callRaw` (raw-call-schema.ts): placeholders in requests and expected
 * values, dotted paths into proto JSON, and the checks of a response: `response` (a
 * subset), `present`, `absent`, `same`, `differs`, `durations`, `order`. Kept apart from
 * the network so each rule is unit-tested on plain JSON.
 *
 * @module
 */
import type { JsonValue } from "@bufbuild/protobuf";
import { jsonContains } from "./request-compare.js";

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/**
 * What `{{name}}` stands for: the case's ids (`folder`, `assistant`, …) and the responses
 * saved with `as` (`{{t.id}}`, `{{t.expirationConfig.ttlDays}}`).
 */
export interface PlaceholderScope {
  readonly ids: Readonly<Record<string, string | undefined>>;
  readonly saved: ReadonlyMap<string, JsonValue>;
}

/**
 * The value at a dotted path of proto JSON (`state.status`, `content.content.0.text`), or
 * `undefined` when a part is missing.
 *
 * @example
 * valueAt({ a: { b: [1, 2] } }, "a.b.1"); // 2
 */
export function valueAt(json: JsonValue | undefined, path: string): JsonValue | undefined {
  let cur: JsonValue | undefined = json;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = Array.isArray(cur) ? cur[Number(part)] : cur[part];
  }
  return cur;
}

/** Resolves one placeholder name; throws naming it when the case has no such value. */
function lookup(name: string, scope: PlaceholderScope): JsonValue {
  if (name in scope.ids) {
    const id = scope.ids[name];
    if (id === undefined || id === "")
      throw new Error(`{{${name}}}: the case has no ${name} yet (add a step that makes one)`);
    return id;
  }
  const [alias, ...rest] = name.split(".");
  const saved = scope.saved.get(alias ?? "");
  if (saved === undefined) {
    throw new Error(
      `{{${name}}}: no callRaw saved as "${alias}" (known ids: ${Object.keys(scope.ids).join(", ")})`,
    );
  }
  const value = rest.length === 0 ? saved : valueAt(saved, rest.join("."));
  if (value === undefined)
    throw new Error(`{{${name}}}: the saved response has no ${rest.join(".")}`);
  return value;
}

const WHOLE = /^\{\{([A-Za-z0-9.-]+)\}\}$/;
const INNER = /\{\{([A-Za-z0-9.-]+)\}\}/g;

/**
 * Replaces placeholders in every string of `json`: a string that is one placeholder takes
 * the value as is (an object, a number), others are spliced as text.
 *
 * @example
 * resolvePlaceholders({ threadId: "{{thread}}" }, { ids: { thread: "fvt1" }, saved: new Map() });
 * // { threadId: "fvt1" }
 */
export function resolvePlaceholders(json: JsonValue, scope: PlaceholderScope): JsonValue {
  if (typeof json === "string") {
    const whole = WHOLE.exec(json);
    if (whole) return lookup(whole[1] as string, scope);
    return json.replace(INNER, (_m, name: string) => {
      const v = lookup(name, scope);
      return typeof v === "string" ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(json)) return json.map((v) => resolvePlaceholders(v, scope));
  if (json !== null && typeof json === "object") {
    return Object.fromEntries(
      Object.entries(json).map(([k, v]) => [k, resolvePlaceholders(v, scope)]),
    );
  }
  return json;
}

/** The checks of a `callRaw` response (already-resolved values). */
export interface RawResponseExpect {
  readonly response?: { [key: string]: JsonValue } | undefined;
  readonly present?: readonly string[] | undefined;
  readonly absent?: readonly string[] | undefined;
  readonly same?: readonly (readonly string[])[] | undefined;
  readonly differs?: Readonly<Record<string, JsonValue>> | undefined;
  readonly durations?:
    | readonly { readonly from: string; readonly to: string; readonly seconds: number }[]
    | undefined;
  readonly order?: readonly { readonly earlier: string; readonly later: string }[] | undefined;
}

/** RFC 3339 (up to 9 fractional digits) → nanoseconds since the epoch, exactly. */
export function timestampNanos(value: JsonValue | undefined): bigint | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(value);
  if (!m) return undefined;
  const seconds = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(seconds)) return undefined;
  return BigInt(seconds) * 1_000_000n + BigInt((m[2] ?? "").padEnd(9, "0"));
}

/**
 * Compares a response (proto JSON, defaults omitted) with the expectation; one line per
 * difference, naming the path.
 *
 * @example
 * checkRawResponse({ present: ["createdAt"] }, { id: "x" }); // ["response.createdAt: expected it set, it is absent"]
 */
export function checkRawResponse(expect: RawResponseExpect, json: JsonValue): string[] {
  const out: string[] = [];
  for (const [k, want] of Object.entries(expect.response ?? {})) {
    const got = valueAt(json, k);
    if (!jsonContains(want, got))
      out.push(`response.${k}: expected ${show(want)}, got ${show(got)}`);
  }
  for (const p of expect.present ?? []) {
    if (valueAt(json, p) === undefined) out.push(`response.${p}: expected it set, it is absent`);
  }
  for (const p of expect.absent ?? []) {
    const got = valueAt(json, p);
    if (got !== undefined) out.push(`response.${p}: expected it absent, got ${show(got)}`);
  }
  for (const group of expect.same ?? []) {
    const values = group.map((p) => valueAt(json, p));
    if (values[0] === undefined || values.some((v) => show(v) !== show(values[0]))) {
      out.push(
        `response: expected ${group.join(" = ")}, got ${group.map((p, i) => `${p}=${show(values[i])}`).join(", ")}`,
      );
    }
  }
  for (const [p, other] of Object.entries(expect.differs ?? {})) {
    const got = valueAt(json, p);
    if (got === undefined || show(got) === show(other))
      out.push(`response.${p}: expected a value other than ${show(other)}, got ${show(got)}`);
  }
  for (const d of expect.durations ?? []) {
    const from = timestampNanos(valueAt(json, d.from));
    const to = timestampNanos(valueAt(json, d.to));
    if (from === undefined || to === undefined) {
      out.push(`response: ${d.to} - ${d.from}: both must be Timestamps`);
      continue;
    }
    const want = BigInt(Math.round(d.seconds * 1e9));
    if (to - from !== want) {
      out.push(
        `response: ${d.to} - ${d.from}: expected ${d.seconds} s, got ${Number(to - from) / 1e9} s`,
      );
    }
  }
  for (const o of expect.order ?? []) {
    const earlier = timestampNanos(valueAt(json, o.earlier));
    const later = timestampNanos(valueAt(json, o.later));
    if (earlier === undefined || later === undefined || later < earlier) {
      out.push(
        `response: expected ${o.later} (${show(valueAt(json, o.later))}) not before ${o.earlier} (${show(valueAt(json, o.earlier))})`,
      );
    }
  }
  return out;
}

/** What a `callRaw` of Listen / Attach expects of its events (raw-call-schema.ts). */
export interface RawEventsExpect {
  readonly cursorsFrom?: number | undefined;
  readonly cumulative?: boolean | undefined;
  readonly lastEvent?: string | undefined;
}

/** Events that end a run's log (TOOL_CALLS ends a round only: a Submit continues the log). */
const TERMINAL = new Set(["DONE", "ERROR"]);

function messageText(message: JsonValue | undefined): string {
  const parts = valueAt(message, "content");
  if (!Array.isArray(parts)) return "";
  return parts.map((p) => String(valueAt(p, "text.content") ?? "")).join("");
}

/**
 * Checks the StreamEvents (proto JSON) of a Listen / Attach against spec/runs.md: cursors
 * consecutive from the requested index, cumulative partials, one final event at the end.
 *
 * @example
 * checkRawEvents([{ eventType: "DONE" }], { cursorsFrom: 0, lastEvent: "DONE" }); // []
 */
export function checkRawEvents(events: readonly JsonValue[], expect: RawEventsExpect): string[] {
  const out: string[] = [];
  const types = events.map((e) => String(valueAt(e, "eventType") ?? "EVENT_TYPE_UNSPECIFIED"));
  if (expect.cursorsFrom !== undefined) {
    const cursors = events.map((e) => Number(valueAt(e, "streamCursor.currentEventIdx") ?? 0));
    const want = cursors.map((_c, i) => (expect.cursorsFrom as number) + i);
    if (show(cursors) !== show(want)) {
      out.push(
        `events: cursors ${show(cursors)}, expected ${show(want)} (from the requested index, up by one)`,
      );
    }
  }
  if (expect.lastEvent !== undefined) {
    if (types.length === 0) out.push(`events: none, expected the last to be ${expect.lastEvent}`);
    else if (types[types.length - 1] !== expect.lastEvent)
      out.push(`events: the last is ${types[types.length - 1]}, expected ${expect.lastEvent}`);
    types.slice(0, -1).forEach((t, i) => {
      if (TERMINAL.has(t))
        out.push(`events[${i}]: a terminal event (${t}) before the end of the stream`);
    });
  }
  if (expect.cumulative) {
    let previous = "";
    events.forEach((e, i) => {
      const type = types[i];
      const text =
        type === "PARTIAL_MESSAGE"
          ? messageText(valueAt(e, "partialMessage"))
          : type === "DONE"
            ? messageText(valueAt(e, "completedMessage.content"))
            : undefined;
      if (text === undefined) return;
      if (!text.startsWith(previous)) {
        out.push(
          `events[${i}] (${type}): text ${show(text)} does not extend the previous partial ${show(previous)} (partials are cumulative)`,
        );
      }
      previous = text;
    });
  }
  return out;
}
