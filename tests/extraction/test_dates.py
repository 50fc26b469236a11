"""Table-driven: printed dates in several languages read right, or left empty, never misread."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from dateutil import parser as dateutil_parser

from cleannews.extraction.dates import (
    VISIBLE_DATE,
    _numeric_date,
    find_labelled,
    find_printed,
    may_label,
    names_days,
    parse_printed,
    printed_dates,
    prints_day,
    relative,
    to_iso,
    without_full_dates,
)

PRINTED = [
    # (text, day_first, expected)
    ("5 марта 2024", False, "2024-03-05"),
    ("3. März 2024", False, "2024-03-03"),
    ("2024年3月5日", False, "2024-03-05"),
    ("2024년 3월 5일", False, "2024-03-05"),
    ("15 listopada 2023", False, "2023-11-15"),
    ("12 Ekim 2024", False, "2024-10-12"),
    ("5 березня 2024", False, "2024-03-05"),
    ("1 Şubat 2024", False, "2024-02-01"),
    ("5 مارس 2024", False, "2024-03-05"),
    ("3 de marzo de 2024", False, "2024-03-03"),
    ("05.03.2024", False, "2024-03-05"),  # dotted: day first even on an English page
    ("05/03/2024", True, "2024-03-05"),  # slashes: as the page's language reads them
    ("05/03/2024", False, "2024-05-03"),
    ("2024-03-05", True, "2024-03-05"),  # year first is never day first
    ("2019/11/19 17:50", False, "2019-11-19T17:50:00"),
    ("01:38:07 PM IST Nov 20, 2019", False, "2019-11-20T13:38:07"),
    ("Tue, 19 Nov 2019 17:50:00 GMT", False, "2019-11-19T17:50:00Z"),
    # No printed day, or a month in a language not read: no date at all.
    ("Mar 2024", False, None),
    ("2024", False, None),
    ("5 марта", False, None),
    ("12. lokakuuta 2024", False, None),  # Finnish: not read
    ("Page 3 of 12", False, None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "day_first", "expected"), PRINTED)
def test_parse_printed(text: str, day_first: bool, expected: str | None) -> None:
    assert parse_printed(text, day_first=day_first) == expected


def test_machine_dates_without_a_day_are_not_dates() -> None:
    assert to_iso("2024") is None
    assert to_iso("Mar 2024") is None
    assert to_iso("Jan 1 2020 10:00 +9999") == "2020-01-01T10:00:00"  # the bad offset dropped


def test_find_printed_skips_update_stamps_and_reads_other_languages() -> None:
    assert find_printed("Updated Nov 13, 2019 · Published Nov 12, 2019") == "2019-11-12"
    assert find_printed("Опубликовано 5 марта 2024, 10:15") == "2024-03-05T10:15:00"


# Pieces of headers and bylines, joined in every order: dates next to other numbers, years
# inside longer numbers, dates that share digits, clock times after the year.
_PIECES = ["By Jane Doe", "Nov. 19, 2019 5:50 PM", "30th. de september., de 2019", "19 Nov 2019",
           "2019-11-19T17:50", "2019/11/19", "11/19/2019", "19.11.2019 at 8:59 pm", "12019-11-19",
           "Page 3 of 2019 items", "1234567890", "Updated: Dec 12, 2025", "Mar 2024", "2024",
           "in 1999 and 2000", "05-03-2024-05-03-2024", "2019 2020 2021"]  # fmt: skip


@pytest.mark.parametrize("separator", [" ", ", ", " | ", "", "  ", "\n"])
def test_printed_dates_finds_what_the_pattern_finds_everywhere(separator: str) -> None:
    """printed_dates only looks near years: it must find exactly what the pattern tried at
    every position finds (two spaces in a row read the whole text)."""
    for i, first in enumerate(_PIECES):
        for second in _PIECES[i:]:
            for text in (first + separator + second, second + separator + first):
                expected = [m.span() for m in VISIBLE_DATE.finditer(text)]
                assert [m.span() for m in printed_dates(text)] == expected, text


NOW = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("il y a 3 heures", "2024-03-05"),
        ("vor 2 Tagen", "2024-03-03"),
        ("hace 13 horas", "2024-03-04"),
        ("3 часа назад", "2024-03-05"),
        ("an hour ago", "2024-03-05"),
        ("3 godziny temu", "2024-03-05"),
        ("2 gün önce", "2024-03-03"),
        ("13小时前", "2024-03-04"),
        ("2日前", "2024-03-03"),
        ("3시간 전", "2024-03-05"),
        ("3月5日前に発表", None),  # "before 5 March", not "5 days ago"
        ("2 weeks ago", None),  # no day named
        ("a month ago", None),
        ("vorgestern", None),
    ],
)
def test_relative_dates_count_back_from_the_page_time(text: str, expected: str | None) -> None:
    assert relative(text, NOW) == expected


def test_relative_dates_need_the_page_time() -> None:
    assert relative("il y a 3 heures", None) is None


@pytest.mark.parametrize(
    ("page", "day", "expected"),
    [
        ("<p>Posted 3. März 2024</p>", "2024-03-03", True),
        ("<time datetime='2024-03-03T10:00'>", "2024-03-03", True),
        ("<p>September 30th, 2025</p>", "2025-09-30", True),
        ("<p>05.03.2024</p>", "2024-03-05", True),
        ("<p>Cureus. 2023 Jan 7;15(1):e33475.</p>", "2023-01-07", True),  # a citation
        ("<p>2023, January 7</p>", "2023-01-07", True),
        ("<p>2023 Jan 17</p>", "2023-01-07", False),
        ("<p>2023 Jan 7</p>", "2023-01-17", False),
        ("<p>© 2024 Example</p>", "2024-01-01", False),  # a year is not a day
        ("<script>var d = 'March 3, 2024';</script>", "2024-03-03", False),  # not printed
    ],
)
def test_prints_day(page: str, day: str, expected: bool) -> None:
    assert prints_day(page, day) is expected


def test_prints_day_is_linear_on_unclosed_scripts() -> None:
    page = "<script>" * 20_000 + "March 3, 2024"
    assert prints_day(page, "2024-03-03") is False  # inside an unclosed script: not printed
    assert prints_day("<p>March 3, 2024</p>" + "<script>" * 20_000, "2024-03-03") is True


def _without_scripts_by_lower(page: str) -> str:
    """The reference _without_scripts must match: tags found in page.lower() (on pages
    where lowering keeps every position, unlike "İ")."""
    lower = page.lower()
    kept: list[str] = []
    at = 0
    while (start := lower.find("<script", at)) >= 0:
        kept.append(page[at:start])
        end = lower.find("</script", start)
        if end < 0:
            return "".join(kept)
        close = lower.find(">", end)
        at = close + 1 if close >= 0 else len(page)
    kept.append(page[at:])
    return " ".join(kept)


@pytest.mark.parametrize(
    "page",
    [
        "<p>a</p><SCRIPT>x</Script ><p>b</p><script src=y></script>c",
        "<p>a</p><ſcript>x</ſcript>b",  # long s: lower() keeps it, not an ASCII "s"
        "<p>\u212a</p><script>x</script>b",  # Kelvin sign: lower() gives "k"
        "<script>x",  # unclosed
        "a<script>x</script",  # no closing ">"
    ],
)
def test_scripts_are_cut_where_the_lowered_page_has_them(page: str) -> None:
    from cleannews.extraction.dates import _without_scripts

    assert _without_scripts(page) == _without_scripts_by_lower(page)


def test_relative_dates_against_an_impossible_page_time_are_left_empty() -> None:
    assert relative("3 hours ago", datetime(1, 1, 1, 1, 0)) is None


def test_common_printed_shapes_read_as_dateutil_reads_them() -> None:
    """The shapes read without dateutil give exactly dateutil's answer (or are left to it)."""
    from itertools import product

    from dateutil import parser

    from cleannews.extraction.dates import _simple_date

    months = ["jan", "January", "FEB", "sept", "September", "mai", "Sat", "may"]
    days = ["0", "1", "09", "29", "30", "31", "32", "3rd", "18th"]
    years = ["0001", "1990", "2019", "2020"]
    times = ["", " 5:50", " 5:50 PM", " 12:01 am", " 12:01 pm", " 0:30 am", " 13:00 pm",
             " 23:59:59", " 24:00", ", 04:05 pm", " 11:08 am ", " 7:45AM", " 7:09 GMT",
             " 07:09:01 UTC", " 5:50 PM GMT", " 7:09 gmt", " 7:09 Utc"]  # fmt: skip
    read = 0
    for month, day, year, clock in product(months, days, years, times):
        for text in (f"{month} {day}, {year}{clock}", f"{month}. {day} {year}{clock}",
                     f"{day} {month} {year}{clock}", f"{day}. {month} {year}{clock}"):  # fmt: skip
            ours = _simple_date(text)
            if ours is None:
                continue
            read += 1
            for day_first in (False, True):
                theirs = parser.parse(text, fuzzy=True, default=datetime(1, 1, 1),
                                      dayfirst=day_first)  # fmt: skip
                assert ours == theirs, text
    assert read > 1000  # the shapes are read, not all left to dateutil


