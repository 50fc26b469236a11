"""JSON Lines writer: one complete line per record, flushed; fsync'd where durability is asked."""

from __future__ import annotations

import os
from typing import IO, Protocol


class Record(Protocol):
    def to_json(self) -> str: ...


class JsonLinesWriter:
    """Writes each record as one line in a single write() call, so no reader sees half a line."""

    def __init__(self, stream: IO[str], *, durable: bool = False):
        self._stream = stream
        self._durable = durable

    def write(self, record: Record) -> None:
        self._stream.write(record.to_json() + "\n")
        self._stream.flush()
        if self._durable:
            os.fsync(self._stream.fileno())
