/**
 * Proof 3 of issue 2: the run status and stream event enums carry exactly the
 * names and numbers of the seeds (and of the schema sheet), read straight
 * from the generated descriptors, so a renumbered or renamed value fails here
 * before it can mislabel a run on the wire.
 */
import { describe, expect, test } from "vitest";
import { registry } from "../src/registry.js";
import {
  RunState_RunStatus,
  RunState_RunStatusSchema,
  StreamEvent_EventType,
  StreamEvent_EventTypeSchema,
} from "../src/runs.js";

const RUN_STATUS = [
  ["RUN_STATUS_UNSPECIFIED", 0],
  ["PENDING", 1],
  ["IN_PROGRESS", 2],
  ["FAILED", 3],
  ["COMPLETED", 4],
  ["TOOL_CALLS", 5],
] as const;

const EVENT_TYPE = [
  ["EVENT_TYPE_UNSPECIFIED", 0],
  ["PARTIAL_MESSAGE", 1],
  ["ERROR", 2],
  ["DONE", 3],
  ["TOOL_CALLS", 4],
] as const;

describe("RunState.RunStatus", () => {
  test("descriptor values, in order, with their numbers", () => {
    expect(RunState_RunStatusSchema.typeName).toBe(
      "yandex.cloud.ai.assistants.v1.runs.RunState.RunStatus",
    );
    expect(RunState_RunStatusSchema.values.map((v) => [v.name, v.number])).toEqual(RUN_STATUS);
    expect(RunState_RunStatusSchema.open).toBe(true);
  });

  test("the TypeScript enum agrees with the descriptor", () => {
    for (const [name, number] of RUN_STATUS) {
      expect(RunState_RunStatus[name]).toBe(number);
      expect(RunState_RunStatusSchema.value[number]?.name).toBe(name);
    }
  });

  test("the registry serves the same descriptor", () => {
    expect(registry.getEnum(RunState_RunStatusSchema.typeName)).toBe(RunState_RunStatusSchema);
  });
});

describe("StreamEvent.EventType", () => {
  test("descriptor values, in order, with their numbers", () => {
    expect(StreamEvent_EventTypeSchema.typeName).toBe(
      "yandex.cloud.ai.assistants.v1.runs.StreamEvent.EventType",
    );
    expect(StreamEvent_EventTypeSchema.values.map((v) => [v.name, v.number])).toEqual(EVENT_TYPE);
    expect(StreamEvent_EventTypeSchema.open).toBe(true);
  });

  test("the TypeScript enum agrees with the descriptor", () => {
    for (const [name, number] of EVENT_TYPE) {
      expect(StreamEvent_EventType[name]).toBe(number);
      expect(StreamEvent_EventTypeSchema.value[number]?.name).toBe(name);
    }
  });

  test("the registry serves the same descriptor", () => {
    expect(registry.getEnum(StreamEvent_EventTypeSchema.typeName)).toBe(
      StreamEvent_EventTypeSchema,
    );
  });
});
