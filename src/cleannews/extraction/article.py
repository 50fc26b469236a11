"""extract(): parse once, run the steps, build the Article. A pure function of its input."""

from __future__ import annotations

import os
import re
import time
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from ..config import ExtractOptions
from ..errors import DecodeError, InputError
from ..models import Article, Page
from .body import Heading, extract_body, fallback_body
from .byline import Dateline, credits_authors, is_date_line, split_dateline
from .dom import parse
from .encoding import (
    checked_text,
    decode_html_utf8,
    may_be_double_encoded,
    repair_double_encoding,
)
from .metadata import Metadata, read_metadata
from .rules import Applied, apply_rule
from .text import looks_like_markup, read_text

if TYPE_CHECKING:
    from .trace import Trace

_WORDS = re.compile(r"\w+")
# One match per word, as _WORDS finds them, capturing only its first character: findall()
# then returns one-character strings, which Python shares instead of building one per word.
_WORD_STARTS = re.compile(r"(\w)\w*")
# Runs of up to this many words, as _WORDS finds them (possessive runs: linear), one match
# each: the regex engine's cost of a count is mostly per match. The classes are \w and \W
# with their commonest characters spelled first (the same sets): the engine tests those as a
# bitmap before it looks a character's Unicode category up (a fifth less time on bodies).
_RUN_WORDS = 16
_WORD_CHAR = r"[0-9A-Za-z_\w]"
_GAP_CHAR = r"[ ,.\W]"
_WORD_RUNS = re.compile(
    rf"{_WORD_CHAR}++(?:{_GAP_CHAR}++{_WORD_CHAR}++){{0,{_RUN_WORDS - 1}}}"
)


def extract(
    source: Page | bytes | str | os.PathLike[str],
    *,
    url: str | None = None,
    options: ExtractOptions | None = None,
    trace: Trace | None = None,
) -> Article:
    """Extract one news record from an HTML page (or a plain-text dump of one).

    `source` is a fetched Page, raw bytes (decoded as a browser would), the markup as a
    `str`, or a path as a `pathlib.Path` (any os.PathLike), whose file is read. A plain
    `str` is always markup, never a file name: pass `Path("page.html")` to read a file.
    Raises DecodeError for empty or binary input, InputError for a file that cannot be
    read; never touches the network. The trafilatura fallback runs only within what is
    left of `options.time_budget`. `trace` (explain() passes one) records every decision
    on the way; None costs nothing.
    """
    options = options or ExtractOptions()
    started = time.monotonic()
    if isinstance(source, os.PathLike):
        source = _read_file(source, options)
    text, utf8 = _as_text(source, options)
    requested = source.requested_url if isinstance(source, Page) else None
    if isinstance(source, Page):
        url = url or source.url
    if not text or text.isspace():  # not strip(): no copy of a page ending in a newline
        raise DecodeError("empty document", url=url)
    if not looks_like_markup(text):
        meta, paragraphs = read_text(text)
        return _build(meta, paragraphs, url, requested)
    tree = parse(utf8 if utf8 is not None else text)
    meta = read_metadata(tree, url, trace, source=text, now=_served_at(source))
    site = None
    if options.rules:  # a site rule narrows or overrides; none: exactly the generic path
        site = apply_rule(tree, options.rules, url or meta.canonical_url, meta, trace)
    paragraphs = extract_body(tree, trace, site.body if site else None)
    if not paragraphs and options.fallback and len(text) <= options.fallback_max_chars:
        budget = options.time_budget
        paragraphs = fallback_body(text, started + budget if budget else None)
        if trace is not None:  # explain() only
            trace.fallback(paragraphs)
    return _build(meta, paragraphs, url, requested, trace, site)


def _read_file(path: os.PathLike[str], options: ExtractOptions) -> Page:
    """The file's bytes as a Page (no more than extraction would look at)."""
    try:
        with open(path, "rb") as stream:
            content = stream.read(options.max_input_bytes)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", url=os.fspath(path)) from exc
    return Page(url=None, content=content, origin="file")


def _served_at(source: Page | bytes | str) -> datetime | None:
    """When the page was served: its HTTP Date header, else when it was fetched. Relative
    stamps ("3 hours ago") are read against it; without it they are not read."""
    if not isinstance(source, Page):
        return None
    for key, value in source.headers.items():
        if key.lower() == "date":
            try:
                return parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                break
    return source.fetched_at


def _as_text(source: Page | bytes | str, options: ExtractOptions) -> tuple[str, bytes | None]:
    """The text, and the input bytes too when they are its UTF-8 encoding."""
    if isinstance(source, str):
        return checked_text(source[: options.max_input_bytes]), None
    if isinstance(source, Page):
        return decode_html_utf8(source.content[: options.max_input_bytes], source.content_type)
    return decode_html_utf8(bytes(source[: options.max_input_bytes]))


