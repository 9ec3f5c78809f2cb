/**
 * @yc-assistants/emulator: an in-memory gRPC server of the Yandex Cloud AI
 * Assistants API (AssistantService, ThreadService, MessageService,
 * RunService; FileService, SearchIndexService, SearchIndexFileService,
 * OperationService, ApiEndpointService) with a deterministic model and a
 * deterministic search with citations, for offline development and as the
 * reference of the conformance suite.
 *
 * @example
 * import { startEmulator } from "@yc-assistants/emulator";
 * const emulator = await startEmulator({ model: { turns: [{ text: "Hello!" }] } });
 * console.log(emulator.url); // http://127.0.0.1:PORT
 * await emulator.close();
 *
 * @packageDocumentation
 */
export {
  DEFAULT_CHUNK_DELAY_MS,
  DEFAULT_MAX_MESSAGE_BYTES,
  type Emulator,
  type EmulatorOptions,
  type EmulatorStats,
  type FaultCount,
  type GoAwayFault,
  type Http2ErrorCodeName,
  type LoseResponseFault,
  type ResetStreamsFault,
} from "./emulator-options.js";
export { echoArguments } from "./model/echo-arguments.js";
export { EchoModel } from "./model/echo-model.js";
export { checkModelScript, loadModelScript, parseModelScript } from "./model/load-script.js";
export type {
  Model,
  ModelCitation,
  ModelCitationSource,
  ModelContext,
  ModelErrorTurn,
  ModelFunctionTool,
  ModelMessage,
  ModelRawContext,
  ModelScript,
  ModelSearchResult,
  ModelTextTurn,
  ModelTool,
  ModelToolCall,
  ModelToolCallsTurn,
  ModelToolResult,
  ModelTurn,
  ModelUsage,
} from "./model/model.js";
export { ScriptModel } from "./model/script-model.js";
export { countTokens, cumulativeChunks } from "./model/tokens.js";
export { createEmulatorRoutes } from "./routes.js";
export { startEmulator } from "./server.js";
