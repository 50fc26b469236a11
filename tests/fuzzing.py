"""Mutated real pages for the property tests (tests/extraction/test_fuzz.py) and the longer
fuzz run (benchmarks/fuzz.py): one strategy, one check.

The seeds are the sample pages and a few benchmark pages; each example applies one to three
mutations of the kinds that broke extraction before: truncation, duplicated and unclosed
tags, random bytes and NULs, odd titles and separators, broken JSON-LD, impossible dates,
bidi and zero-width characters, <br> floods, huge attributes, long bylines.
"""

from __future__ import annotations

import gzip
import json
import time
from datetime import datetime
from pathlib import Path

from hypothesis import strategies as st

import cleannews
from cleannews import Article, DecodeError
from cleannews.config import ExtractOptions

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO.parent / "shared" / "bench" / "scrapinghub" / "html"
BENCH_SEEDS = 3
# The budget every example runs under; the check allows generous slack over it, since the
# machine may be busy (this bounds a hang, it does not measure speed).
OPTIONS = ExtractOptions(time_budget=2.0)
SLACK = 3.0


class Seeds(list):
    """The seed pages, shown by their number in hypothesis' reports (not as megabytes)."""

    def __repr__(self) -> str:
        return f"<{len(self)} seed pages>"


def seed_pages() -> Seeds:
    """The sample pages, and the first few benchmark pages when they are beside the repo."""
    seeds = Seeds(p.read_bytes() for p in sorted((REPO / "samples").glob("*/source.*")))
    if BENCH.is_dir():
        pages = sorted(BENCH.glob("*.html.gz"))[:BENCH_SEEDS]
        seeds += [gzip.decompress(p.read_bytes()) for p in pages]
    return seeds


# --- pieces the mutations insert ---------------------------------------------------------

_ODD = ["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u00a0", "\x00", "\x01", "\r",
        "|", " | ", "-", " – ", "::", "«", "»", "/", "&amp;", "&#0;", "&#x110000;", "<", ">",
        "\"", "'", "\\", "By ", " and ", "@", ".", ",", "x" * 50, "-" * 300, " " * 300]
odd_text = st.lists(st.one_of(st.sampled_from(_ODD), st.text(max_size=12)), max_size=12).map(
    "".join)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | odd_text,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["@type", "@id", "@graph", "author", "name", "headline",
                                       "datePublished", "publisher", "url", "x"]),
                      inner, max_size=4),
    max_leaves=12,
)


@st.composite
def json_ld(draw) -> str:
    kind = draw(st.sampled_from(["value", "deep", "refs", "broken"]))
    if kind == "value":
        text = json.dumps(draw(json_values))
    elif kind == "deep":
        depth = draw(st.integers(10, 3000))
        opener = draw(st.sampled_from(["[", '{"a":', '{"@graph":[']))
        text = opener * depth
    elif kind == "refs":
        n = draw(st.integers(1, 20_000))
        text = json.dumps({"@type": "NewsArticle",
                           "author": [{"@id": f"#{i % 7}"} for i in range(n)]})
    else:
        text = draw(odd_text) + "{" + draw(odd_text)
    return f'<script type="application/ld+json">{text}</script>'


numbers = st.integers(-99, 99_999).map(str)
impossible_date = st.one_of(
    st.builds(lambda y, m, d, h, mi, s, z: f"{y}-{m}-{d}T{h}:{mi}:{s}{z}",
              numbers, numbers, numbers, numbers, numbers, numbers,
              st.sampled_from(["", "Z", "+99:99", "-25:00", "+9999", "+05:30"])),
    st.builds(lambda m, d, y, z: f"{m} {d} {y} 10:00 {z}",
              st.sampled_from(["Jan", "марта", "févr.", "Mär", "13", ""]), numbers, numbers,
              st.sampled_from(["+9999", "-9999", "UTC", "EST", ""])),
    odd_text,
)


_PROPS = (b'<meta property="article:published_time" content="%s">',
          b'<span itemprop="datePublished">%s</span>', b'<time datetime="%s">%s</time>')
# Zero-width, direction marks and bidi embeddings, isolates and overrides; the BOM.
_INVISIBLE = "".join(map(chr, [*range(0x200B, 0x2010), *range(0x202A, 0x202F),
                               *range(0x2066, 0x206A), 0xFEFF]))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@st.composite
