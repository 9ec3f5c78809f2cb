"""One case of the client-under-test protocol: the client, the current objects, the steps.

PROTOCOL.md, "StepRequest": the step that creates or fetches an assistant, a thread or a run
makes it current; later steps use it. Waiting follows the seeds' Python SDK: poll Get every
0.5 s while the run is running (spec/runs.md, "Waiting for a run"); after a Submit the answered
TOOL_CALLS state is not taken for the new result (spec/runs.md, "Submit semantics").
"""

from __future__ import annotations

import queue
import sys
import time

import grpc
from assistants_client import (
    NO_RETRY,
    RETRYABLE,
    AssistantsClient,
    ClientError,
    RetryPolicy,
    function_tool,
    model_uri_of,
    tool_result_list,
)
from google.protobuf import json_format
from observed import event_of, result_of, status_of
from run_status import RunStatus, StreamEvent
from run_types import RunResult, RunStreamEvent
from yandex.cloud.ai.assistants.v1.runs import run_service_pb2 as run_service
from ycassistants.conformance.v1 import client_under_test_pb2 as cut

# The seeds' Python SDK: `await run` polls Get every 0.5 s, 300 s overall.
DEFAULT_POLL_INTERVAL_S = 0.5
DEFAULT_WAIT_TIMEOUT_S = 300.0
FINAL_EVENTS = (StreamEvent.DONE, StreamEvent.ERROR)


def log(*args) -> None:
    print("[python-adapter]", *args, file=sys.stderr, flush=True)


def client_for(connection: cut.Connection, options: cut.ClientOptions) -> AssistantsClient:
    """The client of a case: its server, credentials and options (PROTOCOL.md, "CaseStart")."""
    retry = RetryPolicy()
    if options.retry_disabled:
        retry = NO_RETRY
    elif options.HasField("retry"):
        r = options.retry
        retry = RetryPolicy(
            max_attempts=max(r.max_attempts, 1),
            initial_backoff_s=r.initial_backoff_ms / 1000,
            multiplier=r.multiplier or 1.0,
            max_backoff_s=r.max_backoff_ms / 1000,
            jitter_s=r.jitter_ms / 1000,
        )
    return AssistantsClient(
        connection.server_url,
        folder_id=connection.folder_id,
        api_key=connection.api_key,
        iam_token=connection.iam_token,
        plaintext=connection.plaintext,
        timeout_s=options.timeout_ms / 1000 if options.HasField("timeout_ms") else 60.0,
        retry=retry,
    )


def _tools(tools) -> list:
    return [
        function_tool(
            t.name,
            t.description,
            json_format.MessageToDict(t.parameters) if t.HasField("parameters") else None,
        )
        for t in tools
    ]


def _opt(message, name: str):
    return getattr(message, name) if message.HasField(name) else None


def _results(results) -> list[tuple[str | None, str | None]]:
    return [(_opt(r, "name"), _opt(r, "content")) for r in results]


