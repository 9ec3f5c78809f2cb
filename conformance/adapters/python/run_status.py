"""The run statuses and stream event types of the Runs API, as the seeds' Python SDK names them.

spec/runs.md, "Run status" and "Stream event type": every wire value maps to a member with the
helper flags ``is_running``, ``is_succeeded``, ``is_failed``, ``is_finished`` and
``status_name``; a value the client does not know maps to ``UNKNOWN`` (-1) and never raises
(the raw number is kept next to the member by ``run_types``). The SDK spells the running name
``runnning``; the spec (and this module) says ``running``.
"""

from __future__ import annotations

import enum


class BaseRunStatus(enum.IntEnum):
    """A status enumeration with the seeds' helper flags.

    Subclasses list which members are running, succeeded and failed; everything else
    (UNKNOWN, *_UNSPECIFIED) is none of them.
    """

    @classmethod
    def _running(cls) -> frozenset[int]:
        return frozenset()

    @classmethod
    def _succeeded(cls) -> frozenset[int]:
        return frozenset()

    @classmethod
    def _failed(cls) -> frozenset[int]:
        return frozenset()

    @classmethod
    def from_wire(cls, raw: int) -> "BaseRunStatus":
        """The member of a wire number; unknown numbers are UNKNOWN (spec: never throw)."""
        try:
            return cls(raw)
        except ValueError:
            return cls(-1)

    @property
    def is_running(self) -> bool:
        """PENDING / IN_PROGRESS, PARTIAL_MESSAGE: the run goes on."""
        return int(self) in self._running()

    @property
    def is_succeeded(self) -> bool:
        """COMPLETED / DONE and TOOL_CALLS."""
        return int(self) in self._succeeded()

    @property
    def is_failed(self) -> bool:
        """FAILED / ERROR."""
        return int(self) in self._failed()

    @property
    def is_finished(self) -> bool:
        """``is_succeeded or is_failed`` (spec/runs.md)."""
        return self.is_succeeded or self.is_failed

    @property
    def status_name(self) -> str:
        """``success``, ``failed`` or ``running`` (the spec's spelling, not ``runnning``)."""
        if self.is_succeeded:
            return "success"
        if self.is_failed:
            return "failed"
        return "running"


class RunStatus(BaseRunStatus):
    """``RunState.RunStatus`` (spec/runs.md, "Run status")."""

    UNKNOWN = -1
    RUN_STATUS_UNSPECIFIED = 0
    PENDING = 1
    IN_PROGRESS = 2
    FAILED = 3
    COMPLETED = 4
    TOOL_CALLS = 5

    @classmethod
    def _running(cls) -> frozenset[int]:
        return frozenset({1, 2})

    @classmethod
    def _succeeded(cls) -> frozenset[int]:
        return frozenset({4, 5})

    @classmethod
    def _failed(cls) -> frozenset[int]:
        return frozenset({3})


class StreamEvent(BaseRunStatus):
    """``StreamEvent.EventType`` (spec/runs.md, "Stream event type")."""

    UNKNOWN = -1
    EVENT_TYPE_UNSPECIFIED = 0
    PARTIAL_MESSAGE = 1
    ERROR = 2
    DONE = 3
    TOOL_CALLS = 4

    @classmethod
    def _running(cls) -> frozenset[int]:
        return frozenset({1})

    @classmethod
    def _succeeded(cls) -> frozenset[int]:
        return frozenset({3, 4})

    @classmethod
    def _failed(cls) -> frozenset[int]:
        return frozenset({2})
