/**
 * Our client (`@yc-assistants/client`) in process: today's path of the suite and the fast
 * default of `npm start` (issue 11, adapter 1). Every step is one call of the client's public
 * API; what it returns is handed to the runner as it is.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type Assistant,
  type AssistantsClient,
  functionTool,
  type Run,
  searchIndexTool,
  type Thread,
} from "@yc-assistants/client";
import type { FunctionToolSpec, ToolResultSpec } from "../case-schema.js";
import type { EventLike, ResultLike } from "../observe.js";
import type { SearchToolLike } from "../rag-client.js";
import { OursRagClient } from "../rag-client-ours.js";
import type { ClientDriver, CreateAssistantSpec, ListKind, RunSpec } from "./client-driver.js";

const FINAL_EVENTS = new Set(["DONE", "ERROR", "TOOL_CALLS"]);

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new ConnectError(
      `the case has no ${what} yet (add a step that creates one)`,
      Code.FailedPrecondition,
    );
  return value;
}

/** A function tool of the case file as our client's tool. */
export function toTool(t: FunctionToolSpec) {
  return functionTool({
    name: t.name,
    ...(t.description !== undefined ? { description: t.description } : {}),
    ...(t.parameters !== undefined ? { parameters: t.parameters as never } : {}),
  });
}

function toToolResult(r: { name?: string; content?: string }): { name: string; content: string } {
  // Left as given (possibly missing) so local validation can be exercised.
  return { name: r.name, content: r.content } as { name: string; content: string };
}

/** Drives our client in process. */
export class InProcessDriver implements ClientDriver {
  readonly kind = "in-process" as const;
  readonly unsupported: ReadonlySet<string> = new Set();
  private assistant: Assistant | undefined;
  private thread: Thread | undefined;
  private current: Run | undefined;
  readonly rag: OursRagClient;

  constructor(readonly client: AssistantsClient) {
    this.rag = new OursRagClient(client);
  }

  get assistantId(): string | undefined {
    return this.assistant?.id;
  }
  get threadId(): string | undefined {
    return this.thread?.id;
  }
  get runId(): string | undefined {
    return this.current?.id;
  }
  get lastResult(): ResultLike | undefined {
    return this.current?.lastResult;
  }
  /** The current assistant object (the runner's `seedRuns` set-up runs on it). */
  get currentAssistant(): Assistant | undefined {
    return this.assistant;
  }

  async createAssistant(a: CreateAssistantSpec, search?: SearchToolLike): Promise<void> {
    const searchTool = search ? searchIndexTool(search as never) : undefined;
    this.assistant = await this.client.assistants.create({
      ...(a.modelUri !== undefined ? { modelUri: a.modelUri } : { model: a.model ?? "yandexgpt" }),
      ...(a.name !== undefined ? { name: a.name } : {}),
      ...(a.instruction !== undefined ? { instruction: a.instruction } : {}),
      ...(a.maxPromptTokens !== undefined ? { maxPromptTokens: a.maxPromptTokens } : {}),
      ...(a.temperature !== undefined ? { temperature: a.temperature } : {}),
      ...(a.maxTokens !== undefined ? { maxTokens: a.maxTokens } : {}),
      ...(a.tools !== undefined || searchTool !== undefined
        ? {
            tools: [...(a.tools ?? []).map(toTool), ...(searchTool ? [searchTool] : [])],
          }
        : {}),
    });
  }

  async createThread(name: string | undefined): Promise<void> {
    this.thread = await this.client.threads.create(name !== undefined ? { name } : {});
  }

  async write(w: string | { text: string; role?: string | undefined }): Promise<void> {
    const thread = need(this.thread, "thread");
    await thread.write(
      typeof w === "string" ? w : { text: w.text, ...(w.role ? { role: w.role as never } : {}) },
    );
  }

  async run(r: RunSpec, tools: readonly FunctionToolSpec[] | undefined): Promise<ResultLike> {
    const assistant = need(this.assistant, "assistant");
    const thread = need(this.thread, "thread");
    const runOptions = {
      ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
      ...(r.maxTokens !== undefined ? { maxTokens: r.maxTokens } : {}),
      ...(r.maxPromptTokens !== undefined ? { maxPromptTokens: r.maxPromptTokens } : {}),
      ...(tools !== undefined ? { tools: tools.map(toTool) } : {}),
      ...(r.labels !== undefined ? { labels: r.labels } : {}),
    };
    this.current = r.stream
      ? await assistant.runStream(thread, runOptions)
      : await assistant.run(thread, runOptions);
    return this.current.lastResult;
  }

