/**
 * Operation polling: waits for any long-running `yandex.cloud.operation.Operation` to be done,
 * by polling `OperationService/Get` with a growing interval, under one deadline and abort
 * signal, and turns a failed operation's `google.rpc.Status` into a `ConnectError`.
 *
 * The schema sheet (`assistants-v1-full.md`, "Long-running calls"): `SearchIndexService/Create`
 * and `SearchIndexFileService/BatchCreate` answer with an Operation; the client polls
 * `OperationService/Get` until `done`, then reads `response` (or `error`). The recordings
 * (`yandex-recorded-files`, README) show `done` after one or two polls, 1–10 s later.
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";
import type { Operation as OperationMessage, Status } from "@yc-assistants/types/operation";
import { Deadline } from "./deadline.js";
import { checkOptions, optionalDelay, optionalNumber } from "./validate.js";

/** The first pause between two polls, in ms (issue 9 brief: start ~100–250 ms). */
export const DEFAULT_OPERATION_POLL_INITIAL_MS = 200;
/** Each pause is the previous one times this (issue 9 brief: ×1.5). */
export const DEFAULT_OPERATION_POLL_MULTIPLIER = 1.5;
/** The longest pause between two polls, in ms (issue 9 brief: cap ~2 s). */
export const DEFAULT_OPERATION_POLL_MAX_MS = 2_000;
/**
 * How long `wait()` waits for an operation in all, by default (10 minutes): indexing many or
 * large files takes minutes; a wait that never ends would hide a stuck operation.
 */
export const DEFAULT_OPERATION_TIMEOUT_MS = 600_000;

/**
 * Options of waiting for an operation.
 *
 * @example
 * await operation.wait({ timeoutMs: 60_000, signal: controller.signal });
 */
export interface OperationWaitOptions {
  /** Aborts the wait (rejects with `Code.Canceled`); the operation itself goes on. */
  signal?: AbortSignal;
  /**
   * The whole wait, in ms (default {@link DEFAULT_OPERATION_TIMEOUT_MS}); past it the wait
   * rejects with `Code.DeadlineExceeded` (the operation itself goes on).
   */
  timeoutMs?: number;
  /** The first pause between polls, in ms (default {@link DEFAULT_OPERATION_POLL_INITIAL_MS}). */
  pollIntervalMs?: number;
  /** The longest pause between polls, in ms (default {@link DEFAULT_OPERATION_POLL_MAX_MS}). */
  maxPollIntervalMs?: number;
  /** Growth of the pause per poll, >= 1 (default {@link DEFAULT_OPERATION_POLL_MULTIPLIER}). */
  pollMultiplier?: number;
}

/** The option keys of {@link OperationWaitOptions}. */
export const OPERATION_WAIT_KEYS = [
  "signal",
  "timeoutMs",
  "pollIntervalMs",
  "maxPollIntervalMs",
  "pollMultiplier",
] as const;

/** One poll: `OperationService/Get` of `operationId` with this signal and per-call timeout. */
export type GetOperation = (
  operationId: string,
  call: { signal: AbortSignal; timeoutMs: number | undefined },
) => Promise<OperationMessage>;

/** The pauses between polls: initial, ×multiplier, capped. */
export function pollDelays(options: {
  initialMs: number;
  multiplier: number;
  maxMs: number;
}): () => number {
  let next = options.initialMs;
  return () => {
    const delay = Math.min(next, options.maxMs);
    next = Math.min(next * options.multiplier, options.maxMs);
    return delay;
  };
}

