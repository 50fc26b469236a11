"""Response bodies: decoded with a cap counted after decompression, so a small compressed
bomb cannot fill memory, and media types read one way for every stage (fetch, WARC, feeds)."""

from __future__ import annotations

import re
import zlib

import httpx

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


class Inflater:
    """gzip / deflate decoding with bounded output per step (zlib's max_length)."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._wbits = 31 if coding in ("gzip", "x-gzip") else 15
        self._z = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Decode `data`; returns at most room+1 bytes, which the caller treats as 'too big'."""
        out = bytearray()
        while data and len(out) <= room:
            try:
                out += self._z.decompress(data, room + 1 - len(out))
            except zlib.error:
                if self._started or self._wbits != 15:
                    raise
                self._wbits = -15  # "deflate" sent as a raw stream, as some servers do
                self._z = zlib.decompressobj(self._wbits)
                continue
            self._started = True
            data = self._z.unconsumed_tail
            if self._z.eof:
                data = self._z.unused_data
                if data and self._wbits == 31:  # a further gzip member
                    self._z = zlib.decompressobj(31)
                else:
                    break
        return bytes(out)


async def read_body(response: httpx.Response, limit: int, *, truncate: bool, url: str) -> bytes:
    """The decoded body; TooLarge past `limit` bytes (or the first `limit` when `truncate`)."""
    codings = [
        c.strip().lower()
        for c in response.headers.get("content-encoding", "").split(",")
        if c.strip() and c.strip().lower() != "identity"
    ]
    length = response.headers.get("content-length", "")
    if not codings and length.isdigit() and int(length) > limit and not truncate:
        raise TooLarge(f"body of {length} bytes exceeds the cap of {limit}", url=url)
    body = bytearray()
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        inflater: Inflater | None = Inflater(codings[0])
        chunks = response.aiter_raw()
    else:
        inflater = None  # identity, or a coding httpx decodes for us (br, zstd)
        chunks = response.aiter_bytes() if codings else response.aiter_raw()
    try:
        async for chunk in chunks:
            room = limit - len(body)
            body += inflater.feed(chunk, room) if inflater else chunk
            if len(body) > limit:
                if truncate:
                    return bytes(body[:limit])
                raise TooLarge(f"body exceeds the cap of {limit} bytes (decompressed)", url=url)
    except zlib.error as exc:
        raise FetchError(f"corrupt compressed body: {exc}", url=url) from exc
    except httpx.DecodingError as exc:
        raise FetchError(f"cannot decode body: {exc}", url=url) from exc
    return bytes(body)


def media_type(content_type: str | None) -> str:
    """'Text/HTML; charset=utf-8' -> 'text/html'."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def looks_like_html(data: bytes) -> bool:
    """WHATWG-style sniff: does the start of the body look like an HTML document?"""
    head = data[:1024].removeprefix(b"\xef\xbb\xbf")
    return bool(_HTML_SNIFF.match(head))
