/**
 * Any client as a subprocess speaking the client-under-test protocol (issue 11, PROTOCOL.md):
 * each step becomes one StepRequest, each StepResponse is turned back into what the runner's
 * checks read. Ids are the adapter's business (it keeps the case's current assistant, thread
 * and run); the runner sends an id only where the case names one (`useRun: { id }`).
 */
import { create } from "@bufbuild/protobuf";
import { type Code, ConnectError } from "@connectrpc/connect";
import type { CaseSpec, FunctionToolSpec, ToolResultSpec } from "../case-schema.js";
import {
  ClientRequestSchema,
  type ClientResponse,
  type Connection,
  DeleteKind,
  ListKind as ProtoListKind,
  type StepRequest,
  StepRequestSchema,
  type StepResponse,
} from "../gen/ycassistants/conformance/v1/client_under_test_pb.js";
import type { EventLike, ResultLike, StatusLike } from "../observe.js";
import type { ClientPool, ReadyClient } from "../protocol/client-pool.js";
import { ClientProcessError } from "../protocol/client-process.js";
import { eventFromProto, resultFromProto, statusFromProto } from "../protocol/observed-proto.js";
import type { SearchToolLike } from "../rag-client.js";
import {
  type ClientConfig,
  type ClientDriver,
  type CreateAssistantSpec,
  type ListKind,
  NotApplicableError,
  type RunSpec,
} from "./client-driver.js";
import { SubprocessRagClient } from "./subprocess-rag-client.js";

/** How long CaseStart / CaseEnd may take (PROTOCOL.md, "Timeouts"). */
export const CASE_TIMEOUT_MS = 10_000;

type StepCase = NonNullable<StepRequest["step"]["case"]>;
type StepValue<K extends StepCase> = Extract<StepRequest["step"], { case: K }>["value"];

const LIST_KINDS: Record<ListKind, ProtoListKind> = {
  runs: ProtoListKind.RUNS,
  assistants: ProtoListKind.ASSISTANTS,
  threads: ProtoListKind.THREADS,
  messages: ProtoListKind.MESSAGES,
};

const SNAKE: Record<string, string> = {
  createAssistant: "create_assistant",
  createThread: "create_thread",
  getRun: "get_run",
  getLastRun: "get_last_run",
  getResult: "get_result",
  getStatus: "get_status",
  handleToolCalls: "handle_tool_calls",
  updateAssistant: "update_assistant",
};

