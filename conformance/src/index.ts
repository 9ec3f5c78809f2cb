/**
 * @yc-assistants/conformance: data-driven conformance cases for the Yandex
 * Cloud AI Assistants runs API (status/event mapping, run results, stream
 * events, Submit, listen and cursors, pagination, errors), run with our
 * client against the emulator and recorded traffic (client mode) or against
 * any server (server mode). The CLI is `yc-assistants-conformance`; this
 * entry point is the same machinery for programs and tests.
 *
 * @example
 * import { runConformance, summaryTable } from "@yc-assistants/conformance";
 * const report = await runConformance({ mode: "client", suites: ["submit"] });
 * console.log(summaryTable(report));
 *
 * @packageDocumentation
 */

export { type AuthProbe, notApplicableCases, probeAnonymous } from "./applicability.js";
// Case files.
export {
  CaseFileError,
  DEFAULT_CASES_DIR,
  type LoadedCase,
  type LoadedSuite,
  loadSuiteFile,
  loadSuites,
  parseSuiteFile,
} from "./case-loader.js";
export {
  type CaseRunOptions,
  type CaseRunResult,
  FAST_RETRY,
  type RunnerHooks,
  runCase,
} from "./case-runner.js";
export {
  type CaseSpec,
  caseShape,
  type EmulatorSpec,
  type ExchangeSpec,
  type ReplaySpec,
  type ServerSpec,
  STEP_KINDS,
  type Step,
  type StepKind,
  type SuiteFile,
  stepKind,
  suiteFileShape,
} from "./case-schema.js";
export type { Credentials, RemoteServer } from "./case-target.js";
// Fault proxies and chaos scenarios (issue 8, "Fault tooling").
export {
  CHAOS_RETRY,
  type ChaosEnv,
  startChaosEnv,
} from "./chaos/chaos-env.js";
export { type AppliedRound, ChaosModel } from "./chaos/chaos-model.js";
export {
  type ChaosRow,
  COUNT_FIELDS,
  type CountField,
  chaosTable,
  missedTargets,
} from "./chaos/chaos-row.js";
export { type ListenCutOptions, listenCut } from "./chaos/listen-cut.js";
export { type ResetStormOptions, resetStorm } from "./chaos/reset-storm.js";
export {
  CHAOS_SCENARIOS,
  type ChaosOptions,
  type ChaosReport,
  type ChaosScenario,
  runChaos,
} from "./chaos/run-chaos.js";
export {
  DEFAULT_SUBMIT_FAULTS,
  type SubmitExactlyOnceOptions,
  submitExactlyOnce,
} from "./chaos/submit-exactly-once.js";
export {
  type Http2FaultProxy,
  type Http2FaultProxyOptions,
  type Http2ProxyCounts,
  type LoseMode,
  startHttp2FaultProxy,
} from "./faults/http2-fault-proxy.js";
export {
  FRAME_TYPE,
  Http2FrameCounter,
  type Http2FrameCounts,
} from "./faults/http2-frame-counter.js";
export {
  type CutAt,
  startTcpCutProxy,
  type TcpCutProxy,
  type TcpCutProxyOptions,
  type TcpProxyCounts,
} from "./faults/tcp-cut-proxy.js";
// Any client under test (issue 11): the protocol (PROTOCOL.md), adapters, the clients matrix.
export * as conformanceProtocol from "./gen/ycassistants/conformance/v1/client_under_test_pb.js";
export { type Host, startHost, withInterceptors } from "./host.js";
// Known-failing lists and reports.
export {
  type KnownFailing,
  type KnownFailingPattern,
  loadKnownFailing,
  parseKnownFailing,
} from "./known-failing.js";
// The clients matrix and its renderers (issue 11, "Running and reporting").
export { buildMatrix, type ColumnRun } from "./matrix/build-matrix.js";
export type {
  ClientMatrix,
  MatrixCase,
  MatrixCell,
  MatrixColumn,
  MatrixSuite,
  MatrixVerdict,
} from "./matrix/client-matrix.js";
export { type ClientEntry, loadClientsConfig } from "./matrix/clients-config.js";
export { type ColumnTotals, matrixTotals, totalsText } from "./matrix/matrix-totals.js";
export { escapeHtml, renderMatrixHtml } from "./matrix/render-matrix-html.js";
export { escapeMarkdownCell, renderMatrixMarkdown } from "./matrix/render-matrix-markdown.js";
export { type ClientsResult, type RunClientsOptions, runClients } from "./matrix/run-clients.js";
export type { EventLike, ResultLike, RunErrorLike, StatusLike, ToolCallLike } from "./observe.js";
export { type AdapterHandler, type AdapterIo, runAdapter } from "./protocol/adapter-loop.js";
export {
  ClientProcess,
  ClientProcessError,
  type ClientProcessOptions,
} from "./protocol/client-process.js";
export {
  type Decoded,
  encodeFrame,
  FRAMING_ENV,
  FrameDecoder,
  type Framing,
  framingFromEnv,
} from "./protocol/framing.js";
export {
  eventFromProto,
  eventToProto,
  resultFromProto,
  resultToProto,
  statusFromProto,
  statusToProto,
} from "./protocol/observed-proto.js";
export {
  checkRawEvents,
  checkRawResponse,
  resolvePlaceholders,
  valueAt,
} from "./raw-call-checks.js";
export {
  createForwardingRoutes,
  createRecorder,
  type RecordedInteraction,
  type RecordedMessage,
  type Recorder,
  type Recording,
  type RecordingProxy,
  startRecordingProxy,
  toRecording,
  writeRecording,
} from "./recorder.js";
// The reference reading of the spec's tables.
export {
  type RefEvent,
  type RefResult,
  type RefStatus,
  refEvents,
  refEventType,
  refResult,
  refRunStatus,
} from "./reference.js";
// Servers: replay, recording, the wire log.
export {
  exchangesFromRecording,
  findRpc,
  type ReplayError,
  type ReplayExchange,
  rpcName,
  SERVICES,
  validateExchange,
} from "./replay-script.js";
export {
  createReplayRoutes,
  createReplayTransport,
  type ReplayOptions,
  type ReplayServer,
  ReplayState,
  startReplayServer,
} from "./replay-server.js";
export {
  type CaseReport,
  junitXml,
  type Outcome,
  progressLine,
  type RunReport,
  type SuiteSummary,
  summarize,
  summaryTable,
  type Target,
} from "./report.js";
// Running cases.
export {
  type ClientCommand,
  type ConformanceOptions,
  DEFAULT_REPORTS_DIR,
  defaultFixturesDir,
  NOT_APPLICABLE,
  runConformance,
  selectCases,
  targetOf,
} from "./run-conformance.js";
export { formatPath, type Infer, type Shape, ShapeError } from "./shape.js";
export { type WireCall, type WireError, WireLog } from "./wire-log.js";
