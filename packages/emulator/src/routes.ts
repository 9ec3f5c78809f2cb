import type { ConnectRouter, Interceptor } from "@connectrpc/connect";
import { AssistantService } from "@yc-assistants/types/assistants";
import { ApiEndpointService } from "@yc-assistants/types/endpoint";
import { FileService } from "@yc-assistants/types/files";
import { OperationService } from "@yc-assistants/types/operation";
import { RunService } from "@yc-assistants/types/runs";
import { SearchIndexFileService, SearchIndexService } from "@yc-assistants/types/searchindex";
import { MessageService, ThreadService } from "@yc-assistants/types/threads";
import { checkTransportFaults } from "./check-transport-faults.js";
import { DEFAULT_CHUNK_DELAY_MS, type EmulatorOptions } from "./emulator-options.js";
import {
  type DownloadRequest,
  type DownloadResponse,
  type EmulatorAddress,
  FileUrlSigner,
  handleFileDownload,
} from "./file-download.js";
import { createAuthInterceptor } from "./interceptors/auth-interceptor.js";
import { createFaultsInterceptor } from "./interceptors/faults-interceptor.js";
import { createLimitsInterceptor } from "./interceptors/limits-interceptor.js";
import { createLoggingInterceptor } from "./interceptors/logging-interceptor.js";
import { EchoModel } from "./model/echo-model.js";
import { checkModelScript, loadModelScript } from "./model/load-script.js";
import type { Model } from "./model/model.js";
import { ScriptModel } from "./model/script-model.js";
import { RunEngine } from "./run-engine.js";
import { apiEndpointService } from "./services/api-endpoint-service.js";
import { assistantService } from "./services/assistant-service.js";
import { fileService } from "./services/file-service.js";
import { messageService } from "./services/message-service.js";
import { operationService } from "./services/operation-service.js";
import { runService } from "./services/run-service.js";
import { searchIndexFileService } from "./services/search-index-file-service.js";
import { searchIndexService } from "./services/search-index-service.js";
import type { ServiceContext } from "./services/service-context.js";
import { threadService } from "./services/thread-service.js";
import { EmulatorState } from "./state/emulator-state.js";
import { FileStore } from "./state/file-store.js";
import { DEFAULT_OPERATION_DELAY_MS, OperationStore } from "./state/operation-store.js";
import { SearchIndexStore } from "./state/search-index-store.js";

/**
 * The four services of one emulator instance, for an in-process transport:
 * every call of `createEmulatorRoutes` makes a fresh, empty emulator.
 *
 * @example
 * import { createRouterTransport, createClient } from "@connectrpc/connect";
 * import { RunService } from "@yc-assistants/types/runs";
 * const transport = createRouterTransport(createEmulatorRoutes({ chunkDelayMs: 1 }));
 * const runs = createClient(RunService, transport);
 */
export function createEmulatorRoutes(
  options: EmulatorOptions = {},
): (router: ConnectRouter) => void {
  return createEmulatorCore(options).routes;
}

/** An emulator instance before it is bound to a transport. */
export interface EmulatorCore {
  readonly routes: (router: ConnectRouter) => void;
  readonly context: ServiceContext;
  /** Stops the runs in flight (no timers stay behind). */
  stop(): void;
  /** Sets the address clients reach the emulator at (download URLs, endpoint discovery). */
  setAddress(url: string): void;
  /** Serves a FileService.GetUrl download URL (a plain HTTP/2 GET, not gRPC). */
  serveFileDownload(request: DownloadRequest, response: DownloadResponse): void;
}

