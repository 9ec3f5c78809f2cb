"""A small client of the Assistants API over grpcio, the way a Python developer would write one.

One insecure (loopback) or TLS channel per server; every call carries
``authorization: Api-Key <key>`` / ``Bearer <token>`` and an ``x-client-request-id``; the folder
id travels only in request fields (spec/runs.md, "Transport facts"). Reads and deletes are
retried on UNAVAILABLE and RESOURCE_EXHAUSTED with backoff (5 attempts, 1 s x 1.5^n + jitter,
capped at 10 s by default), reusing the call's ``x-client-request-id`` and ``idempotency-key`` and
adding ``x-retry-attempt``. Creates and updates are not idempotent and are never retried
(conformance case errors/create-not-retried); Submit is retried only after checking that the run
still waits in TOOL_CALLS (spec/runs.md, "Submit semantics"). Empty ids are refused before any
call (errors/empty-id-local).
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Iterator
from urllib.parse import urlparse

import grpc
from google.protobuf import field_mask_pb2, wrappers_pb2
from yandex.cloud.ai.assistants.v1 import assistant_service_pb2 as assistant_service
from yandex.cloud.ai.assistants.v1 import assistant_service_pb2_grpc as assistant_grpc
from yandex.cloud.ai.assistants.v1 import common_pb2 as common
from yandex.cloud.ai.assistants.v1.runs import run_service_pb2 as run_service
from yandex.cloud.ai.assistants.v1.runs import run_service_pb2_grpc as run_grpc
from yandex.cloud.ai.assistants.v1.threads import message_pb2 as message_pb
from yandex.cloud.ai.assistants.v1.threads import message_service_pb2 as message_service
from yandex.cloud.ai.assistants.v1.threads import message_service_pb2_grpc as message_grpc
from yandex.cloud.ai.assistants.v1.threads import thread_service_pb2 as thread_service
from yandex.cloud.ai.assistants.v1.threads import thread_service_pb2_grpc as thread_grpc

RETRYABLE = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED)


class ClientError(Exception):
    """A call's failure: a gRPC status from the server, or the client's own refusal."""

    def __init__(self, code: grpc.StatusCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    @classmethod
    def of(cls, error: grpc.RpcError) -> "ClientError":
        """A grpcio error (status code and details) as a ClientError."""
        return cls(error.code(), error.details() or "")


@dataclass(frozen=True)
class RetryPolicy:
    """How unary calls are retried (the Python SDK's defaults)."""

    max_attempts: int = 5
    initial_backoff_s: float = 1.0
    multiplier: float = 1.5
    max_backoff_s: float = 10.0
    jitter_s: float = 1.0

    def backoff(self, attempt: int) -> float:
        """The pause before retry number ``attempt`` (1, 2, ...)."""
        base = self.initial_backoff_s * self.multiplier ** (attempt - 1)
        return min(base, self.max_backoff_s) + random.uniform(0, self.jitter_s)


NO_RETRY = RetryPolicy(max_attempts=1)


def function_tool(name: str, description: str = "", parameters: dict | None = None):
    """A function Tool of an assistant or a run."""
    tool = common.FunctionTool(name=name, description=description)
    if parameters:
        tool.parameters.update(parameters)
    return common.Tool(function=tool)


def model_uri_of(folder_id: str, model: str) -> str:
    """``gpt://<folder>/<model>/latest`` from a model name; a full URI as it is."""
    if model.startswith("gpt://"):
        return model
    name = model.strip("/")
    return f"gpt://{folder_id}/{name}" if "/" in name else f"gpt://{folder_id}/{name}/latest"


class AssistantsClient:
    """The Assistants, Threads, Messages and Runs services of one server."""

    def __init__(
        self,
        server_url: str,
        *,
        folder_id: str,
        api_key: str = "",
        iam_token: str = "",
        plaintext: bool = False,
        timeout_s: float = 60.0,
        retry: RetryPolicy = RetryPolicy(),
    ):
        url = urlparse(server_url if "://" in server_url else f"//{server_url}")
        port = url.port or (80 if plaintext else 443)
        target = f"{url.hostname}:{port}"
        self.channel = (
            grpc.insecure_channel(target)
            if plaintext
            else grpc.secure_channel(target, grpc.ssl_channel_credentials())
        )
        self.folder_id = folder_id
        self.timeout_s = timeout_s
        self.retry = retry
        self._auth = (
            ("authorization", f"Api-Key {api_key}")
            if api_key
            else (("authorization", f"Bearer {iam_token}") if iam_token else None)
        )
        self.assistants = assistant_grpc.AssistantServiceStub(self.channel)
        self.threads = thread_grpc.ThreadServiceStub(self.channel)
        self.messages = message_grpc.MessageServiceStub(self.channel)
        self.runs = run_grpc.RunServiceStub(self.channel)

    def close(self) -> None:
        self.channel.close()

    def metadata(self, extra: tuple = (), request_id: str = "") -> list[tuple[str, str]]:
        """The headers of one call: credentials and its request id (fresh unless given)."""
        md = [("x-client-request-id", request_id or str(uuid.uuid4()))]
        if self._auth:
            md.append(self._auth)
        return md + list(extra)

    def unary(self, method: Callable, request, *, retry: bool = True):
        """One unary call with the deadline and, when ``retry``, the retry policy."""
        policy = self.retry if retry else NO_RETRY
        key = str(uuid.uuid4())
        request_id = str(uuid.uuid4())
        deadline = time.monotonic() + self.timeout_s
        attempt = 0
        while True:
            extra = [("idempotency-key", key)]
            if attempt:
                extra.append(("x-retry-attempt", str(attempt)))
            left = deadline - time.monotonic()
            try:
                md = self.metadata(tuple(extra), request_id)
                return method(request, metadata=md, timeout=max(left, 0.001))
            except grpc.RpcError as e:
                attempt += 1
                pause = policy.backoff(attempt)
                if (
                    e.code() not in RETRYABLE
                    or attempt >= policy.max_attempts
                    or time.monotonic() + pause >= deadline
                ):
                    raise ClientError.of(e) from None
                time.sleep(pause)

    # Assistants and threads.

    def create_assistant(self, *, model_uri: str, tools=(), **settings) -> Any:
        request = assistant_service.CreateAssistantRequest(
            folder_id=self.folder_id,
            model_uri=model_uri,
            name=settings.get("name", ""),
            instruction=settings.get("instruction", ""),
            tools=list(tools),
        )
        if settings.get("max_prompt_tokens") is not None:
            request.prompt_truncation_options.max_prompt_tokens.value = settings["max_prompt_tokens"]
        if settings.get("temperature") is not None:
            request.completion_options.temperature.value = settings["temperature"]
        if settings.get("max_tokens") is not None:
            request.completion_options.max_tokens.value = settings["max_tokens"]
        return self.unary(self.assistants.Create, request, retry=False)

    def update_assistant(self, assistant_id: str, **fields: str) -> Any:
        """Updates the given fields (name, instruction, description) only."""
        request = assistant_service.UpdateAssistantRequest(
            assistant_id=assistant_id, update_mask=field_mask_pb2.FieldMask(paths=sorted(fields))
        )
        for name, value in fields.items():
            setattr(request, name, value)
        return self.unary(self.assistants.Update, request, retry=False)

    def delete_assistant(self, assistant_id: str) -> None:
        require_id("assistant_id", assistant_id)
        self.unary(
            self.assistants.Delete,
            assistant_service.DeleteAssistantRequest(assistant_id=assistant_id),
        )

    def create_thread(self, name: str = "") -> Any:
        request = thread_service.CreateThreadRequest(folder_id=self.folder_id, name=name)
        return self.unary(self.threads.Create, request, retry=False)

    def delete_thread(self, thread_id: str) -> None:
        require_id("thread_id", thread_id)
        self.unary(self.threads.Delete, thread_service.DeleteThreadRequest(thread_id=thread_id))

    def write(self, thread_id: str, text: str, role: str = "") -> Any:
        request = message_service.CreateMessageRequest(
            thread_id=thread_id,
            content=message_pb.MessageContent(
                content=[message_pb.ContentPart(text=message_pb.Text(content=text))]
            ),
        )
        if role:
            request.author.role = role
        return self.unary(self.messages.Create, request, retry=False)

    # Lists: every page, following next_page_token until it is empty.

    def _pages(self, method: Callable, request, items: str, page_size: int | None) -> Iterator:
        if page_size is not None:
            request.page_size = page_size
        seen = set()
        while True:
            page = self.unary(method, request)
            yield from getattr(page, items)
            token = page.next_page_token
            if not token or token in seen:
                return
            seen.add(token)
            request.page_token = token

    def list_assistants(self, page_size: int | None = None) -> Iterator:
        request = assistant_service.ListAssistantsRequest(folder_id=self.folder_id)
        return self._pages(self.assistants.List, request, "assistants", page_size)

    def list_threads(self, page_size: int | None = None) -> Iterator:
        request = thread_service.ListThreadsRequest(folder_id=self.folder_id)
        return self._pages(self.threads.List, request, "threads", page_size)

    def list_runs(self, page_size: int | None = None) -> Iterator:
        request = run_service.ListRunsRequest(folder_id=self.folder_id)
        return self._pages(self.runs.List, request, "runs", page_size)

    def list_messages(self, thread_id: str) -> list:
        """MessageService.List streams the thread's messages (no pages)."""
        request = message_service.ListMessagesRequest(thread_id=thread_id)
        try:
            return list(self.messages.List(request, metadata=self.metadata(), timeout=self.timeout_s))
        except grpc.RpcError as e:
            raise ClientError.of(e) from None

    # Runs.

    def create_run(self, assistant_id: str, thread_id: str, *, stream: bool, tools=(), **opts):
        request = run_service.CreateRunRequest(
            assistant_id=assistant_id,
            thread_id=thread_id,
            stream=stream,
            tools=list(tools),
            labels=opts.get("labels") or {},
        )
        if opts.get("temperature") is not None:
            request.custom_completion_options.temperature.value = opts["temperature"]
        if opts.get("max_tokens") is not None:
            request.custom_completion_options.max_tokens.value = opts["max_tokens"]
        if opts.get("max_prompt_tokens") is not None:
            request.custom_prompt_truncation_options.max_prompt_tokens.value = opts[
                "max_prompt_tokens"
            ]
        return self.unary(self.runs.Create, request, retry=False)

    def get_run(self, run_id: str) -> Any:
        require_id("run_id", run_id)
        return self.unary(self.runs.Get, run_service.GetRunRequest(run_id=run_id))

    def get_last_run(self, thread_id: str) -> Any:
        require_id("thread_id", thread_id)
        request = run_service.GetLastRunByThreadRequest(thread_id=thread_id)
        return self.unary(self.runs.GetLastByThread, request)

    def listen(self, run_id: str, from_index: int | None = None):
        """RunService.Listen: the call (iterate it for StreamEvents; ``cancel()`` stops it)."""
        require_id("run_id", run_id)
        request = run_service.ListenRunRequest(run_id=run_id)
        if from_index is not None:
            request.events_start_idx.CopyFrom(wrappers_pb2.Int64Value(value=from_index))
        return self.runs.Listen(request, metadata=self.metadata(), timeout=self.timeout_s)

    def attach(self, requests: Iterator):
        """RunService.Attach over a request iterator: the call (iterate it for StreamEvents)."""
        return self.runs.Attach(requests, metadata=self.metadata(), timeout=self.timeout_s)

    def submit(self, run_id: str, results: list[tuple[str | None, str | None]]) -> None:
        """Sends tool results to a run in TOOL_CALLS (spec/runs.md, "Submit semantics").

        Input errors are refused before any call; after an UNAVAILABLE answer the run is read
        first and Submit is sent again only while the run still waits in TOOL_CALLS.
        """
        request = submit_request(run_id, results)
        attempt = 0
        while True:
            try:
                self.unary(self.runs.Submit, request, retry=False)
                return
            except ClientError as e:
                attempt += 1
                if e.code not in RETRYABLE or attempt >= self.retry.max_attempts:
                    raise
                time.sleep(self.retry.backoff(attempt))
                # RunState.TOOL_CALLS = 5: otherwise the lost answer was a success.
                if self.get_run(run_id).state.status != 5:
                    return


def require_id(name: str, value: str) -> None:
    """Refuses an empty id before the network (INVALID_ARGUMENT naming the field)."""
    if not value:
        raise ClientError(grpc.StatusCode.INVALID_ARGUMENT, f"{name} is empty")


def tool_result_list(results: list[tuple[str | None, str | None]]):
    """A ToolResultList of (name, content) pairs, refusing what the API would refuse."""
    if not results:
        raise ClientError(grpc.StatusCode.INVALID_ARGUMENT, "no tool results to submit")
    out = common.ToolResultList()
    for name, content in results:
        if not name:
            raise ClientError(grpc.StatusCode.INVALID_ARGUMENT, "a tool result has no name")
        if content is None:
            raise ClientError(
                grpc.StatusCode.INVALID_ARGUMENT, f"the tool result {name!r} has no content"
            )
        out.tool_results.add().function_result.CopyFrom(
            common.FunctionResult(name=name, content=content)
        )
    return out


def submit_request(run_id: str, results: list[tuple[str | None, str | None]]):
    """A SubmitToRunRequest, checked locally (empty run id, missing name or content)."""
    require_id("run_id", run_id)
    return run_service.SubmitToRunRequest(run_id=run_id, tool_result_list=tool_result_list(results))