def test_scripts_are_found_on_a_page_whose_lowering_changes_its_length() -> None:
    from cleannews.extraction.dates import _without_scripts

    # "İ" lowers to two characters: the script tags are found in the page as it is.
    page = "<p>İstanbul</p><script>x</script><p>İ</p><script>y</script>z"
    assert _without_scripts(page) == "<p>İstanbul</p> <p>İ</p> z"
    page = "<p>İstanbul</p>" * 50 + "<SCRIPT>var d = 'March 3, 2024';</SCRIPT><p>May 5, 2024</p>"
    assert prints_day(page, "2024-03-03") is False
    assert prints_day(page, "2024-05-05") is True


@pytest.mark.parametrize(
    "date",
    ["November 19, 2019", "Nov. 19th, 2019 at 10:45 am", "19 November 2019",
     "19 de noviembre de 2019", "2019-11-19", "2019/11/19", "19.11.2019", "11/19/2019",
     "30. Juli 2018", "Maret 30, 2015"],
)  # fmt: skip
def test_without_full_dates_blanks_every_printed_form(date: str) -> None:
    cleaned = without_full_dates(f"By Jane Doe | {date} | Staff")
    assert date not in cleaned and cleaned.split() == ["By", "Jane", "Doe", "|", "|", "Staff"]


