import { create } from "@bufbuild/protobuf";
import { RunSchema, StreamEventSchema } from "@yc-assistants/types";
import { describe, expect, it } from "vitest";
import { refEvents, refEventType, refResult, refRunStatus, uniqueByCursor } from "./reference.js";

describe("the reference reading of spec/runs.md", () => {
  it("maps every RunStatus row and unknown numbers", () => {
    const row = (v: number) => {
      const s = refRunStatus(v);
      return [s.name, s.value, s.isRunning, s.isSucceeded, s.isFailed, s.isFinished, s.statusName];
    };
    expect([0, 1, 2, 3, 4, 5, 99, -1].map(row)).toEqual([
      ["RUN_STATUS_UNSPECIFIED", 0, false, false, false, false, "running"],
      ["PENDING", 1, true, false, false, false, "running"],
      ["IN_PROGRESS", 2, true, false, false, false, "running"],
      ["FAILED", 3, false, false, true, true, "failed"],
      ["COMPLETED", 4, false, true, false, true, "success"],
      ["TOOL_CALLS", 5, false, true, false, true, "success"],
      ["UNKNOWN", -1, false, false, false, false, "running"],
      ["UNKNOWN", -1, false, false, false, false, "running"],
    ]);
    expect(refRunStatus(99).raw).toBe(99);
  });

  it("maps every StreamEvent row", () => {
    expect(
      [0, 1, 2, 3, 4, 5].map((v) => [refEventType(v).name, refEventType(v).statusName]),
    ).toEqual([
      ["EVENT_TYPE_UNSPECIFIED", "running"],
      ["PARTIAL_MESSAGE", "running"],
      ["ERROR", "failed"],
      ["DONE", "success"],
      ["TOOL_CALLS", "success"],
      ["UNKNOWN", "running"],
    ]);
  });

  it("reads a Run: empty tool call lists are absent, FAILED has no message", () => {
    const tools = refResult(
      create(RunSchema, {
        state: { status: 5, StateData: { case: "toolCallList", value: { toolCalls: [] } } },
      }),
    );
    expect(tools.toolCalls).toBeUndefined();
    const failed = refResult(
      create(RunSchema, {
        state: { status: 3, StateData: { case: "error", value: { code: 13n, message: "x" } } },
      }),
    );
    expect(failed).toMatchObject({
      messageThrows: true,
      error: { message: "x", code: "13" },
      parts: [],
    });
  });

  it("computes deltas of cumulative partials and keeps each cursor once", () => {
    const ev = (idx: bigint, type: number, text: string) =>
      create(StreamEventSchema, {
        eventType: type,
        streamCursor: { currentEventIdx: idx },
        EventData: {
          case: "partialMessage",
          value: { content: [{ PartType: { case: "text", value: { content: text } } }] },
        },
      });
    const events = uniqueByCursor([
      ev(0n, 1, "He"),
      ev(1n, 1, "Hello"),
      ev(0n, 1, "He"),
      ev(2n, 3, "Hello"),
    ]);
    expect(refEvents(events).map((e) => [e.cursor, e.delta])).toEqual([
      [0, "He"],
      [1, "llo"],
      [2, ""],
    ]);
  });
});
