"""Structured metadata and the visible headline, byline and date, reconciled into one set of
values.

The page is read once: JSON-LD is parsed once, meta tags are indexed in one pass, and only a
handful of CSS queries touch the visible page. Structured data says what the publisher's
systems think; the visible page says what the reader sees. Where they disagree on the
headline or the byline, the visible page wins (SEO headlines and CMS accounts are common);
for dates, the machine-readable publication time wins over printed stamps, which are often
the update time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import dates
from .byline import clean_byline, is_organisation, is_person, parse_authors
from .dom import attr, clean_text, node_text

_ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "report",
    "liveblogposting", "socialmediaposting", "techarticle", "scholarlyarticle", "posting",
}  # fmt: skip
_PAGE_TYPES = {"webpage", "itempage", "collectionpage", "aboutpage"}

# Containers whose bylines and dates belong to something other than the story: comments,
# related and recommended stories, photo captions and credits, site chrome.
_FOREIGN = re.compile(
    r"(?:^|[\s_\-])(?:comment|related|recommend|recirc|popular|trending|sidebar|widget|"
    r"outbrain|taboola|caption|credit|newsletter|footer|navbar|navigation|nav(?:$|[\s_\-])|"
    r"menu|teaser|more-stories|most-read)",
    re.I,
)
_FOREIGN_TAGS = frozenset(("aside", "footer", "nav", "figure", "figcaption", "form"))
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·•«»/]|::)\s+")
_WORD = re.compile(r"\w+")


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


def json_ld_objects(scripts: list[str]) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object in the scripts' texts, @graph and arrays flattened."""
    for raw in scripts:
        try:
            data = json.loads(raw, strict=False)
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


def _first_str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or value.get("name")
    return (clean_text(value) or None) if isinstance(value, str) else None


# The story's byline comes early in the page; comment threads can hold hundreds of "authors".
_BYLINE_CANDIDATES = 40
_BYLINE_NODES = '[class*="byline" i], [class*="author" i], [rel="author"], [itemprop="author"]'
# Tags that never hold a printed byline (a byline query may still match them).
_NOT_BYLINES = frozenset(("meta", "link", "script", "img", "body", "article", "main"))
# Meta tags, JSON-LD scripts, the canonical link and byline candidates: one pass over the tree.
_SCAN = 'meta[content], script[type="application/ld+json"], link[rel="canonical"], ' + _BYLINE_NODES


def _is(value: str | None, expected: str) -> bool:
    """An attribute value equal to `expected` in ASCII case, as CSS compares type and rel."""
    return value is not None and value.isascii() and value.lower() == expected


@dataclass
class _Scan:
    meta: dict[str, str]
    scripts: list[str]
    canonical: str | None
    bylines: list[LexborNode]


def _scan(tree: LexborHTMLParser) -> _Scan:
    """meta property/name/itemprop (lower case) -> its first non-empty content; the JSON-LD
    script texts; the first canonical link's href; the elements that may print the byline, in
    document order. White space in meta values is collapsed only for the values that are
    read. One query serves all: every node it returns is sorted by tag and attributes, as
    a meta, script or link may have matched the byline selectors instead."""
    found: dict[str, str] = {}
    scripts: list[str] = []
    canonical: LexborNode | None = None
    bylines: list[LexborNode] = []
    for node in tree.css(_SCAN):
        tag = node.tag
        if tag not in _NOT_BYLINES:
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
            name = attrs.get(key)
            if name:
                name = name.strip().lower()
                if name not in found:
                    if content is None:
                        content = (attrs.get("content") or "").strip()
                    if content:
                        found[name] = content
    return _Scan(found, scripts, attr(canonical, "href"), bylines)


class _Page:
    """What every field reads: the meta index, the JSON-LD article object, the tree."""

    def __init__(self, tree: LexborHTMLParser, url: str | None) -> None:
        self.tree = tree
        self.url = url
        scan = _scan(tree)
        self.meta, self.canonical, self.bylines = scan.meta, scan.canonical, scan.bylines
        objects = list(json_ld_objects(scan.scripts))
        self.by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
        articles = [o for o in objects if _types(o) & _ARTICLE_TYPES]
        self.article = _this_article(articles, self._own_urls())
        self.webpage = next((o for o in objects if _types(o) & _PAGE_TYPES), {})
        self.publisher = _publisher_name(self.article) or _publisher_name(self.webpage)
        orgs = [o for o in objects if _types(o) & {"organization", "newsmediaorganization"}]
        if not self.publisher and orgs:
            self.publisher = _first_str(orgs[0].get("name"))

    def _own_urls(self) -> set[str]:
        return {_url_key(u) for u in (self.url, self.canonical, self.meta.get("og:url")) if u}

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
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.by_id.get(value["@id"], value)
        return value


