"""Payloads: response bodies, feeds and saved pages decoded with a cap counted after
decompression in every layer, so a small compressed bomb cannot fill memory (gzip is undone
here and nowhere else); and media types read one way for every stage (fetch, WARC)."""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import AsyncIterable, Iterable, Iterator, Mapping
from typing import BinaryIO

from ..errors import FetchError, TooLarge

# What the fetcher accepts as a page; WARC extraction takes only the first two.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PAGE_TYPES = HTML_TYPES | {"text/plain"}
# Types servers put on anything: the bytes decide (WHATWG MIME sniffing, HTML patterns).
SNIFF_TYPES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/unknown",
     "unknown/unknown", "application/x-unknown", "application/download"}
)
_HTML_SNIFF = re.compile(
    rb"\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body"
    rb"|br|p|!--)[\s>]",
    re.I,
)


# Decoded output is handed on in pieces of at most this size, so that a chain of codings
# holds one piece per layer, never a whole layer's output.
_PIECE = 256 * 1024
_CODINGS = ("gzip", "x-gzip", "deflate")
GZIP_MAGIC = b"\x1f\x8b"
MAX_CODINGS = 2  # real servers use one; a longer chain is only ever an attack


class Inflater:
    """gzip / deflate decoding with bounded output per step (zlib's max_length)."""

    def __init__(self, coding: str) -> None:
        self._wbits = 31 if coding in ("gzip", "x-gzip") else 15
        self._z = zlib.decompressobj(self._wbits)
        self._started = False

    @property
    def complete(self) -> bool:
        """Whether the stream ended where its format says it ends (not cut short)."""
        return self._z.eof

    def pieces(self, data: bytes) -> Iterator[bytes]:
        """Decode `data` into pieces of at most _PIECE bytes; raises zlib.error if corrupt."""
        while True:
            try:
                out = self._z.decompress(data, _PIECE)
            except zlib.error:
                if self._started or self._wbits != 15:
                    raise
                self._wbits = -15  # "deflate" sent as a raw stream, as some servers do
                self._z = zlib.decompressobj(self._wbits)
                continue
            self._started = True
            if out:
                yield out
            if self._z.eof:
                data = self._z.unused_data
                if not (data and self._wbits == 31):
                    return
                self._z = zlib.decompressobj(31)  # a further gzip member
                continue
            data = self._z.unconsumed_tail
            if not data and len(out) < _PIECE:
                return  # all input taken, nothing held back


class Decoder:
    """A chain of content codings undone in order, each layer's output counted against
    `limit`, so a body coded twice (or more) cannot inflate past the cap in any layer."""

    def __init__(self, codings: list[str], limit: int) -> None:
        self._layers = [Inflater(c) for c in reversed(codings)]  # the last applied first
        self._made = [0] * len(self._layers)
        self._limit = limit

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of `data`; raises OverflowError when a layer passes the limit
        and zlib.error when a layer is corrupt."""
        return self._through(0, data)

    def _through(self, depth: int, data: bytes) -> Iterator[bytes]:
        if depth == len(self._layers):
            yield data
            return
        for piece in self._layers[depth].pieces(data):
            self._made[depth] += len(piece)
            if self._made[depth] > self._limit:
                raise OverflowError(depth)
            yield from self._through(depth + 1, piece)


def gunzip(chunks: Iterable[bytes], limit: int) -> tuple[bytes, bool]:
    """Inflate a gzip stream (every member) handed over in chunks, never holding more than
    `limit` bytes of output: (the data, whether the stream ended properly). OverflowError
    past `limit`; zlib.error when the data is not gzip or is corrupt."""
    inflater = Inflater("gzip")
    out = bytearray()
    for chunk in chunks:
        for piece in inflater.pieces(chunk):
            out += piece
            if len(out) > limit:
                raise OverflowError(limit)
    return bytes(out), inflater.complete


def read_capped(stream: BinaryIO, limit: int) -> bytes:
    """A saved page from `stream`, gzip or not (told by the magic number): at most `limit`
    bytes, the part extraction would read of a larger plain page; a gzip stream is inflated
    as it is read, OverflowError past `limit`, zlib.error if corrupt, EOFError if cut short."""
    first = stream.read(_PIECE)
    if first[:2] != GZIP_MAGIC:
        return first[:limit] + stream.read(max(0, limit - len(first)))
    rest = iter(lambda: stream.read(_PIECE), b"")
    data, complete = gunzip(itertools.chain([first], rest), limit)
    if not complete:
        raise EOFError("the gzip stream is cut short")
    return data


def content_codings(value: str | None) -> list[str]:
    """'gzip, identity' -> ['gzip']: the codings of a Content-Encoding header, in order."""
    codings = [c.strip().lower() for c in (value or "").split(",")]
    return [c for c in codings if c and c != "identity"]


async def read_body(
    chunks: AsyncIterable[bytes], headers: Mapping[str, str], limit: int, *, truncate: bool,
    url: str,
) -> bytes:
    """The decoded body of raw `chunks`; TooLarge past `limit` bytes, in the body or in any
    decoding layer (or the first `limit` bytes when `truncate`). Codings other than gzip and
    deflate (the ones we ask for) and chains longer than MAX_CODINGS are refused."""
    codings = content_codings(headers.get("content-encoding"))
    unknown = [c for c in codings if c not in _CODINGS]
    if unknown or len(codings) > MAX_CODINGS:
        raise FetchError(
            f"unsupported Content-Encoding {', '.join(codings)!r} (gzip or deflate, at most "
            f"{MAX_CODINGS} layers)", url=url,
        )
    length = headers.get("content-length", "")
    if not codings and length.isdigit() and int(length) > limit and not truncate:
        raise TooLarge(f"body of {length} bytes exceeds the cap of {limit}", url=url)
    decoder = Decoder(codings, limit)
    body = bytearray()
    try:
        async for chunk in chunks:
            for piece in decoder.feed(chunk):
                body += piece
                if len(body) > limit:
                    raise OverflowError(len(codings))
    except OverflowError:
        if truncate:
            return bytes(body[:limit])
        raise TooLarge(f"body exceeds the cap of {limit} bytes (decompressed)", url=url) from None
    except zlib.error as exc:
        raise FetchError(f"corrupt compressed body: {exc}", url=url) from exc
    return bytes(body)


def media_type(content_type: str | None) -> str:
    """'Text/HTML; charset=utf-8' -> 'text/html'."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def looks_like_html(data: bytes) -> bool:
    """WHATWG-style sniff: does the start of the body look like an HTML document?"""
    head = data[:1024].removeprefix(b"\xef\xbb\xbf")
    return bool(_HTML_SNIFF.match(head))
