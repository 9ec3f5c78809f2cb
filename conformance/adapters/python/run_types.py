"""RunResult and RunStreamEvent: what a Run and a StreamEvent mean, after spec/runs.md.

These are the seeds' Python SDK types (``yandex_cloud_ml_sdk._runs.result``) rewritten over the
generated stubs, with the spec's "better" points: the error keeps its numeric code, unknown
status numbers keep their raw value, events carry their cursor and the delta their cumulative
text added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from google.protobuf import json_format
from run_status import RunStatus, StreamEvent

# spec/runs.md, "RunResult": reading the message of a FAILED result is an error.
FAILED_MESSAGE = "run failed and has no message"


class RunFailedError(RuntimeError):
    """Reading the message (text, parts, citations) of a failed run."""


@dataclass(frozen=True)
class RunError:
    """``state.error`` / an ERROR event's error; ``code`` kept (spec: better, Python drops it)."""

    message: str
    code: int


@dataclass(frozen=True)
class ToolCall:
    """A function call; ``arguments`` as JSON (every number a float: it is a Struct)."""

    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Usage:
    """Token counts of a run (int64 on the wire, Python ints here: never rounded)."""

    input_text_tokens: int
    completion_tokens: int
    total_tokens: int


@dataclass(frozen=True)
class CitationSource:
    """One file chunk an answer cites."""

    search_index_id: str
    file_id: str
    text: str


@dataclass(frozen=True)
class Message:
    """A completed (or partial) message: its text parts and citations."""

    parts: tuple[str, ...]
    citations: tuple[tuple[CitationSource, ...], ...] = ()

    @property
    def text(self) -> str:
        """The text parts joined with a newline (spec/runs.md)."""
        return "\n".join(self.parts)


def _text_parts(content) -> tuple[str, ...]:
    return tuple(p.text.content for p in content.content if p.WhichOneof("PartType") == "text")


def message_of(proto) -> Message:
    """A ``threads.Message`` as a Message (text parts in order, citations' file chunks)."""
    citations = []
    for citation in proto.citations:
        sources = []
        for source in citation.sources:
            if source.WhichOneof("SourceType") != "chunk":
                continue
            chunk = source.chunk
            sources.append(
                CitationSource(
                    search_index_id=chunk.search_index.id,
                    file_id=chunk.source_file.id,
                    text="\n".join(_text_parts(chunk.content)),
                )
            )
        citations.append(tuple(sources))
    return Message(parts=_text_parts(proto.content), citations=tuple(citations))


def tool_calls_of(tool_call_list) -> tuple[ToolCall, ...] | None:
    """The function calls of a ToolCallList; None when there is none (never an empty tuple)."""
    calls = tuple(
        ToolCall(
            name=c.function_call.name,
            arguments=json_format.MessageToDict(c.function_call.arguments),
        )
        for c in tool_call_list.tool_calls
        if c.WhichOneof("ToolCallType") == "function_call"
    )
    return calls or None


class _StatusHelpers:
    """The helper flags of a result or an event: those of its status member."""

    status: Any

    @property
    def is_running(self) -> bool:
        return self.status.is_running

    @property
    def is_succeeded(self) -> bool:
        return self.status.is_succeeded

    @property
    def is_failed(self) -> bool:
        return self.status.is_failed

    @property
    def is_finished(self) -> bool:
        return self.status.is_finished

    @property
    def status_name(self) -> str:
        return self.status.status_name


@dataclass(frozen=True)
class RunResult(_StatusHelpers):
    """A Run as its user reads it (spec/runs.md, "RunResult")."""

    id: str
    status: RunStatus
    raw_status: int
    error: RunError | None
    tool_calls: tuple[ToolCall, ...] | None
    usage: Usage | None
    _message: Message | None = field(default=None, repr=False)

    @classmethod
    def from_proto(cls, run) -> "RunResult":
        """Reads a ``runs.Run``."""
        state = run.state
        data = state.WhichOneof("StateData")
        return cls(
            id=run.id,
            status=RunStatus.from_wire(state.status),
            raw_status=state.status,
            error=RunError(state.error.message, state.error.code) if data == "error" else None,
            tool_calls=tool_calls_of(state.tool_call_list) if data == "tool_call_list" else None,
            usage=(
                Usage(run.usage.prompt_tokens, run.usage.completion_tokens, run.usage.total_tokens)
                if run.HasField("usage")
                else None
            ),
            _message=message_of(state.completed_message) if data == "completed_message" else None,
        )

    @property
    def message(self) -> Message | None:
        """The completed message; raises RunFailedError on a failed run."""
        if self.status.is_failed:
            raise RunFailedError(FAILED_MESSAGE)
        return self._message

    @property
    def text(self) -> str | None:
        """The message's text, None without a message."""
        message = self.message
        return message.text if message is not None else None

    @property
    def parts(self) -> tuple[str, ...]:
        """The message's text parts, empty without a message."""
        message = self.message
        return message.parts if message is not None else ()

    @property
    def citations(self) -> tuple[tuple[CitationSource, ...], ...]:
        """The message's citations, empty without any."""
        message = self.message
        return message.citations if message is not None else ()


@dataclass(frozen=True)
class RunStreamEvent(_StatusHelpers):
    """A StreamEvent as its user reads it (spec/runs.md, "RunStreamEvent").

    ``text`` is cumulative (each PARTIAL_MESSAGE carries everything so far); ``delta`` is what
    it added to the previous event's text of the same stream (the whole text when it does not
    extend it), None for an event without text.
    """

    status: StreamEvent
    raw_status: int
    error: RunError | None
    tool_calls: tuple[ToolCall, ...] | None
    message: Message | None
    delta: str | None
    cursor: int
    num_user_events_received: int

    @classmethod
    def from_proto(cls, event, previous_text: str | None) -> "RunStreamEvent":
        """Reads a ``runs.StreamEvent``; ``previous_text``: the text of the stream so far."""
        data = event.WhichOneof("EventData")
        message = None
        if data == "completed_message":
            message = message_of(event.completed_message)
        elif data == "partial_message":
            message = Message(parts=_text_parts(event.partial_message))
        delta = None
        if message is not None:
            previous = previous_text or ""
            text = message.text
            delta = text[len(previous) :] if text.startswith(previous) else text
        return cls(
            status=StreamEvent.from_wire(event.event_type),
            raw_status=event.event_type,
            error=RunError(event.error.message, event.error.code) if data == "error" else None,
            tool_calls=tool_calls_of(event.tool_call_list) if data == "tool_call_list" else None,
            message=message,
            delta=delta,
            cursor=event.stream_cursor.current_event_idx,
            num_user_events_received=event.stream_cursor.num_user_events_received,
        )

    @property
    def text(self) -> str | None:
        """The event's (cumulative) text, None without a message."""
        return self.message.text if self.message is not None else None

    @property
    def parts(self) -> tuple[str, ...]:
        return self.message.parts if self.message is not None else ()
