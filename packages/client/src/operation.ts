/**
 * Operation: the handle of one long-running operation (`yandex.cloud.operation.Operation`),
 * whatever RPC started it: its fields, one `poll()`, and `wait()` for its result.
 *
 * @module
 */
import { inspect } from "node:util";
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { anyUnpack, timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import type { Operation as OperationMessage } from "@yc-assistants/types/operation";
import type { ClientContext } from "./client-context.js";
import {
  type OperationWaitOptions,
  operationError,
  pollOperation,
  resolveWaitOptions,
} from "./operation-poller.js";
import { type RequestOptions, requestOptions } from "./request-options.js";

/**
 * How an operation's `response` becomes a result: the message packed in it (the sheet's
 * `long-running:` line) and what the client makes of it.
 */
export interface OperationResultType<Desc extends DescMessage, T> {
  /** The schema of the message packed in `response` (as `google.protobuf.Any`). */
  readonly schema: Desc;
  /** Turns the unpacked message into the result the caller gets. */
  readonly map: (message: MessageShape<Desc>) => T;
}

/**
 * An {@link OperationResultType} of a schema and a mapping, typed for {@link Operation}'s
 * constructor (which erases the schema type).
 *
 * @example
 * operationResult(SearchIndexSchema, (message) => message.id);
 */
export function operationResult<Desc extends DescMessage, T>(
  schema: Desc,
  map: (message: MessageShape<Desc>) => T,
): OperationResultType<DescMessage, T> {
  return { schema, map } as unknown as OperationResultType<DescMessage, T>;
}

/** What `util.inspect(operation)` and `JSON.stringify(operation)` show. */
export interface OperationSummary {
  /** Operation id. */
  readonly id: string;
  /** What the operation does ("search index creation"). */
  readonly description: string;
  /** Whether it is done. */
  readonly done: boolean;
}

/**
 * A long-running operation and the result it comes to (a `SearchIndex`, the files added to
 * an index…). The handle keeps the newest `Operation` message it saw: `poll()` fetches a new
 * one, `wait()` polls `OperationService/Get` with backoff (200 ms, ×1.5, at most 2 s between
 * polls) until `done`, then resolves with the unpacked `response` or rejects with the
 * operation's `error` as a `ConnectError` carrying its code and message.
 *
 * @example
 * const operation = await client.searchIndexes.createDeferred({ files: [file] });
 * console.log(operation.id, operation.done); // "fvt…", false
 * const index = await operation.wait({ timeoutMs: 120_000 });
 */
export class Operation<T> {
  readonly #ctx: ClientContext;
  readonly #type: OperationResultType<DescMessage, T>;
  #proto: OperationMessage;

  /** @internal Made by the resources whose RPCs start operations. */
  constructor(
    ctx: ClientContext,
    proto: OperationMessage,
    type: OperationResultType<DescMessage, T>,
  ) {
    this.#ctx = ctx;
    this.#proto = proto;
    this.#type = type;
  }

  /** The newest `Operation` message this handle saw. */
  get proto(): OperationMessage {
    return this.#proto;
  }
  /** Operation id (for `OperationService/Get`). */
  get id(): string {
    return this.#proto.id;
  }
  /** What the operation does, as the service says ("search index creation"). */
  get description(): string {
    return this.#proto.description;
  }
  /** Whether the operation was done at the last look (creation, `poll()` or `wait()`). */
  get done(): boolean {
    return this.#proto.done;
  }
  /** Who started it. */
  get createdBy(): string {
    return this.#proto.createdBy;
  }
  /** When it started. */
  get createdAt(): Date | undefined {
    return this.#proto.createdAt && timestampDate(this.#proto.createdAt);
  }
  /** When it last changed. */
  get modifiedAt(): Date | undefined {
    return this.#proto.modifiedAt && timestampDate(this.#proto.modifiedAt);
  }
  /** The operation's error, when it is done and failed. */
  get error(): ConnectError | undefined {
    return operationError(this.#proto);
  }

  /**
   * Fetches the operation once (`OperationService/Get`) and returns this handle, updated.
   *
   * @example
   * while (!(await operation.poll()).done) await sleep(500);
   */
  async poll(options?: RequestOptions): Promise<this> {
    const call = requestOptions(options);
    this.#proto = await this.#ctx.operationService.get({ operationId: this.id }, call);
    return this;
  }

  /**
   * Asks the service to cancel the operation (`OperationService/Cancel`) and returns this
   * handle with the answer. An operation that is already done cannot be cancelled: the
   * service refuses (`Code.FailedPrecondition`), as does the emulator.
   *
   * @example
   * await operation.cancel();
   */
  async cancel(options?: RequestOptions): Promise<this> {
    const call = requestOptions(options);
    this.#proto = await this.#ctx.operationService.cancel({ operationId: this.id }, call);
    return this;
  }

  /**
   * Waits until the operation is done and resolves with its result. An operation already
   * done resolves without a call. Aborting or a timeout stops the wait, not the operation.
   *
   * @throws ConnectError with the operation's own code and message when it failed (e.g.
   * `Code.NotFound` for an unknown file id); `Code.Canceled` when `signal` aborts;
   * `Code.DeadlineExceeded` past `timeoutMs`; `Code.Internal` when a done operation has no
   * result or one of another type.
   * @example
   * const index = await operation.wait({ timeoutMs: 60_000 });
   */
  async wait(options?: OperationWaitOptions): Promise<T> {
    const ctx = this.#ctx;
    this.#proto = await pollOperation(
      this.#proto,
      (operationId, call) => ctx.operationService.get({ operationId }, call),
      options,
      ctx.timeoutMs,
      (latest) => {
        this.#proto = latest;
      },
    );
    return this.result();
  }

  /**
   * The result of a done operation (no call): the unpacked `response`.
   *
   * @throws ConnectError `Code.FailedPrecondition` when it is not done yet, the operation's
   * error when it failed, `Code.Internal` when the response is missing or of another type.
   * @example
   * if (operation.done) console.log(operation.result());
   */
  result(): T {
    const op = this.#proto;
    if (!op.done) {
      throw new ConnectError(`operation ${op.id} is not done yet`, Code.FailedPrecondition);
    }
    const error = operationError(op);
    if (error !== undefined) throw error;
    if (op.result.case !== "response") {
      throw new ConnectError(`operation ${op.id} is done without a response`, Code.Internal);
    }
    const message = anyUnpack(op.result.value, this.#type.schema);
    if (message === undefined) {
      throw new ConnectError(
        `operation ${op.id} answered ${op.result.value.typeUrl}, not ${this.#type.schema.typeName}`,
        Code.Internal,
      );
    }
    return this.#type.map(message);
  }

  /** A plain summary. */
  toJSON(): OperationSummary {
    return { id: this.id, description: this.description, done: this.done };
  }

  /** Prints the summary in `util.inspect` / `console.log`. */
  [inspect.custom](): string {
    return `Operation ${inspect(this.toJSON())}`;
  }
}

/**
 * Starts an operation and waits for its result under one budget: the starting call gets the
 * client's per-call timeout (capped by `options.timeoutMs`), the wait gets what is left of
 * `options.timeoutMs`. Options are checked before the starting call.
 *
 * @example
 * const index = await startAndWait(ctx, options, (call) => startCreate(ctx, request, call));
 */
export async function startAndWait<T>(
  ctx: ClientContext,
  options: OperationWaitOptions | undefined,
  start: (call: { signal: AbortSignal | undefined; timeoutMs: number }) => Promise<Operation<T>>,
): Promise<T> {
  const o = resolveWaitOptions(options);
  const startedAt = Date.now();
  const operation = await start({
    signal: o.signal,
    timeoutMs: Math.min(ctx.timeoutMs, o.timeoutMs),
  });
  const left = Math.max(1, o.timeoutMs - (Date.now() - startedAt));
  return operation.wait({ ...options, timeoutMs: left });
}
