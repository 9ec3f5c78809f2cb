/**
 * int64Number / int64Json: how the client shows an int64 of the wire as a plain `number`
 * without ever rounding it. Internal.
 *
 * spec/runs.md, "RunResult" ("plain numbers"): counters, codes and cursor indexes are shown
 * as `number`s; "It never rounds silently: the exact wire value stays reachable on the raw
 * message, and a value above 2^53 − 1 is surfaced, not rounded."
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const MIN = -MAX;

/** Whether `value` converts to a `number` exactly (|value| <= 2^53 − 1). */
export function isSafeInt64(value: bigint): boolean {
  return value <= MAX && value >= MIN;
}

/**
 * The int64 `value` as a `number`. Throws `ConnectError` `Code.OutOfRange` naming `field`
 * when it is beyond ±(2^53 − 1), where a `number` would round it: the surfaced error, never a
 * wrong number (the exact `bigint` stays on the raw message).
 *
 * @example
 * int64Number(6n, "cursor.currentEventIdx"); // 6
 * int64Number(2n ** 60n, "cursor.currentEventIdx"); // throws OutOfRange
 */
export function int64Number(value: bigint, field: string): number {
  if (!isSafeInt64(value)) {
    throw new ConnectError(
      `${field} is ${value}, beyond Number.MAX_SAFE_INTEGER: read the exact value on the raw message`,
      Code.OutOfRange,
    );
  }
  return Number(value);
}

/**
 * The int64 `value` for a JSON view: a `number` when exact, else its decimal string (as
 * proto3 JSON writes every int64), so `JSON.stringify` of a view never throws nor rounds.
 *
 * @example
 * int64Json(7n); // 7
 * int64Json(2n ** 60n); // "1152921504606846976"
 */
export function int64Json(value: bigint): number | string {
  return isSafeInt64(value) ? Number(value) : value.toString();
}
