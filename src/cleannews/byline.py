"""Bylines into author names, and the dateline that opens a story into place and agency."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por)\s+", re.I)
_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)

# "WASHINGTON (AFP) —", "LONDON, June 16 (Reuters) -", "PORTLAND, Ore. —"
_DATELINE = re.compile(
    r"^(?P<dateline>(?P<place>[A-Z][A-Z .'\-]+[A-Z.](?:,\s*[A-Z][a-z]{1,5}\.?)?)"
    r"(?:,\s*[A-Z][a-z]+\.? \d{1,2})?\s*(?:\((?P<agency>[A-Za-z .]+)\))?)\s*[—–-]{1,2}\s+",
)


@dataclass(frozen=True)
class Dateline:
    text: str
    place: str | None
    agency: str | None


def parse_authors(byline: str | None) -> list[str]:
    """'By A and B' -> ['A', 'B']."""
    if not byline:
        return []
    text = _BY_PREFIX.sub("", byline.strip())
    names = [n.strip(" .") for n in _SPLIT.split(text)]
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """The dateline at the start of the first paragraph, and the paragraph without it."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None, paragraph
    place = match.group("place").strip().title()
    agency = match.group("agency")
    return Dateline(match.group("dateline").strip(), place, agency), paragraph[match.end() :]