  async getRun(id: string): Promise<ResultLike> {
    this.current = await this.client.runs.get(id);
    return this.current.lastResult;
  }

  async lastRun(): Promise<ResultLike> {
    this.current = await this.client.runs.getLastByThread(need(this.thread, "thread"));
    return this.current.lastResult;
  }

  result(): Promise<ResultLike> {
    return need(this.current, "run").result();
  }

  async status() {
    // Our client's status() has no raw number of its own: the runner reads it from the wire.
    return { status: await need(this.current, "run").status(), raw: undefined, rawFromWire: true };
  }

  async wait(w: {
    timeoutMs?: number | undefined;
    pollIntervalMs: number;
    abortAfterMs?: number | undefined;
  }): Promise<ResultLike> {
    const run = need(this.current, "run");
    const controller = new AbortController();
    const timer =
      w.abortAfterMs !== undefined
        ? setTimeout(() => controller.abort(new Error("aborted by the case")), w.abortAfterMs)
        : undefined;
    try {
      return await run.wait({
        ...(w.timeoutMs !== undefined ? { timeoutMs: w.timeoutMs } : {}),
        pollIntervalMs: w.pollIntervalMs,
        signal: controller.signal,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async listen(
    l: { fromIndex?: number | undefined; abortAfterEvents?: number | undefined },
    onEvent: (event: EventLike) => void,
  ): Promise<void> {
    const run = need(this.current, "run");
    const controller = new AbortController();
    let n = 0;
    for await (const ev of run.listen({
      ...(l.fromIndex !== undefined ? { fromIndex: l.fromIndex } : {}),
      signal: controller.signal,
    })) {
      onEvent(ev);
      n++;
      if (l.abortAfterEvents !== undefined && n >= l.abortAfterEvents) {
        controller.abort(new Error("aborted by the case"));
      }
    }
  }

  async attach(
    a: { fromIndex?: number | undefined; results?: readonly ToolResultSpec[] | undefined },
    onEvent: (event: EventLike) => EventLike,
  ): Promise<{ sent: boolean }> {
    const run = need(this.current, "run");
    const session = run.attach(a.fromIndex !== undefined ? { fromIndex: a.fromIndex } : {});
    let sent = false;
    try {
      for await (const ev of session) {
        const e = onEvent(ev);
        if (e.toolCalls && a.results && !sent) {
          await session.send(a.results.map(toToolResult));
          sent = true;
          continue;
        }
        if (FINAL_EVENTS.has(e.status.name)) break;
      }
    } finally {
      session.close();
    }
    return { sent };
  }

  async submit(results: readonly { name?: string; content?: string }[]): Promise<void> {
    await need(this.current, "run").submitToolResults(results.map(toToolResult) as never);
  }

  handleToolCalls(contents: Readonly<Record<string, string>>): Promise<ResultLike> {
    const handlers = Object.fromEntries(
      Object.entries(contents).map(([name, content]) => [name, async () => content]),
    );
    return need(this.current, "run").handleToolCalls(handlers);
  }

  async list(kind: ListKind, pageSize: number | undefined) {
    const size = pageSize === undefined ? {} : { pageSize };
    const ids: string[] = [];
    const texts: string[] = [];
    if (kind === "runs") for await (const r of this.client.runs.list(size)) ids.push(r.id);
    if (kind === "assistants")
      for await (const a of this.client.assistants.list(size)) ids.push(a.id);
    if (kind === "threads") for await (const t of this.client.threads.list(size)) ids.push(t.id);
    if (kind === "messages") {
      for await (const m of need(this.thread, "thread").read()) {
        ids.push(m.id ?? "");
        texts.push(m.text);
      }
    }
    return { ids, texts };
  }

  async updateAssistant(u: {
    name?: string | undefined;
    instruction?: string | undefined;
    description?: string | undefined;
  }): Promise<void> {
    this.assistant = await need(this.assistant, "assistant").update(u as never);
  }

  /** Deletes an assistant or a thread (the current one when `id` is empty). */
  async delete(kind: "assistant" | "thread", id: string | undefined): Promise<void> {
    if (kind === "assistant")
      await this.client.assistants.delete(id || need(this.assistant, "assistant").id);
    else await this.client.threads.delete(id || need(this.thread, "thread").id);
  }

  async close(): Promise<void> {}
}
