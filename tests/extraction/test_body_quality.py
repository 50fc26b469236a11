"""The body benchmark scores as WCXB and the scrapinghub benchmark say."""

from __future__ import annotations

import argparse
import importlib.util
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))  # quality.py imports its neighbours
_spec = importlib.util.spec_from_file_location("quality", REPO / "benchmarks" / "quality.py")
# Registered first: its dataclasses look their module up in sys.modules.
quality = sys.modules["quality"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(quality)
datasets = sys.modules["datasets"]


def test_word_f1_is_the_f1_of_lower_cased_word_multisets() -> None:
    assert quality.word_f1("The cat sat.", "the CAT sat") == 1.0
    # gold {the, cat, sat, sat}; prediction {the, cat, sat}: precision 1, recall 3/4
    assert quality.word_f1("the cat sat sat", "the cat sat") == pytest.approx(2 * 0.75 / 1.75)
    assert quality.word_f1("the cat", "") == 0.0
    assert quality.word_f1("", "") == 1.0


def test_snippets_match_words_in_order_whatever_the_case_and_punctuation() -> None:
    gold = datasets.Gold(
        url="https://example.org/a",
        body="Rain fell on Tuesday.",
        must_contain=("rain fell", "fell on Tuesday", "fell Tuesday"),
        must_not_contain=("Share this", "Tue"),
    )
    scored = quality.score(gold, "RAIN, fell on\nTuesday! Share: this.", 0.0)
    assert (scored.found, scored.leaked) == (2, 1)  # "Tue" is not a word of the body


def test_folds_are_a_comma_list_of_fold_numbers() -> None:
    assert quality._folds("0,1, 3") == {0, 1, 3}
    for bad in ("5", "a", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            quality._folds(bad)
