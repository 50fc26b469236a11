"""article._word_count: words counted a run at a time give what one match per word gives."""

from __future__ import annotations

import re

import pytest

from cleannews.extraction.article import _GAP_CHAR, _RUN_WORDS, _WORD_CHAR, _word_count

_WORD = re.compile(r"\w+")


@pytest.mark.parametrize(
    "text",
    ["", " ", "—", "one", "one two", "don’t stop — 3,5 km/h", "naïve café, 東京 ٣٤ ok_go",
     *(" ".join(["w"] * n) for n in (_RUN_WORDS - 1, _RUN_WORDS, _RUN_WORDS + 1,
                                     2 * _RUN_WORDS, 2 * _RUN_WORDS + 3)),
     "a.b.c " * 40 + "!", "\n\n".join(["Un été à Paris, 2019."] * 9) + "\n",
     "…" + "x y " * 50 + "…"],
)  # fmt: skip
def test_word_count_is_the_number_of_words(text: str) -> None:
    assert _word_count(text) == len(_WORD.findall(text))


def test_the_spelled_classes_are_word_and_non_word_characters_exactly() -> None:
    every = "".join(map(chr, range(0x110000)))  # every code point, surrogates included
    words = re.sub(r"\W", "", every)
    assert re.sub(f"(?!{_WORD_CHAR}).", "", every, flags=re.S) == words
    assert re.sub(_GAP_CHAR, "", every) == words
