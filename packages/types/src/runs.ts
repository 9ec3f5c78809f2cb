/**
 * Runs: the Run resource, its state and usage, stream events and cursors, and
 * the RunService descriptor (Create, Listen, Attach, Get, GetLastByThread,
 * List, Submit).
 *
 * @example
 * import { RunService, RunState_RunStatus } from "@yc-assistants/types/runs";
 *
 * @packageDocumentation
 */
export * from "./gen/yandex/cloud/ai/assistants/v1/runs/run_pb.js";
export * from "./gen/yandex/cloud/ai/assistants/v1/runs/run_service_pb.js";
