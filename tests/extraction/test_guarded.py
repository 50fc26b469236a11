"""safe_extract: every failure of one page is one error record, typed from the error tree,
and no page runs past its time limit."""

from __future__ import annotations

import time

import pytest

import cleannews.extraction.guarded as guarded
from cleannews import errors
from cleannews.config import ExtractOptions
from cleannews.extraction.guarded import safe_extract
from cleannews.models import Article, ErrorRecord, Page

STORY = (b"<html><head><title>Storm hits coast</title></head><body><article><h1>Storm hits coast"
         b"</h1>" + b"<p>The storm reached the coast on Monday night, officials said.</p>" * 4
         + b"</article></body></html>")


def page(content: bytes, url: str = "https://news.example/a") -> Page:
    return Page(url=url, content=content, status=200)


def test_an_article_passes_through():
    article = safe_extract(page(STORY))
    assert isinstance(article, Article) and article.headline == "Storm hits coast"


def test_a_decode_error_keeps_its_type_and_stage():
    record = safe_extract(page(b"   "))
    assert isinstance(record, ErrorRecord)
    assert (record.url, record.stage, record.type) == ("https://news.example/a", "decode",
                                                       "DecodeError")


@pytest.mark.parametrize("exc", [IndexError("list index out of range"),
                                 RecursionError("maximum recursion depth exceeded"),
                                 TypeError("unhashable type: 'list'")])
def test_a_crash_is_one_extract_error(exc, monkeypatch, caplog):
    def broken(source, *, options=None):
        raise exc

    monkeypatch.setattr(guarded, "extract", broken)
    record = safe_extract(page(STORY))
    assert isinstance(record, ErrorRecord)
    assert (record.stage, record.type) == ("extract", "ExtractError")
    assert hasattr(errors, record.type)
    assert type(exc).__name__ in record.message
    assert "extraction crashed" in caplog.text


def spin(source, *, options=None):
    give_up = time.monotonic() + 30
    while time.monotonic() < give_up:
        pass
    raise AssertionError("the time limit did not fire")


def test_an_overrun_of_the_budget_is_stopped():
    options = ExtractOptions(time_budget=0.1)
    record = safe_extract(page(STORY), options, extractor=spin)
    assert isinstance(record, ErrorRecord)
    assert (record.stage, record.type, record.status) == ("extract", "TimeLimitExceeded", 200)


def test_an_explicit_limit_overrides_the_budget():
    record = safe_extract(page(STORY), ExtractOptions(time_budget=60), extractor=spin, limit=0.1)
    assert isinstance(record, ErrorRecord) and record.type == "TimeLimitExceeded"
    assert "0.1 s" in record.message