def _absolute(base: str | None, href: str | None) -> str | None:
    """`href` resolved against the page URL; None when it is empty or not a URL at all."""
    if not href:
        return None
    try:
        return urljoin(base or "", href)
    except ValueError:  # e.g. "http://[broken"
        return None


def _split(url: str) -> tuple[str, str, str, str, str]:
    try:
        return tuple(urlsplit(url))  # type: ignore[return-value]
    except ValueError:
        return ("", "", "", "", "")


def _url_key(url: str) -> str:
    """A URL compared without scheme, "www.", query or trailing slash."""
    parts = _split(url.strip())
    return parts[1].lower().removeprefix("www.") + parts[2].rstrip("/")


def _this_article(articles: list[dict[str, Any]], own: set[str]) -> dict[str, Any]:
    """The JSON-LD article about this page: the one whose url or mainEntityOfPage is the
    page's own URL when a page describes several (related stories, a live blog's posts),
    else the first with a headline."""
    if len(articles) > 1 and own:
        for obj in articles:
            for key in ("url", "mainEntityOfPage", "@id"):
                value = _first_str(obj.get(key))
                if value and _url_key(value.split("#")[0]) in own:
                    return obj
    return next((o for o in articles if o.get("headline")), None) or (
        articles[0] if articles else {}
    )


def _publisher_name(obj: dict[str, Any]) -> str | None:
    publisher = obj.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    return _first_str(publisher.get("name")) if isinstance(publisher, dict) else None


def _marker(node: LexborNode) -> str:
    """'class id' of an element, from one read of its attributes."""
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}"


def _foreign(node: LexborNode, seen: dict[int, bool] | None = None) -> bool:
    """Inside a comment, related story, caption, aside or site chrome. `seen` remembers the
    verdict for ancestors already walked, so many candidates in one page share the walk."""
    path: list[int] = []
    verdict = False
    parent: LexborNode | None = node
    while parent is not None and (tag := parent.tag) not in ("body", "html"):
        key = parent.mem_id
        if seen is not None and key in seen:
            verdict = seen[key]
            break
        path.append(key)
        if tag in _FOREIGN_TAGS:
            verdict = True
            break
        marker = _marker(parent)
        if marker.strip() and _FOREIGN.search(marker):
            verdict = True
            break
        parent = parent.parent
    if seen is not None:
        for key in path:
            seen[key] = verdict
    return verdict


# --- headline ---------------------------------------------------------------------------


