"""One vocabulary for how a credit begins (boilerplate.py): every reader that tells a byline by
its lead-in knows every lead in it, so a lead added there is known everywhere."""

from __future__ import annotations

import pytest

from cleannews.extraction.body import _is_byline
from cleannews.extraction.boilerplate import CREDIT_VERBS, FOREIGN_BY, FOREIGN_BY_AS_PRINTED
from cleannews.extraction.byline import credits_authors, parse_authors
from cleannews.extraction.dom import parse
from cleannews.extraction.metadata import read_metadata
from cleannews.extraction.text import is_byline_line
from pages import BODY, page

ENGLISH = [f"{verb.capitalize()} by" for verb in CREDIT_VERBS] + ["By"]
FOREIGN = [lead.capitalize() for lead in FOREIGN_BY] + list(FOREIGN_BY_AS_PRINTED)


def _authors_under_headline(line: str) -> list[str]:
    html = page(body=f"<article><h1>Plan</h1><div>{line}</div>{BODY}</article>")
    return read_metadata(parse(html), "https://news.example.com/story").authors


def _authors_at_story_end(line: str) -> list[str]:
    html = page(body=f"<article>{BODY}<p><em>{line}</em></p></article>")
    return read_metadata(parse(html), "https://news.example.com/story").authors


@pytest.mark.parametrize("lead", ENGLISH + FOREIGN)
def test_every_lead_opens_a_byline_for_metadata_and_the_parser(lead: str) -> None:
    line = f"{lead} Jane Doe"
    assert parse_authors(line) == ["Jane Doe"]
    assert credits_authors(line, ["Jane Doe"])
    assert _authors_under_headline(line) == ["Jane Doe"]
    assert _authors_at_story_end(line) == ["Jane Doe"]


@pytest.mark.parametrize("lead", ENGLISH + FOREIGN)
def test_every_lead_is_a_credit_line_in_the_body_and_in_plain_text(lead: str) -> None:
    assert _is_byline(f"{lead} Jane Doe and John Roe")
    assert is_byline_line(f"{lead} Jane Doe")


def test_an_authors_note_opens_with_its_preamble() -> None:
    assert parse_authors("This article was written by Jane Doe") == ["Jane Doe"]
    assert _is_byline("This article was written by Jane Doe")
    assert _authors_at_story_end("This story was reported by Jane Doe") == ["Jane Doe"]


@pytest.mark.parametrize(("line", "names"), [
    ("Przez Jana Kowalskiego", ["Jana Kowalskiego"]),
    ("di Mario Rossi", ["Mario Rossi"]),
    ("Av Anna Svensson", ["Anna Svensson"]),
    ("Door Jan de Vries", ["Jan de Vries"]),
    ("Publicado por Ana Souza", ["Ana Souza"]),
    ("بقلم Jane Doe", ["Jane Doe"]),
    ("著者：山田太郎", ["山田太郎"]),
    ("記者 王明", ["王明"]),
    ("記者会見で首相が語った", []),  # "press conference": the word, not a credit
])  # fmt: skip
def test_bylines_in_other_languages_under_the_headline(line: str, names: list[str]) -> None:
    assert _authors_under_headline(line) == names


def test_a_lead_that_begins_names_with_a_capital_is_read_only_in_lower_case() -> None:
    assert not _is_byline("Di Maio Luigi") and not _is_byline("De Luca Anna")
    assert _is_byline("di Mario Rossi")
