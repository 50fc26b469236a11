"""Where scheduled collection finds articles: the sites file, feed and sitemap discovery,
and parsing of RSS/Atom/JSON Feed, sitemaps, sitemap indexes and Google News sitemaps.

Pure functions of bytes: fetching and state live in collect.py and state.py. Feeds are read
with feedparser (every RSS dialect and Atom, lenient with the broken ones found in the wild);
sitemaps with lxml's streaming parser set up so that no entity is expanded, no DTD or network
resource is loaded and no huge tree is built, and gzip is inflated with a hard cap, so an XML
or gzip bomb costs a bounded amount of memory.
"""

from __future__ import annotations

import json
import re
import tomllib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
from courlan import normalize_url
from lxml import etree

from ..errors import DecodeError, InputError, SourceError
from ..extraction.dom import attr, parse
from ..extraction.encoding import decode_html

# The sitemap protocol caps a sitemap at 50 MB uncompressed; anything larger is refused.
MAX_SOURCE_BYTES = 50 * 1024 * 1024
# Where sites usually put their sitemaps when robots.txt does not say.
USUAL_SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml",
                       "/sitemap-news.xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/feed+json", "application/json")
_SITE_KEYS = {"url", "feeds", "sitemaps", "include", "exclude"}
_SITEMAP_ROOT = re.compile(rb"<(?:[\w.-]+:)?(urlset|sitemapindex)[\s>/]")


@dataclass(frozen=True)
class Site:
    """One [[site]] of the sites file, validated."""

    url: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()

    def wants(self, url: str) -> bool:
        """True when an article URL passes the include and exclude expressions."""
        if self.include and not any(p.search(url) for p in self.include):
            return False
        return not any(p.search(url) for p in self.exclude)


@dataclass(frozen=True)
class Entry:
    """An article URL a feed or sitemap lists, with its date when the source gives one."""

    url: str
    published: datetime | None = None


@dataclass
class Listing:
    """What one source yields: article entries, and (for a sitemap index) more sitemaps."""

    kind: str  # "feed", "sitemap", "sitemapindex"
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[Entry] = field(default_factory=list)


def canonical_url(url: str) -> str:
    """The key a URL is known by: scheme and host lowercased, default port, tracking
    parameters (utm_*, fbclid, ...) and fragment removed, query sorted (courlan)."""
    try:
        normal = normalize_url(url.strip())
    except ValueError:
        normal = url.strip()
    parts = urlsplit(normal)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


# --- the sites file --------------------------------------------------------------------------

def load_sites(path: str | Path) -> list[Site]:
    """Read and validate the sites file; InputError (exit status 2) says what is wrong where."""
    name = str(path)
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except OSError as exc:
        raise InputError(f"cannot read sites file: {exc.strerror or exc}", url=name) from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{name}: not valid TOML: {exc}", url=name) from exc
    unknown = set(data) - {"site"}
    if unknown:
        raise InputError(f"{name}: unknown top-level key(s) {sorted(unknown)}; expected [[site]]",
                         url=name)
    tables = data.get("site")
    if not isinstance(tables, list) or not tables:
        raise InputError(f"{name}: no [[site]] table", url=name)
    return [_site(table, f"{name}: site #{number}") for number, table in enumerate(tables, 1)]


def _site(table: Any, where: str) -> Site:
    if not isinstance(table, dict):
        raise InputError(f"{where}: must be a table")
    unknown = set(table) - _SITE_KEYS
    if unknown:
        raise InputError(f"{where}: unknown key(s) {sorted(unknown)}; "
                         f"allowed: {', '.join(sorted(_SITE_KEYS))}")
    if "url" not in table:
        raise InputError(f"{where}: 'url' is required")
    url = _http_url(table["url"], f"{where}: url")
    lists = {key: _strings(table.get(key, []), f"{where}: {key}") for key in _SITE_KEYS - {"url"}}
    return Site(
        url=url,
        feeds=tuple(_http_url(u, f"{where}: feeds") for u in lists["feeds"]),
        sitemaps=tuple(_http_url(u, f"{where}: sitemaps") for u in lists["sitemaps"]),
        include=tuple(_regex(p, f"{where}: include") for p in lists["include"]),
        exclude=tuple(_regex(p, f"{where}: exclude") for p in lists["exclude"]),
    )


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: must be a list of strings")
    return value


def _http_url(value: Any, where: str) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") \
            or not urlsplit(value).netloc:
        raise InputError(f"{where}: {value!r} is not an http(s) URL")
    return value