def _tokens(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _similar(a: str, b: str) -> bool:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= 0.8 or len(ta & tb) / len(ta | tb) >= 0.6


def _site_words(page: _Page, site_name: str | None) -> set[str]:
    names = {site_name or "", page.publisher or "", page.get("application-name") or ""}
    host = _split(page.url or "")[1].rsplit("@", 1)[-1].split(":")[0].lower()
    names.add(host.removeprefix("www.").split(".")[0])
    return {re.sub(r"\W", "", n.casefold()) for n in names if n}


def strip_site_name(title: str, site_words: set[str]) -> str:
    """'Story | Site', 'Site - Story', 'Story - Section - Site' -> 'Story'."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    keep = [p for p in parts if re.sub(r"\W", "", p.casefold()) not in site_words]
    if len(keep) == len(parts):
        # No part names the site: drop a short trailing part ("Story | Editorial", "... - IGN").
        if len(parts[-1].split()) <= 3 and len(" ".join(parts[:-1]).split()) >= 4:
            keep = parts[:-1]
        else:
            return title
    separators = _TITLE_SEPARATORS.findall(title)
    if len(keep) == 1:
        return keep[0]
    out = keep[0]
    for part in keep[1:]:
        out += separators[parts.index(part) - 1] + part
    return out


_LOGO = re.compile(r"logo|brand|site-?title|site-?name|masthead", re.I)


def _is_logo(node: LexborNode, url: str | None) -> bool:
    """An h1 that is the site's name: marked as a logo, or a link to the home page."""
    for holder in (node, node.parent):
        if holder is not None and _LOGO.search(_marker(holder)):
            return True
    link = node.css_first("a[href]")
    if link is None and node.parent is not None and node.parent.tag == "a":
        link = node.parent
    if link is None:
        return False
    target = _split(_absolute(url, attr(link, "href") or "") or "")
    return target[2] in ("", "/", "/index.html", "/index.php") and not target[3]


def _headline(page: _Page, site_name: str | None) -> str | None:
    site = _site_words(page, site_name)
    titles = [
        _first_str(page.article.get("headline")),
        page.get("og:title"),
        page.get("twitter:title"),
        node_text(title) if (title := page.tree.css_first("title")) is not None else None,
    ]
    titles = [strip_site_name(t, site) for t in titles if t]
    headings = []
    for node in page.tree.css('h1, [itemprop="headline"], h2[class*="title"]'):
        text = node_text(node)
        if not text or len(text) > 300 or re.sub(r"\W", "", text.casefold()) in site:
            continue
        headings.append((node, text))
    for _node, text in headings:
        if any(_similar(text, t) for t in titles):
            return text
    for node, text in headings:
        if node.tag == "h1" and not _foreign(node) and not _is_logo(node, page.url):
            return text
    return titles[0] if titles else (headings[0][1] if headings else None)


# --- authors ------------------------------------------------------------------------------


def _ld_names(value: Any) -> tuple[list[str], list[str]]:
    """JSON-LD author(s) -> (people, organisations)."""
    values = value if isinstance(value, list) else [value]
    people: list[str] = []
    orgs: list[str] = []
    for item in values:
        kind = "person"
        if isinstance(item, dict):
            if _types(item) & {"organization", "newsmediaorganization"}:
                kind = "organization"
            item = item.get("name")
        if isinstance(item, list):
            item = item[0] if item else None
        if not isinstance(item, str) or not clean_text(item) or item.startswith("http"):
            continue
        for name in parse_authors(item) or [clean_text(item)]:
            target = orgs if kind == "organization" or is_organisation(name) else people
            if name not in target:
                target.append(name)
    return people, orgs


def _visible_byline(candidates: list[LexborNode]) -> tuple[str | None, list[str]]:
    """The byline as printed near the story, and the names in it, from the elements that
    byline markup names (_BYLINE_NODES, in document order, tags that cannot hold one left
    out)."""
    names: list[str] = []
    printed: str | None = None
    texts: list[tuple[str, set[str]]] = []
    parsed: dict[str, list[str]] = {}  # nested elements often repeat the same text
    foreign: dict[int, bool] = {}
    looked = 0
    for node in candidates:
        looked += 1
        if looked > _BYLINE_CANDIDATES:
            break
        raw = node.text(deep=True, separator="\n")
        if len(raw) > 400:
            continue
        text = clean_text(raw)
        if not text or len(text) > 200 or _foreign(node, foreign):
            continue
        marker = _marker(node).lower()
        if any(word in marker for word in ("avatar", "bio", "image", "photo", "date", "time")):
            continue
        if raw not in parsed:
            parsed[raw] = parse_authors(raw)
        found = parsed[raw]
        if not found:
            continue
        texts.append((text, {n.casefold() for n in found}))
        if printed is None:
            printed = text
        elif text in printed:
            continue
        for name in found:
            if name.casefold() not in (n.casefold() for n in names):
                names.append(name)
        if "byline" in marker and any(is_person(n) for n in names):
            break
    # As printed: the tightest element that still names everyone (not its whole header).
    wanted = {n.casefold() for n in names}
    covering = [text for text, found in texts if wanted <= found]
    return (min(covering, key=len) if covering else printed), names


_BY_LINE = re.compile(
    r"^(?:by|written by|posted by|words by|story by|reporting by|por|von|par)\s*:?\s+\w", re.I
)


def _following(node: LexborNode, limit: int) -> Iterator[LexborNode]:
    """The elements after `node` in reading order (its later siblings, then its parents')."""
    current: LexborNode | None = node
    seen = 0
    while current is not None and seen < limit:
        following = current.next
        while following is None and current.parent is not None:
            current = current.parent
            if current.tag in ("body", "html"):
                return
            following = current.next
        current = following
        if current is not None and current.tag not in ("-text", "-comment", "script", "style"):
            seen += 1
            yield current


def _first_children(node: LexborNode, limit: int) -> list[LexborNode]:
    """The first few elements inside `node`, two levels deep, in reading order."""
    out: list[LexborNode] = []
    for child in node.iter():
        out.append(child)
        out.extend(list(child.iter())[:limit])
        if len(out) >= limit:
            break
    return out[:limit]


def _byline_under_headline(tree: LexborHTMLParser) -> tuple[str | None, list[str]]:
    """A plain 'By ...' line printed just under the headline, for pages without byline markup."""
    h1 = tree.css_first("h1")
    if h1 is None:
        return None, []
    for node in _following(h1, 6):
        blocks = [node] if len(node.text(deep=True)) <= 200 else _first_children(node, 8)
        for block in blocks:
            text = node_text(block)
            if len(text) <= 200 and _BY_LINE.match(text) and not _foreign(block):
                names = parse_authors(block.text(deep=True, separator="\n"))
                if names:
                    return text, names
    return None, []


_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "byl",
                "dc.creator", "dcterms.creator")  # fmt: skip


