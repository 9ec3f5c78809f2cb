import { clone, create } from "@bufbuild/protobuf";
import type { Any } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { type Operation, OperationSchema, StatusSchema } from "@yc-assistants/types/operation";
import { failedPrecondition, notFound } from "../errors.js";
import type { EmulatorState } from "./emulator-state.js";

/** The long-running work behind an operation; its result is packed in `response`. */
export type OperationWork = () => Any;

/** One operation with the bookkeeping of its polling. */
export interface OperationRecord {
  operation: Operation;
  /** How many OperationService.Get calls have seen it. */
  polls: number;
  /** The work's outcome once it ran (not yet visible before a poll, see {@link OperationStore}). */
  outcome?: { response: Any } | { error: ConnectError };
  /** Called when the operation is cancelled before its work ran. */
  onCancel?: () => void;
  timer?: NodeJS.Timeout;
}

/** Default of `EmulatorOptions.operations.workDelayMs`. */
export const DEFAULT_OPERATION_DELAY_MS = 20;

/**
 * The long-running operations of one emulator (OperationService, issue 9).
 *
 * As recorded (`test_search_index.json`), an operation comes back from
 * Create without `done`, the first OperationService.Get still finds it
 * running, and a later Get finds it `done` with the result. The emulator
 * makes that deterministic: the work runs `workDelayMs` after the call, and
 * the operation becomes done at the first Get that comes after at least one
 * earlier Get AND after the work finished (so every client sees "not done"
 * at least once, and never waits for a timer when it polls slowly).
 *
 * The outcome is either `response` (a `google.protobuf.Any` of type
 * `type.googleapis.com/<full name>`) or `error` (a google.rpc.Status with
 * the gRPC code and message of the failure).
 */
export class OperationStore {
  readonly operations = new Map<string, OperationRecord>();
  #stopped = false;

  constructor(
    readonly state: EmulatorState,
    readonly workDelayMs: number = DEFAULT_OPERATION_DELAY_MS,
  ) {}

  /**
   * Starts an operation: the returned copy is not done; `work` runs after
   * `workDelayMs` (a ConnectError it throws becomes the operation's `error`).
   */
  start(description: string, work: OperationWork, onCancel?: () => void): Operation {
    const now = this.state.timestamp();
    const operation = create(OperationSchema, {
      id: this.state.ids.next(),
      description,
      createdAt: now,
      createdBy: this.state.principal,
      modifiedAt: now,
      done: false,
    });
    const record: OperationRecord = { operation, polls: 0 };
    if (onCancel !== undefined) record.onCancel = onCancel;
    this.operations.set(operation.id, record);
    if (!this.#stopped) {
      record.timer = setTimeout(() => {
        delete record.timer;
        record.outcome = runWork(work);
      }, this.workDelayMs);
    }
    return clone(OperationSchema, operation);
  }

  /** OperationService.Get: counts the poll and finishes the operation when due. */
  get(id: string): Operation {
    const record = this.#record(id);
    if (!record.operation.done && record.outcome !== undefined && record.polls >= 1) {
      this.#finish(record, record.outcome);
    }
    record.polls += 1;
    return clone(OperationSchema, record.operation);
  }

  /**
   * OperationService.Cancel. A done operation (or one whose work already ran) cannot be
   * cancelled:
   * FAILED_PRECONDITION (the recordings are silent; this is what Yandex
   * Cloud's operation API answers for a finished operation). A running one
   * ends at once, done, with `error` CANCELLED (code 1), and its work never
   * takes effect.
   */
  cancel(id: string): Operation {
    const record = this.#record(id);
    // Work that already ran has taken effect (its index can be seen and used): the operation
    // is finished, whether or not a poll has reported it yet.
    if (!record.operation.done && record.outcome !== undefined) {
      this.#finish(record, record.outcome);
    }
    if (record.operation.done) {
      throw failedPrecondition(`operation ${id} is already done and cannot be cancelled`);
    }
    if (record.timer !== undefined) clearTimeout(record.timer);
    delete record.timer;
    record.onCancel?.();
    this.#finish(record, {
      error: new ConnectError(`operation ${id} was cancelled`, Code.Canceled),
    });
    return clone(OperationSchema, record.operation);
  }

  /** Stops every pending work timer (emulator close). */
  stop(): void {
    this.#stopped = true;
    for (const record of this.operations.values()) {
      if (record.timer !== undefined) clearTimeout(record.timer);
      delete record.timer;
    }
  }

  #record(id: string): OperationRecord {
    const record = this.operations.get(id);
    if (record === undefined) throw notFound("operation", id);
    return record;
  }

  #finish(record: OperationRecord, outcome: { response: Any } | { error: ConnectError }): void {
    record.operation.done = true;
    record.operation.modifiedAt = this.state.timestamp();
    record.operation.result =
      "response" in outcome
        ? { case: "response", value: outcome.response }
        : {
            case: "error",
            value: create(StatusSchema, {
              code: outcome.error.code,
              message: outcome.error.rawMessage,
            }),
          };
  }
}

function runWork(work: OperationWork): { response: Any } | { error: ConnectError } {
  try {
    return { response: work() };
  } catch (error) {
    return { error: ConnectError.from(error) };
  }
}
