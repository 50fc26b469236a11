"""Publication and update dates: structured data first, then the URL, the byline, the
printed date near the headline and, last, the lead image's path."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .. import dates
from ..dom import attr, clean_text, node_text
from .document import Document, class_and_id, first_str, is_foreign

# The printed date is looked for in the headline's container and up to this many levels up,
# while that container is still the story's header (not the whole story, up to this size).
HEADLINE_LEVELS = 3
MAX_NEAR_HEADLINE_CHARS = 3000
# A date element with more text than this is a paragraph that mentions a date.
MAX_DATE_ELEMENT_CHARS = 120

_PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "article.published",
    "published_time", "publish-date", "publishdate", "publish_date", "pubdate", "pub_date",
    "sailthru.date", "parsely-pub-date", "dc.date.issued", "dc.date", "dcterms.date",
    "dcterms.created", "date", "originalpublicationdate", "article_date_original",
)  # fmt: skip
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "article.updated",
    "last-modified", "dcterms.modified", "updated-date",
)  # fmt: skip


def _first_date(values: list[str | None]) -> str | None:
    for value in values:
        iso = dates.to_iso(value)
        if iso:
            return iso
    return None


def _itemprop_date(tree: LexborHTMLParser, prop: str) -> str | None:
    for node in tree.css(f'[itemprop="{prop}"]'):
        if node.tag == "meta" or is_foreign(node):
            continue
        iso = dates.to_iso(attr(node, "datetime") or attr(node, "content") or node_text(node))
        if iso:
            return iso
    return None


def _day_first(page: Document) -> bool:
    """Numeric dates read day first except in US English pages."""
    lang = (attr(page.tree.css_first("html"), "lang") or page.get("og:locale") or "").lower()
    return not (lang in ("", "en") or lang.replace("_", "-").startswith("en-us"))


_SITE_HEADER = re.compile(r"masthead|site-?header|top-?bar|page-?header|global-?header", re.I)


def _in_site_header(node: LexborNode) -> bool:
    """In the page's own header (where today's date is printed), not the story's."""
    parent: LexborNode | None = node
    while parent is not None and (tag := parent.tag) not in ("body", "html"):
        if tag in ("article", "main"):
            return False
        if tag == "header" or _SITE_HEADER.search(class_and_id(parent)):
            return True
        parent = parent.parent
    return False


def _visible_date(page: Document) -> str | None:
    """The first printed publication date near the story: in the text around the headline,
    then in <time> and date-ish elements outside the site's header. Update stamps are skipped."""
    tree, day_first = page.tree, _day_first(page)
    h1 = tree.css_first("h1")
    near = h1.parent if h1 is not None else None
    for _ in range(HEADLINE_LEVELS):
        if near is None or near.tag in ("body", "html"):
            break
        text = near.text(deep=True, separator=" ")
        if len(text) > MAX_NEAR_HEADLINE_CHARS:
            break
        iso = dates.find_printed(clean_text(text), day_first=day_first)
        if iso:
            return iso
        near = near.parent
    for node in tree.css(
        'time, [class*="date"], [class*="publish"], [class*="posted"], [class*="time"], '
        '[class*="byline"], [class*="meta"]'
    ):
        marker = f"{node.attributes.get('class') or ''}".lower()
        if "updat" in marker or "modif" in marker or is_foreign(node) or _in_site_header(node):
            continue
        if node.tag == "time":
            iso = dates.to_iso(attr(node, "datetime"))
            if iso:
                return iso
        text = node_text(node)
        if text and len(text) <= MAX_DATE_ELEMENT_CHARS:
            iso = dates.find_printed(text, day_first=day_first)
            if iso:
                return iso
    return None


def _lead_image_day(page: Document) -> str | None:
    """The day in the lead image's path (og:image, or numbered og:image1, twitter:image)."""
    for key, value in page.meta.items():
        if key.startswith(("og:image", "twitter:image")):
            day = dates.from_url(value)
            if day:
                return day
    return None


def read_published(page: Document, byline: str | None) -> str | None:
    return (
        _first_date([first_str(page.ld("datePublished")), first_str(page.ld("dateCreated"))])
        or _first_date([page.get(k) for k in _PUBLISHED_META])
        or _itemprop_date(page.tree, "datePublished")
        or dates.from_url(page.url)
        or (dates.find_printed(byline, day_first=_day_first(page)) if byline else None)
        or _visible_date(page)
        # Last resort: CMSs file the lead image under the day the story was written.
        or _lead_image_day(page)
    )


def read_modified(page: Document) -> str | None:
    return _first_date(
        [first_str(page.ld("dateModified"))] + [page.get(k) for k in _MODIFIED_META]
    ) or _itemprop_date(page.tree, "dateModified")
