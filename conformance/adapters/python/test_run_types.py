"""Unit tests of the Python adapter's run semantics (spec/runs.md), with the standard library.

Run: /usr/bin/python3 -m unittest discover -s conformance/adapters/python -p 'test_*.py'
(src/adapters/python/python-adapter.test.ts runs them in the package's tests).
"""

import os
import sys
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "gen")]

from assistants_client import ClientError, RetryPolicy, model_uri_of, submit_request  # noqa: E402
from run_status import RunStatus, StreamEvent  # noqa: E402
from run_types import FAILED_MESSAGE, RunFailedError, RunResult, RunStreamEvent  # noqa: E402
from yandex.cloud.ai.assistants.v1.runs import run_pb2, run_service_pb2  # noqa: E402

# spec/runs.md, "Run status": member -> (is_running, is_succeeded, is_failed, status_name).
RUN_TABLE = {
    -1: ("UNKNOWN", False, False, False, "running"),
    0: ("RUN_STATUS_UNSPECIFIED", False, False, False, "running"),
    1: ("PENDING", True, False, False, "running"),
    2: ("IN_PROGRESS", True, False, False, "running"),
    3: ("FAILED", False, False, True, "failed"),
    4: ("COMPLETED", False, True, False, "success"),
    5: ("TOOL_CALLS", False, True, False, "success"),
}
EVENT_TABLE = {
    -1: ("UNKNOWN", False, False, False, "running"),
    0: ("EVENT_TYPE_UNSPECIFIED", False, False, False, "running"),
    1: ("PARTIAL_MESSAGE", True, False, False, "running"),
    2: ("ERROR", False, False, True, "failed"),
    3: ("DONE", False, True, False, "success"),
    4: ("TOOL_CALLS", False, True, False, "success"),
}


def text_run(status: int, *parts: str) -> run_pb2.Run:
    run = run_pb2.Run(id="run-1")
    run.state.status = status
    for p in parts:
        run.state.completed_message.content.content.add().text.content = p
    return run


class StatusTables(unittest.TestCase):
    def check(self, enum, table):
        for raw, (name, running, succeeded, failed, status_name) in table.items():
            member = enum.from_wire(raw)
            self.assertEqual(
                (member.name, member.is_running, member.is_succeeded, member.is_failed),
                (name, running, succeeded, failed),
            )
            self.assertEqual(member.is_finished, succeeded or failed)
            self.assertEqual(member.status_name, status_name)

    def test_run_status(self):
        self.check(RunStatus, RUN_TABLE)

    def test_stream_event(self):
        self.check(StreamEvent, EVENT_TABLE)

    def test_unknown_values_keep_their_raw_number(self):
        result = RunResult.from_proto(text_run(9))
        self.assertEqual((result.status, result.raw_status), (RunStatus.UNKNOWN, 9))
        self.assertEqual(StreamEvent.from_wire(-7), StreamEvent.UNKNOWN)


class Results(unittest.TestCase):
    def test_completed_text_is_the_parts_joined(self):
        result = RunResult.from_proto(text_run(4, "Hello", "world"))
        self.assertEqual((result.text, result.parts), ("Hello\nworld", ("Hello", "world")))
        self.assertIsNone(result.tool_calls)
        self.assertIsNone(result.usage)

    def test_failed_result_raises_on_its_message_and_keeps_the_code(self):
        run = run_pb2.Run(id="run-1")
        run.state.status = 3
        run.state.error.code = 13
        run.state.error.message = "model failed"
        result = RunResult.from_proto(run)
        self.assertEqual((result.error.message, result.error.code), ("model failed", 13))
        for read in (lambda: result.text, lambda: result.parts, lambda: result.message):
            with self.assertRaisesRegex(RunFailedError, FAILED_MESSAGE):
                read()

    def test_tool_calls_absent_when_the_list_is_empty(self):
        run = run_pb2.Run(id="run-1")
        run.state.status = 5
        run.state.tool_call_list.SetInParent()
        self.assertIsNone(RunResult.from_proto(run).tool_calls)
        call = run.state.tool_call_list.tool_calls.add().function_call
        call.name = "f"
        call.arguments.update({"n": 5})
        calls = RunResult.from_proto(run).tool_calls
        self.assertEqual([(c.name, c.arguments) for c in calls], [("f", {"n": 5.0})])

    def test_usage_keeps_int64_exactly(self):
        run = text_run(4, "x")
        run.usage.prompt_tokens = 2**53 + 1
        self.assertEqual(RunResult.from_proto(run).usage.input_text_tokens, 2**53 + 1)


class Events(unittest.TestCase):
    def event(self, kind: int, text: str, cursor: int) -> run_service_pb2.StreamEvent:
        ev = run_service_pb2.StreamEvent(event_type=kind)
        ev.stream_cursor.current_event_idx = cursor
        ev.partial_message.content.add().text.content = text
        return ev

    def test_cumulative_partials_give_deltas(self):
        previous = None
        deltas = []
        for i, text in enumerate(["Hello", "Hello! How can I help you?", "Hi"]):
            event = RunStreamEvent.from_proto(self.event(1, text, i), previous)
            previous = event.text
            deltas.append((event.delta, event.cursor))
        self.assertEqual(deltas, [("Hello", 0), ("! How can I help you?", 1), ("Hi", 2)])

    def test_an_event_without_text_has_no_delta(self):
        event = RunStreamEvent.from_proto(run_service_pb2.StreamEvent(event_type=4), "Hello")
        self.assertEqual((event.text, event.delta, event.cursor), (None, None, 0))


class Client(unittest.TestCase):
    def test_submit_input_errors_are_local(self):
        for run_id, results in [("", [("f", "x")]), ("r", []), ("r", [(None, "x")]), ("r", [("f", None)])]:
            with self.assertRaises(ClientError) as caught:
                submit_request(run_id, results)
            self.assertEqual(caught.exception.code.name, "INVALID_ARGUMENT")
        request = submit_request("r", [("f", "")])
        self.assertEqual(request.tool_result_list.tool_results[0].function_result.content, "")

    def test_model_uri(self):
        self.assertEqual(model_uri_of("b1g", "yandexgpt"), "gpt://b1g/yandexgpt/latest")
        self.assertEqual(model_uri_of("b1g", "yandexgpt-lite/rc"), "gpt://b1g/yandexgpt-lite/rc")
        self.assertEqual(model_uri_of("b1g", "gpt://x/y/z"), "gpt://x/y/z")

    def test_backoff_is_capped(self):
        policy = RetryPolicy(initial_backoff_s=1, multiplier=2, max_backoff_s=3, jitter_s=0)
        self.assertEqual([policy.backoff(n) for n in (1, 2, 3, 4)], [1, 2, 3, 3])


if __name__ == "__main__":
    unittest.main()
