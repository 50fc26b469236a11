"""The document index every metadata field reads: meta tags, the JSON-LD article object
and the canonical link from one pass over the tree, and the markers of page regions (comments,
related stories, captions, chrome) whose bylines and dates are not the story's."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, Generic, TypeVar
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..boilerplate import FOREIGN_REGION, names_foreign_region
from ..dom import attr, clean_text

T = TypeVar("T")

_ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "report",
    "liveblogposting", "socialmediaposting", "techarticle", "scholarlyarticle", "posting",
}  # fmt: skip
_PAGE_TYPES = {"webpage", "itempage", "collectionpage", "aboutpage"}

_FOREIGN_TAGS = frozenset(("aside", "footer", "nav", "figure", "figcaption", "form"))
_CONTENT_IDS = frozenset(("content", "main", "main-content", "maincontent", "primary"))


# JSON-LD nests a few levels; deeper scripts are skipped before parsing, as the parser
# recurses (how deep it may go would depend on the caller's stack).
MAX_JSON_DEPTH = 64
_JSON_TOKEN = re.compile(r'\\.|["\[\]{}]', re.S)  # an escape, a quote or a bracket


def _too_deep(raw: str) -> bool:
    """True when brackets outside strings nest deeper than MAX_JSON_DEPTH (one linear pass
    over the quotes and brackets, only for scripts with that many brackets)."""
    if raw.count("[") + raw.count("{") <= MAX_JSON_DEPTH:
        return False
    depth, in_string = 0, False
    for match in _JSON_TOKEN.finditer(raw):
        token = match.group()
        if token == '"':
            in_string = not in_string
        elif in_string or len(token) == 2:
            continue
        elif token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        else:
            depth -= 1
    return False


# json.loads(raw, strict=False) builds a new decoder on every call (any keyword does): one
# is kept. A text opening with a byte order mark fails here as it fails there (ValueError).
_DECODER = json.JSONDecoder(strict=False)


def json_ld_objects(scripts: list[str]) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object in the scripts' texts, @graph and arrays flattened."""
    for raw in scripts:
        if _too_deep(raw):
            continue
        try:
            data = _DECODER.decode(raw)
        except (ValueError, RecursionError):
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


