"""Property tests: any mutation of a real page gives an Article with real values or a
DecodeError, within the page's time budget. Bounded for CI; benchmarks/fuzz.py runs the same
strategy for minutes before a release, and what it finds becomes a regression test below."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import check, mutated_pages, seed_pages

SEEDS = seed_pages()
FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(mutated_pages(SEEDS))
def test_mutated_pages_give_a_record_or_a_decode_error(page):
    check(page)


@FAST
@given(st.binary(max_size=2000) | st.text(max_size=2000))
def test_any_bytes_or_text_give_a_record_or_a_decode_error(data):
    check(data)


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


@pytest.mark.parametrize("page", FOUND, ids=range(len(FOUND)))
def test_fuzz_findings(page):
    check(page)
