#!/usr/bin/python3
"""The Python adapter of the conformance suite (issue 11, adapter 4).

Speaks the client-under-test protocol (conformance/PROTOCOL.md) on stdin/stdout and drives the
Assistants API with grpcio stubs generated from proto/ (gen/, see buf.gen.yaml) and the run
semantics of spec/runs.md written in Python (run_status, run_types, case_session). Needs only
Debian's python3-grpcio and python3-protobuf; run it with /usr/bin/python3:

    yc-assistants-conformance --client-command "/usr/bin/python3 adapters/python/adapter.py"
"""

from __future__ import annotations

import os
import platform
import sys
import traceback

sys.dont_write_bytecode = True  # keep gen/ clean for the codegen drift gate
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "gen")]

import google.protobuf  # noqa: E402
import grpc  # noqa: E402
from case_session import CaseSession, client_for, log  # noqa: E402
from framing import Framing  # noqa: E402
from ycassistants.conformance.v1 import client_under_test_pb2 as cut  # noqa: E402

# The files, search indexes and operations steps of PROTOCOL.md ("Files and search indexes")
# and the search-index tool are not written for this adapter: their cases are not applicable.
RAG_UNSUPPORTED = [
    "upload_file",
    "get_file",
    "update_file",
    "list_files",
    "file_url",
    "download_file",
    "delete_file",
    "create_search_index",
    "poll_operation",
    "wait_operation",
    "get_search_index",
    "update_search_index",
    "list_search_indexes",
    "delete_search_index",
    "add_files",
    "list_index_files",
    "create_assistant.search_index",
]

NAME = "yc-assistants python adapter (grpcio)"
VERSION = f"grpcio {grpc.__version__}, protobuf {google.protobuf.__version__}"


def serve(framing: Framing) -> int:
    """The read-dispatch-write loop: one answer per request, exit 0 on shutdown."""
    session: CaseSession | None = None
    default = cut.Connection()
    while True:
        request = framing.read()
        kind = request.WhichOneof("kind") if request is not None else "shutdown"
        response = cut.ClientResponse()
        try:
            if kind == "shutdown":
                if session:
                    session.close()
                return 0
            if kind == "init":
                default = request.init.connection
                response.init_ack.CopyFrom(
                    cut.InitAck(
                        name=NAME,
                        version=VERSION,
                        runtime=f"python {platform.python_version()}",
                        unsupported=RAG_UNSUPPORTED,
                    )
                )
            elif kind == "case_start":
                if session:
                    session.close()
                start = request.case_start
                connection = start.connection if start.HasField("connection") else default
                session = CaseSession(client_for(connection, start.options))
                log("case", start.case_id, "on", connection.server_url)
                response.case_started.SetInParent()
            elif kind == "step":
                if session is None:
                    raise RuntimeError("a step before caseStart")
                response.step.CopyFrom(session.step(request.step))
            elif kind == "case_end":
                if session:
                    session.close()
                    session = None
                response.case_ended.SetInParent()
            else:
                raise RuntimeError(f"unknown request {kind!r}")
        except Exception as e:  # a bug of the adapter: the runner fails the case and restarts us
            traceback.print_exc(file=sys.stderr)
            response.fatal.message = f"{type(e).__name__}: {e}"
        framing.write(response)


def main() -> int:
    binary = os.environ.get("YC_CONFORMANCE_FRAMING", "json") == "binary"
    return serve(Framing(sys.stdin.buffer, sys.stdout.buffer, binary))


if __name__ == "__main__":
    sys.exit(main())
