"""What explain() returns: plain dataclasses a test or a notebook can assert on, and that
the inspect report (report.py) renders. No logic beyond counting and conversion."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..models import Article

VERDICTS = {
    "body": "kept in the body",
    "dateline": "the dateline, taken off the first paragraph",
    "headline": "the headline",
    "byline": "a byline or author line",
    "caption": "a caption or photo credit",
    "duplicate": "a repeat (a standfirst repeated as the lead, the headline again)",
    "teaser": "a teaser card for another story",
    "links": "a list of links",
    "clutter": "clutter",
    "outside": "outside the story's container",
}


@dataclass(frozen=True)
class Block:
    """One text block of the page, in document order, with what extraction did with it."""

    text: str
    verdict: str  # a key of VERDICTS
    reason: str  # e.g. "class word: related", "phrase group: read_more"
    path: str  # a CSS path of the element that holds the text
    scores: dict[str, float]
    rule: str = ""  # a site rule (TOML) that would drop the block, or take it in


@dataclass(frozen=True)
class Candidate:
    """One place a field's value can come from, and what it says there."""

    source: str
    value: str


@dataclass(frozen=True)
class Field:
    """A record field: its value, where it came from, and the candidates that lost."""

    name: str
    value: Any
    source: str | None
    others: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class Report:
    """What explain() returns: the record, its fields' sources and every block's verdict."""

    article: Article
    url: str | None
    fields: tuple[Field, ...]
    blocks: tuple[Block, ...]
    container: tuple[str, ...]  # CSS paths of the story container's element(s)
    candidates: tuple[tuple[str, float], ...]  # the best-scored elements (path, score)
    rule: str | None  # where the site rule that applied was written
    warnings: tuple[str, ...]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(VERDICTS, 0)
        for block in self.blocks:
            out[block.verdict] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["article"] = self.article.to_dict()
        return data
