"""A date is what the page prints: no day printed, no publication date; a month in a language
we do not read (Finnish here) is not read as a number, one we read (Russian) is read right
(issue 12, item 5; issue 15)."""

from __future__ import annotations

import pytest

import cleannews
from cleannews.extraction.dates import parse_printed, to_iso


@pytest.mark.parametrize("value", ["5. lokakuuta 2024", "31. lokakuuta 2024", "Mar 2024", "2024",
                                   "2024-03", "2 févr. 2024", "March 2024 10:00"])
def test_no_day_or_an_unread_month_is_no_date(value):
    assert to_iso(value) is None


@pytest.mark.parametrize(("value", "iso"), [
    ("March 5, 2024", "2024-03-05"), ("1 January 2024", "2024-01-01"),
    ("Jan 1, 2024 10:00", "2024-01-01T10:00:00"), ("February 2, 2024", "2024-02-02"),
    ("1/1/2024", "2024-01-01"), ("2. Februar 2024", "2024-02-02"),
    ("5 марта 2024", "2024-03-05"),
])
def test_printed_days_are_read(value, iso):
    assert parse_printed(value) == iso


@pytest.mark.parametrize("printed", ["5. lokakuuta 2024", "Mar 2024", "2024"])
def test_published_is_not_invented(printed):
    html = f'<span itemprop="datePublished">{printed}</span><p>Story text here.</p>'
    assert cleannews.extract(html).published is None
