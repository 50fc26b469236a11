"""The trafilatura fallback: a declared dependency that must import, run only within what
is left of the page's time budget."""

from __future__ import annotations

import logging
import time

import pytest

import cleannews
from cleannews.config import ExtractOptions
from cleannews.extraction import body

TABLES = "<html><body>" + "<table><tr><td>cell text here</td></tr></table>" * 20_000


def test_trafilatura_imports():
    import trafilatura  # a broken install (lxml_html_clean missing) fails here

    assert body._trafilatura() is trafilatura


def test_a_failed_import_is_said_loudly_once(monkeypatch, caplog):
    import builtins

    real_import = builtins.__import__

    def no_cleaner(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError("lxml.html.clean module is now a separate project")
        return real_import(name, *args, **kwargs)

    body._trafilatura.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_cleaner)
    try:
        with caplog.at_level(logging.ERROR):
            assert body.fallback_body("<p>text</p>") == []
            assert body.fallback_body("<p>text</p>") == []
    finally:
        body._trafilatura.cache_clear()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "lxml.html.clean" in errors[0].getMessage()


def spin_forever(*args, **kwargs):
    give_up = time.monotonic() + 60
    while time.monotonic() < give_up:
        try:  # trafilatura catches every Exception around its steps
            while time.monotonic() < give_up:
                pass
        except Exception:
            pass
    raise AssertionError("the fallback was not stopped")


def test_the_fallback_stops_at_the_deadline(monkeypatch, caplog):
    trafilatura = pytest.importorskip("trafilatura")
    monkeypatch.setattr(trafilatura, "extract", spin_forever)
    with caplog.at_level(logging.DEBUG, logger=body.__name__):
        assert body.fallback_body("<p>text</p>", time.monotonic() + 0.1) == []
        assert body.fallback_body("<p>text</p>", time.monotonic() - 1) == []  # spent: skipped
    assert "stopped" in caplog.text and "skipped" in caplog.text


def test_a_page_of_20000_one_cell_tables_stays_within_its_budget(monkeypatch):
    # The real trafilatura takes tens of seconds on it; the budget stops it (the time
    # itself is measured in benchmarks/fuzz.py, not asserted here).
    calls = []
    real = body.fallback_body

    def watched(html, deadline=None):
        calls.append(deadline)
        return real(html, deadline)

    monkeypatch.setattr("cleannews.extraction.article.fallback_body", watched)
    started = time.monotonic()
    article = cleannews.extract(TABLES, options=ExtractOptions(time_budget=0.5))
    assert article.body == ""
    assert calls and calls[0] is not None and calls[0] <= started + 0.5 + 0.01
