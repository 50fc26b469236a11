"""Structured metadata: JSON-LD, OpenGraph, meta tags and the visible headline, reconciled
into one set of values."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from .dom import attr, clean_text, node_text

_ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "webpage", "report",
    "liveblogposting", "socialmediaposting",
}  # fmt: skip


@dataclass
class Metadata:
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


def json_ld_objects(tree: LexborHTMLParser) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph and arrays flattened."""
    for script in tree.css('script[type="application/ld+json"]'):
        raw = script.text(deep=True) or ""
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                yield item


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str) and clean_text(item):
            names.append(clean_text(item))
    return names


def _first_str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or value.get("name")
    return clean_text(value) or None if isinstance(value, str) else None


def _meta(tree: LexborHTMLParser, *keys: str) -> str | None:
    for key in keys:
        for selector in (f'meta[property="{key}"]', f'meta[name="{key}"]', f'meta[itemprop="{key}"]'):
            value = attr(tree.css_first(selector), "content")
            if value:
                return clean_text(value)
    return None


def read_metadata(tree: LexborHTMLParser, url: str | None) -> Metadata:
    """First version: JSON-LD article object, then OpenGraph and meta tags, then the page."""
    meta = Metadata()
    article = next((o for o in json_ld_objects(tree) if _types(o) & _ARTICLE_TYPES), {})
    meta.headline = _first_str(article.get("headline")) or _meta(tree, "og:title")
    h1 = tree.css_first("h1")
    if h1 is not None and node_text(h1):
        meta.headline = node_text(h1)
    if not meta.headline and tree.css_first("title") is not None:
        meta.headline = node_text(tree.css_first("title")) or None
    meta.authors = _names(article.get("author")) or _names(_meta(tree, "author"))
    meta.published = _first_str(article.get("datePublished")) or _meta(
        tree, "article:published_time", "datePublished", "pubdate", "date"
    )
    meta.modified = _first_str(article.get("dateModified")) or _meta(
        tree, "article:modified_time", "dateModified"
    )
    html = tree.css_first("html")
    meta.language = attr(html, "lang") or _meta(tree, "og:locale", "language")
    meta.site_name = _meta(tree, "og:site_name") or _first_str(
        (article.get("publisher") or {}).get("name") if isinstance(article.get("publisher"), dict) else None
    )
    canonical = attr(tree.css_first('link[rel="canonical"]'), "href") or _meta(tree, "og:url")
    meta.canonical_url = urljoin(url or "", canonical) if canonical else None
    meta.description = _meta(tree, "og:description", "description")
    image = _meta(tree, "og:image") or _first_str(article.get("image"))
    meta.image = urljoin(url or "", image) if image else None
    return meta