def mutation(draw) -> tuple[str, float, object]:
    """One mutation as data (kind, where, what), applied by mutate(): readable in reports."""
    at = draw(st.floats(0, 1))
    kind = draw(st.sampled_from([
        "truncate", "duplicate", "unclose", "bytes", "title", "json-ld", "date", "chars",
        "br", "attribute", "byline", "tables",
    ]))
    what: object = None
    if kind == "duplicate":
        what = (draw(st.integers(1, 2000)), draw(st.integers(2, 50)))
    elif kind == "unclose":
        what = draw(st.integers(1, 500))
    elif kind == "bytes":
        what = draw(st.binary(min_size=1, max_size=64))
    elif kind == "title":
        site = draw(st.sampled_from([b"", b'<meta property="og:site_name" content="Site">']))
        what = b"<title>" + _utf8(draw(odd_text)) + b"</title>" + site
    elif kind == "json-ld":
        what = _utf8(draw(json_ld()))
    elif kind == "date":
        value = _utf8(draw(impossible_date).replace('"', ""))
        what = draw(st.sampled_from(_PROPS)).replace(b"%s", value)
    elif kind == "chars":
        what = _utf8(draw(st.text(st.sampled_from(_INVISIBLE), min_size=1, max_size=50)))
    elif kind == "br":
        what = b"<br>" * draw(st.integers(1, 50_000))
    elif kind == "attribute":
        what = b'<div class="' + b"a " * draw(st.integers(1_000, 500_000)) + b'">x</div>'
    elif kind == "byline":
        what = b"<p>By " + _utf8(draw(odd_text)) + b"</p>"
    elif kind == "tables":
        what = b"<table><tr><td>cell</td></tr></table>" * draw(st.integers(1, 5_000))
    return kind, at, what


def mutate(page: bytes, change: tuple[str, float, object]) -> bytes:
    kind, at, what = change
    cut = int(at * len(page))
    if kind == "truncate":
        return page[:cut]
    if kind == "duplicate":
        size, times = what  # type: ignore[misc]
        return page[:cut] + page[cut : cut + size] * times + page[cut:]
    if kind == "unclose":
        return page.replace(b"</", b"<", what)  # type: ignore[arg-type]
    return page[:cut] + what + page[cut:]  # type: ignore[operator]


@st.composite
def mutated_pages(draw, seeds: list[bytes]) -> bytes:
    page = seeds[draw(st.integers(0, len(seeds) - 1))]  # an index: a short repr in reports
    for change in draw(st.lists(mutation(), min_size=1, max_size=3)):
        page = mutate(page, change)
    return page


def check(page: bytes | str) -> Article | None:
    """extract() gives an Article with real values, or raises DecodeError; within the budget."""
    started = time.monotonic()
    try:
        article = cleannews.extract(page, url="https://news.example/story", options=OPTIONS)
    except DecodeError:
        article = None
    elapsed = time.monotonic() - started
    assert elapsed < OPTIONS.time_budget + SLACK, f"took {elapsed:.1f} s"
    if article is not None:
        for value in (article.published, article.modified):
            if value is not None:
                datetime.fromisoformat(value.replace("Z", "+00:00"))
        if article.headline is not None:
            assert any(c.isalnum() for c in article.headline), article.headline
        json.loads(article.to_json())
    return article


# What fuzzing found (the run, and benchmarks/fuzz.py since), kept as regression tests.
LD = '<script type="application/ld+json">{}</script>'
FOUND: list[bytes | str] = [
    '<title>Example News | Example News</title>'
    '<meta property="og:site_name" content="Example News">',
    LD.format("[" * 1000),
    LD.format('{"@type":"NewsArticle","author":{"@id":[]}}'),
    '<meta property="article:published_time" content="Jan 1 2020 10:00 +9999">',
    '<meta property="article:published_time" content="2024-01-01T12:61:99+99:99">',
    "\x00\x01 text",
    "<title> | </title>",
    "<title>Site | </title>",
    '<span itemprop="datePublished">5 марта 2024</span>',
    "<p>By " + "x" * 60 + " and a b c d e f g h</p>",
    '<meta name="author" content="By ' + "-" * 40_000 + 'x">',
    b"<html><body><p>" + b"A normal sentence about the harbour. " * 20 + b"\x00</p></body></html>",
]