/** Validated wait options with their defaults. */
export function resolveWaitOptions(options: OperationWaitOptions | undefined, field = "options") {
  const o = checkOptions(options, field, OPERATION_WAIT_KEYS);
  const initialMs =
    optionalDelay(o.pollIntervalMs, `${field}.pollIntervalMs`) ?? DEFAULT_OPERATION_POLL_INITIAL_MS;
  const maxMs =
    optionalDelay(o.maxPollIntervalMs, `${field}.maxPollIntervalMs`) ??
    Math.max(DEFAULT_OPERATION_POLL_MAX_MS, initialMs);
  const multiplier =
    optionalNumber(o.pollMultiplier, `${field}.pollMultiplier`, { min: 1 }) ??
    DEFAULT_OPERATION_POLL_MULTIPLIER;
  const timeoutMs = optionalNumber(o.timeoutMs, `${field}.timeoutMs`, { min: 1 });
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new ConnectError(`${field}.signal must be an AbortSignal`, Code.InvalidArgument);
  }
  return {
    signal: o.signal,
    timeoutMs: timeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS,
    initialMs,
    maxMs,
    multiplier,
  };
}

/**
 * Polls until `operation.done` and returns the done operation (its `result` is `error` or
 * `response`; this function does not judge it: see {@link operationError}). An operation that
 * is already done is returned at once, without a call. Each poll is one
 * `OperationService/Get` (retried by the transport on UNAVAILABLE like any idempotent read),
 * with a per-call timeout of `callTimeoutMs` capped by what is left of the wait.
 *
 * @throws ConnectError `Code.Canceled` when `signal` aborts, `Code.DeadlineExceeded` past
 * `timeoutMs`, or the error of a failed poll.
 * @example
 * const done = await pollOperation(op, (id, call) => operations.get({ operationId: id }, call), {}, 30_000);
 */
export async function pollOperation(
  operation: OperationMessage,
  get: GetOperation,
  options: OperationWaitOptions | undefined,
  callTimeoutMs: number,
  onPoll?: (latest: OperationMessage) => void,
): Promise<OperationMessage> {
  const o = resolveWaitOptions(options);
  if (operation.done) return operation;
  const deadline = new Deadline(o.signal, o.timeoutMs);
  const nextDelay = pollDelays({
    initialMs: o.initialMs,
    multiplier: o.multiplier,
    maxMs: o.maxMs,
  });
  try {
    let latest = operation;
    for (;;) {
      deadline.throwIfAborted();
      await deadline.sleep(
        Math.min(nextDelay(), deadline.remainingMs() ?? Number.MAX_SAFE_INTEGER),
      );
      const remaining = deadline.remainingMs();
      const timeoutMs =
        remaining === undefined ? callTimeoutMs : Math.min(callTimeoutMs, remaining);
      try {
        latest = await get(latest.id, { signal: deadline.signal, timeoutMs });
      } catch (e) {
        // The wait's own abort or deadline wins over the poll's error it caused.
        deadline.throwIfAborted();
        throw ConnectError.from(e);
      }
      onPoll?.(latest);
      if (latest.done) return latest;
    }
  } finally {
    deadline.dispose();
  }
}

/** A gRPC status number as a Connect `Code` (0, OK, and unknown numbers become `Unknown`). */
export function codeOf(code: number): Code {
  return Number.isInteger(code) && code >= 1 && code <= 16 ? (code as Code) : Code.Unknown;
}

/**
 * The `ConnectError` of a failed operation: the `google.rpc.Status` code (as a `Code`) and
 * message, with its `details` kept as incoming details (`error.details`, read them with
 * `error.findDetails(schema)`). `undefined` when the operation has no `error`.
 *
 * @example
 * const error = operationError(op); // ConnectError "[not_found] file fvt... not found"
 * if (error) throw error;
 */
export function operationError(operation: OperationMessage): ConnectError | undefined {
  if (operation.result.case !== "error") return undefined;
  return statusError(operation.result.value, operation.id);
}

/** The `ConnectError` of a `google.rpc.Status`. */
export function statusError(status: Status, operationId: string): ConnectError {
  const message = status.message || `operation ${operationId} failed`;
  const error = new ConnectError(message, codeOf(status.code));
  for (const detail of status.details) {
    const type = detail.typeUrl.slice(detail.typeUrl.lastIndexOf("/") + 1);
    error.details.push({ type, value: detail.value });
  }
  return error;
}