def _build(
    meta: Metadata,
    paragraphs: list[str],
    url: str | None,
    requested: str | None,
    trace: Trace | None = None,
    site: Applied | None = None,
) -> Article:
    if may_be_double_encoded("\n".join(paragraphs)):  # one look for them all: most have none
        paragraphs = [_repaired_paragraph(p) for p in paragraphs]
    paragraphs = _without_preamble(paragraphs, meta, trace)
    taken = paragraphs
    if site is not None and site.dateline is not None:
        dateline, paragraphs = site.take_dateline(paragraphs)
    else:
        dateline, paragraphs = _take_dateline(paragraphs)
    if trace is not None:  # explain() only
        trace.dateline(dateline, taken, paragraphs)
    body = "\n\n".join(p for p in paragraphs if p)
    return Article(
        url=url,
        requested_url=requested,
        canonical_url=meta.canonical_url,
        headline=_repaired(meta.headline),
        byline=_repaired(meta.byline),
        authors=tuple(map(repair_double_encoding, meta.authors)),
        published=meta.published,
        modified=meta.modified,
        dateline=dateline.text if dateline else None,
        dateline_place=dateline.place if dateline else None,
        dateline_agency=dateline.agency if dateline else None,
        body=body,
        language=meta.language,
        site_name=meta.site_name,
        description=_repaired(meta.description),
        image=meta.image,
        word_count=_word_count(body),
    )


def _word_count(text: str) -> int:
    """len(_WORDS.findall(text)), a run of words a match: each run but the last holds
    _RUN_WORDS of them (a run stops early only where no word follows)."""
    runs = _WORD_RUNS.findall(text)
    return _RUN_WORDS * (len(runs) - 1) + len(_WORD_STARTS.findall(runs[-1])) if runs else 0


def _repaired(text: str | None) -> str | None:
    return None if text is None else repair_double_encoding(text)


def _repaired_paragraph(paragraph: str) -> str:
    """The paragraph repaired, still a Heading when it was one."""
    repaired = repair_double_encoding(paragraph)
    if repaired is paragraph:
        return paragraph
    return Heading(repaired) if isinstance(paragraph, Heading) else repaired


# The body step may start with lines that belong above the story: the headline again, the
# byline, a date stamp. Only these few leading lines are looked at.
_PREAMBLE = 4


def _norm(text: str | None) -> str:
    return " ".join(_WORDS.findall((text or "").casefold()))


def _without_preamble(
    paragraphs: list[str], meta: Metadata, trace: Trace | None = None
) -> list[str]:
    """Drop leading paragraphs that repeat the headline or are the byline or a date line."""
    headline, byline = _norm(meta.headline), _norm(meta.byline)
    start = 0
    for text in paragraphs[:_PREAMBLE]:
        norm = _norm(text)
        repeated = not norm or norm == headline or (byline and norm == byline)
        if repeated or credits_authors(text, meta.authors) or is_date_line(text):
            start += 1
        else:
            break
    if trace is not None:  # explain() only
        trace.preamble(paragraphs[:start], meta)
    return paragraphs[start:]


def _is_label(text: str) -> bool:
    """'BREAKING NEWS', 'Live': a short kicker line, not a sentence."""
    return len(text.split()) <= 4 and not re.search(r"[.!?:;,]$", text.strip())


# How far into the body a dateline is looked for: past kickers, a standfirst, key points.
_DATELINE_REACH = 6


def _take_dateline(paragraphs: list[str]) -> tuple[Dateline | None, list[str]]:
    """The dateline opening the story, removed from it. It may follow kicker lines; printed
    in its strong form (capitals or agency, then a dash; or on a line of its own) it may also
    follow a standfirst or key points that the body step kept. A heading is never one."""
    found: tuple[int, Dateline, str] | None = None
    kickers = 0  # leading kicker lines ("BREAKING NEWS") seen so far
    for index, text in enumerate(paragraphs[:_DATELINE_REACH]):
        dateline, rest = (None, text) if isinstance(text, Heading) else split_dateline(text)
        if dateline is not None and (dateline.strong or index <= kickers):
            found = (index, dateline, rest)
            break
        if index == kickers and _is_label(text):
            kickers += 1
    if found is None:
        return None, paragraphs
    index, dateline, rest = found
    rest = rest.strip()
    return dateline, paragraphs[:index] + ([rest] if rest else []) + paragraphs[index + 1 :]
