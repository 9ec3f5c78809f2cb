/**
 * int64 wire values shown as plain `number`s, never rounded.
 *
 * spec/runs.md, "RunResult" (`usage`): token counts, the error `code` and cursor indexes are
 * plain `number`s (`=== 13`, `+ 1`, `JSON.stringify`); the exact wire value stays reachable on
 * the raw message; a value above 2^53 − 1 is surfaced, not rounded. The rule of this client
 * (shared with the stream event cursors): reading such a field throws
 * `ConnectError(Code.OutOfRange)` naming the field and where its exact `bigint` is, while
 * `toJSON()` writes it as its exact decimal string (as proto3 JSON writes every int64) and
 * `util.inspect` shows it, so printing or logging a result never throws.
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";

/** Whether `value` converts to a `number` exactly (|value| ≤ 2^53 − 1). */
export function isSafeInt64(value: bigint): boolean {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);
}

/**
 * The error of an int64 that does not fit a `number`: `Code.OutOfRange`, naming `field` and
 * `exactAt`, the raw message field holding the exact `bigint`.
 *
 * @example
 * throw int64OutOfRange(2n ** 63n - 1n, "usage.totalTokens", "usage.proto.totalTokens");
 */
export function int64OutOfRange(value: bigint, field: string, exactAt: string): ConnectError {
  return new ConnectError(
    `${field} is ${value} on the wire, beyond Number.MAX_SAFE_INTEGER (2^53 - 1), so it has no exact number: read the exact int64 from ${exactAt}`,
    Code.OutOfRange,
  );
}

/**
 * `value` as a `number`, or throws {@link int64OutOfRange} when it would be rounded.
 *
 * @example
 * int64ToNumber(114n, "usage.totalTokens", "usage.proto.totalTokens"); // 114
 */
export function int64ToNumber(value: bigint, field: string, exactAt: string): number {
  if (!isSafeInt64(value)) throw int64OutOfRange(value, field, exactAt);
  return Number(value);
}

/**
 * The JSON form of an int64: a `number` when exact, else its decimal string (proto3 JSON's
 * form of every int64), so `JSON.stringify` neither throws nor rounds.
 *
 * @example
 * int64Json(114n); // 114
 * int64Json(2n ** 63n - 1n); // "9223372036854775807"
 */
export function int64Json(value: bigint): number | string {
  return isSafeInt64(value) ? Number(value) : value.toString();
}

/**
 * Defines `key` on `target` as an enumerable, read-only `number`: a plain value when exact,
 * else a getter that throws {@link int64OutOfRange} (so the object still lists the field).
 *
 * @example
 * defineInt64(view, "code", error.code, "error.code", "error.proto.code");
 */
export function defineInt64(
  target: object,
  key: string,
  value: bigint,
  field: string,
  exactAt: string,
): void {
  if (isSafeInt64(value)) {
    Object.defineProperty(target, key, { value: Number(value), enumerable: true });
    return;
  }
  Object.defineProperty(target, key, {
    enumerable: true,
    get: () => {
      throw int64OutOfRange(value, field, exactAt);
    },
  });
}