/** Builds the state, model, engine and services of one emulator. */
export function createEmulatorCore(options: EmulatorOptions): EmulatorCore {
  const model = resolveModel(options);
  const state = new EmulatorState();
  const chunkDelayMs = options.chunkDelayMs ?? DEFAULT_CHUNK_DELAY_MS;
  if (!Number.isFinite(chunkDelayMs) || chunkDelayMs < 0) {
    throw new RangeError("chunkDelayMs must be a non-negative number");
  }
  checkFaults(options);
  checkLimits(options);
  const files = new FileStore(state);
  const searchIndexes = new SearchIndexStore(state);
  const operationDelayMs = options.operationDelayMs ?? DEFAULT_OPERATION_DELAY_MS;
  if (!Number.isFinite(operationDelayMs) || operationDelayMs < 0) {
    throw new RangeError("operationDelayMs must be a non-negative number");
  }
  const operations = new OperationStore(state, operationDelayMs);
  const engine = new RunEngine(state, model, chunkDelayMs, { files, searchIndexes });
  // Until the server listens (or without one: in-process routes) the address
  // is the one asked for.
  const address: EmulatorAddress = {
    url: `http://${options.host ?? "127.0.0.1"}:${options.port ?? 0}`,
  };
  const context: ServiceContext = {
    state,
    engine,
    limits: { maxRuns: options.limits?.maxRuns, maxFileBytes: options.files?.maxBytes },
    quirks: { ...options.quirks },
    files,
    operations,
    searchIndexes,
    fileUrls: new FileUrlSigner(),
    address,
  };
  const interceptors = createInterceptors(options);
  const handlerOptions = { interceptors };
  return {
    context,
    stop: () => {
      engine.stop();
      operations.stop();
    },
    setAddress: (url) => {
      address.url = url;
    },
    serveFileDownload: (request, response) =>
      handleFileDownload(request, response, context.fileUrls, files),
    routes: (router) => {
      router.service(AssistantService, assistantService(context), handlerOptions);
      router.service(ThreadService, threadService(context), handlerOptions);
      router.service(MessageService, messageService(context), handlerOptions);
      router.service(RunService, runService(context), handlerOptions);
      router.service(FileService, fileService(context), handlerOptions);
      router.service(OperationService, operationService(context), handlerOptions);
      router.service(SearchIndexService, searchIndexService(context), handlerOptions);
      router.service(SearchIndexFileService, searchIndexFileService(context), handlerOptions);
      router.service(ApiEndpointService, apiEndpointService(context), handlerOptions);
    },
  };
}

/** Outermost first: logging sees every outcome, auth runs before anything else. */
function createInterceptors(options: EmulatorOptions): Interceptor[] {
  const interceptors: Interceptor[] = [];
  if (options.log !== undefined) interceptors.push(createLoggingInterceptor(options.log));
  if (options.auth?.apiKey || options.auth?.iamToken) {
    interceptors.push(createAuthInterceptor(options.auth));
  }
  if (options.limits?.maxMessageBytes !== undefined) {
    interceptors.push(createLimitsInterceptor(options.limits.maxMessageBytes));
  }
  if (options.faults !== undefined) interceptors.push(createFaultsInterceptor(options.faults));
  return interceptors;
}

function resolveModel(options: EmulatorOptions): Model {
  if (options.scriptFile !== undefined) return new ScriptModel(loadModelScript(options.scriptFile));
  const model = options.model ?? "echo";
  if (model === "echo") return new EchoModel();
  if (typeof model === "object" && model !== null && "respond" in model) {
    if (typeof model.respond !== "function")
      throw new TypeError("model.respond must be a function");
    return model;
  }
  return new ScriptModel(checkModelScript(model));
}

function checkFaults(options: EmulatorOptions): void {
  const faults = options.faults ?? {};
  const rate = faults.unavailableRate ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError("faults.unavailableRate must be within 0..1");
  const cut = faults.cutStreamAfterEvents;
  if (cut !== undefined && !(Number.isInteger(cut) && cut >= 1)) {
    throw new RangeError("faults.cutStreamAfterEvents must be a positive integer");
  }
  const delay = faults.delayMs ?? 0;
  if (!(delay >= 0)) throw new RangeError("faults.delayMs must not be negative");
  checkTransportFaults(faults);
}

function checkLimits(options: EmulatorOptions): void {
  const max = options.limits?.maxMessageBytes;
  // Connect's readMaxBytes takes 1..2^32-1 (the envelope length is 32 bits).
  if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= 0xffff_ffff)) {
    throw new RangeError("limits.maxMessageBytes must be an integer within 1..4294967295");
  }
  const runs = options.limits?.maxRuns;
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 0)) {
    throw new RangeError("limits.maxRuns must be a non-negative integer");
  }
}