function snake(s: string): string {
  return SNAKE[s] ?? s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function toolsOf(tools: readonly FunctionToolSpec[] | undefined) {
  return (tools ?? []).map((t) => ({
    name: t.name,
    description: t.description ?? "",
    ...(t.parameters !== undefined ? { parameters: t.parameters as never } : {}),
  }));
}

function resultsOf(results: readonly { name?: string; content?: string }[] | undefined) {
  return (results ?? []).map((r) => ({
    ...(r.name !== undefined ? { name: r.name } : {}),
    ...(r.content !== undefined ? { content: r.content } : {}),
  }));
}

/** The Connection message of a case. */
export function connectionOf(config: ClientConfig): Connection {
  return {
    $typeName: "ycassistants.conformance.v1.Connection",
    serverUrl: config.url,
    credentials:
      "apiKey" in config.credentials
        ? { case: "apiKey", value: config.credentials.apiKey }
        : { case: "iamToken", value: config.credentials.iamToken },
    folderId: config.folderId,
    plaintext: config.url.startsWith("http://"),
  };
}

/**
 * Starts the driver of one case: takes a client from the pool and sends CaseStart. A case
 * that sets an option the client does not offer (InitAck or CaseStarted `unsupported`) is not
 * applicable.
 */
export async function startSubprocessDriver(
  pool: ClientPool,
  config: ClientConfig & { readonly caseId: string; readonly clientSpec?: CaseSpec["client"] },
  stepTimeoutMs: number,
): Promise<SubprocessDriver> {
  const client = await pool.acquire();
  const unsupported = new Set(client.ack.unsupported);
  const driver = new SubprocessDriver(pool, client, unsupported, config.caseId, stepTimeoutMs);
  const spec = config.clientSpec;
  const needs: [boolean, string][] = [
    [spec?.timeoutMs !== undefined, "options.timeout_ms"],
    [spec?.retry !== undefined && spec.retry !== false, "options.retry"],
    [spec?.retry === false, "options.retry_disabled"],
  ];
  for (const [needed, name] of needs) {
    if (needed && unsupported.has(name)) {
      pool.release(client);
      throw new NotApplicableError(`the case sets ${name}, which the client does not offer`);
    }
  }
  const retry = config.retry;
  let response: ClientResponse;
  try {
    response = await driver.send(
      create(ClientRequestSchema, {
        kind: {
          case: "caseStart",
          value: {
            caseId: config.caseId,
            connection: connectionOf(config),
            options: {
              timeoutMs: config.timeoutMs,
              ...(retry ? { retry: { ...retry } } : {}),
              retryDisabled: retry === false,
            },
          },
        },
      }),
      CASE_TIMEOUT_MS,
      "caseStarted",
    );
  } catch (e) {
    pool.release(client);
    throw e;
  }
  driver.started = true;
  if (response.kind.case === "caseStarted" && response.kind.value.unsupported.length > 0) {
    await driver.close();
    throw new NotApplicableError(
      `the client cannot honour ${response.kind.value.unsupported.join(", ")} of this case`,
    );
  }
  return driver;
}

/** Drives a subprocess client through one case. */
export class SubprocessDriver implements ClientDriver {
  readonly kind = "subprocess" as const;
  assistantId: string | undefined;
  threadId: string | undefined;
  runId: string | undefined;
  lastResult: ResultLike | undefined;
  /** CaseStart was answered: CaseEnd is due at close. */
  started = false;
  private index = 0;
  private closed = false;
  /** Files, search indexes and operations as protocol steps (subprocess-rag-client.ts). */
  readonly rag: SubprocessRagClient = new SubprocessRagClient(
    async (kind, value) => {
      const answer = await this.step(kind, value as never);
      this.fail(answer);
      return answer;
    },
    (what) =>
      new ClientProcessError(
        "malformed",
        `malformed answer: ${what}`,
        this.client.process.stderrTail(),
      ),
  );

  constructor(
    private readonly pool: ClientPool,
    private readonly client: ReadyClient,
    readonly unsupported: ReadonlySet<string>,
    private readonly caseId: string,
    private readonly stepTimeoutMs: number,
  ) {}

  /** Sends one request and checks the answer's kind. */
  async send(
    request: Parameters<ReadyClient["process"]["request"]>[0],
    timeoutMs: number,
    expected: NonNullable<ClientResponse["kind"]["case"]>,
  ): Promise<ClientResponse> {
    const response = await this.client.process.request(request, timeoutMs);
    if (response.kind.case !== expected) {
      throw new ClientProcessError(
        "malformed",
        `malformed answer: expected ${expected}, got ${response.kind.case ?? "a message of no kind"}`,
        this.client.process.stderrTail(),
      );
    }
    return response;
  }

  private async step<K extends StepCase>(kind: K, value: StepValue<K>): Promise<StepResponse> {
    const name = snake(kind);
    if (this.unsupported.has(name))
      throw new NotApplicableError(`the client does not offer the ${name} step`);
    for (const [field, v] of Object.entries(value as object)) {
      if (field === "$typeName" || v === undefined || v === false || v === "") continue;
      if (Array.isArray(v) && v.length === 0) continue;
      if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) continue;
      const full = `${name}.${snake(field)}`;
      if (this.unsupported.has(full))
        throw new NotApplicableError(`the client does not offer ${full}`);
    }
    const index = this.index++;
    const request = create(ClientRequestSchema, {
      kind: {
        case: "step",
        value: create(StepRequestSchema, {
          index,
          timeoutMs: this.stepTimeoutMs,
          step: { case: kind, value } as StepRequest["step"],
        }),
      },
    });
    const response = await this.send(request, this.stepTimeoutMs, "step");
    const answer = response.kind.value as StepResponse;
    if (answer.index !== index) {
      throw new ClientProcessError(
        "malformed",
        `malformed answer: step ${index} answered with index ${answer.index}`,
        this.client.process.stderrTail(),
      );
    }
    if (answer.unsupported.length > 0) {
      throw new NotApplicableError(
        `the client does not offer ${answer.unsupported.join(", ")} (step ${name})`,
      );
    }
    if (answer.assistantId) this.assistantId = answer.assistantId;
    if (answer.threadId) this.threadId = answer.threadId;
    if (answer.runId) this.runId = answer.runId;
    else if (answer.result) this.runId = answer.result.runId;
    return answer;
  }

  private fail(answer: StepResponse): void {
    if (answer.error) {
      throw new ConnectError(answer.error.message, answer.error.code as Code);
    }
  }

  private resultOf(answer: StepResponse): ResultLike {
    this.fail(answer);
    if (!answer.result) {
      throw new ClientProcessError(
        "malformed",
        `malformed answer: step ${answer.index} has no result`,
        this.client.process.stderrTail(),
      );
    }
    this.lastResult = resultFromProto(answer.result);
    return this.lastResult;
  }

  async createAssistant(a: CreateAssistantSpec, search?: SearchToolLike): Promise<void> {
    const strategy = search?.callStrategy;
    this.fail(
      await this.step("createAssistant", {
        model: a.modelUri !== undefined ? "" : (a.model ?? "yandexgpt"),
        modelUri: a.modelUri ?? "",
        name: a.name ?? "",
        instruction: a.instruction ?? "",
        ...(a.maxPromptTokens !== undefined ? { maxPromptTokens: BigInt(a.maxPromptTokens) } : {}),
        ...(a.temperature !== undefined ? { temperature: a.temperature } : {}),
        ...(a.maxTokens !== undefined ? { maxTokens: BigInt(a.maxTokens) } : {}),
        tools: toolsOf(a.tools),
        ...(search
          ? {
              searchIndex: {
                searchIndexIds: [...search.searchIndexes],
                ...(search.maxNumResults !== undefined
                  ? { maxNumResults: BigInt(search.maxNumResults) }
                  : {}),
                callStrategy:
                  strategy === undefined
                    ? { case: undefined }
                    : strategy === "always"
                      ? { case: "alwaysCall", value: true }
                      : {
                          case: "autoCall",
                          value: {
                            instruction: strategy.autoCall.instruction,
                            name: strategy.autoCall.name ?? "",
                          },
                        },
              },
            }
          : {}),
      } as StepValue<"createAssistant">),
    );
  }

  async createThread(name: string | undefined): Promise<void> {
    this.fail(await this.step("createThread", { name: name ?? "" } as StepValue<"createThread">));
  }

  async write(w: string | { text: string; role?: string | undefined }): Promise<void> {
    const text = typeof w === "string" ? w : w.text;
    const role = typeof w === "string" ? "" : (w.role ?? "");
    this.fail(await this.step("write", { text, role } as StepValue<"write">));
  }

  async run(r: RunSpec, tools: readonly FunctionToolSpec[] | undefined): Promise<ResultLike> {
    return this.resultOf(
      await this.step("run", {
        stream: r.stream === true,
        ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
        ...(r.maxTokens !== undefined ? { maxTokens: BigInt(r.maxTokens) } : {}),
        ...(r.maxPromptTokens !== undefined ? { maxPromptTokens: BigInt(r.maxPromptTokens) } : {}),
        tools: toolsOf(tools),
        labels: { ...(r.labels ?? {}) },
      } as StepValue<"run">),
    );
  }

  async getRun(id: string): Promise<ResultLike> {
    return this.resultOf(await this.step("getRun", { runId: id } as StepValue<"getRun">));
  }

  async lastRun(): Promise<ResultLike> {
    return this.resultOf(await this.step("getLastRun", {} as StepValue<"getLastRun">));
  }

  async result(): Promise<ResultLike> {
    return this.resultOf(await this.step("getResult", {} as StepValue<"getResult">));
  }

  async status(): Promise<{ status: StatusLike; raw: number | undefined; rawFromWire: boolean }> {
    const answer = await this.step("getStatus", {} as StepValue<"getStatus">);
    this.fail(answer);
    return { status: statusFromProto(answer.status), raw: answer.status?.raw, rawFromWire: false };
  }

  async wait(w: {
    timeoutMs?: number | undefined;
    pollIntervalMs: number;
    abortAfterMs?: number | undefined;
  }): Promise<ResultLike> {
    return this.resultOf(
      await this.step("wait", {
        ...(w.timeoutMs !== undefined ? { timeoutMs: w.timeoutMs } : {}),
        pollIntervalMs: w.pollIntervalMs,
        ...(w.abortAfterMs !== undefined ? { abortAfterMs: w.abortAfterMs } : {}),
      } as StepValue<"wait">),
    );
  }

  async listen(
    l: { fromIndex?: number | undefined; abortAfterEvents?: number | undefined },
    onEvent: (event: EventLike) => void,
  ): Promise<void> {
    const answer = await this.step("listen", {
      ...(l.fromIndex !== undefined ? { fromIndex: BigInt(l.fromIndex) } : {}),
      ...(l.abortAfterEvents !== undefined ? { abortAfterEvents: l.abortAfterEvents } : {}),
    } as StepValue<"listen">);
    for (const e of answer.events) onEvent(eventFromProto(e));
    this.fail(answer);
  }

  async attach(
    a: { fromIndex?: number | undefined; results?: readonly ToolResultSpec[] | undefined },
    onEvent: (event: EventLike) => EventLike,
  ): Promise<{ sent: boolean }> {
    const answer = await this.step("attach", {
      ...(a.fromIndex !== undefined ? { fromIndex: BigInt(a.fromIndex) } : {}),
      results: resultsOf(a.results),
    } as StepValue<"attach">);
    let sent = false;
    for (const e of answer.events) {
      const ev = onEvent(eventFromProto(e));
      if (ev.toolCalls && a.results && !sent) sent = true;
    }
    this.fail(answer);
    return { sent };
  }

  async submit(results: readonly { name?: string; content?: string }[]): Promise<void> {
    this.fail(await this.step("submit", { results: resultsOf(results) } as StepValue<"submit">));
  }

  async handleToolCalls(handlers: Readonly<Record<string, string>>): Promise<ResultLike> {
    return this.resultOf(
      await this.step("handleToolCalls", {
        handlers: { ...handlers },
      } as StepValue<"handleToolCalls">),
    );
  }

  async list(kind: ListKind, pageSize: number | undefined) {
    const answer = await this.step("list", {
      kind: LIST_KINDS[kind],
      ...(pageSize !== undefined ? { pageSize } : {}),
    } as StepValue<"list">);
    this.fail(answer);
    return { ids: [...(answer.list?.ids ?? [])], texts: [...(answer.list?.texts ?? [])] };
  }

  async updateAssistant(u: {
    name?: string | undefined;
    instruction?: string | undefined;
    description?: string | undefined;
  }): Promise<void> {
    this.fail(
      await this.step("updateAssistant", {
        ...(u.name !== undefined ? { name: u.name } : {}),
        ...(u.instruction !== undefined ? { instruction: u.instruction } : {}),
        ...(u.description !== undefined ? { description: u.description } : {}),
      } as StepValue<"updateAssistant">),
    );
  }

  /** Deletes an assistant or a thread (a protocol step no case file uses yet). */
  async delete(kind: "assistant" | "thread", id?: string): Promise<void> {
    this.fail(
      await this.step("delete", {
        kind: kind === "assistant" ? DeleteKind.ASSISTANT : DeleteKind.THREAD,
        id: id ?? "",
      } as StepValue<"delete">),
    );
  }

  /** Sends CaseEnd (when the client is still usable) and gives the client back to the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.started && !this.client.process.failed) {
        await this.send(
          create(ClientRequestSchema, {
            kind: { case: "caseEnd", value: { caseId: this.caseId } },
          }),
          CASE_TIMEOUT_MS,
          "caseEnded",
        );
      }
    } finally {
      this.pool.release(this.client);
    }
  }
}
