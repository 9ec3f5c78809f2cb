/**
 * RunError: the error of a failed run or of an ERROR stream event.
 *
 * @module
 */
import type { Error as ErrorMessage } from "@yc-assistants/types/common";
import { defineInt64, int64Json } from "./int64-number.js";
import { defineViewMethods } from "./plain-view.js";

/** What `JSON.stringify(error)` writes. */
export interface RunErrorJson {
  readonly message: string;
  /** The code (an int64 beyond 2^53 − 1 as its exact decimal string). */
  readonly code: number | string;
}

/**
 * Why a run failed: the server's message and its numeric code.
 *
 * spec/runs.md, "RunResult": keep the numeric `code` too (better: the Python SDK drops it),
 * as a plain `number` (`error.code === 13`). It is int64 on the wire and never rounded: a code
 * above 2^53 − 1 throws `ConnectError(Code.OutOfRange)` naming `error.code` when read; its
 * exact `bigint` is `error.proto.code`.
 *
 * @example
 * if (result.isFailed) console.error(`${result.error?.message} (code ${result.error?.code})`);
 */
export interface RunError {
  /** The server's error text, e.g. "failed to fit messages within ... of 1 tokens". */
  readonly message: string;
  /** The server's error code (int64 on the wire). */
  readonly code: number;
  /** The raw `yandex.cloud.ai.common.Error` message (not enumerable). */
  readonly proto: ErrorMessage;
  /** `{ message, code }` as JSON. */
  toJSON(): RunErrorJson;
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
  const view = { message: error.message };
  defineInt64(view, "code", error.code, "error.code", "error.proto.code");
  const json = (): RunErrorJson => ({ message: error.message, code: int64Json(error.code) });
  defineViewMethods(view, "RunError", json, error);
  return Object.freeze(view) as RunError;
}