def _authors(page: _Page, site_name: str | None) -> tuple[str | None, list[str]]:
    """The printed byline and the credited names: visible people, else JSON-LD people, else
    people in author meta tags, else the one organisation credited. Read lazily: most pages
    settle at the first step."""
    printed, visible = _visible_byline(page.bylines)
    if not visible:
        printed, visible = _byline_under_headline(page.tree)
    visible_people = [n for n in visible if is_person(n)]
    if visible_people:
        return printed, visible_people
    ld_people, ld_orgs = _ld_names(page.ld("author"))
    if ld_people:
        return printed, ld_people
    meta_names: list[str] = []
    for key in _AUTHOR_META:
        for name in parse_authors(page.get(key)):
            if not name.startswith("http") and name not in meta_names:
                meta_names.append(name)
    # <meta name="author"> often names the publisher ("Condé Nast"): not a person then.
    publishers = {(site_name or "").casefold(), (page.publisher or "").casefold()}
    meta_people = [n for n in meta_names if is_person(n) and n.casefold() not in publishers]
    if meta_people:
        return printed, meta_people
    credited = visible or ld_orgs or meta_names
    return printed, credited[:1]


# --- dates ----------------------------------------------------------------------------------

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
        if node.tag == "meta" or _foreign(node):
            continue
        iso = dates.to_iso(attr(node, "datetime") or attr(node, "content") or node_text(node))
        if iso:
            return iso
    return None


def _day_first(page: _Page) -> bool:
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
        if tag == "header" or _SITE_HEADER.search(_marker(parent)):
            return True
        parent = parent.parent
    return False


def _visible_date(page: _Page) -> str | None:
    """The first printed publication date near the story: in the text around the headline,
    then in <time> and date-ish elements outside the site's header. Update stamps are skipped."""
    tree, day_first = page.tree, _day_first(page)
    h1 = tree.css_first("h1")
    near = h1.parent if h1 is not None else None
    for _ in range(3):
        if near is None or near.tag in ("body", "html"):
            break
        text = near.text(deep=True, separator=" ")
        if len(text) > 3000:
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
        if "updat" in marker or "modif" in marker or _foreign(node) or _in_site_header(node):
            continue
        if node.tag == "time":
            iso = dates.to_iso(attr(node, "datetime"))
            if iso:
                return iso
        text = node_text(node)
        if text and len(text) <= 120:
            iso = dates.find_printed(text, day_first=day_first)
            if iso:
                return iso
    return None


def _lead_image_day(page: _Page) -> str | None:
    """The day in the lead image's path (og:image, or numbered og:image1, twitter:image)."""
    for key, value in page.meta.items():
        if key.startswith(("og:image", "twitter:image")):
            day = dates.from_url(value)
            if day:
                return day
    return None


def _published(page: _Page, byline: str | None) -> str | None:
    return (
        _first_date([_first_str(page.ld("datePublished")), _first_str(page.ld("dateCreated"))])
        or _first_date([page.get(k) for k in _PUBLISHED_META])
        or _itemprop_date(page.tree, "datePublished")
        or dates.from_url(page.url)
        or (dates.find_printed(byline, day_first=_day_first(page)) if byline else None)
        or _visible_date(page)
        # Last resort: CMSs file the lead image under the day the story was written.
        or _lead_image_day(page)
    )


def _modified(page: _Page) -> str | None:
    return _first_date(
        [_first_str(page.ld("dateModified"))] + [page.get(k) for k in _MODIFIED_META]
    ) or _itemprop_date(page.tree, "dateModified")


# --- the rest ---------------------------------------------------------------------------------


def _language(page: _Page) -> str | None:
    value = (
        attr(page.tree.css_first("html"), "lang")
        or page.get("og:locale", "content-language", "language", "dc.language")
        or _first_str(page.ld("inLanguage"))
    )
    if not value:
        return None
    value = value.replace("_", "-").split(",")[0].strip()
    return value if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value) else None


def read_metadata(tree: LexborHTMLParser, url: str | None) -> Metadata:
    """Every metadata field of the record, read before the body step alters the tree."""
    page = _Page(tree, url)
    meta = Metadata()
    meta.site_name = page.get("og:site_name", "application-name") or page.publisher
    meta.headline = _headline(page, meta.site_name)
    printed, meta.authors = _authors(page, meta.site_name)
    meta.byline = clean_byline(printed).replace("\n", " ") or None if printed else None
    meta.published = _published(page, printed)
    meta.modified = _modified(page)
    meta.language = _language(page)
    canonical = page.canonical or page.get("og:url")
    meta.canonical_url = _absolute(url, canonical)
    meta.description = page.get("og:description", "description", "twitter:description") or (
        _first_str(page.ld("description"))
    )
    image = page.get("og:image", "og:image:url", "twitter:image") or _first_str(page.ld("image"))
    meta.image = _absolute(url, image)
    return meta
