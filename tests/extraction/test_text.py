"""Plain-text page dumps: headline, byline, dateline, body and clutter told apart."""

from __future__ import annotations

import json

import pytest

import cleannews
from cleannews.cli.main import main
from cleannews.extraction.text import is_byline_line, looks_like_markup, read_text

LEAD = (
    "The city council voted on Monday to close three libraries, citing a budget gap that has "
    "grown for four years."
)
SECOND = (
    "Residents packed the hall and several speakers said the closures would hit children "
    "and older people hardest."
)
THIRD = (
    '"We have run out of options," the council leader said after the vote, adding that '
    "the decision would be reviewed next spring."
)

FULL_DUMP = f"""Local NewsCouncil votes to close three libraries after...

Council votes to close three libraries after budget row

{{caption}}{LEAD}

By Jane Doe and John Roe

LONDON, June 16 (Reuters) - {LEAD}

{SECOND}

{THIRD}

Most read

Heatwave warning issued for the weekend

Forecasters said temperatures could reach record levels in parts of the...

Bus fares to rise in April

The transport authority announced the increase on...

Related
"""


def _body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


@pytest.mark.parametrize("caption", ["PhotoReuters: ", "ImageAFP: ", "Reuters: ", ""])
def test_full_dump_fields(caption):
    """The standfirst repeating the lead (as a caption, with a credit, or bare) stays out."""
    article = cleannews.extract(FULL_DUMP.format(caption=caption))
    assert article.headline == "Council votes to close three libraries after budget row"
    assert article.byline == "By Jane Doe and John Roe"
    assert article.authors == ("Jane Doe", "John Roe")
    assert article.dateline == "LONDON, June 16 (Reuters)"
    assert article.dateline_place == "London"
    assert article.dateline_agency == "Reuters"
    assert article.body == _body(LEAD, SECOND, THIRD)
    assert article.url is None and article.published is None and article.site_name is None


def test_full_dump_record_is_valid(validate_record):
    dump = FULL_DUMP.format(caption="PhotoReuters: ")
    record = validate_record(cleannews.extract(dump.encode("utf-8")).to_dict())
    for clutter in ("Most read", "Heatwave", "Bus fares", "Related", "Photo", "Reuters:"):
        assert clutter not in record["body"]


def test_page_furniture_above_the_story_stays_out():
    dump = (
        "Home\n\nWorld\n\nBusiness\n\nSign in\n\n"
        "Council votes to close three libraries after budget row\n\nShare on Facebook\n\n"
        "The council chamber (Photo: Example)\n\nBy Jane Doe\n\nPublished June 16, 2009\n\n"
        f"LONDON (Reuters) - The council voted to close libraries.\n\n{SECOND}\n\n{THIRD}\n"
    )
    article = cleannews.extract(dump)
    assert article.headline == "Council votes to close three libraries after budget row"
    assert article.authors == ("Jane Doe",)
    assert article.published == "2009-06-16"
    assert article.dateline == "LONDON (Reuters)"
    assert article.body == _body("The council voted to close libraries.", SECOND, THIRD)


def test_short_first_paragraph_under_byline_is_kept():
    short = "The council has voted to close libraries."
    dump = f"Council votes to close libraries\n\nBy Jane Doe\n\n{short}\n\n{LEAD}\n\n{SECOND}\n"
    assert read_text(dump)[1] == [short, LEAD, SECOND]


def test_no_byline_no_dateline():
    dump = f"Council votes to close three libraries after budget row\n\n{LEAD}\n\n{SECOND}\n"
    meta, paragraphs = read_text(dump)
    assert meta.headline == "Council votes to close three libraries after budget row"
    assert meta.byline is None and meta.authors == []
    assert paragraphs == [LEAD, SECOND]
    article = cleannews.extract(dump)
    assert article.dateline is None and article.dateline_place is None
    assert article.body == _body(LEAD, SECOND)


@pytest.mark.parametrize(
    ("date_line", "published"),
    [
        ("Tuesday 16 June 2009 14.32 BST", "2009-06-16T14:32:00"),
        ("June 16, 2009 3:45 PM -0400", "2009-06-16T15:45:00-04:00"),
        ("Published on June 16th, 2009", "2009-06-16"),
        ("2009-06-16T21:13:00+00:00", "2009-06-16T21:13:00Z"),
    ],
)
def test_date_line_under_headline(date_line, published, validate_record):
    dump = (
        f"Council votes to close libraries\n\n{date_line}\n\nUpdated: 17 June 2009 08:10 GMT\n\n"
        f"By Jane Doe\n\nLONDON (Reuters) - {LEAD}\n\n{SECOND}\n"
    )
    record = validate_record(cleannews.extract(dump).to_dict())
    assert record["headline"] == "Council votes to close libraries"
    assert record["published"] == published
    assert record["modified"] == "2009-06-17T08:10:00Z"
    assert record["dateline"] == "LONDON (Reuters)"
    assert record["body"] == _body(LEAD, SECOND)