class CaseSession:
    """The state of one case and a handler per step kind."""

    def __init__(self, client: AssistantsClient):
        self.client = client
        self.assistant_id = ""
        self.thread_id = ""
        self.run_id = ""
        # The TOOL_CALLS result a Submit answered, until the run is seen to leave it.
        self.answered: RunResult | None = None
        # The current run's latest result this client read.
        self.last: RunResult | None = None
        # The cursor of the last TOOL_CALLS event seen, and where the log goes on after a
        # Submit answered it.
        self.tool_calls_cursor: int | None = None
        self.resume_from: int | None = None

    def close(self) -> None:
        self.client.close()

    def step(self, request: cut.StepRequest) -> cut.StepResponse:
        """Runs one step; a failure of the client becomes the answer's error."""
        kind = request.WhichOneof("step")
        out = cut.StepResponse(index=request.index)
        handler = getattr(self, f"do_{kind}", None) if kind else None
        if handler is None:
            out.unsupported.append(kind or "step")
            return out
        try:
            handler(getattr(request, kind), out)
        except ClientError as e:
            out.error.CopyFrom(cut.StepError(code=e.code.value[0], message=e.message))
        return out

    # Objects.

    def do_create_assistant(self, s: cut.CreateAssistant, out: cut.StepResponse) -> None:
        model_uri = s.model_uri or model_uri_of(self.client.folder_id, s.model or "yandexgpt")
        assistant = self.client.create_assistant(
            model_uri=model_uri,
            tools=_tools(s.tools),
            name=s.name,
            instruction=s.instruction,
            max_prompt_tokens=_opt(s, "max_prompt_tokens"),
            temperature=_opt(s, "temperature"),
            max_tokens=_opt(s, "max_tokens"),
        )
        self.assistant_id = out.assistant_id = assistant.id

    def do_update_assistant(self, s: cut.UpdateAssistant, out: cut.StepResponse) -> None:
        fields = {f: getattr(s, f) for f in ("name", "instruction", "description") if s.HasField(f)}
        assistant = self.client.update_assistant(self.assistant_id, **fields)
        self.assistant_id = out.assistant_id = assistant.id

    def do_create_thread(self, s: cut.CreateThread, out: cut.StepResponse) -> None:
        self.thread_id = out.thread_id = self.client.create_thread(s.name).id

    def do_write(self, s: cut.Write, out: cut.StepResponse) -> None:
        self.client.write(self.thread_id, s.text, s.role)

    def do_delete(self, s: cut.Delete, out: cut.StepResponse) -> None:
        if s.kind == cut.DELETE_KIND_ASSISTANT:
            self.client.delete_assistant(s.id or self.assistant_id)
        elif s.kind == cut.DELETE_KIND_THREAD:
            self.client.delete_thread(s.id or self.thread_id)
        else:
            raise ClientError(grpc.StatusCode.INVALID_ARGUMENT, f"unknown delete kind {s.kind}")

    def do_list(self, s: cut.List, out: cut.StepResponse) -> None:
        page_size = _opt(s, "page_size")
        if s.kind == cut.LIST_KIND_MESSAGES:
            for message in self.client.list_messages(self.thread_id):
                out.list.ids.append(message.id)
                out.list.texts.append(
                    "\n".join(
                        p.text.content
                        for p in message.content.content
                        if p.WhichOneof("PartType") == "text"
                    )
                )
            out.list.SetInParent()
            return
        items = {
            cut.LIST_KIND_RUNS: self.client.list_runs,
            cut.LIST_KIND_ASSISTANTS: self.client.list_assistants,
            cut.LIST_KIND_THREADS: self.client.list_threads,
        }.get(s.kind)
        if items is None:
            raise ClientError(grpc.StatusCode.INVALID_ARGUMENT, f"unknown list kind {s.kind}")
        out.list.SetInParent()
        for item in items(page_size):
            out.list.ids.append(item.id)

    # Runs.

    def _current(self, run, out: cut.StepResponse) -> RunResult:
        result = self._read_run(run)
        if result.id != self.run_id:
            self.tool_calls_cursor = self.resume_from = None
        self.run_id = out.run_id = result.id or self.run_id
        self.answered = None
        out.result.CopyFrom(result_of(result))
        return result

    def do_run(self, s: cut.Run, out: cut.StepResponse) -> None:
        run = self.client.create_run(
            self.assistant_id,
            self.thread_id,
            stream=s.stream,
            tools=_tools(s.tools),
            labels=dict(s.labels),
            temperature=_opt(s, "temperature"),
            max_tokens=_opt(s, "max_tokens"),
            max_prompt_tokens=_opt(s, "max_prompt_tokens"),
        )
        self._current(run, out)

    def do_get_run(self, s: cut.GetRun, out: cut.StepResponse) -> None:
        self._current(self.client.get_run(s.run_id), out)

    def do_get_last_run(self, s: cut.GetLastRun, out: cut.StepResponse) -> None:
        self._current(self.client.get_last_run(self.thread_id), out)

    def _read_run(self, run) -> RunResult:
        self.last = RunResult.from_proto(run)
        return self.last

    def do_get_result(self, s: cut.GetResult, out: cut.StepResponse) -> None:
        out.result.CopyFrom(result_of(self._read_run(self.client.get_run(self.run_id))))

    def do_get_status(self, s: cut.GetStatus, out: cut.StepResponse) -> None:
        result = self._read_run(self.client.get_run(self.run_id))
        out.status.CopyFrom(status_of(result.status, result.raw_status))

    def _is_answered(self, result: RunResult) -> bool:
        """Still the TOOL_CALLS state a Submit answered (same calls, same usage)?"""
        a = self.answered
        if a is None:
            return False
        if (
            result.status == RunStatus.TOOL_CALLS
            and result.tool_calls == a.tool_calls
            and result.usage == a.usage
        ):
            return True
        self.answered = None
        return False

    def wait(self, timeout_s: float, interval_s: float, abort_s: float | None) -> RunResult:
        """Polls Get until the run is no longer running (and not the answered TOOL_CALLS)."""
        start = time.monotonic()
        while True:
            result = self._read_run(self.client.get_run(self.run_id))
            if not result.status.is_running and not self._is_answered(result):
                return result
            elapsed = time.monotonic() - start
            if abort_s is not None and elapsed + interval_s >= abort_s:
                time.sleep(max(abort_s - elapsed, 0))
                raise ClientError(grpc.StatusCode.CANCELLED, "the wait was aborted")
            if elapsed + interval_s >= timeout_s:
                time.sleep(max(timeout_s - elapsed, 0))
                raise ClientError(
                    grpc.StatusCode.DEADLINE_EXCEEDED,
                    f"the run is still {result.status.name} after {timeout_s:g} s",
                )
            time.sleep(interval_s)

    def do_wait(self, s: cut.Wait, out: cut.StepResponse) -> None:
        result = self.wait(
            s.timeout_ms / 1000 if s.HasField("timeout_ms") else DEFAULT_WAIT_TIMEOUT_S,
            s.poll_interval_ms / 1000 if s.HasField("poll_interval_ms") else DEFAULT_POLL_INTERVAL_S,
            s.abort_after_ms / 1000 if s.HasField("abort_after_ms") else None,
        )
        out.result.CopyFrom(result_of(result))

    def do_submit(self, s: cut.Submit, out: cut.StepResponse) -> None:
        self.submit(_results(s.results))

    def submit(self, results: list[tuple[str | None, str | None]]) -> None:
        # Remember the state answered: a wait right after must not return it again.
        before = self.last
        self.client.submit(self.run_id, results)
        if before is not None and before.status == RunStatus.TOOL_CALLS:
            self.answered = before
        if self.tool_calls_cursor is not None:
            self.resume_from = self.tool_calls_cursor + 1

    def do_handle_tool_calls(self, s: cut.HandleToolCalls, out: cut.StepResponse) -> None:
        """Answers every round with ``handlers[name]`` until the run is done."""
        while True:
            result = self.wait(DEFAULT_WAIT_TIMEOUT_S, DEFAULT_POLL_INTERVAL_S, None)
            if result.status != RunStatus.TOOL_CALLS or not result.tool_calls:
                out.result.CopyFrom(result_of(result))
                return
            answers = []
            for call in result.tool_calls:
                if call.name not in s.handlers:
                    raise ClientError(
                        grpc.StatusCode.INVALID_ARGUMENT, f"no handler for the tool {call.name!r}"
                    )
                answers.append((call.name, s.handlers[call.name]))
            self.client.submit(self.run_id, answers)
            self.answered = result

    # Streams.

    def _append(self, out: cut.StepResponse, event: RunStreamEvent) -> None:
        out.events.append(event_of(event))
        if event.status == StreamEvent.TOOL_CALLS:
            self.tool_calls_cursor = event.cursor

    def _read(self, call, out: cut.StepResponse, on_event) -> None:
        """Reads one stream's events into ``out.events``; ``on_event`` says when to stop."""
        previous: str | None = None
        try:
            for proto in call:
                event = RunStreamEvent.from_proto(proto, previous)
                if event.text is not None:
                    previous = event.text
                self._append(out, event)
                if on_event(event, len(out.events)):
                    break
        except grpc.RpcError as e:
            out.error.CopyFrom(cut.StepError(code=e.code().value[0], message=e.details() or ""))
        finally:
            call.cancel()

    def do_listen(self, s: cut.Listen, out: cut.StepResponse) -> None:
        """Listen to the end; a stream that breaks or ends before a final event is resumed
        from the last cursor + 1, each event delivered once (spec/runs.md, "Listening")."""
        limit = _opt(s, "abort_after_events")
        start = _opt(s, "from_index")
        if start is None and self.resume_from is not None:
            # After a Submit the log goes on after the answered TOOL_CALLS event
            # (listen-cursors/listen-after-submit-continues-log).
            start = self.resume_from
        previous: str | None = None
        # Events below the index asked for are ones the client has already (a server that
        # resends them: listen-cursors/resume-ignores-repeated-events). Within one stream
        # cursors are not compared: a server without cursors sends 0 for every event.
        skip_below = start
        attempt = 0
        while True:
            call = self.client.listen(self.run_id, start)
            finished = False
            try:
                for proto in call:
                    event = RunStreamEvent.from_proto(proto, previous)
                    if skip_below is not None and event.cursor < skip_below:
                        continue
                    skip_below = None
                    if event.text is not None:
                        previous = event.text
                    self._append(out, event)
                    start = event.cursor + 1
                    finished = event.status.is_finished
                    if limit is not None and len(out.events) >= limit:
                        call.cancel()
                        raise ClientError(grpc.StatusCode.CANCELLED, "the listen was aborted")
                if finished or not out.events:
                    return
                failure = ClientError(grpc.StatusCode.UNAVAILABLE, "the stream ended early")
            except grpc.RpcError as e:
                failure = ClientError.of(e)
            finally:
                call.cancel()
            attempt += 1
            retry = self.client.retry
            if failure.code not in RETRYABLE or attempt >= retry.max_attempts:
                raise failure
            skip_below = start
            log("listen resumes from", start, "after", failure.code.name, failure.message)
            time.sleep(retry.backoff(attempt))

    def do_attach(self, s: cut.Attach, out: cut.StepResponse) -> None:
        results = _results(s.results)
        answer = tool_result_list(results) if results else None
        outbox: queue.Queue = queue.Queue()
        first = run_service.AttachRunRequest(run_id=self.run_id)
        if s.HasField("from_index"):
            first.events_start_idx.value = s.from_index

        def requests():
            yield first
            while (item := outbox.get()) is not None:
                yield item

        state = {"sent": answer is None}

        def on_event(event: RunStreamEvent, _n: int) -> bool:
            if event.tool_calls and not state["sent"]:
                outbox.put(run_service.AttachRunRequest(run_id=self.run_id, tool_result_list=answer))
                state["sent"] = True
                return False
            return event.status in FINAL_EVENTS or event.status == StreamEvent.TOOL_CALLS

        try:
            self._read(self.client.attach(requests()), out, on_event)
        finally:
            outbox.put(None)