def test_without_full_dates_leaves_a_text_without_a_year_as_it_is() -> None:
    text = "By Jane Doe | Nov. 19 at 10:45 am | 5 min read"
    assert without_full_dates(text) is text


LABELLED = [
    ("Published 15 November 2018", "2018-11-15"),
    ("Posted on December 18, 2025 by Jane Roe", "2025-12-18"),
    ("Post time: 01-04-2024", "2024-01-04"),
    ("PUBLISHED: 3 March 2021", "2021-03-03"),
    ("This story was originally published on 26 Sep 2019 at 4:12pm", "2019-09-26T16:12:00"),
    ("Updated March 3, 2020 Published March 1, 2020", "2020-03-01"),
    ("Veröffentlicht am 3. März 2024", "2024-03-03"),
    ("Publié le 5 mars 2024", "2024-03-05"),
    ("Publicado el 5 de marzo de 2024", "2024-03-05"),
    ("Опубликовано 5 марта 2024", "2024-03-05"),
    # prose that names another text's date, and dates with no label, are no label
    ("the study was published on March 3, 2019 in Nature", None),
    ("By Jane Roe, March 3, 2019", None),
    ("Last updated: March 3, 2019", None),
    ("Published by Example Press. March 3, 2019", None),
]


@pytest.mark.parametrize(("text", "expected"), LABELLED)
def test_find_labelled_reads_only_a_date_labelled_as_the_publication(
    text: str, expected: str | None
) -> None:
    assert find_labelled(text) == expected


@pytest.mark.parametrize(("text", "expected"), LABELLED)
def test_may_label_holds_wherever_find_labelled_reads_a_label(
    text: str, expected: str | None
) -> None:
    if expected is not None:
        assert may_label(text)


@pytest.mark.parametrize(
    "text",
    [
        "By Jane Roe, March 3, 2019",
        "Last updated: March 3, 2019",
        "Caixa Postal 421, March 3, 2019",  # "Post" only as a word's start
        "read the blog post time after time, March 3, 2019",  # "Post time" is capitalised
    ],
)
def test_may_label_is_false_without_a_label_word(text: str) -> None:
    assert find_labelled(text) is None
    assert not may_label(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By: Jane Roe on 04-ago-2021 5:11:10", "2021-08-04T05:11:10"),
        ("04-Aug-2021", "2021-08-04"),
        ("12-dic-2019", "2019-12-12"),
        ("10-okt-2022", "2022-10-10"),
        ("3-März-2024", "2024-03-03"),
        ("5-мар-2024", "2024-03-05"),
        ("3-foo-2020", None),  # not a month
        ("3-ju-2020", None),  # starts two months' names
        ("covid-19-2020", None),
    ],
)
def test_a_day_month_year_joined_by_hyphens_reads_its_month_in_any_language_read(
    text: str, expected: str | None
) -> None:
    assert find_printed(text) == expected