@pytest.mark.parametrize(
    ("line", "in_body"),
    [
        ("May 2009", False),
        ("On June 16, 2009, the council voted to close the libraries.", True),
        ("Storm of June 2009", False),
        ("Published 31 February 2009", False),
    ],
)
def test_not_a_date_line(line, in_body):
    meta, paragraphs = read_text(f"Council votes to close libraries\n\n{line}\n\n{LEAD}\n")
    assert meta.published is None
    assert paragraphs == ([line, LEAD] if in_body else [LEAD])


@pytest.mark.parametrize(
    "first",
    [
        "NASA said on Tuesday: the launch window opens at dawn and closes two hours later, "
        "weather permitting.",
        "Iran: officials in Tehran said the talks would resume next week after a pause of "
        "several months.",
        "UPDATE: the vote was postponed until Thursday after the council ran out of time.",
    ],
)
def test_colon_line_is_not_a_dateline(first):
    dump = f"Council votes to close three libraries after budget row\n\n{first}\n\n{SECOND}\n"
    article = cleannews.extract(dump)
    assert article.dateline is None
    assert article.body == _body(first, SECOND)


def test_sentence_starting_with_by_is_not_a_byline():
    by_sentence = "By Tuesday, officials had agreed to the plan and the council had signed it."
    dump = f"Council votes to close three libraries after budget row\n\n{by_sentence}\n\n{LEAD}\n"
    meta, paragraphs = read_text(dump)
    assert meta.byline is None
    assert paragraphs == [by_sentence, LEAD]


def test_written_by_line():
    dump = f"Council votes to close libraries\n\nWritten by Ana Lima\n\n{LEAD}\n"
    meta, paragraphs = read_text(dump)
    assert meta.byline == "Written by Ana Lima"
    assert meta.authors == ["Ana Lima"]
    assert paragraphs == [LEAD]


def test_headline_without_echo_is_the_longest_title_line():
    dump = f"News\n\nEurope\n\nStorm closes schools across the north\n\n{LEAD}\n\n{SECOND}\n"
    meta, paragraphs = read_text(dump)
    assert meta.headline == "Storm closes schools across the north"
    assert paragraphs == [LEAD, SECOND]


def test_headline_sits_above_the_byline():
    dump = (
        "Storm closes schools\n\nBy Jane Doe\n\n"
        "Pupils leave a flooded school in the north of the county on Monday morning\n\n"
        f"{LEAD}\n\n{SECOND}\n"
    )
    meta, paragraphs = read_text(dump)
    assert meta.headline == "Storm closes schools"
    assert paragraphs == [LEAD, SECOND]


def test_headline_echoed_by_page_title():
    dump = (
        "Storm closes schools - The Daily Example\n\nHome\n\nStorm closes schools\n\n"
        f"Schools across the north shut\n\n{LEAD}\n"
    )
    assert read_text(dump)[0].headline == "Storm closes schools"


def test_prose_only_has_no_headline():
    meta, paragraphs = read_text(LEAD + "\n")
    assert meta.headline is None
    assert paragraphs == [LEAD]


def test_story_resumes_after_inline_related_block():
    dump = (
        f"Council votes to close three libraries after budget row\n\n{LEAD}\n\n"
        "Related: Library opening hours cut across the county\n\n"
        f"{SECOND}\n\nRead more\n\nLibrary funding explained\n\n"
        "How the money is split between the county and the...\n\n"
        f"{THIRD}\n\nYou may also like\n\nTown hall repairs delayed\n\nThe work was due to...\n"
    )
    assert read_text(dump)[1] == [LEAD, SECOND, THIRD]


def test_teaser_pair_without_section_title_is_dropped():
    dump = (
        f"Council votes to close three libraries after budget row\n\n{LEAD}\n\n{SECOND}\n\n"
        "Heatwave warning issued for the weekend\n\n"
        "Forecasters said temperatures could reach record levels in parts of the...\n"
    )
    assert read_text(dump)[1] == [LEAD, SECOND]


