"""The two dev sets beside the repo, read into one shape, and a by-site fold split.

    scrapinghub  181 news pages (2019): gold bodies, metadata.json with hand labels
    wcxb-dev     793 article pages (2025): gold bodies, with/without snippets, title/author/date

A fold is chosen by hashing the page's registered site name, so every page of one site lands
in the same fold: a rule tuned while looking at folds 0-3 is judged on fold 4 (rotate which).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
NAMES = ("scrapinghub", "wcxb-dev")
FOLDS = 5


@dataclass(frozen=True)
class Gold:
    """What one page should give; None where the set has no label."""

    url: str
    body: str
    headline: str | None = None
    authors: tuple[str, ...] | None = None
    author_text: str | None = None  # wcxb: the names as printed, one string
    published: str | None = None
    dateline: str | None = None
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    has_metadata: bool = False
    extra: dict = field(default_factory=dict)


def site_of(url: str) -> str:
    """The host without a leading www., a cheap stand-in for the registered site."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def fold_of(url: str, folds: int = FOLDS) -> int:
    digest = hashlib.sha1(site_of(url).encode()).digest()
    return digest[0] % folds


@cache
def gold(name: str) -> dict[str, Gold]:
    """Page id -> Gold for the named set."""
    root = SHARED / name
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    if name == "scrapinghub":
        meta = json.loads((root / "metadata.json").read_text(encoding="utf-8"))
        out = {}
        for page_id, item in truth.items():
            m = meta.get(page_id)
            out[page_id] = Gold(
                url=item.get("url") or "",
                body=item.get("articleBody") or "",
                headline=m.get("headline") if m else None,
                authors=tuple(m.get("authors") or ()) if m else None,
                published=m.get("published") if m else None,
                dateline=m.get("dateline") if m else None,
                has_metadata=m is not None,
                extra=m or {},
            )
        return out
    return {
        page_id: Gold(
            url=item.get("url") or "",
            body=item.get("articleBody") or "",
            headline=item.get("title"),
            author_text=item.get("author"),
            published=item.get("publish_date"),
            must_contain=tuple(item.get("with") or ()),
            must_not_contain=tuple(item.get("without") or ()),
            has_metadata=True,
        )
        for page_id, item in truth.items()
    }


def pages(name: str, ids: list[str] | None = None) -> dict[str, bytes]:
    """Page id -> raw bytes, in id order (all pages, or just `ids`)."""
    html = SHARED / name / "html"
    wanted = sorted(gold(name)) if ids is None else ids
    return {i: gzip.decompress((html / f"{i}.html.gz").read_bytes()) for i in wanted}


def select(name: str, folds: set[int] | None = None) -> list[str]:
    """The page ids of a set, optionally only those whose site falls in `folds`."""
    items = gold(name)
    return [i for i in sorted(items) if folds is None or fold_of(items[i].url) in folds]
