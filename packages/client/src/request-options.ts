/**
 * RequestOptions: the per-call options every unary method takes.
 *
 * @module
 */
import { checkOptions, optionalDuration, optionalSignal } from "./validate.js";

/**
 * Options of one call: an AbortSignal (aborting rejects with `Code.Canceled`) and a timeout
 * that replaces the client's `timeoutMs` for this call (`Code.DeadlineExceeded`).
 *
 * @example
 * await client.runs.get(id, { timeoutMs: 5000, signal: controller.signal });
 */
export interface RequestOptions {
  /** Aborts the call; it then rejects with `ConnectError` `Code.Canceled`. */
  signal?: AbortSignal;
  /** Timeout of this call in ms (default: the client's `timeoutMs`). */
  timeoutMs?: number;
}

/** The Connect call options of validated {@link RequestOptions}. */
export interface CallOptionsShape {
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
}

/** Validates `options` (only `signal` and `timeoutMs` plus `extra` keys allowed). */
export function requestOptions(
  options: RequestOptions | undefined,
  field = "options",
  extra: readonly string[] = [],
): CallOptionsShape {
  const o = checkOptions(options, field, ["signal", "timeoutMs", ...extra]);
  return {
    signal: optionalSignal(o.signal, `${field}.signal`),
    timeoutMs: optionalDuration(o.timeoutMs, `${field}.timeoutMs`),
  };
}
