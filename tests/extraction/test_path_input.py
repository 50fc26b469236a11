"""extract() reads a file given as a path object; a plain str is always markup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import cleannews
from cleannews import InputError

PAGE = ("<html><body><article><h1>Headline here</h1>"
        + "<p>Some sentence of the article body text. </p>" * 10 + "</article></body></html>")


def test_a_path_is_read_and_a_str_is_markup(tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert cleannews.extract(page).headline == "Headline here"
    assert cleannews.extract(page).to_dict() == cleannews.extract(PAGE).to_dict()
    monkeypatch.chdir(tmp_path)
    as_text = cleannews.extract("page.html")  # markup, as documented: not the file
    assert as_text.headline is None and as_text.body == "page.html"


def test_any_path_like_and_a_missing_file(tmp_path):
    class Where(os.PathLike):
        def __fspath__(self) -> str:
            return str(tmp_path / "page.html")

    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    assert cleannews.extract(Where(), url="https://e.x/1").url == "https://e.x/1"
    with pytest.raises(InputError, match="cannot read"):
        cleannews.extract(Path(tmp_path / "missing.html"))
