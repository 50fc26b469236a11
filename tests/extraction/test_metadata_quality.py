"""The metadata benchmark scores exactly as the benchmark's README says."""

from __future__ import annotations

import importlib.util
from datetime import datetime

from conftest import REPO

_spec = importlib.util.spec_from_file_location(
    "metadata_quality", REPO / "benchmarks" / "metadata_quality.py"
)
mq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mq)

GOLD = {
    "headline": "‘We had some issues,’ exec says — on Disney+",
    "authors": ["José Núñez", "Meg James"],
    "published": "2019-11-20",
    "published_alt": ["2019-11-19"],
    "dateline": "LONDON, June 16 (Reuters)",
}


def test_headline_ignores_case_quotes_dashes_and_spaces() -> None:
    got = {"headline": "'WE HAD SOME ISSUES,'  exec says - on Disney+"}
    assert mq.score(GOLD, got)["headline"]
    assert not mq.score(GOLD, {"headline": "We had some issues"})["headline"]


def test_authors_are_an_exact_set_of_normalised_names() -> None:
    assert mq.score(GOLD, {"authors": ["meg james", "Jose Nunez"]})["authors"]
    assert not mq.score(GOLD, {"authors": ["Meg James"]})["authors"]
    assert not mq.score(GOLD, {"authors": ["Meg James", "José Núñez", "AP"]})["authors"]
    alt = {"authors": ["admin"], "authors_alt": [[]]}
    assert mq.score(alt, {"authors": []})["authors"]


def test_published_is_the_calendar_day_or_an_alternative() -> None:
    assert mq.score(GOLD, {"published": "2019-11-20T01:50:59Z"})["published"]
    assert mq.score(GOLD, {"published": datetime(2019, 11, 19, 17, 50)})["published"]
    assert not mq.score(GOLD, {"published": "2019-11-21"})["published"]
    assert not mq.score(GOLD, {"published": None})["published"]


def test_dateline_exact_but_for_spaces_and_dashes_and_none_only_when_none() -> None:
    assert mq.score(GOLD, {"dateline": "LONDON,  June 16 (Reuters)"})["dateline"]
    assert not mq.score(GOLD, {"dateline": "London, June 16 (Reuters)"})["dateline"]
    assert mq.score({"dateline": None}, {"dateline": None})["dateline"]
    assert not mq.score({"dateline": None}, {"dateline": "UPDATE"})["dateline"]


def test_wcxb_author_string_splits_into_names_without_credentials() -> None:
    assert mq.split_names("Dylan Bailey, MS, RD, FAND") == ["Dylan Bailey"]
    assert mq.split_names("A. Roe, B. Poe and C. Doe") == ["A. Roe", "B. Poe", "C. Doe"]
    assert mq.split_names("Maria & Katerina") == ["Maria", "Katerina"]
    assert mq.split_names("Matt De La O, Ph.D.") == ["Matt De La O"]
    assert mq.split_names("Andrew Anderson") == ["Andrew Anderson"]


def test_wcxb_scores_only_the_fields_a_page_labels() -> None:
    gold = {"headline": "A story", "authors": ["Jane Roe"]}
    got = {"headline": "A story", "authors": ["Jane Roe, MD"], "published": "2020-01-01"}
    assert mq.score_page("wcxb-dev", gold, got) == {"headline": True, "authors": True}
    assert not mq.score_page("wcxb-dev", gold, {"authors": ["Jane Roe", "Admin"]})["authors"]
