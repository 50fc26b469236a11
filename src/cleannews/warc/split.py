"""Cutting a WARC file into byte spans that workers can read independently.

A `.warc.gz` file is a series of gzip members, one per record, so a reader can start at any
member. `split_archive` finds member starts near evenly spaced offsets; each span begins
where a record does. A candidate offset counts only if a gzip stream starts there and
decompresses to a WARC header. A span that still ends inside a record (a gzip'd WARC stored
uncompressed inside another record could pass that check) breaks off when read, and the
caller then reads the file whole. Archives that cannot be cut (uncompressed, one gzip
stream, ARC) are a single span.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import IO, NamedTuple, Protocol

_GZIP_MEMBER = b"\x1f\x8b\x08"  # magic number and the deflate method
_SCAN_BLOCK = 1 << 16
_HEADER_PROBE = 1 << 12  # compressed bytes enough to decompress a record's first line


class Span(NamedTuple):
    """Bytes [start, end) of an archive; end None means to the end of the file."""

    start: int = 0
    end: int | None = None


WHOLE = Span()


def split_archive(path: str | Path, span_bytes: int) -> list[Span]:
    """Spans of about `span_bytes` covering the file, each starting at a record.

    Raises OSError when the file cannot be read.
    """
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size <= span_bytes or not _record_starts_at(stream, 0):
            return [WHOLE]
        starts = [0]
        for target in range(span_bytes, size, span_bytes):
            if target <= starts[-1]:  # one record longer than a span: already past it
                continue
            found = _next_record_start(stream, target)
            if found is None:
                break
            starts.append(found)
    return [Span(start, end) for start, end in zip(starts, [*starts[1:], None], strict=True)]


def _next_record_start(stream: IO[bytes], offset: int) -> int | None:
    """The first offset >= `offset` where a gzip member holding a WARC record starts."""
    overlap = len(_GZIP_MEMBER) - 1
    while True:
        stream.seek(offset)
        block = stream.read(_SCAN_BLOCK)
        if len(block) < len(_GZIP_MEMBER):
            return None
        at = block.find(_GZIP_MEMBER)
        while at != -1:
            if _record_starts_at(stream, offset + at):
                return offset + at
            at = block.find(_GZIP_MEMBER, at + 1)
        if len(block) < _SCAN_BLOCK:
            return None
        offset += len(block) - overlap


def _record_starts_at(stream: IO[bytes], offset: int) -> bool:
    stream.seek(offset)
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(
            stream.read(_HEADER_PROBE), 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


class Readable(Protocol):
    """What the WARC reader needs of a stream."""

    def read(self, size: int = -1, /) -> bytes: ...

    def tell(self) -> int: ...


class SpanReader:
    """A binary stream of one span of a file: reads stop at the span's end."""

    def __init__(self, stream: IO[bytes], span: Span):
        stream.seek(span.start)
        self._stream = stream
        self._end = span.end

    def read(self, size: int = -1) -> bytes:
        if self._end is None:
            return self._stream.read(size)
        left = max(self._end - self._stream.tell(), 0)
        return self._stream.read(left if size is None or size < 0 else min(size, left))

    def tell(self) -> int:
        return self._stream.tell()
