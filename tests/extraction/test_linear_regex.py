"""Every regex that reads page text runs in linear time: the inputs below took seconds to
hours with the backtracking patterns (a watchdog cannot stop a regex inside C). Each runs in
a child process with a generous bound, so that a regression fails instead of hanging."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cleannews
from cleannews.extraction.body import _is_byline
from cleannews.extraction.byline import clean_byline, parse_authors
from cleannews.extraction.text import is_byline_line

# Each took from seconds (the shortest) to far longer than any run before the fix.
HOSTILE = {
    "one long name in a body byline": "extract('<p>By ' + 'x' * 60 + ' and a b c d e f g h</p>')",
    "dashes in an author meta": (
        "extract('<meta name=\"author\" content=\"By ' + '-' * 200_000 + 'x\">')"),
    "a word full of @ in a byline": "parse_authors('By ' + 'a@' * 100_000)",
    "a long word without @": "parse_authors('By ' + \"'\" * 200_000 + '!')",
    "no-break spaces without a line break": "clean_byline('By Jane' + '\\xa0' * 200_000 + 'x')",
    "no-break spaces after by": "parse_authors('By' + '\\xa0' * 200_000)",
    "separators before a dangling on": "clean_byline('Jane Doe ' + '-' * 200_000 + 'x')",
    "a class of region words each placed beside another": (
        "extract('<div class=\"' + 'has-under-nav-' * 50_000 + '\"><h1>A</h1>"
        "<p>By Jo Roe</p></div>')"),
    "a credit of names each joined by and": "parse_authors('Tested by ' + 'Jo Roe and ' * 100_000)",
    "hyphen-joined words before a year in a date line": (
        "__import__('cleannews.extraction.dates', fromlist=['_']).find_published("
        "'1-' + 'abc-' * 200_000 + '2020')"),
    "publication labels repeated before a date": (
        "__import__('cleannews.extraction.dates', fromlist=['_']).find_labelled("
        "'Published on ' * 100_000 + '3 March 2020')"),
    "a long dateline-like paragraph": (
        "extract('<article>' + '<p>A' + '.' * 200_000 + 'x</p>' + '</article>')"),
    "an agency, then a run of capitals where the place goes": (
        "extract('<article><p>(AP) - ' + 'ROMA ' * 100_000 + '</p></article>')"),
    "a Cyrillic place repeated before its day": (
        "extract('<article><p>' + 'МОСКВА ' * 100_000 + ', 5 марта</p></article>')"),
    "a stamp line of labels and dates": (
        "extract('<article><h1>T</h1><p>' + 'Publié le 5 mars 2024 ' * 20_000 + '</p>"
        "<p>' + 'Text here. ' * 50 + '</p></article>')"),
}


@pytest.mark.parametrize("call", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_read_in_linear_time(call):
    code = ("from cleannews import extract\n"
            "from cleannews.extraction.byline import clean_byline, parse_authors\n" + call)
    # The child reads the code under test, not whatever copy the interpreter has installed.
    env = {**os.environ, "PYTHONPATH": str(Path(cleannews.__file__).resolve().parents[1])}
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, env=env)


@pytest.mark.parametrize("line", ["By Jane Doe and John Roe", "BY JANE DOE", "From Ann Lee",
                                  "By Ann Lee, Bo Kim & Cy Young", "Written by Jane Doe",
                                  "Reporting by Ann Lee and Bo Kim"])
def test_body_bylines_are_still_told(line):
    assert _is_byline(line)


@pytest.mark.parametrize("line", ["By the end of the week, the bridge was open", "Bylines",
                                  "By a narrow margin", "By " + "x" * 300])
def test_body_sentences_are_not_bylines(line):
    assert not _is_byline(line)


def test_one_credit_vocabulary_for_plain_text_dumps():
    assert is_byline_line("Reporting by Jane Doe")  # the word list the other readers use
    assert is_byline_line("Written by Jane Doe")


@pytest.mark.parametrize(("raw", "clean"), [
    ("Jane Doe | Updated on", "Jane Doe"),
    ("Jane Doe, on at", "Jane Doe"),
    ("Jane  \n\n  Doe", "Jane\nDoe"),
    ("Jane Dixon", "Jane Dixon"),
    ("Jane Doe jane.doe@news.example", "Jane Doe"),
])
def test_clean_byline_keeps_its_meaning(raw, clean):
    assert clean_byline(raw) == clean


def test_a_long_author_value_is_read_up_to_the_cap():
    assert parse_authors("By Jane Doe" + " " * 5000 + "and John Roe") == ["Jane Doe"]
