"""What the client observed, as messages of the client-under-test protocol (PROTOCOL.md).

Everything is read through the public properties of ``run_types`` (a property that raises,
such as ``text`` on a FAILED result, is reported in its ``*_error`` field), never recomputed
from the wire.
"""

from __future__ import annotations

from run_types import RunResult, RunStreamEvent
from ycassistants.conformance.v1 import client_under_test_pb2 as cut


def flags_of(owner) -> cut.Flags:
    """The helper flags of a status member, a result or an event."""
    return cut.Flags(
        is_running=owner.is_running,
        is_succeeded=owner.is_succeeded,
        is_failed=owner.is_failed,
        is_finished=owner.is_finished,
        status_name=owner.status_name,
    )


def status_of(member, raw: int) -> cut.Status:
    """A status member (value -1 for UNKNOWN) with the raw wire number and its flags."""
    return cut.Status(name=member.name, value=int(member), raw=raw, flags=flags_of(member))


def _error_of(error) -> cut.RunError | None:
    return None if error is None else cut.RunError(message=error.message, code=str(error.code))


def _tool_calls_of(calls) -> cut.ToolCalls | None:
    if calls is None:
        return None
    out = cut.ToolCalls()
    for call in calls:
        c = out.calls.add(name=call.name)
        c.arguments.update(call.arguments)
    return out


def result_of(result: RunResult) -> cut.RunResult:
    """A RunResult message (PROTOCOL.md, "RunResult")."""
    out = cut.RunResult(
        run_id=result.id,
        status=status_of(result.status, result.raw_status),
        own_flags=flags_of(result),
    )
    error = _error_of(result.error)
    if error is not None:
        out.error.CopyFrom(error)
    calls = _tool_calls_of(result.tool_calls)
    if calls is not None:
        out.tool_calls.CopyFrom(calls)
    try:
        out.has_message = result.message is not None
    except Exception as e:  # spec/runs.md: reading the message of a FAILED result raises
        out.message_error = str(e)
    try:
        text = result.text
        if text is not None:
            out.text = text
    except Exception as e:
        out.text_error = str(e)
    try:
        out.parts.values.extend(result.parts)
    except Exception as e:
        out.parts_error = str(e)
    try:
        for citation in result.citations:
            c = out.citations.add()
            for s in citation:
                c.sources.add(search_index_id=s.search_index_id, file_id=s.file_id, text=s.text)
    except Exception as e:
        out.citations_error = str(e)
    if result.usage is not None:
        out.usage.input_text_tokens = result.usage.input_text_tokens
        out.usage.completion_tokens = result.usage.completion_tokens
        out.usage.total_tokens = result.usage.total_tokens
    return out


def event_of(event: RunStreamEvent) -> cut.Event:
    """An Event message (PROTOCOL.md, "Event")."""
    out = cut.Event(
        status=status_of(event.status, event.raw_status),
        own_flags=flags_of(event),
        cursor=event.cursor,
        parts=list(event.parts),
    )
    error = _error_of(event.error)
    if error is not None:
        out.error.CopyFrom(error)
    calls = _tool_calls_of(event.tool_calls)
    if calls is not None:
        out.tool_calls.CopyFrom(calls)
    if event.text is not None:
        out.text = event.text
    if event.delta is not None:
        out.delta = event.delta
    return out
