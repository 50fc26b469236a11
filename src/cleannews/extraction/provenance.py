"""Where each field of the record came from: the first candidate place on the page (JSON-LD,
OpenGraph, a <meta> tag, the visible h1, the printed byline...) that says what extraction
chose, and the other candidates, which lost. The candidates are read with the metadata
readers' own helpers and key lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..models import Article
from . import dates
from .byline import clean_byline
from .dom import attr, node_text
from .findings import Candidate, Field
from .metadata.authors import _AUTHOR_META, _ld_names
from .metadata.document import absolute_url, first_str
from .metadata.published import (
    _MODIFIED_META,
    _PUBLISHED_META,
    _date_element,
    _day_first,
    _itemprop_date,
    _lead_image_day,
    _near_headline_date,
)
from .trace import Trace


def _norm(value: Any) -> str:
    return " ".join(re.findall(r"[^\W_]+", str(value or "").casefold()))


def _same(a: Any, b: Any) -> bool:
    return bool(_norm(a)) and _norm(a) == _norm(b)


def fields(article: Article, trace: Trace) -> Iterator[Field]:
    """Each field with the first candidate source that says the same, and the others."""
    page = trace.page
    applied = trace.applied
    overridden = trace.meta
    for name in ("headline", "byline", "authors", "published", "modified", "dateline", "body",
                 "language", "site_name", "canonical_url", "description", "image"):
        value = getattr(article, name)
        shown = list(value) if isinstance(value, tuple) else value
        candidates = _candidates(name, trace) if page is not None else []
        rule_key = "byline" if name == "authors" else name
        selector = getattr(applied.rule, rule_key, None) if applied and rule_key != "body" else None
        if name == "body":
            source = _body_source(trace)
        elif selector and overridden is not None and getattr(overridden, name, value) != value:
            source = f"site rule: {selector}"
        elif name == "dateline" and value:
            source = (f"site rule: {selector}" if selector and applied and applied.dateline
                      else "the first lines of the story text")
        else:
            test = ", ".join(value) if isinstance(value, tuple) else value
            if name == "authors":  # the first place that names them all (a printed line)
                source = next((c.source for c in candidates if value
                               and all(_norm(n) in _norm(c.value) for n in value)), None)
            else:
                source = next((c.source for c in candidates if _same(c.value, test)), None)
            if source is None and value:  # e.g. a title with the site's name taken off
                source = next((f"{c.source} (shortened)" for c in candidates
                               if _norm(test) and _norm(test) in _norm(c.value)), None)
            if source is None and value:
                source = "derived from the page (no single source says exactly this)"
        others = tuple(c for c in candidates if c.source != source and c.value)
        if name == "body":
            shown = f"{article.word_count} words"
        yield Field(name, shown, source, others)


def _body_source(trace: Trace) -> str:
    if trace.fallback_used:
        return "trafilatura (fallback: no prose found)"
    if trace.applied is not None and trace.applied.body:
        return f"site rule body: {trace.applied.rule.body}"
    if not trace.container:
        return "plain-text reader" if trace.page is None else "nothing found"
    return "the best-scored container (see the blocks below)"


def _candidates(name: str, trace: Trace) -> list[Candidate]:
    page = trace.page
    assert page is not None
    tree = page.tree
    out: list[tuple[str, Any]] = []
    if name == "headline":
        out += [(f"visible <{n.tag}>", node_text(n)) for n in tree.css("h1")[:3]]
        out += [('[itemprop="headline"]', node_text(n))
                for n in tree.css('[itemprop="headline"]')[:1]]
        out += [("JSON-LD headline", first_str(page.article.get("headline"))),
                ("OpenGraph og:title", page.get("og:title")),
                ("<meta> twitter:title", page.get("twitter:title")),
                ("<title>", node_text(t) if (t := tree.css_first("title")) else None)]
    elif name in ("byline", "authors"):
        printed = trace.printed_byline
        out.append(("the byline printed on the page", clean_byline(printed) if printed else None))
        people, orgs = _ld_names(page.ld("author"))
        out.append(("JSON-LD author", ", ".join(people + orgs)))
        out += [(f"<meta> {key}", page.get(key)) for key in _AUTHOR_META]
    elif name == "published":
        out += [("JSON-LD datePublished", dates.to_iso(first_str(page.ld("datePublished"))))]
        out += [(f"<meta> {key}", dates.to_iso(page.get(key))) for key in _PUBLISHED_META]
        out += [('[itemprop="datePublished"]', _itemprop_date(page, "datePublished")),
                ("the URL", dates.from_url(page.url)),
                ("the date in the printed byline", dates.find_printed(
                    trace.printed_byline or "", day_first=_day_first(page))),
                ("the printed date near the headline", _near_headline_date(page)),
                ("a date element of the story", _date_element(page)),
                ("the lead image's dated path", _lead_image_day(page))]
    elif name == "modified":
        out += [("JSON-LD dateModified", dates.to_iso(first_str(page.ld("dateModified"))))]
        out += [(f"<meta> {key}", dates.to_iso(page.get(key))) for key in _MODIFIED_META]
    elif name == "language":
        out += [("<html lang>", attr(tree.css_first("html"), "lang")),
                ("OpenGraph og:locale", page.get("og:locale")),
                ("<meta> content-language", page.get("content-language")),
                ("JSON-LD inLanguage", first_str(page.ld("inLanguage")))]
    elif name == "site_name":
        out += [("OpenGraph og:site_name", page.get("og:site_name")),
                ("<meta> application-name", page.get("application-name")),
                ("JSON-LD publisher", page.publisher)]
    elif name == "canonical_url":
        out += [('<link rel="canonical">', absolute_url(page.url, page.canonical)),
                ("OpenGraph og:url", absolute_url(page.url, page.get("og:url")))]
    elif name == "description":
        out += [("OpenGraph og:description", page.get("og:description")),
                ("<meta> description", page.get("description")),
                ("<meta> twitter:description", page.get("twitter:description")),
                ("JSON-LD description", first_str(page.ld("description")))]
    elif name == "image":
        out += [("OpenGraph og:image", absolute_url(page.url, page.get("og:image"))),
                ("<meta> twitter:image", absolute_url(page.url, page.get("twitter:image"))),
                ("JSON-LD image", absolute_url(page.url, first_str(page.ld("image"))))]
    seen: set[str] = set()
    found = []
    for source, value in out:
        if value and source not in seen:
            seen.add(source)
            found.append(Candidate(source, str(value)))
    return found