def types_of(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def first_str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or value.get("name")
    return (clean_text(value) or None) if isinstance(value, str) else None


# Byline markup, and links to an author's page ("/author/jane-doe", "/authors/jane-doe").
_BYLINE_MARKUP = '[class*="byline" i], [class*="author" i], [rel="author"], [itemprop="author"]'
_AUTHOR_PATHS = ("/author/", "/authors/")
_HEADINGS = 'h1, [itemprop="headline"], h2[class*="title"]'
# Tags that never hold a printed byline (a byline query may still match them).
_NOT_BYLINES = frozenset(("meta", "link", "script", "img", "body", "article", "main"))
# Meta tags, JSON-LD scripts, the canonical link and byline candidates: one pass over the tree.
# One substring test finds the author links (two cost twice as much); _scan keeps only those
# with an author path.
_SCAN = (
    'meta[content], script[type="application/ld+json"], link[rel="canonical"], '
    + _BYLINE_MARKUP + ', a[href*="/author"]'
)


def _is(value: str | None, expected: str) -> bool:
    """An attribute value equal to `expected` in ASCII case, as CSS compares type and rel."""
    return value is not None and value.isascii() and value.lower() == expected


def _author_link(node: LexborNode) -> bool:
    """An <a> that _SCAN matched is a byline candidate: a link to an author's page, or
    byline markup ("/authors-guide" is neither)."""
    href = node.attributes.get("href") or ""
    return any(path in href for path in _AUTHOR_PATHS) or node.css_matches(_BYLINE_MARKUP)


@dataclass
class _Scan:
    meta: dict[str, str]
    scripts: list[str]
    canonical: str | None
    bylines: list[LexborNode]


def _scan(tree: LexborHTMLParser) -> _Scan:
    """meta property/name/itemprop (lower case) -> its first non-empty content; the JSON-LD
    script texts; the first canonical link's href; the elements that may print the byline
    (byline markup, links to an author's page), in document order. White space in meta
    values is collapsed only for the values that are read. One query serves all: every node
    it returns is sorted by tag and attributes, as a meta, script or link may have matched
    the byline selectors instead."""
    found: dict[str, str] = {}
    scripts: list[str] = []
    canonical: LexborNode | None = None
    bylines: list[LexborNode] = []
    for node in tree.css(_SCAN):
        tag = node.tag
        if tag not in _NOT_BYLINES:
            if tag == "a" and not _author_link(node):
                continue
            bylines.append(node)
            continue
        if tag == "script":
            if _is(node.attributes.get("type"), "application/ld+json"):
                scripts.append(node.text(deep=True) or "")
            continue
        if tag == "link":
            if canonical is None and _is(node.attributes.get("rel"), "canonical"):
                canonical = node
            continue
        if tag != "meta":
            continue
        attrs = node.attributes  # one C call: cheaper than several lazy look-ups
        content = None
        for key in ("property", "name", "itemprop"):
            value = attrs.get(key)
            if not value:
                continue
            # An itemprop names one property or several ("datePublished dateCreated"): in
            # microdata it is a list of tokens, each the name of a property of that value.
            for name in value.lower().split() if key == "itemprop" else (value.strip().lower(),):
                if name not in found:
                    if content is None:
                        content = (attrs.get("content") or "").strip()
                    if content:
                        found[name] = content
    return _Scan(found, scripts, attr(canonical, "href"), bylines)


class Document:
    """What every field reads: the meta index, the JSON-LD article object, the tree."""

    def __init__(self, tree: LexborHTMLParser, url: str | None) -> None:
        self.tree = tree
        self.url = url
        # What several fields read, computed once for this page (e.g. the texts around the
        # headline, read for both dates).
        self.memo: dict[str, Any] = {}
        # is_foreign's verdicts on the elements walked so far, shared by every field.
        self.foreign_seen: dict[int, bool] = {}
        scan = _scan(tree)
        self.meta, self.canonical, self.bylines = scan.meta, scan.canonical, scan.bylines
        objects = list(json_ld_objects(scan.scripts))
        self.by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
        articles = [o for o in objects if types_of(o) & _ARTICLE_TYPES]
        self.article = _this_article(articles, self._own_urls)
        self.webpage = next((o for o in objects if types_of(o) & _PAGE_TYPES), {})
        self.publisher = _publisher_name(self.article) or _publisher_name(self.webpage)
        orgs = [o for o in objects if types_of(o) & {"organization", "newsmediaorganization"}]
        if not self.publisher and orgs:
            self.publisher = first_str(orgs[0].get("name"))

    def _own_urls(self) -> set[str]:
        return {_url_key(u) for u in (self.url, self.canonical, self.meta.get("og:url")) if u}

    def headings(self) -> list[LexborNode]:
        """Every h1, element marked as the headline and h2 titled so, in document order
        (queried once a page: the headline, the byline and the date are looked for there)."""
        if "headings" not in self.memo:
            self.memo["headings"] = self.tree.css(_HEADINGS)
        return self.memo["headings"]

    def html_lang(self) -> str | None:
        """The <html lang> value (read once a page: the date order and the language ask).
        The tree's root is the <html> element: a CSS query for it parses a selector and
        costs more than the rest of reading the attribute."""
        if "html_lang" not in self.memo:
            self.memo["html_lang"] = attr(self.tree.root, "lang")
        return self.memo["html_lang"]

    def h1s(self) -> list[LexborNode]:
        return [node for node in self.headings() if node.tag == "h1"]

    def foreign(self, node: LexborNode) -> bool:
        """is_foreign(node), sharing the walk with every earlier question on this page."""
        return is_foreign(node, self.foreign_seen)

    def get(self, *keys: str) -> str | None:
        for key in keys:
            if key in self.meta:
                return clean_text(self.meta[key])
        return None

    def ld(self, key: str) -> Any:
        """A property of the article object (else the web page), {"@id"} references resolved."""
        value = self.article.get(key) or self.webpage.get(key)
        if isinstance(value, list):
            return [self._resolve(v) for v in value]
        return self._resolve(value)

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and (
            isinstance(value.get("@id"), str)
        ):
            return self.by_id.get(value["@id"], value)
        return value


def absolute_url(base: str | None, href: str | None) -> str | None:
    """`href` resolved against the page URL; None when it is empty or not a URL at all."""
    if not href:
        return None
    try:
        return urljoin(base or "", href)
    except ValueError:  # e.g. "http://[broken"
        return None


def split_url(url: str) -> tuple[str, str, str, str, str]:
    try:
        return tuple(urlsplit(url))  # type: ignore[return-value]
    except ValueError:
        return ("", "", "", "", "")


def _url_key(url: str) -> str:
    """A URL compared without scheme, "www.", query or trailing slash."""
    parts = split_url(url.strip())
    return parts[1].lower().removeprefix("www.") + parts[2].rstrip("/")


def _this_article(
    articles: list[dict[str, Any]], own_urls: Callable[[], set[str]]
) -> dict[str, Any]:
    """The JSON-LD article about this page: the one whose url or mainEntityOfPage is the
    page's own URL when a page describes several (related stories, a live blog's posts),
    else the first with a headline. `own_urls` is only called then (it splits URLs)."""
    if len(articles) > 1 and (own := own_urls()):
        for obj in articles:
            for key in ("url", "mainEntityOfPage", "@id"):
                value = first_str(obj.get(key))
                if value and _url_key(value.split("#")[0]) in own:
                    return obj
    return next((o for o in articles if o.get("headline")), None) or (
        articles[0] if articles else {}
    )


def _publisher_name(obj: dict[str, Any]) -> str | None:
    publisher = obj.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    return first_str(publisher.get("name")) if isinstance(publisher, dict) else None


def class_and_id(node: LexborNode) -> str:
    """'class id' of an element, from one read of its attributes."""
    return _class_and_id(node.attributes)


def _class_and_id(attrs: dict[str, str | None]) -> str:
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}"