def _regex(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise InputError(f"{where}: bad regular expression {pattern!r}: {exc}") from exc


# --- discovery -------------------------------------------------------------------------------

def feed_links(html: bytes, base_url: str, content_type: str | None = None) -> list[str]:
    """The feeds a page announces with <link rel="alternate" type="application/rss+xml" ...>."""
    try:
        tree = parse(decode_html(html, content_type))
    except DecodeError:  # empty or binary: no feeds announced
        return []
    found: list[str] = []
    for node in tree.css("link[href]"):
        rels = (attr(node, "rel") or "").lower().split()
        kind = (attr(node, "type") or "").lower().split(";")[0].strip()
        href = attr(node, "href")
        if "alternate" in rels and kind in FEED_TYPES and href:
            url = urljoin(base_url, href)
            if url not in found and urlsplit(url).scheme in ("http", "https"):
                found.append(url)
    return found


def usual_sitemaps(site_url: str) -> list[str]:
    """The conventional sitemap locations of a site, probed when nothing names one."""
    return [urljoin(site_url, path) for path in USUAL_SITEMAP_PATHS]


# --- parsing ---------------------------------------------------------------------------------

def read_source(content: bytes, url: str, *, limit: int = MAX_SOURCE_BYTES) -> Listing:
    """Parse a feed or a sitemap (the bytes say which; gzip is inflated) into a Listing.

    Raises SourceError for empty, oversized, broken or unrecognised documents.
    """
    data = inflate(content, url, limit=limit)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise SourceError("empty document", url=url)
    if head.startswith((b"{", b"[")):
        return _json_feed(data, url)
    if _SITEMAP_ROOT.search(head):
        return _sitemap(data, url)
    if not head.startswith(b"<") and _looks_like_url_list(data):
        return Listing("sitemap", [Entry(line.strip()) for line in _lines(data)])
    return _feed(data, url)


def inflate(content: bytes, url: str, *, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """Gunzip when the bytes are gzip (by magic number), never beyond `limit` bytes."""
    if len(content) > limit:
        raise SourceError(f"larger than {limit} bytes", url=url)
    if content[:2] != b"\x1f\x8b":
        return content
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(content, limit + 1)
    except zlib.error as exc:
        raise SourceError(f"broken gzip: {exc}", url=url) from exc
    if len(data) > limit or inflater.unconsumed_tail:
        raise SourceError(f"larger than {limit} bytes once inflated", url=url)
    if not data and not inflater.eof:
        raise SourceError("broken gzip: cut short", url=url)
    return data  # a stream cut short still gives what came before the cut


def _lines(data: bytes) -> Iterable[str]:
    text = data.decode("utf-8", "replace")
    return (line for line in text.splitlines() if line.strip())


def _looks_like_url_list(data: bytes) -> bool:
    lines = list(_lines(data[:65536]))
    return bool(lines) and all(
        urlsplit(line.strip()).scheme in ("http", "https") and " " not in line.strip()
        for line in lines
    )


def _feed(data: bytes, url: str) -> Listing:
    parsed = feedparser.parse(data, response_headers={"content-location": url},
                              sanitize_html=False, resolve_relative_uris=False)
    if not parsed.version and not parsed.entries:
        reason = parsed.get("bozo_exception") or "not a feed or a sitemap"
        raise SourceError(f"not a feed or a sitemap: {reason}", url=url)
    entries: list[Entry] = []
    for item in parsed.entries:
        link = item.get("link") or _first_alternate(item)
        if not link:
            continue
        when = item.get("published_parsed") or item.get("updated_parsed")
        published = datetime(*when[:6], tzinfo=UTC) if when else None
        entries.append(Entry(urljoin(url, link.strip()), published))
    return Listing("feed", entries)


def _first_alternate(item: Any) -> str | None:
    for link in item.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _json_feed(data: bytes, url: str) -> Listing:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(f"broken JSON: {exc}", url=url) from exc
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(
            "https://jsonfeed.org/version/") or not isinstance(doc.get("items", []), list):
        raise SourceError("JSON but not a JSON Feed", url=url)
    entries = []
    for item in doc.get("items", []):
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        if isinstance(link, str) and link.strip():
            published = parse_date(item.get("date_published") or item.get("date_modified"))
            entries.append(Entry(urljoin(url, link.strip()), published))
    return Listing("feed", entries)


def _sitemap(data: bytes, url: str) -> Listing:
    listing = Listing("sitemap")
    loc: str | None = None
    dates: dict[str, str] = {}
    events = etree.iterparse(BytesIO(data), events=("start", "end"), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True)
    try:
        for event, element in events:
            name = etree.QName(element).localname if isinstance(element.tag, str) else ""
            if event == "start":
                if name == "sitemapindex":
                    listing.kind = "sitemapindex"
                continue
            if name == "loc":
                loc = (element.text or "").strip()
            elif name in ("lastmod", "publication_date"):
                dates[name] = (element.text or "").strip()
            elif name in ("url", "sitemap") and element.getparent() is not None:
                if loc:
                    when = parse_date(dates.get("publication_date") or dates.get("lastmod"))
                    item = Entry(urljoin(url, loc), when)
                    (listing.sitemaps if name == "sitemap" else listing.entries).append(item)
                loc, dates = None, {}
                _forget(element)
    except etree.XMLSyntaxError as exc:
        if not (listing.entries or listing.sitemaps):
            raise SourceError(f"broken XML: {exc}", url=url) from exc
        # A sitemap cut short still lists the URLs before the cut: keep them.
    return listing


def _forget(element: Any) -> None:
    # Streaming: drop what was read so a 50,000-URL sitemap never sits whole in memory.
    element.clear()
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def parse_date(value: Any) -> datetime | None:
    """An ISO 8601 / W3C datetime as an aware UTC datetime; None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)
