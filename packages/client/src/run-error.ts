/**
 * RunError: the error of a failed run or of an ERROR stream event.
 *
 * @module
 */
import type { Error as ErrorMessage } from "@yc-assistants/types/common";

/**
 * Why a run failed: the server's message and its numeric code.
 *
 * spec/runs.md, "RunResult": keep the numeric `code` too (better: the Python SDK drops it).
 * `code` is the wire int64 as a `bigint`, so no value loses precision.
 *
 * @example
 * if (result.isFailed) console.error(`${result.error?.message} (code ${result.error?.code})`);
 */
export interface RunError {
  /** The server's error text, e.g. "failed to fit messages within ... of 1 tokens". */
  readonly message: string;
  /** The server's error code (int64 on the wire). */
  readonly code: bigint;
}

/**
 * Converts a `yandex.cloud.ai.common.Error` into a frozen {@link RunError}; `undefined` in,
 * `undefined` out.
 *
 * @example
 * const error = runErrorFromProto(run.state?.StateData.case === "error" ? run.state.StateData.value : undefined);
 */
export function runErrorFromProto(error: ErrorMessage | undefined): RunError | undefined {
  if (error === undefined) return undefined;
  return Object.freeze({ message: error.message, code: error.code });
}
