"""Structured metadata and the visible headline, byline and date, reconciled into one set of
values: one module per field, all reading one document index (document.py).

The page is read once: JSON-LD is parsed once, meta tags are indexed in one pass, and only a
handful of CSS queries touch the visible page. Structured data says what the publisher's
systems think; the visible page says what the reader sees. Where they disagree on the
headline or the byline, the visible page wins (SEO headlines and CMS accounts are common);
for dates, the machine-readable publication time wins over printed stamps, which are often
the update time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser

from ..byline import clean_byline
from .authors import read_authors
from .document import Document, absolute_url, first_str, json_ld_objects
from .headline import read_headline, strip_site_name
from .language import read_language
from .published import read_modified, read_published

if TYPE_CHECKING:
    from ..trace import Trace

__all__ = ["Metadata", "json_ld_objects", "read_metadata", "strip_site_name"]


@dataclass
class Metadata:
    """Every record field except the body and the dateline (which come from the story text)."""

    headline: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    language: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    image: str | None = None


def read_metadata(
    tree: LexborHTMLParser,
    url: str | None,
    trace: Trace | None = None,
    *,
    source: str | None = None,
    now: datetime | None = None,
) -> Metadata:
    """Every metadata field of the record, read before the body step alters the tree.
    `source` is the page's text (htmldate reads it), `now` the time the page was served;
    `trace` (explain() only) records the fields and their candidates."""
    page = Document(tree, url)
    meta = Metadata()
    meta.site_name = page.get("og:site_name", "application-name") or page.publisher
    meta.headline = read_headline(page, meta.site_name)
    printed, meta.authors = read_authors(page, meta.site_name)
    meta.byline = clean_byline(printed).replace("\n", " ") or None if printed else None
    meta.published = read_published(page, printed, source, now)
    meta.modified = read_modified(page)
    meta.language = read_language(page)
    canonical = page.canonical or page.get("og:url")
    meta.canonical_url = absolute_url(url, canonical)
    meta.description = page.get("og:description", "description", "twitter:description") or (
        first_str(page.ld("description"))
    )
    image = page.get("og:image", "og:image:url", "twitter:image") or first_str(page.ld("image"))
    meta.image = absolute_url(url, image)
    if trace is not None:  # explain() only
        trace.metadata(page, meta, printed)
    return meta
