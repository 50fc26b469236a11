"""Property tests: any mutation of a real page gives an Article with real values or a
DecodeError, within the page's time budget. Bounded for CI; benchmarks/fuzz.py runs the same
strategy for minutes before a release, and what it finds becomes a regression test below."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import FOUND, check, mutated_pages, seed_pages

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


@pytest.mark.parametrize("page", FOUND, ids=range(len(FOUND)))
def test_fuzz_findings(page):
    check(page)
