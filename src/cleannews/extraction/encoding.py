"""Bytes to text, in the order browsers use: BOM, the HTTP charset, a <meta charset>
in the first bytes, then detection (charset-normalizer).

Two corrections on top of the browser order, because servers lie in two common ways:
bytes that are valid UTF-8 (beyond ASCII) are read as UTF-8 whatever the label says (legacy
text is practically never valid UTF-8 by accident), and a label that does not decode (often
windows-1252 served as "utf-8") falls through to the next clue instead of giving mojibake.
A "latin-1" label, the usual server default, is checked against detection.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import DecodeError

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
_DETECT_BYTES = 262_144

# WHATWG Encoding: labels are read as the superset browsers decode them with.
_SUPERSETS = {
    "latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252",
    "iso8859-9": "cp1254", "iso8859-11": "cp874", "tis-620": "cp874",
    "shift_jis": "cp932", "gb2312": "gb18030", "gbk": "gb18030",
    "euc_kr": "cp949", "big5": "big5hkscs",
}
# What detection may answer: encodings pages are actually written in, most common first
# (ties go to the earlier one). Mac and DOS code pages are left out: never seen on the web,
# they win detection by accident on short Western text.
_WEB_CODECS = (
    "cp1252", "cp1251", "cp1250", "iso8859_2", "iso8859_15", "cp1253", "cp1254", "cp1257",
    "cp1256", "cp1255", "cp1258", "iso8859_5", "iso8859_7", "iso8859_8", "koi8_r", "koi8_u",
    "cp874", "cp932", "euc_jp", "iso2022_jp", "gb18030", "big5", "cp949", "euc_kr",
)
# Detection results within this much "chaos" of the best are a tie.
_TIE = 0.02
# A "latin-1" label gives way to detection only when detection reads clearly less chaos.
_CLEARLY_BETTER = 0.1


def _lookup(name: str | bytes | None) -> str | None:
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSETS.get(codec, codec)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The codec named by a Content-Type header, or None."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return _lookup(match.group(1)) if match else None


def charset_from_meta(data: bytes) -> str | None:
    """The codec a <meta charset> or http-equiv Content-Type in the first bytes names."""
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    codec = _lookup(match.group(1)) if match else None
    if codec and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a meta tag readable as ASCII cannot be in UTF-16 (WHATWG says so too)
    return codec


# Control characters other than white space: text has next to none, compressed or image
# data about one byte in nine. A page is binary when more than _BINARY_SHARE of its head
# is made of them; a stray NUL in a page does not make it binary (browsers show U+FFFD).
_CONTROLS = "".join(map(chr, [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F]))
_CONTROL_BYTES = _CONTROLS.encode("latin-1")
_DROP_CONTROLS = dict.fromkeys(map(ord, _CONTROLS))
_BINARY_SHARE = 0.05
_HEAD = 8192
# Formats that open with few control bytes but are never a page.
_SIGNATURES = (b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04",
               b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"\x00asm", b"\x7fELF")


def looks_binary(data: bytes) -> bool:
    """An image, archive or PDF, not a page: a known signature, or a head mostly made of
    control bytes beyond the few that a broken page may hold."""
    head = data[:_HEAD]
    if head.startswith(_SIGNATURES):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > _BINARY_SHARE * len(head)


def checked_text(text: str) -> str:
    """Text handed in as a str, held to the rule bytes are: refused when binary-looking, and
    NUL read as U+FFFD as browsers do."""
    head = text[:_HEAD]
    if len(head) - len(head.translate(_DROP_CONTROLS)) > _BINARY_SHARE * len(head):
        raise DecodeError("binary content, not a text document")
    return text.replace("\x00", "\ufffd")


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


@dataclass(frozen=True)
class _Guess:
    codec: str
    chaos: float  # how garbled the reading looks (0 = clean)
    coherence: float  # how much it reads like a known language


def _detect(data: bytes) -> list[_Guess]:
    """charset-normalizer's readings among web encodings, best first: least chaos; on a tie,
    the reading most like a language, then the encoding more common on the web."""
    from charset_normalizer import from_bytes

    results = from_bytes(data[:_DETECT_BYTES], cp_isolation=list(_WEB_CODECS))
    guesses = [_Guess(_lookup(r.encoding) or r.encoding, r.chaos, r.coherence) for r in results]
    if not guesses:
        return []
    floor = min(g.chaos for g in guesses)
    rank = {codec: i for i, codec in enumerate(_lookup(c) for c in _WEB_CODECS)}
    return sorted(
        guesses,
        key=lambda g: (
            g.chaos > floor + _TIE, -round(g.coherence, 2), rank.get(g.codec, len(rank)), g.chaos
        ),
    )


def _second_opinion(data: bytes, text: str) -> str:
    """A 'latin-1' label decodes any bytes; keep it unless detection reads far less chaos
    (Russian, Greek or Chinese pages behind a server's default label)."""
    guesses = _detect(data)
    if not guesses or guesses[0].codec == "cp1252":
        return text
    labelled = next((g.chaos for g in guesses if g.codec == "cp1252"), 1.0)
    best = guesses[0]
    if best.chaos + _CLEARLY_BETTER <= labelled:
        return _strict(data, best.codec) or text
    return text


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode a document; raises DecodeError on empty or binary input."""
    return decode_html_utf8(data, content_type)[0]


def decode_html_utf8(data: bytes, content_type: str | None = None) -> tuple[str, bytes | None]:
    """decode_html(), and `data` itself when it is exactly the text's UTF-8 encoding (most
    pages): the parser can take those bytes as they are instead of encoding the text again."""
    # isspace() stops at the first other byte; strip() would copy a page ending in a newline.
    if not data or data.isspace():
        raise DecodeError("empty document")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return checked_text(data[len(bom) :].decode(codec, "replace")), None
    labelled = charset_from_content_type(content_type)
    if labelled and labelled.startswith(("utf-16", "utf-32")):  # no BOM: NULs are expected
        text = _strict(data, labelled)
        if text is not None:
            return checked_text(text), None
    if looks_binary(data):
        raise DecodeError("binary content, not a text document")
    text, utf8 = _decode(data, content_type)
    if b"\x00" in data:  # a stray NUL (ASCII-compatible codecs keep it): U+FFFD, as browsers
        return text.replace("\x00", "\ufffd"), None
    return text, utf8


def _decode(data: bytes, content_type: str | None) -> tuple[str, bytes | None]:
    if data.isascii():
        return data.decode("ascii"), data
    text = _strict(data, "utf-8")
    if text is not None:
        return text, data  # valid UTF-8 beyond ASCII: UTF-8, whatever the label
    declared = [c for c in (charset_from_content_type(content_type), charset_from_meta(data))
                if c and c != "utf-8"]
    # The server's "latin-1" default loses to a more specific <meta> label.
    declared.sort(key=lambda codec: codec == "cp1252")
    for codec in dict.fromkeys(declared):
        text = _strict(data, codec)
        if text is not None:
            return (_second_opinion(data, text) if codec == "cp1252" else text), None
    guesses = _detect(data)
    codec = guesses[0].codec if guesses else "cp1252"
    return data.decode(codec, "replace"), None


# Text encoded to UTF-8 twice (a CMS read UTF-8 bytes as Windows-1252 or Latin-1 and stored
# the result): "Investorâ€™s", "JaroÅ\x84". Its marks, in the text's UTF-8: a C1 control,
# never in real text; "Â", "Ã" or "â" before a Latin-1 sign; "â€". All but the last hold the
# byte 0xC2, which a memchr-fast scan looks for before the pattern is tried.
_DOUBLE_ENCODED = re.compile(
    rb"\xc2[\x80-\x9f]|\xc3[\x82\x83\xa2]\xc2[\xa0-\xbf]|\xc3\xa2\xe2\x82\xac"
)
_EURO_AFTER_A_CIRCUMFLEX = "\u00e2\u20ac".encode()
# ftfy reads about 2 MB a second (0.1 s for this many characters): a longer text (a hostile
# page's body) is left as it is, so that the repair stays within a page's time budget.
MAX_REPAIRED_CHARS = 250_000


def may_be_double_encoded(text: str) -> bool:
    """Whether `text` holds a mark of double encoding (see _DOUBLE_ENCODED). Marks never span
    a line break, so one look at a whole body answers for each of its paragraphs."""
    if text.isascii():
        return False
    data = text.encode("utf-8", "surrogatepass")
    if b"\xc2" not in data and _EURO_AFTER_A_CIRCUMFLEX not in data:
        return False
    return _DOUBLE_ENCODED.search(data) is not None


def repair_double_encoding(text: str) -> str:
    """`text` with double-encoded runs decoded once more, by ftfy, which tells them from
    real Latin-1 text better than a rule of ours would; only asked when a mark is there
    (ftfy takes milliseconds on a long body and is imported on first need)."""
    if len(text) > MAX_REPAIRED_CHARS or not may_be_double_encoded(text):
        return text
    from ftfy import fix_encoding

    return fix_encoding(text)
