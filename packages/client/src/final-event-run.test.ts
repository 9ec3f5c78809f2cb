import { RunState_RunStatus, type StreamEvent_EventType } from "@yc-assistants/types/runs";
import { describe, expect, test } from "vitest";
import { eventMsg, runMsg, S } from "../test/support.js";
import { runFromFinalEvent } from "./final-event-run.js";

describe("runFromFinalEvent", () => {
  test("DONE: the snapshot, COMPLETED with the event's message; the snapshot is untouched", () => {
    const snapshot = runMsg({ status: S.IN_PROGRESS });
    const run = runFromFinalEvent(snapshot, eventMsg(3, { done: "Hello" }));
    expect(run?.id).toBe(snapshot.id);
    expect(run?.state?.status).toBe(RunState_RunStatus.COMPLETED);
    expect(run?.state?.StateData.case).toBe("completedMessage");
    expect(run?.usage).toBeUndefined();
    expect(snapshot.state?.status).toBe(RunState_RunStatus.IN_PROGRESS);
  });

  test("a partial (or unknown) event is no result", () => {
    const snapshot = runMsg({ status: S.IN_PROGRESS });
    expect(runFromFinalEvent(snapshot, eventMsg(0, { partial: "He" }))).toBeUndefined();
    expect(
      runFromFinalEvent(snapshot, eventMsg(0, { type: 99 as StreamEvent_EventType })),
    ).toBeUndefined();
  });
});