@pytest.mark.parametrize(
    ("page", "day", "expected"),
    [
        ("<p>December 02, 2025</p>", "2025-12-02", True),
        ("<p>2. Dezember 2025</p>", "2025-12-02", True),
        ("<p>02-12-2025</p>", "2025-12-02", False),  # numbers only: no month named
        ("<p>2025-12-02</p>", "2025-12-02", False),
        ("<script>var d = 'December 02, 2025';</script>", "2025-12-02", False),
    ],
)
def test_names_day_counts_only_a_month_printed_by_its_name(
    page: str, day: str, expected: bool
) -> None:
    assert names_days(page, day) == [expected]
    assert names_days(page, "2025-01-01", day) == [False, expected]  # each day on its own


def test_every_month_name_passes_the_look_ahead_of_the_date_patterns():
    """VISIBLE_DATE and LOCAL_DATE look at a word's first character before trying the month
    names: every name, in any case, still starts a date."""
    from cleannews.extraction import dates

    for english in dates.ENGLISH_MONTH_WORDS:
        for name in (english, english.upper(), english.capitalize()):
            assert dates.VISIBLE_DATE.search(f"on {name} 19, 2019") is not None, name
            assert dates.VISIBLE_DATE.search(f"on 19 {name} 2019") is not None, name
    for name in dates._LOCAL_MONTHS:
        for spelled in (name, name.upper(), name.capitalize()):
            if spelled.lower() != name:  # Greek "ΐ" in capitals is three code points
                continue
            assert dates.LOCAL_DATE.search(f"am 3. {spelled} 2019") is not None, spelled
            assert dates.LOCAL_DATE.search(f"{spelled} 3, 2019") is not None, spelled


def _dateutil_reading(text: str, day_first: bool) -> datetime | None:
    try:
        return dateutil_parser.parse(
            text, fuzzy=True, default=datetime(1, 1, 1), dayfirst=day_first
        )
    except ValueError:
        return None


@pytest.mark.parametrize("day_first", [False, True])
@pytest.mark.parametrize("divider", ["-", "/", "."])
def test_a_numeric_day_is_read_as_dateutil_reads_it(divider: str, day_first: bool) -> None:
    # The shortcut reads every pair of numbers it takes as dateutil does, and takes the
    # unambiguous ones and the ones the page's order settles.
    taken = 0
    for a in range(1, 32):
        for b in range(1, 32):
            for text in (f"2019{divider}{a}{divider}{b:02d}", f"{a:02d}{divider}{b}{divider}2019"):
                read = _numeric_date(text, day_first)
                if read is not None:
                    taken += 1
                    assert read == _dateutil_reading(text, day_first), text
    assert taken > 2 * 12 * 31


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2019-11-19", False, datetime(2019, 11, 19)),
        ("05/10/2018", False, datetime(2018, 5, 10)),
        ("05/10/2018", True, datetime(2018, 10, 5)),
        ("25/10/2018", False, datetime(2018, 10, 25)),  # 25 is no month
        ("2019-05-10", True, datetime(2019, 10, 5)),  # dateutil's reading, year first too
        ("2019-02-30", False, None),  # no such day: dateutil decides
        ("2019-11-19 10:00", False, None),  # not a day alone
    ],
)
def test_the_numeric_shortcut(text: str, day_first: bool, expected: datetime | None) -> None:
    assert _numeric_date(text, day_first) == expected


def test_the_reversed_update_label_is_the_label_that_ends_the_text() -> None:
    """_ends_with_update_label matches the reversed text from its start: the same texts as
    the label pattern searched for at the text's end, in every language's spelling."""
    import random

    from cleannews.extraction import dates

    labels = "|".join(map(re.escape, dates._UPDATE_WORDS))
    forward = re.compile(rf"(?:{labels})\W*{dates._LABEL_LINK}?\W*$", re.I)
    pieces = [*dates._UPDATE_WORDS, *(w.upper() for w in dates._UPDATE_WORDS),
              *dates._LABEL_LINKS, " ", ": ", " - ", "|", "Jane", "blast", "2019", "\u00a0"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))[-24:]
        assert dates._ends_with_update_label(text) == bool(forward.search(text)), text
