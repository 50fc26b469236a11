"""Publication and update dates as a careful reader takes them: the order of the sources,
the original date against the update, htmldate's reading only when the page prints it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cleannews import extract
from cleannews.extraction.dom import parse
from cleannews.extraction.metadata import read_metadata
from cleannews.models import Page
from pages import BODY, ld, page


def meta_of(html: str, now: datetime | None = None):
    return read_metadata(parse(html), "https://news.example.com/story", source=html, now=now)


def test_a_printed_date_well_before_the_structured_one_is_the_original() -> None:
    html = page(
        ld({"@type": "Article", "headline": "Plan", "datePublished": "2025-06-24T10:00:00Z"}),
        "<article><h1>Plan</h1><p class='meta'>By Jane Roe · August 25, 2024</p>"
        + BODY + "</article>",
    )  # fmt: skip
    assert meta_of(html).published == "2024-08-25"


def test_a_day_apart_is_a_time_zone_and_the_structured_date_stands() -> None:
    html = page(
        ld({"@type": "Article", "headline": "Plan", "datePublished": "2021-12-10T01:00:00+05:00"}),
        "<article><h1>Plan</h1><p>December 9, 2021</p>" + BODY + "</article>",
    )
    assert meta_of(html).published == "2021-12-10T01:00:00+05:00"


@pytest.mark.parametrize(
    ("original", "published"),
    [
        ("", "2025-12-12"),  # no other date: the page is published, as it stands, that day
        (ld({"@type": "Article", "datePublished": "2024-03-01T08:00:00Z"}), "2024-03-01T08:00:00Z"),
        ("<meta property='article:published_time' content='2024-03-01'>", "2024-03-01"),
    ],
)
def test_a_printed_update_is_the_modified_date_and_published_only_without_another(
    original: str, published: str
) -> None:
    html = page(original, "<article><h1>Plan</h1><p class='dates'>Last updated: Dec 12, 2025"
                "</p>" + BODY + "</article>")  # fmt: skip
    meta = meta_of(html)
    assert (meta.published, meta.modified) == (published, "2025-12-12")


def test_a_page_with_only_its_update_gives_the_same_moment_in_both_fields() -> None:
    html = page(ld({"@type": "Article", "dateModified": "2025-12-12T09:30:00+01:00"}),
                "<article><h1>Plan</h1><p class='dates'>Updated: Dec 12, 2025</p>"
                + BODY + "</article>")  # fmt: skip
    meta = meta_of(html)
    assert meta.published == meta.modified == "2025-12-12T09:30:00+01:00"


def test_htmldate_reads_a_date_the_page_prints_where_we_do_not_look() -> None:
    html = page(body="<article><h1>Plan</h1>" + BODY + "<div><span>Posted</span>"
                "<abbr title='2023-04-07'>7 April 2023</abbr></div></article>")  # fmt: skip
    assert meta_of(html).published == "2023-04-07"


def test_a_date_printed_in_unmarked_markup_is_read_last() -> None:
    html = page(body="<div><h2>Plan</h2><p>" + "An intro. " * 30 + "</p><div><span>Posted on "
                "Nov 21, 2018</span></div>" + BODY + "</div>")  # fmt: skip
    assert meta_of(html).published == "2018-11-21"


@pytest.mark.parametrize(
    "elsewhere",
    [
        "<nav><p>March 3, 2021</p></nav>",  # the page's chrome
        "<aside class='related'><p>Other story, March 3, 2021</p></aside>",
        "<script>var built = 'March 3, 2021';</script>",
        "<p>Last updated: March 3, 2021</p>",  # an update is no publication date
        "<header class='site-header'><p>March 3, 2021</p></header>",  # today's date
        "<div class='comments'><div><div><p>March 3, 2021</p></div></div></div>",
    ],
)
def test_the_last_resort_reads_no_date_outside_the_story(elsewhere: str) -> None:
    html = page(body="<div><h2>Plan</h2>" + BODY + "</div>" + elsewhere)
    assert meta_of(html).published is None


def test_a_story_inside_the_site_header_element_is_read() -> None:
    # Some themes wrap the whole page in a <header>: the <article> in it is the story.
    html = page(body="<header><div><h2>Plan</h2><article><p>" + "An intro. " * 30 + "</p><div>"
                "<span>On Nov 21, 2018</span></div>" + BODY + "</article></header>")  # fmt: skip
    assert meta_of(html).published == "2018-11-21"


def test_a_copyright_year_is_no_publication_date() -> None:
    html = page(body="<article><h1>Plan</h1>" + BODY + "</article><footer>© 2020 Example</footer>")
    assert meta_of(html).published is None


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        ("5 марта 2024", "ru", "2024-03-05"),
        ("3. März 2024", "de", "2024-03-03"),
        ("2024年3月5日", "ja", "2024-03-05"),
        ("05.03.2024", "de", "2024-03-05"),
        ("05.03.2024", "en", "2024-03-05"),
        ("Mar 2024", "en", None),
        ("12 Ekim 2024", "tr", "2024-10-12"),
        ("12. lokakuuta 2024", "fi", None),  # a month name we do not read: left empty
    ],
)
def test_itemprop_dates_in_other_languages_read_right_or_left_empty(
    printed: str, lang: str, expected: str | None
) -> None:
    html = page(body=f'<article><h1>Plan</h1><span itemprop="datePublished">{printed}</span>'
                + BODY + "</article>", lang=lang)  # fmt: skip
    assert read_metadata(parse(html), None).published == expected


RELATIVE = page(body="<article><h1>Plan</h1><span class='date'>il y a 3 heures</span>"
                + BODY + "</article>", lang="fr")  # fmt: skip


def test_a_relative_stamp_counts_back_from_when_the_page_was_served() -> None:
    served = Page(url="https://news.example.com/story", content=RELATIVE.encode(),
                  headers={"Date": "Tue, 05 Mar 2024 12:00:00 GMT"})  # fmt: skip
    assert extract(served).published == "2024-03-05"
    fetched = Page(url=None, content=RELATIVE.encode(),
                   fetched_at=datetime(2024, 3, 5, 1, 0, tzinfo=UTC))  # fmt: skip
    assert extract(fetched).published == "2024-03-04"


def test_a_relative_stamp_without_the_page_time_is_left_empty() -> None:
    assert extract(RELATIVE).published is None


def test_an_update_label_in_its_own_element_beside_the_date() -> None:
    html = page(body="<article><h1>Plan</h1><div><p>Last updated</p><time>Aug 04, 2025</time>"
                "</div>" + BODY + "</article>")  # fmt: skip
    meta = meta_of(html)
    assert (meta.published, meta.modified) == ("2025-08-04", "2025-08-04")


def test_the_fallback_date_reader_is_installed() -> None:
    from htmldate import find_date  # declared in pyproject: a missing one is an install error

    assert find_date("<html><body><p>Posted 7 April 2023</p></body></html>") == "2023-04-07"


def test_reading_the_dates_leaves_no_cycle_that_keeps_the_page_alive() -> None:
    """Pages are read by the million: each must be freed as soon as it is dropped, not when
    the garbage collector next runs (the tree is megabytes of C memory)."""
    import gc
    import weakref

    from cleannews.extraction.metadata.document import Document
    from cleannews.extraction.metadata.published import read_published

    html = page(body="<article><header><h1>Plan</h1><p>Nov 19, 2019</p></header><p>Later</p>"
                + BODY + "</article>")  # fmt: skip
    gc.disable()
    try:
        document = Document(parse(html), "https://news.example.com/story")
        assert read_published(document, None) == "2019-11-19"  # stops at the first text
        alive = weakref.ref(document)
        del document
        assert alive() is None
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("tag", "value", "expected"),
    [
        ("citation_publication_date", "2019/1/22", "2019-01-22"),
        ("citation_online_date", "2020-03-04", "2020-03-04"),
        ("citation_date", "not a date", None),
    ],
)
def test_scholarly_citation_tags_give_the_publication_date(
    tag: str, value: str, expected: str | None
) -> None:
    html = page(head=f'<meta name="{tag}" content="{value}">',
                body="<article><h1>Plan</h1>" + BODY + "</article>")  # fmt: skip
    assert meta_of(html).published == expected


@pytest.mark.parametrize(
    "markup",
    [
        # the label in an element of its own, the date in a <time> beside it
        "<div><h4>Published</h4><time datetime='2018-11-15T12:00:00Z'>15 Nov 2018</time></div>",
        # the label and the date in unmarked markup at the story's end
        "<div style='text-align:right'>Post time: 11-15-2018</div>",
        "<p>This article was originally published on 15 Nov 2018 and updated since.</p>",
    ],
)
def test_a_date_labelled_as_the_publication_wins_over_other_printed_dates(markup: str) -> None:
    # A review stamp first: a date the page prints, but not as the publication.
    html = page(body="<article><h1>Plan</h1>" + BODY + "<p class='date'>Reviewed: March 2, "
                "2024</p>" + markup + "</article>")  # fmt: skip
    assert meta_of(html).published[:10] == "2018-11-15"


def test_a_label_split_across_text_nodes_far_from_the_headline_is_read() -> None:
    # "Post" and "time" in text nodes of their own, with no space between them in the
    # markup, after a story too long to be read as the headline's surroundings and a
    # review date that is printed first.
    html = page(body="<article><h1>Plan</h1>" + BODY * 20 + "<p>Reviewed: March 2, 2024</p>"
                + "<div><b>Post</b>time: 11-15-2018</div></article>")  # fmt: skip
    assert meta_of(html).published == "2018-11-15"


@pytest.mark.parametrize(
    ("structured", "printed", "expected"),
    [
        # 22:02 UTC on the 19th is the 19th or 20th in every zone: a printed 18th is earlier
        ("2025-12-19T22:02:58Z", "December 18, 2025", "2025-12-18"),
        # 02:41 UTC is still the 18th west of Greenwich: the same moment, the structured stands
        ("2025-12-19T02:41:41+00:00", "December 18, 2025", "2025-12-19T02:41:41+00:00"),
        # 01:00 at UTC+5 is the 9th in UTC
        ("2021-12-10T01:00:00+05:00", "December 9, 2021", "2021-12-10T01:00:00+05:00"),
        # 23:00 at UTC+5 is the 10th or 11th in every zone, the 9th nowhere
        ("2021-12-10T23:00:00+05:00", "December 9, 2021", "2021-12-09"),
        # a day without a time: a day apart is a time zone, two days a reset
        ("2021-12-10", "December 9, 2021", "2021-12-10"),
        ("2021-12-10", "December 8, 2021", "2021-12-08"),
        # a printed day after the structured one is an update: the structured stands
        ("2021-12-10T10:00:00Z", "December 14, 2021", "2021-12-10T10:00:00Z"),
    ],
)
def test_a_printed_day_wins_only_when_no_time_zone_explains_it(
    structured: str, printed: str, expected: str
) -> None:
    html = page(
        ld({"@type": "Article", "headline": "Plan", "datePublished": structured}),
        f"<article><h1>Plan</h1><p>{printed}</p>" + BODY + "</article>",
    )
    assert meta_of(html).published == expected


def _utc_meta_page(printed: str, times: str, url: str = "https://news.example.com/story") -> str:
    return page(
        '<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">',
        f"<article><h1>Plan</h1><p>{printed}</p>" + BODY + f"{times}</article>",
    )


@pytest.mark.parametrize(
    ("printed", "times", "expected"),
    [
        # the story's own <time> gives the same moment on the newsroom's clock
        ("December 18, 2025", "<time datetime='2025-12-18T21:41:41-05:00'>Dec 18</time>",
         "2025-12-18T21:41:41-05:00"),
        # a comment's <time> gives the site's offset: the moment is shown at it
        ("December 18, 2025", "<div class='comments'><time datetime='2025-12-20T08:00:00-05:00'>"
         "Dec 20</time></div>", "2025-12-18T21:41:41-05:00"),
        # no local offset on the page: the moment stands as written
        ("December 18, 2025", "<time datetime='2025-12-20T08:00:00Z'>Dec 20</time>",
         "2025-12-19T02:41:41+00:00"),
        # an offset that puts the moment on another day than the one shown is not the page's
        ("December 18, 2025", "<time datetime='2025-12-20T08:00:00+01:00'>Dec 20</time>",
         "2025-12-19T02:41:41+00:00"),
        # the page shows the structured day: nothing to do
        ("December 19, 2025", "<time datetime='2025-12-20T08:00:00-05:00'>Dec 20</time>",
         "2025-12-19T02:41:41+00:00"),
    ],
)
def test_a_utc_moment_is_given_on_the_pages_own_clock(
    printed: str, times: str, expected: str
) -> None:
    assert meta_of(_utc_meta_page(printed, times)).published == expected


def test_the_day_in_the_url_shows_the_newsrooms_day_too() -> None:
    comment = "<div class='comments'><time datetime='2025-12-19T10:00:00-05:00'>Dec 19</time></div>"
    html = _utc_meta_page("", comment)
    meta = read_metadata(parse(html), "https://blog.example.com/2025/12/18/plan/", source=html)
    assert meta.published == "2025-12-18T21:41:41-05:00"


@pytest.mark.parametrize("kind", ["newsletter-article", "related-story", "sidebar-post"])
def test_the_headlines_own_container_is_the_story_whatever_its_class(kind: str) -> None:
    """A CMS names the story's type in its class: a line beside the headline is the story's."""
    html = page(body="<div class='list'><p class='date'>01/31/2025</p></div>"
                f"<article class='node node--type-{kind}'><h1>Plan</h1>"
                "<div class='node__meta'><time datetime='2017-03-01T12:00:00Z'>03/01/2017"
                "</time> by Jane Roe</div>" + BODY * 12 + "</article>")  # fmt: skip
    assert meta_of(html).published == "2017-03-01"



def test_htmldate_is_not_taken_for_a_day_the_page_labels_as_an_update() -> None:
    """htmldate reads the date in a box the other readers skip as a credit; the page says
    that day is the update, so the publication is left unknown rather than misread."""
    html = page(body="<article><h1>Plan</h1>" + BODY * 12 + "<div class='date-and-credit'>"
                "<p class='date'>Updated: December 7, 2025</p></div></article>")  # fmt: skip
    meta = meta_of(html)
    assert meta.published is None


@pytest.mark.parametrize(
    ("cards", "expected"),
    [
        ("", "2024-03-01T05:00:00"),  # the page's one printed day: the original
        # cards of other stories print other days: which one is the story's is unknown
        ("<div class='card'><time datetime='2023-10-23'>23 October 2023</time></div>"
         "<div class='card'><time datetime='2022-01-01'>1 January 2022</time></div>",
         "2024-07-05T14:20:08Z"),
    ],
)
def test_the_one_day_the_date_elements_print_before_the_structured_one_is_the_original(
    cards: str, expected: str
) -> None:
    html = page(
        ld({"@type": "Article", "headline": "Plan", "datePublished": "2024-07-05T14:20:08Z"}),
        "<div class='title-bar'><time datetime='2024-03-01 05:00:00'>March 1, 2024</time></div>"
        "<main><h1>Plan</h1>" + BODY * 12 + cards + "</main>",
    )
    assert meta_of(html).published == expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("<div class='block'><div class='content'>12.12.2025</div></div>", "2025-12-12"),
        ("<div></div><span>Dec 12, 2025</span>", "2025-12-12"),
        # too far after the byline to be its date: the first date element is taken
        ("<div>Share</div><div>Print</div><div>Email</div><p>Dec 12, 2025</p>", "2021-03-03"),
    ],
)
def test_a_date_in_the_short_elements_right_after_the_byline_is_the_storys(
    after: str, expected: str
) -> None:
    html = page(body="<div class='hero'><h1>Plan</h1>" + BODY * 12 + "</div>"
                "<div class='block-author'><h4 class='author-name'>By <a href='/p/jane'>Jane "
                "Roe</a></h4></div>" + after + BODY + "<div class='more'><p class='date'>"
                "March 3, 2021</p></div>")  # fmt: skip
    assert meta_of(html).published == expected


def test_the_date_beside_the_headline_goes_before_a_date_in_the_byline_read() -> None:
    from cleannews.extraction.metadata.document import Document
    from cleannews.extraction.metadata.published import read_published

    html = page(body="<article><h1>Plan</h1><p><span>Dec 17, 2025</span> <span>Jane Roe</span>"
                "</p>" + BODY + "</article>")  # fmt: skip
    document = Document(parse(html), "https://news.example.com/story")
    # a byline the author reader took from another story's teaser
    assert read_published(document, "Oct 30, 2025 Alex David") == "2025-12-17"


@pytest.mark.parametrize(
    ("elsewhere", "expected"),
    [
        # the page names the other reading's month: it prints day first
        ("<li><a href='/story'>Plan</a> <span>December 02, 2025</span></li>", "2025-12-02"),
        # the page names this reading's month, or nothing: as the language reads it
        ("<li><a href='/other'>Other</a> <span>February 12, 2025</span></li>", "2025-02-12"),
        ("<li><a href='/other'>Other</a></li>", "2025-02-12"),
        # both named: the page settles nothing, the language's order stands
        ("<li>December 02, 2025</li><li>February 12, 2025</li>", "2025-02-12"),
    ],
)
def test_a_numeric_day_either_way_round_is_read_in_the_order_the_page_confirms(
    elsewhere: str, expected: str
) -> None:
    html = page(body="<article><h1>Plan</h1><p class='meta'>Jane Roe 02-12-2025</p>" + BODY
                + "</article><ul class='posts'>" + elsewhere + "</ul>")  # fmt: skip
    assert meta_of(html).published == expected


@pytest.mark.parametrize(
    ("itemprop", "field"),
    [
        ("datePublished", "published"),
        ("datePublished dateCreated", "published"),  # microdata: a list of tokens
        ("dateCreated  datePublished", "published"),
        ("dateModified", "modified"),
        ("dateModified dateCreated", "modified"),
    ],
)
def test_a_meta_itemprop_names_each_of_its_properties(itemprop: str, field: str) -> None:
    html = page(
        f'<meta itemprop="{itemprop}" content="2019-11-19T11:00:09Z">',
        "<article><h1>Plan</h1>" + BODY + "</article>",
    )
    assert getattr(meta_of(html), field) == "2019-11-19T11:00:09Z"