def _in_story(node: LexborNode) -> bool:
    """Inside an <article>: its own asides and its <footer> (where HTML puts "who wrote it")
    hold the story's byline and dates (a related-stories aside says so in its class, which
    is_foreign reads)."""
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html"):
        if parent.tag == "article":
            return True
        parent = parent.parent
    return False


def is_foreign(node: LexborNode, seen: dict[int, bool] | None = None) -> bool:
    """Inside a comment, related story, caption, aside or site chrome. `seen` remembers the
    verdict for ancestors already walked, so many candidates in one page share the walk."""
    return ancestors_decide(node, _foreign_verdict, seen)


def is_foreign_heading(node: LexborNode) -> bool:
    """is_foreign for the headline, read closer: a <figure> does not make a heading foreign
    (themes set the story's title over its lead image inside one, and a caption is no
    heading), nor do the post's categories and tags, which WordPress prints on the story's
    own <article> ("category-language-learning-recommendation", "tag-comments": a topic's
    name, not a region's)."""
    return ancestors_decide(node, _heading_verdict)


def _heading_verdict(element: LexborNode, tag: str) -> bool | None:
    if tag == "figure":
        return None
    attrs = element.attributes  # read once: the marker and the id come from it
    return _region_verdict(element, tag, _without_taxonomy(_class_and_id(attrs)), attrs.get("id"))


def _foreign_verdict(element: LexborNode, tag: str) -> bool | None:
    attrs = element.attributes  # read once: the marker and the id come from it
    return _region_verdict(element, tag, _class_and_id(attrs), attrs.get("id"))


