"""JSON Lines writer: one complete line per record, flushed (durability, where needed, is the
caller's fsync: collect.files.RunOutput syncs once per batch)."""

from __future__ import annotations

from typing import IO, Protocol


class Record(Protocol):
    def to_json(self) -> str: ...


class JsonLinesWriter:
    """Writes each record as one line in a single write() call, so no reader sees half a line."""

    def __init__(self, stream: IO[str]):
        self._stream = stream

    def write(self, record: Record) -> None:
        self._stream.write(record.to_json() + "\n")
        self._stream.flush()
