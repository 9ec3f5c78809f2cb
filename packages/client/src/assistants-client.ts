/**
 * AssistantsClient: the entry point of @yc-assistants/client.
 *
 * @module
 */
import { inspect } from "node:util";
import { createClient } from "@connectrpc/connect";
import { RunService } from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/runs/run_service_pb";
import { MessageService } from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/threads/message_service_pb";
import { Assistants } from "./assistants.js";
import type { ClientContext } from "./client-context.js";
import { Files } from "./files.js";
import { lazyClient } from "./lazy-client.js";
import {
  loadAssistantService,
  loadFileService,
  loadOperationService,
  loadSearchIndexFileService,
  loadSearchIndexService,
  loadThreadService,
} from "./lazy-types.js";
import { Runs } from "./runs.js";
import { SearchIndexes } from "./search-indexes.js";
import { Threads } from "./threads.js";
import {
  type AssistantsClientOptions,
  type ResolvedClientConfig,
  resolveClientConfig,
} from "./transport/index.js";

/** What `util.inspect(client)` and `JSON.stringify(client)` show: never a secret. */
export interface AssistantsClientSummary {
  /** The folder. */
  readonly folderId: string;
  /** The endpoint base URL (informational when a custom transport is used). */
  readonly endpoint: string;
  /** Which credential kind is in use (never the credential). */
  readonly authKind: ResolvedClientConfig["authKind"];
  /** Default per-call timeout in ms. */
  readonly timeoutMs: number;
}

/**
 * The client of the Yandex Cloud AI Assistants API: `assistants`, `threads`, `runs`, `files`
 * and `searchIndexes` (long-running operations polled for you), over
 * Connect (gRPC on HTTP/2, TLS by default), with API-key or IAM-token auth, request ids,
 * retries of idempotent calls and deadlines on every call.
 *
 * Options fall back to the environment: `folderId` to `YC_FOLDER_ID`, `auth` to `YC_API_KEY`,
 * then `YC_IAM_TOKEN`, `endpoint` to `YC_ASSISTANTS_ENDPOINT` (e.g. `http://127.0.0.1:8080`
 * for the emulator). A missing folder or credential, or an endpoint without its `http://` or
 * `https://` scheme, throws `Code.InvalidArgument` naming the option and the variable. Secrets never show in `util.inspect(client)`, `JSON.stringify`,
 * errors or logs.
 *
 * @example
 * import { AssistantsClient } from "@yc-assistants/client";
 * const client = new AssistantsClient({ folderId: "b1g...", auth: { apiKey: process.env.KEY! } });
 * const assistant = await client.assistants.create({ model: "yandexgpt" });
 * const thread = await client.threads.create();
 * await thread.write("Hello!");
 * console.log((await (await assistant.run(thread)).wait()).text);
 */
export class AssistantsClient {
  /** `client.assistants`: create, get, list, update, delete. */
  readonly assistants: Assistants;
  /** `client.threads`: create, get, list, update, delete. */
  readonly threads: Threads;
  /** `client.runs`: create, get, getLastByThread, list. */
  readonly runs: Runs;
  /** `client.files`: upload, get, list, update, delete; handles download their content. */
  readonly files: Files;
  /**
   * `client.searchIndexes`: create (waits for the operation), createDeferred, get, list,
   * update, delete, addFiles, listFiles.
   */
  readonly searchIndexes: SearchIndexes;
  /** The folder every folder-scoped request carries. */
  readonly folderId: string;
  readonly #summary: AssistantsClientSummary;

  constructor(options?: AssistantsClientOptions) {
    const config = resolveClientConfig(options);
    const transport = config.transport;
    const ctx: ClientContext = {
      folderId: config.folderId,
      timeoutMs: config.timeoutMs,
      retry: config.retry,
      // issue 10, cold start: RunService (every run call) and MessageService (its List streams)
      // are made now; the other services import their generated file on their first call.
      assistantService: lazyClient(
        () => loadAssistantService().then((m) => m.AssistantService),
        transport,
      ),
      threadService: lazyClient(() => loadThreadService().then((m) => m.ThreadService), transport),
      messageService: createClient(MessageService, transport),
      runService: createClient(RunService, transport),
      fileService: lazyClient(() => loadFileService().then((m) => m.FileService), transport),
      searchIndexService: lazyClient(
        () => loadSearchIndexService().then((m) => m.SearchIndexService),
        transport,
      ),
      searchIndexFileService: lazyClient(
        () => loadSearchIndexFileService().then((m) => m.SearchIndexFileService),
        transport,
      ),
      operationService: lazyClient(
        () => loadOperationService().then((m) => m.OperationService),
        transport,
      ),
      endpoint: config.endpoint,
    };
    this.folderId = config.folderId;
    this.assistants = new Assistants(ctx);
    this.threads = new Threads(ctx);
    this.runs = new Runs(ctx);
    this.files = new Files(ctx);
    this.searchIndexes = new SearchIndexes(ctx);
    this.#summary = Object.freeze({
      folderId: config.folderId,
      endpoint: config.endpoint,
      authKind: config.authKind,
      timeoutMs: config.timeoutMs,
    });
  }

  /** The client's settings without secrets. */
  toJSON(): AssistantsClientSummary {
    return this.#summary;
  }

  /** `util.inspect` / `console.log` show only {@link AssistantsClient.toJSON}. */
  [inspect.custom](): string {
    return `AssistantsClient ${inspect(this.#summary)}`;
  }
}
