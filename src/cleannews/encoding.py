"""Bytes to text, in the order browsers use: BOM, the HTTP charset, a <meta charset>
in the first bytes, then detection."""

from __future__ import annotations

import codecs
import re

from .errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
_PRESCAN_BYTES = 4096


def _lookup(name: str | bytes | None) -> str | None:
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # As browsers do (WHATWG): latin-1 and ascii labels mean windows-1252.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def charset_from_content_type(content_type: str | None) -> str | None:
    """The codec named by a Content-Type header, or None."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return _lookup(match.group(1)) if match else None


def looks_binary(data: bytes) -> bool:
    """NUL bytes in the first kilobytes mean an image, archive or PDF, not a page."""
    head = data[:8192]
    return b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode a document; raises DecodeError on empty or binary input."""
    if not data.strip():
        raise DecodeError("empty document")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    if looks_binary(data):
        raise DecodeError("binary content, not a text document")
    declared = charset_from_content_type(content_type)
    if declared is None:
        match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
        declared = _lookup(match.group(1)) if match else None
    if declared and declared.startswith("utf-16"):
        declared = "utf-8"  # a meta tag in ASCII-compatible bytes cannot be utf-16
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration lies (often windows-1252 served as utf-8): detect
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    codec = _lookup(best.encoding) if best else None
    return data.decode(codec or "cp1252", "replace")