def test_short_story_lines_and_subheadings_are_kept():
    dump = (
        f"Council votes to close three libraries after budget row\n\n{LEAD}\n\n"
        f"What happens next\n\n{SECOND}\n\n\"It is a sad day,\" she said.\n"
    )
    assert read_text(dump)[1] == [LEAD, "What happens next", SECOND,
                                             '"It is a sad day," she said.']


def test_placeholder_word_inside_story_is_kept():
    line = "ImageNet, a database of labelled pictures, was used to train the system, they said."
    dump = f"Council votes to close three libraries after budget row\n\n{LEAD}\n\n{line}\n"
    assert read_text(dump)[1] == [LEAD, line]


def test_standfirst_repeating_lead_kept_once():
    dump = (
        f"Council votes to close three libraries after budget row\n\n{LEAD}\n\n"
        f"By Jane Doe\n\n{LEAD}\n\n{SECOND}\n"
    )
    assert read_text(dump)[1] == [LEAD, SECOND]


def test_short_lines_may_repeat_in_a_story():
    said = '"No," he said.'
    dump = f"Council votes to close libraries\n\n{LEAD}\n\n{said}\n\n{SECOND}\n\n{said}\n"
    assert read_text(dump)[1] == [LEAD, said, SECOND, said]


def test_standalone_clutter_lines_and_crlf():
    spaced = SECOND.replace(" ", "\u00a0", 2)
    dump = (
        "Council votes to close three libraries after budget row\r\n\r\nAdvertisement\r\n"
        f"{LEAD}\r\nShare\r\n{spaced}\r\n"
    )
    assert read_text(dump)[1] == [LEAD, SECOND]


def test_only_clutter_gives_empty_body(validate_record):
    dump = "Latest news\n\nHeatwave warning issued\n\nForecasters said temperatures could...\n"
    record = validate_record(cleannews.extract(dump).to_dict())
    assert record["body"] == ""
    assert record["word_count"] == 0


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        ("  <html lang='en'><p>x</p></html>", True),
        ("<p>First paragraph.</p>\n<p>Second paragraph.</p>", True),
        ("<!-- saved page --><div>x</div>", True),
        ("Intro text\n<div class='a'><p>One</p><p>Two</p></div>", True),
        (f"Maths for kids\n\nWe learn that 2 < 3 and 5 > 4 today.\n\n{LEAD}", False),
        ("Web basics\n\nWrap each paragraph in a <p> tag, the teacher said.\n", False),
        ("I <3 this town, said one resident.", False),
    ],
)
def test_looks_like_markup(text, markup):
    assert looks_like_markup(text) is markup


def test_cli_reads_text_with_angle_brackets(tmp_path, capsys, validate_record):
    story = tmp_path / "story.txt"
    story.write_text(
        f"Council votes to close three libraries after budget row\n\nBy Jane Doe\n\n"
        f"{LEAD}\n\nThe gap is < 2% of the budget, the treasurer said on Monday evening.\n",
        encoding="utf-8",
    )
    assert main(["extract", str(story)]) == 0
    record = validate_record(json.loads(capsys.readouterr().out))
    assert record["headline"] == "Council votes to close three libraries after budget row"
    assert record["authors"] == ["Jane Doe"]
    assert record["body"].endswith("< 2% of the budget, the treasurer said on Monday evening.")


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Lachlan Carmichael", True),
        ("BY JANE DOE AND JOHN ROE", True),
        ("Written by Ana Lima", True),
        ("By John Smith Jr.", True),
        ("By Tuesday, officials had agreed.", False),
        ("By Tuesday the bridge was open", False),  # no full stop: still a sentence
        ("By Jan van Dijk and Voice of America", True),
        ("by the river", False),
        ("Bystanders said the fire spread quickly", False),
        ("By the time the police arrived, the crowd had left the square and gone home.", False),
    ],
)
def test_is_byline_line(line, byline):
    assert is_byline_line(line) is byline


def test_html_story_opening_with_a_byline_paragraph(validate_record):
    """Legacy story markup prints the byline as the first paragraph; it is not body text and
    it must not hide the dateline of the paragraph after it."""
    html = (
        "<html><body><article><h1>Council votes to close libraries</h1>"
        f"<p><strong>By Jane Doe</strong></p><p>LONDON (Reuters) - {LEAD}</p><p>{SECOND}</p>"
        "</article></body></html>"
    )
    record = validate_record(cleannews.extract(html).to_dict())
    assert record["byline"] == "By Jane Doe"
    assert record["authors"] == ["Jane Doe"]
    assert record["dateline"] == "LONDON (Reuters)"
    assert record["body"] == _body(LEAD, SECOND)