def judged_marker(element: LexborNode, tag: str) -> tuple[bool, str]:
    """Whether the element itself makes what it holds foreign (is_foreign's verdict on it),
    and its 'class id', from one read of its attributes: for a caller that also judges it
    by its marker."""
    attrs = element.attributes
    marker = _class_and_id(attrs)
    return _region_verdict(element, tag, marker, attrs.get("id")) is True, marker


def _region_verdict(
    element: LexborNode, tag: str, marker: str, ident: str | None
) -> bool | None:
    if tag in _FOREIGN_TAGS and not (tag in ("aside", "footer") and _in_story(element)):
        return True
    # The page's main content: <main> by definition, and the ids themes give that region
    # (WordPress's "#content", "#primary"). Their classes ("offset-nav", "sidebar_content")
    # describe the layout around the story.
    if tag == "main" or (ident or "").lower() in _CONTENT_IDS:
        return None
    if not marker.strip():
        return None
    if tag == "footer":  # the story's own footer (above): "entry-footer" restates its tag
        found = (m.group() for m in FOREIGN_REGION.finditer(marker))
        return True if any("footer" not in word.lower() for word in found) else None
    return True if names_foreign_region(marker) else None


def _without_taxonomy(marker: str) -> str:
    """Class names without the post's categories and tags ("category-...", "tag-...")."""
    if "category-" not in marker and "tag-" not in marker:
        return marker
    return " ".join(w for w in marker.split() if not w.startswith(("category-", "tag-")))


def ancestors_decide(
    node: LexborNode,
    verdict_of: Callable[[LexborNode, str], bool | None],
    seen: dict[int, bool] | None = None,
) -> bool:
    """The first verdict `verdict_of(element, tag)` gives walking up from `node` to <body>
    (None: ask the parent; no verdict at all: False). `seen` keeps the verdict for every
    element walked, so that many questions about one page share their walks."""
    path: list[int] = []
    verdict = False
    element: LexborNode | None = node
    while element is not None and (tag := element.tag) not in ("body", "html"):
        key = element.mem_id
        if seen is not None and key in seen:
            verdict = seen[key]
            break
        path.append(key)
        found = verdict_of(element, tag)
        if found is not None:
            verdict = found
            break
        element = element.parent
    if seen is not None:
        seen.update(dict.fromkeys(path, verdict))
    return verdict


class Replay(Generic[T]):
    """An iterator's items, computed only as far as a reader goes and kept for the next
    reader: several fields read the same candidates, most stop at the first."""

    def __init__(self, items: Iterator[T]) -> None:
        self._items = items
        self._kept: list[T] = []

    def __iter__(self) -> Iterator[T]:
        at = 0
        while True:
            if at == len(self._kept):
                item = next(self._items, _END)
                if item is _END:
                    return
                self._kept.append(item)  # type: ignore[arg-type]
            yield self._kept[at]
            at += 1


_END = object()


def following(node: LexborNode, limit: int) -> Iterator[LexborNode]:
    """The elements after `node` in reading order (its later siblings, then its parents')."""
    current: LexborNode | None = node
    seen = 0
    while current is not None and seen < limit:
        after = current.next
        while after is None and current.parent is not None:
            current = current.parent
            if current.tag in ("body", "html"):
                return
            after = current.next
        current = after
        if current is not None and current.tag not in ("-text", "-comment", "script", "style"):
            seen += 1
            yield current


def first_children(node: LexborNode, limit: int) -> list[LexborNode]:
    """The first few elements inside `node`, two levels deep, in reading order; then the first
    few at any depth (a byline may sit five wrappers down)."""
    out: list[LexborNode] = []
    for child in node.iter():
        out.append(child)
        out.extend(list(child.iter())[:limit])
        if len(out) >= limit:
            break
    out = out[:limit]
    seen = {e.mem_id for e in out}
    inside = (e for e in node.traverse() if e.tag not in ("-text", "-comment"))
    return out + [e for e in islice(inside, 1, limit + 1) if e.mem_id not in seen]
