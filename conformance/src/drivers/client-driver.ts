/**
 * The client under test as the case runner sees it (issue 11): the runner keeps the checks and
 * the model predictions (case-runner.ts); a driver only does what a step says and reports what
 * the client observed, as the `...Like` shapes of observe.ts. Two drivers: our client in
 * process (in-process-driver.ts, the fast default of `npm start`) and any client as a
 * subprocess speaking PROTOCOL.md (subprocess-driver.ts).
 */
import type { RetryPolicy } from "@yc-assistants/client";
import type { CaseSpec, FunctionToolSpec, Step, ToolResultSpec } from "../case-schema.js";
import type { Credentials } from "../case-target.js";
import type { EventLike, ResultLike, StatusLike } from "../observe.js";
import type { RagClient, SearchToolLike } from "../rag-client.js";

/** The `createAssistant` step's fields. */
export type CreateAssistantSpec = Extract<Step, { createAssistant: unknown }>["createAssistant"];
/** The `run` step's fields. */
export type RunSpec = Extract<Step, { run: unknown }>["run"];

/** What a list step lists. */
export type ListKind = "runs" | "assistants" | "threads" | "messages";

/** A case (or a step) needs what the client does not offer: the case is not applicable. */
export class NotApplicableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "NotApplicableError";
  }
}

/** The operations of the steps, on the case's current assistant, thread and run. */
export interface ClientDriver {
  /** `in-process`: the wire is seen by the client's interceptor; `subprocess`: on the server. */
  readonly kind: "in-process" | "subprocess";
  /** Names of what the client does not offer (PROTOCOL.md, "Unsupported"). */
  readonly unsupported: ReadonlySet<string>;
  readonly assistantId: string | undefined;
  readonly threadId: string | undefined;
  readonly runId: string | undefined;
  /** The last result the client reported for the current run (for `results: auto`). */
  readonly lastResult: ResultLike | undefined;

  /** Files, search indexes and operations (the RAG steps, rag-steps.ts). */
  readonly rag: RagClient;

  /** `searchTool`: a `search_index` tool next to the function tools (RAG cases). */
  createAssistant(spec: CreateAssistantSpec, searchTool?: SearchToolLike): Promise<void>;
  createThread(name: string | undefined): Promise<void>;
  write(message: string | { text: string; role?: string | undefined }): Promise<void>;
  run(spec: RunSpec, tools: readonly FunctionToolSpec[] | undefined): Promise<ResultLike>;
  getRun(id: string): Promise<ResultLike>;
  lastRun(): Promise<ResultLike>;
  result(): Promise<ResultLike>;
  /** `raw`: the wire number the client reports (undefined: read it from the wire). */
  status(): Promise<{ status: StatusLike; raw: number | undefined; rawFromWire: boolean }>;
  wait(options: {
    timeoutMs?: number | undefined;
    pollIntervalMs: number;
    abortAfterMs?: number | undefined;
  }): Promise<ResultLike>;
  /** Pushes every event to `onEvent`; throws (after the events) when the stream broke. */
  listen(
    options: { fromIndex?: number | undefined; abortAfterEvents?: number | undefined },
    onEvent: (event: EventLike) => void,
  ): Promise<void>;
  /**
   * Returns whether `results` were sent (on the first event with tool calls). `onEvent` returns
   * the event the driver acts on (the runner's hooks may change it).
   */
  attach(
    options: { fromIndex?: number | undefined; results?: readonly ToolResultSpec[] | undefined },
    onEvent: (event: EventLike) => EventLike,
  ): Promise<{ sent: boolean }>;
  submit(results: readonly { name?: string; content?: string }[]): Promise<void>;
  handleToolCalls(handlers: Readonly<Record<string, string>>): Promise<ResultLike>;
  list(kind: ListKind, pageSize: number | undefined): Promise<{ ids: string[]; texts: string[] }>;
  updateAssistant(update: {
    name?: string | undefined;
    instruction?: string | undefined;
    description?: string | undefined;
  }): Promise<void>;
  /** Ends the case (closes what the driver opened for it). */
  close(): Promise<void>;
}

/** How the client under test connects in a case (its server, credentials, options). */
export interface ClientConfig {
  readonly url: string;
  readonly credentials: Credentials;
  readonly folderId: string;
  readonly timeoutMs: number;
  /** A policy, `false` (never retry), or undefined (the client's own). */
  readonly retry: RetryPolicy | false | undefined;
}

/** Makes the driver of one case (the subprocess driver sends CaseStart here). */
export type DriverFactory = (
  config: ClientConfig & { readonly caseId: string; readonly clientSpec?: CaseSpec["client"] },
) => Promise<ClientDriver>;
