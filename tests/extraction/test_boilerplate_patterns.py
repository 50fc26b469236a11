"""The combined boilerplate patterns are compiled for speed: they match what the vocabulary,
as written, matches."""

import re

from cleannews.extraction import boilerplate
from cleannews.extraction.boilerplate import (
    CLUTTER_PHRASE_ANYWHERE_RE,
    CLUTTER_PHRASE_RE,
    CLUTTER_PHRASES,
    TITLE_SEPARATOR,
)

LINES = [
    "advertisement", "story continues below advertisement", "read more: the full story",
    "related stories:", "3 comments", "comments (12)", "leave a reply", "subscribe now",
    "sign up for our free newsletter today", "share this article on twitter", "photo: jane doe",
    "(photos) courtesy of the city", "reporting by jane doe; editing by john roe",
    "updated on nov 19, 2019 10:01 am", "tue, nov 19, 2019", "nov. 19th, 2019 - 5:50 pm",
    "19/11/2019 10:45", "jane@example.com", "© 2019 acme media. all rights reserved.",
    "[button link=x]send us a tip[/button]", "watch video", "loading...", "04:31",
    "the council voted on tuesday to close the road.", "more", "more stories about it",
    "you might also like this", "do not miss:", "storyline continues", "",
]  # fmt: skip


def test_group_openings_only_are_made_non_capturing():
    assert boilerplate._without_captures(r"(leave|post) a (comment|reply)\b.*") == (
        r"(?:leave|post) a (?:comment|reply)\b.*"
    )
    assert boilerplate._without_captures(r"\(?(photo|image)s?\)?") == r"\(?(?:photo|image)s?\)?"
    # A "(" in a character class, or a reference to a group, keeps the phrase as written.
    assert boilerplate._without_captures(r"[(]x(y)") == r"[(]x(y)"
    assert boilerplate._without_captures(r"(a)b\1") == r"(a)b\1"


def test_combined_phrases_match_the_lines_the_phrases_as_written_match():
    phrases = [p for group in CLUTTER_PHRASES.values() for p in group]
    start = re.compile("|".join(f"(?:{p})" for p in phrases if p[0] != "."))
    anywhere = re.compile("|".join(f"(?:{p})" for p in phrases if p[0] == "."))
    assert CLUTTER_PHRASE_RE.groups == 0
    matched = [line for line in LINES if CLUTTER_PHRASE_RE.fullmatch(line)]
    assert matched == [line for line in LINES if start.fullmatch(line)]
    assert "advertisement" in matched
    assert "the council voted on tuesday to close the road." not in matched
    for line in LINES:
        assert bool(CLUTTER_PHRASE_ANYWHERE_RE.fullmatch(line)) == bool(anywhere.fullmatch(line))


def test_region_words_grouped_by_letter_find_each_word():
    for word in ("comment", "related", "recirc", "navbar", "nav", "most-read", "widget"):
        assert boilerplate._FOREIGN_WORD.search(f"x {word}-list") is not None
    assert boilerplate._FOREIGN_WORD.search("article-body entry-content") is None
    assert boilerplate._by_first_letter(["comment", "caption", "related"]) == (
        "c(?:omment|aption)|r(?:elated)"
    )


def test_title_separator_splits_at_runs_of_white_space_only():
    plain = re.compile(r"(?<!\s)\s++(?:[|\-–—:·•«»/]|::)\s++")
    for title in ("Story | Site", "Site - Story - Section", "A  |  B", " - Story", "x-y | z",
                  "Story ::  Section", "Story\n|\nSite", "no separator here", "a |b", "a| b"):
        assert TITLE_SEPARATOR.split(title) == plain.split(title), title
        assert TITLE_SEPARATOR.findall(title) == plain.findall(title), title
    assert TITLE_SEPARATOR.split("Story | Site") == ["Story", "Site"]
