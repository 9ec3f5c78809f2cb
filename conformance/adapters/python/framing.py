"""The framing of the client-under-test protocol (PROTOCOL.md, "Framing").

JSON (the default): one proto3 JSON object per line each way. Binary
(``YC_CONFORMANCE_FRAMING=binary``): each message's length as a base-128 varint, then its
bytes, as protobuf's writeDelimitedTo / parseDelimitedFrom.
"""

from __future__ import annotations

from typing import BinaryIO

from google.protobuf import json_format
from google.protobuf.internal import decoder, encoder
from ycassistants.conformance.v1 import client_under_test_pb2 as cut


class Framing:
    """Reads ClientRequests from ``source`` and writes ClientResponses to ``sink``."""

    def __init__(self, source: BinaryIO, sink: BinaryIO, binary: bool):
        self.source = source
        self.sink = sink
        self.binary = binary

    def read(self) -> cut.ClientRequest | None:
        """The next request; None at the end of input."""
        request = cut.ClientRequest()
        if not self.binary:
            while True:
                line = self.source.readline()
                if not line:
                    return None
                if line.strip():
                    # The runner may add fields of a later protocol version: ignore them.
                    return json_format.Parse(line, request, ignore_unknown_fields=True)
        size = self._varint()
        if size is None:
            return None
        data = self.source.read(size)
        if len(data) < size:
            return None
        request.ParseFromString(data)
        return request

    def _varint(self) -> int | None:
        raw = b""
        while True:
            byte = self.source.read(1)
            if not byte:
                return None
            raw += byte
            if not byte[0] & 0x80:
                return decoder._DecodeVarint(raw, 0)[0]

    def write(self, response: cut.ClientResponse) -> None:
        """Writes one response and flushes."""
        if self.binary:
            data = response.SerializeToString()
            self.sink.write(encoder._VarintBytes(len(data)) + data)
        else:
            line = json_format.MessageToJson(response, indent=None)
            self.sink.write(line.encode("utf-8") + b"\n")
        self.sink.flush()
