/**
 * runFromFinalEvent: the `Run` a final Listen event describes, for `wait({ usage: false })`.
 * Internal.
 *
 * The real service's final Listen event carries the outcome (DONE: the completed message,
 * ERROR: the error, TOOL_CALLS: the calls) but not `usage`, which only the `Run` has
 * (recordings: fixtures/yandex-recorded/test_run/test_run_stream.json, the DONE event against
 * the Get after it). A caller that does not need usage can have the result at the final event,
 * without the Get round trip after it (issue 10, row "`wait()`: server's final event ->
 * result in hand").
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import {
  type Run,
  RunState_RunStatus,
  RunStateSchema,
  type StreamEvent,
  StreamEvent_EventType,
} from "@yc-assistants/types/runs";

/**
 * The handle's `snapshot` with the state the final `event` reports (status and its data), or
 * `undefined` when `event` is not a final event. `usage` stays whatever the snapshot had
 * (normally none: it is not on the event).
 *
 * @example
 * const run = runFromFinalEvent(tracker.snapshot, doneEvent); // state COMPLETED, its message
 */
export function runFromFinalEvent(snapshot: Run, event: StreamEvent): Run | undefined {
  // A shallow copy with its own state: the snapshot's other fields are shared, never changed.
  const run: Run = { ...snapshot };
  const data = event.EventData;
  switch (event.eventType) {
    case StreamEvent_EventType.DONE:
      run.state = create(RunStateSchema, {
        status: RunState_RunStatus.COMPLETED,
        StateData:
          data.case === "completedMessage"
            ? { case: "completedMessage", value: data.value }
            : { case: undefined },
      });
      return run;
    case StreamEvent_EventType.ERROR:
      run.state = create(RunStateSchema, {
        status: RunState_RunStatus.FAILED,
        StateData:
          data.case === "error" ? { case: "error", value: data.value } : { case: undefined },
      });
      return run;
    case StreamEvent_EventType.TOOL_CALLS:
      run.state = create(RunStateSchema, {
        status: RunState_RunStatus.TOOL_CALLS,
        StateData:
          data.case === "toolCallList"
            ? { case: "toolCallList", value: data.value }
            : { case: undefined },
      });
      return run;
    default:
      return undefined;
  }
}
