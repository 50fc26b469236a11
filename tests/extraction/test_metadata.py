"""Metadata on small hand-written pages: every source and rule, and the traps."""

from __future__ import annotations

import json

import pytest

from cleannews import extract
from cleannews.extraction.dates import find_printed, from_url, to_iso
from cleannews.extraction.dom import attr, parse
from cleannews.extraction.metadata import read_metadata, strip_site_name
from cleannews.extraction.metadata.document import Document, json_ld_objects
from pages import BODY, ld, page


def meta_of(html: str, url: str | None = "https://news.example.com/story"):
    return read_metadata(parse(html), url)


# --- headline -------------------------------------------------------------------------------


def test_headline_is_the_h1_that_agrees_with_the_metadata_without_site_name() -> None:
    html = page(
        '<title>Council backs bridge plan | Example Times</title>'
        '<meta property="og:title" content="Council backs bridge plan - Example Times">'
        '<meta property="og:site_name" content="Example Times">',
        '<header><h1 class="logo">Example Times</h1></header>'
        "<article><h1>Council backs bridge plan</h1>" + BODY + "</article>",
    )
    assert meta_of(html).headline == "Council backs bridge plan"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Council backs bridge plan | Example Times", "Council backs bridge plan"),
        ("Example Times - Council backs bridge plan", "Council backs bridge plan"),
        ("Council backs bridge plan - Local - Example Times", "Council backs bridge plan - Local"),
        ("Council backs bridge plan, again and again | Editorial", "Council backs bridge plan, "
         "again and again"),
        ("Star Wars: A review – shoots for the moon", "Star Wars: A review – shoots for the moon"),
        ("Il a dit «non»", "Il a dit «non»"),  # guillemets close a quote
    ],
)  # fmt: skip
def test_strip_site_name(title: str, expected: str) -> None:
    assert strip_site_name(title, {"exampletimes"}) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("tidewatch.com How Tides Turn", "How Tides Turn"),
        ("How Tides Turn tidewatch.com", "How Tides Turn"),
        # Only the site's own domain, and only with a dot: a story may start with a name.
        ("other.com How Tides Turn", "other.com How Tides Turn"),
        ("Tidewatch How Tides Turn", "Tidewatch How Tides Turn"),
        ("tidewatch.com", "tidewatch.com"),
    ],
)
def test_the_site_domain_before_or_after_the_story_is_the_site(
    title: str, expected: str
) -> None:
    assert strip_site_name(title, {"tidewatch", "tidewatchcom"}) == expected


def test_visible_headline_beats_an_seo_headline_in_json_ld() -> None:
    html = page(
        ld({"@type": "NewsArticle", "headline": "Bridge plan: council vote explained SEO"})
        + '<meta property="og:title" content="Bridge plan: council vote explained SEO">',
        "<article><h1>Why the council finally said yes</h1>" + BODY + "</article>",
    )
    assert meta_of(html).headline == "Why the council finally said yes"


def test_no_h1_falls_back_to_og_title_without_suffix() -> None:
    html = page(
        '<meta property="og:title" content="Storm closes schools | Example Times">'
        '<meta property="og:site_name" content="Example Times">',
        BODY,
    )
    assert meta_of(html).headline == "Storm closes schools"


@pytest.mark.parametrize(
    ("og_title", "expected"),
    [
        # The structured headline cut mid-phrase at a length limit: og:title has it whole.
        ("Why the council said yes after a decade (And What Comes Next) | Example Times",
         "Why the council said yes after a decade (And What Comes Next)"),
        # A longer og:title that adds a subtitle after a separator is not the same title.
        ("Why the council said yes after a decade (And – a timeline | Example Times",
         "Why the council said yes after a decade (And"),
    ],
)  # fmt: skip
def test_a_structured_headline_cut_short_is_taken_whole_from_another_title(
    og_title: str, expected: str
) -> None:
    html = page(
        ld({"@type": "NewsArticle", "headline": "Why the council said yes after a decade (And"})
        + f'<meta property="og:title" content="{og_title}">'
        + '<meta property="og:site_name" content="Example Times">',
        BODY,
    )
    assert meta_of(html).headline == expected


def test_empty_h1_and_related_story_h1_are_not_the_headline() -> None:
    html = page(
        '<meta property="og:title" content="Storm closes schools across the county">',
        '<h1></h1><aside class="related"><h1>Ten recipes for autumn</h1></aside>' + BODY,
    )
    assert meta_of(html).headline == "Storm closes schools across the county"



def test_the_comments_heading_that_repeats_the_title_is_not_the_headline() -> None:
    title = "Council opens the new bridge to cyclists"
    html = page(
        f"<title>{title} - City Paper</title>",
        BODY + f'<div id="comments" class="comments-area"><h2 class="comments-title">'
        f"15 Replies to “{title}”</h2></div>",
    )
    assert meta_of(html).headline == title


def test_a_story_whose_class_mentions_comments_keeps_its_headline() -> None:
    title = "Council opens the new bridge to cyclists"
    html = page(
        f"<title>{title} | City Paper</title>",
        f'<article class="post has-comments"><h2>{title}</h2>{BODY}</article>',
    )
    assert meta_of(html).headline == title


def test_a_date_printed_inside_the_headline_is_not_part_of_it() -> None:
    html = page(
        "<title>Preparing a transition | Jo's blog</title>",
        '<h1><a href="/p"><time datetime="2025-12-18">Dec <span>18</span> 2025</time>'
        " Preparing a transition</a></h1>" + BODY,
    )
    assert meta_of(html).headline == "Preparing a transition"


def test_a_subdomain_title_names_the_site_by_its_registered_domain() -> None:
    html = page("<title>Game changer | Newegg.com</title>", BODY)
    meta = read_metadata(parse(html), "https://promotions.newegg.com/zotac/17-3454/")
    assert meta.headline == "Game changer"


def test_a_title_part_that_starts_the_site_name_is_the_site() -> None:
    html = page(
        '<title>Website Design Portfolio | Thrive Internet Marketing</title>'
        '<meta property="og:site_name" content="Thrive Internet Marketing Agency">',
        BODY,
    )
    assert meta_of(html).headline == "Website Design Portfolio"


def test_the_site_name_printed_in_the_h1_is_not_part_of_the_headline() -> None:
    html = page(
        '<meta property="og:title" content="Best art shows of the year – Example Times">'
        '<meta property="og:site_name" content="Example Times">',
        "<h1>Best art shows of the year – Example Times</h1>" + BODY,
    )
    assert meta_of(html).headline == "Best art shows of the year"


def test_a_visible_headline_keeps_its_own_last_words_after_a_dash() -> None:
    html = page(
        '<meta property="og:title" content="Rates rise again - what it means | Example Times">',
        "<h1>Rates rise again - what it means</h1>" + BODY,
    )
    assert meta_of(html).headline == "Rates rise again - what it means"


@pytest.mark.parametrize(
    ("h1", "title", "expected"),
    [
        # A tagline or a label the h1 adds after a separator, which the title tags leave out.
        ("Best movers in town 2025 | Top 19 companies", "Best movers in town 2025 | Example Times",
         "Best movers in town 2025"),
        ("How meditation changes the brain | Opinion", "How meditation changes the brain",
         "How meditation changes the brain"),
        ("Blog: Best movers in town 2025", "Best movers in town 2025", "Best movers in town 2025"),
        # An h1 set in capitals takes the title's letter case.
        ("TIPS FOR ONLINE SUCCESS", "Tips for Online Success", "Tips for Online Success"),
        # A headline whose own words go on without a separator stays whole.
        ("Rates rise again and again", "Rates rise again", "Rates rise again and again"),
        # A drop cap set in its own element splits a word when the h1's parts are joined.
        ("How AI cuts the planning <span class='cap'>C</span>ycle",
         "How AI cuts the planning Cycle", "How AI cuts the planning Cycle"),
        # The h1's own punctuation stays: title tags plainen dashes and quotes.
        ("Brains are not required—simple cells can do it",
         "Brains are not required--simple cells can do it",
         "Brains are not required—simple cells can do it"),
    ],
)  # fmt: skip
def test_the_headline_takes_the_form_the_title_tags_confirm(
    h1: str, title: str, expected: str
) -> None:
    html = page(
        f"<title>{title}</title><meta property='og:site_name' content='Example Times'>",
        f"<h1>{h1}</h1>" + BODY,
    )
    assert meta_of(html).headline == expected

@pytest.mark.parametrize(
    ("h1s", "title", "expected"),
    [
        # A section's or the navigation's label over a story the title tags name.
        (["Web Designs"], "Website Design Portfolio | Example Times", "Website Design Portfolio"),
        (["VPN Services"], "Private VPN service recommendations, no sponsors",
         "Private VPN service recommendations, no sponsors"),
        (["Day 7", "Day 8"], "Advent of Code 2025 week 2", "Advent of Code 2025 week 2"),
        # A story's own short headline: the title holds all its words.
        (["Climate Change"], "Climate Change | Economic Research Service", "Climate Change"),
        (["restaurant"], "RESTAURANT Definition & Meaning", "restaurant"),
        # A short news headline over a title that names no longer story.
        (["River floods town"], "Flood | Gazette", "River floods town"),
        # A longer h1 is the story's headline even when the title tags say it otherwise.
        (["Why the council finally said yes"], "Bridge plan: council vote explained",
         "Why the council finally said yes"),
        # A standfirst set in the h1, beside the story the titles name.
        (["Learn which home renovations pay back the most. Get expert tips on how to weigh "
          "the cost of each project against its return. We'll help you decide what to do "
          "first and what can wait."], "The 10 best home improvement projects of 2023",
         "The 10 best home improvement projects of 2023"),
        # No title to disagree with: the h1 stands.
        (["Web Designs"], "", "Web Designs"),
    ],
)  # fmt: skip
def test_an_h1_too_short_or_too_long_for_the_titles_story_is_not_it(
    h1s: list[str], title: str, expected: str
) -> None:
    html = page(
        f"<title>{title}</title><meta property='og:site_name' content='Example Times'>",
        "".join(f"<h1>{h1}</h1>" for h1 in h1s) + BODY,
    )
    assert meta_of(html).headline == expected


@pytest.mark.parametrize(
    ("h1", "expected"),
    [
        # A Markdown section heading with its own anchor: the story's title is elsewhere.
        ('<h1 id="love">But what they love is versatility<a class="anchor" href="#love"></a></h1>',
         "What do people love about Rust?"),
        # A link to another fragment does not make the headline a section.
        ('<h1 id="top"><a href="#comments">Why the council finally said yes</a></h1>',
         "Why the council finally said yes"),
    ],
)  # fmt: skip
def test_an_h1_linking_to_itself_is_a_section_of_the_body(h1: str, expected: str) -> None:
    html = page(
        "<title>What do people love about Rust? | Rust Blog</title>",
        f"<h2>What do people love about Rust?</h2>{h1}" + BODY,
    )
    assert meta_of(html).headline == expected


_OVERLAY = '<div class="subscribe-overlay"><h1>Subscribe to the Example Times today</h1></div>'


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # The story's title set over its lead image, inside a <figure>.
        ('<figure class="post-full-image"><header><h1>21 best movers in the city (2024)</h1>'
         f"</header></figure>{BODY}{_OVERLAY}", "21 best movers in the city (2024)"),
        # A figure inside a related-stories block is still that block's.
        ('<aside class="related"><figure><h1>Ten recipes for autumn</h1></figure></aside>'
         + BODY, "Hire the city's best movers this year"),
    ],
)  # fmt: skip
def test_a_headline_set_in_a_figure_is_the_story_s(markup: str, expected: str) -> None:
    html = page("<title>Hire the city's best movers this year</title>", markup)
    assert meta_of(html).headline == expected


@pytest.mark.parametrize(
    ("h1", "title", "expected"),
    [
        # The source and the comment count printed after the story's title.
        ('<span class="story-title"><a href="/s">Grads find their degrees no longer guarantee '
         'jobs</a> <span>(latimes.com)</span></span> <span class="bubble"><a href="#c">87</a>'
         "</span>", "Grads find their degrees no longer guarantee jobs - Example Times",
         "Grads find their degrees no longer guarantee jobs"),
        # A kicker in an element of its own before the story, which the title leaves out.
        ("<div>Get that tech stack</div><span>Klatch Coffee</span>",
         "Klatch Coffee | Shopify App Store", "Klatch Coffee"),
        # A subtitle the title holds too stays with the headline.
        ("What tutoring is not. <span>Choosing a good, effective tutor</span>",
         "What tutoring is not. - Choosing a good, effective tutor",
         "What tutoring is not. Choosing a good, effective tutor"),
        # The site's name after the story: only the first part of a title is the story.
        ("<span>Shopify App Store</span> <span>Coffee roasters we visited</span>",
         "Klatch Coffee | Shopify App Store", "Shopify App Store Coffee roasters we visited"),
    ],
)  # fmt: skip
def test_the_part_of_the_h1_that_the_title_gives_is_the_headline(
    h1: str, title: str, expected: str
) -> None:
    html = page(f"<title>{title}</title>", f"<h1>{h1}</h1>" + BODY)
    assert meta_of(html).headline == expected


@pytest.mark.parametrize(
    ("h1", "expected"),
    [
        ('<h1 class="sr-only">How to help toddlers sleep | Patient Education | UC Davis</h1>'
         '<h2 class="section-title">How to help toddlers sleep</h2>', "How to help toddlers sleep"),
        ('<h1 style="position:absolute;width:1px;clip:rect(0,0,0,0)">Tools for 2026 | SQL'
         " &amp;#x26; AI</h1>", "Tools for 2026 | SQL & AI"),
        # Hidden only on small screens, or a class that merely mentions it: still seen.
        ('<h1 class="title hidden-xs">Tools for 2026 on screen</h1>', "Tools for 2026 on screen"),
    ],
)  # fmt: skip
def test_a_heading_hidden_from_the_eye_is_not_the_headline(h1: str, expected: str) -> None:
    html = page(
        "<title>How to help toddlers sleep | Patient Education | UC Davis</title>"
        '<meta property="og:title" content="Tools for 2026 | SQL &amp; AI">',
        h1 + BODY,
    )
    assert meta_of(html).headline == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A related story's heading that happens to share the title's words comes after
        # the story's own h1.
        ('<h1>The best trails in Houston for biking</h1>' + BODY
         + '<aside class="related"><h1>Where to kayak and paddle in Houston</h1></aside>',
         "The best trails in Houston for biking"),
        # With no story h1 before it, an agreeing heading in a region so marked stays the
        # best reading (themes mark their page header "menu-hover" and the like).
        ('<header class="menu-hover"><h1>Where to bike in Houston</h1></header>' + BODY,
         "Where to bike in Houston"),
    ],
)  # fmt: skip
def test_an_agreeing_teaser_after_the_story_h1_is_not_the_headline(
    body: str, expected: str
) -> None:
    html = page("<title>Where to bike in Houston | Example Times</title>", body)
    assert meta_of(html).headline == expected


@pytest.mark.parametrize(
    ("article_class", "expected"),
    [
        # WordPress prints the post's categories and tags on its <article>: topics, not
        # regions ("recommendation" and "comments" are only the topics' names).
        ("post category-language-learning-recommendation tag-comments",
         "Top 10: the best language learning apps (tested)"),
        # A region's own class still marks it.
        ("related-posts", "Best apps to learn a language in 2025"),
    ],
)  # fmt: skip
def test_a_post_s_categories_and_tags_do_not_mark_a_region(
    article_class: str, expected: str
) -> None:
    html = page(
        "<title>Best apps to learn a language in 2025 – Top 10 Picks</title>",
        f'<article class="{article_class}"><h1>Top 10: the best language learning apps '
        f"(tested)</h1>{BODY}</article>",
    )
    assert meta_of(html).headline == expected


# --- authors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("admin", ()), ("q_admin", ()), ("Webmaster", ()), ("Staff", ()), ("Al Root", ("Al Root",))],
)
def test_a_cms_account_credited_in_json_ld_is_no_author(name: str, expected: tuple) -> None:
    author = {"@type": "Person", "name": name}
    html = page(ld({"@type": "NewsArticle", "headline": "A", "author": author}), BODY)
    assert tuple(meta_of(html).authors) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("page.head.extra.author", ()),  # a template variable nobody filled in
        ("{{ article.author }}", ()),
        ("${author}", ()),
        ("post.author.name", ()),
        ("sara.r.peter", ("sara.r.peter",)),  # a login as printed: not a template's path
        ("J.R.R. Tolkien", ("J.R.R. Tolkien",)),
    ],
)
def test_an_unrendered_template_value_in_the_author_meta_is_no_author(
    name: str, expected: tuple
) -> None:
    html = page(f'<meta name="author" content="{name}">', BODY)
    assert tuple(meta_of(html).authors) == expected


def test_json_ld_authors_in_a_graph_with_references() -> None:
    html = page(
        ld({"@context": "https://schema.org", "@graph": [
            {"@type": "NewsArticle", "headline": "A", "author": [{"@id": "#p1"}, {"@id": "#p2"}]},
            {"@type": "Person", "@id": "#p1", "name": "Jane Doe"},
            {"@type": "Person", "@id": "#p2", "name": "John Roe"},
        ]}),
        BODY,
    )
    assert meta_of(html).authors == ["Jane Doe", "John Roe"]


def test_visible_byline_wins_over_json_ld_and_is_kept_as_printed() -> None:
    html = page(
        ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Doe"}}),
        '<article><h1>Headline here</h1><div class="byline">By JANE DOE and JOHN ROE, '
        "Staff Writers</div>" + BODY + "</article>",
    )
    meta = meta_of(html)
    assert meta.authors == ["Jane Doe", "John Roe"]
    assert meta.byline == "By JANE DOE and JOHN ROE, Staff Writers"


def test_organisation_only_when_it_is_all_the_page_credits() -> None:
    only_org = page(ld({"@type": "NewsArticle", "author": {"@type": "Organization",
                                                             "name": "Example News"}}), BODY)
    assert meta_of(only_org).authors == ["Example News"]
    with_person = page(
        ld({"@type": "NewsArticle", "author": [{"@type": "Organization", "name": "Example News"},
                                              {"@type": "Person", "name": "Jane Doe"}]}),
        BODY,
    )  # fmt: skip
    assert meta_of(with_person).authors == ["Jane Doe"]


@pytest.mark.parametrize(("author", "authors"), [
    ({"@type": "Organization", "name": "Roe & Roe"}, ["Roe & Roe"]),  # one organisation
    ({"@type": "Organization", "name": "Acme (Widget Research)"}, ["Acme (Widget Research)"]),
    ({"@type": "Person", "name": "Jane Doe & John Roe"}, ["Jane Doe", "John Roe"]),
])  # fmt: skip
def test_a_json_ld_organisations_name_is_one_credit(author: dict, authors: list[str]) -> None:
    assert meta_of(page(ld({"@type": "NewsArticle", "author": author}), BODY)).authors == authors


def test_related_story_comment_and_photo_authors_are_not_credited() -> None:
    html = page(
        "",
        '<article><h1>Headline here</h1><p class="byline">By Jane Doe</p>'
        '<figure><img src="a.jpg"><figcaption><span class="author">Photo: Pat Lens</span>'
        "</figcaption></figure>" + BODY + "</article>"
        '<aside class="related"><span class="byline">By Rex Other</span></aside>'
        '<div id="comments"><span class="comment-author">Kim Commenter</span></div>',
    )
    assert meta_of(html).authors == ["Jane Doe"]


def test_only_related_authors_on_the_page_means_nobody() -> None:
    html = page(
        "",
        "<article><h1>Headline here</h1>" + BODY + "</article>"
        '<div class="related-stories"><span class="byline">By Rex Other</span></div>'
        '<section class="comments"><span class="author">Kim Commenter</span></section>',
    )
    assert meta_of(html).authors == []


def test_meta_author_is_the_last_resort_and_a_url_is_not_a_name() -> None:
    html = page(
        '<meta name="author" content="Jane Doe">'
        '<meta property="article:author" content="https://facebook.com/x">',
        BODY,
    )
    assert meta_of(html).authors == ["Jane Doe"]


# --- dates ----------------------------------------------------------------------------------


def test_published_and_modified_from_json_ld_keep_time_and_offset() -> None:
    html = page(
        ld([{"@type": "BreadcrumbList"}, {"@type": "NewsArticle", "headline": "A",
            "datePublished": "2019-11-19T07:03:00-05:00", "dateModified": "2019-11-20T01:00Z"}]),
        BODY,
    )  # fmt: skip
    meta = meta_of(html)
    assert meta.published == "2019-11-19T07:03:00-05:00"
    assert meta.modified == "2019-11-20T01:00Z"


def test_placeholder_json_ld_date_falls_through_to_the_next_source() -> None:
    html = page(
        ld({"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"})
        + '<meta property="article:published_time" content="2019-11-19T19:07:00+0000">',
        BODY,
    )
    assert meta_of(html).published == "2019-11-19T19:07:00+00:00"


def test_itemprop_and_time_datetime() -> None:
    itemprop = page("", '<time itemprop="datePublished" datetime="2018-04-18">Apr 18</time>')
    assert meta_of(itemprop).published == "2018-04-18"
    time_only = page("", "<article><h1>H</h1><time datetime='2019-11-19T11:45:59Z'>1 day ago"
                         "</time>" + BODY + "</article>")  # fmt: skip
    assert meta_of(time_only, None).published == "2019-11-19T11:45:59Z"


def test_url_path_date_before_printed_dates() -> None:
    html = page("", "<article><h1>H</h1>" + BODY + "</article>")
    assert meta_of(html, "https://x.example/2019/11/18/slug/").published == "2019-11-18"
    assert meta_of(html, "https://x.example/2019/nov/18/slug").published == "2019-11-18"


def test_visible_date_line_when_nothing_else_and_updated_stamp_skipped() -> None:
    html = page(
        "",
        '<article><h1>Headline here</h1><span class="updated-date">Updated Feb 1, 2019</span>'
        '<span class="date">Published Jan 29, 2018 at 8:59 pm</span>' + BODY + "</article>",
    )
    assert meta_of(html, None).published == "2018-01-29T20:59:00"


def test_day_first_numeric_dates_outside_us_english() -> None:
    html = page("", '<h1>Título da notícia</h1><p class="date">05/10/2018</p>', lang="pt-BR")
    assert meta_of(html, None).published == "2018-10-05"


def test_non_iso_json_ld_date_is_parsed() -> None:
    html = page(ld({"@type": "NewsArticle", "datePublished": "01:38:07 PM IST Nov 20, 2019"}))
    assert meta_of(html).published == "2019-11-20T13:38:07"


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2019-11-19", "2019-11-19"),
        ("2019-11-19 19:31:39", "2019-11-19T19:31:39"),
        ("2019-11-19T04:58:00.000Z", "2019-11-19T04:58:00.000Z"),
        ("2019-11-19T04:58+0530", "2019-11-19T04:58+05:30"),
        ("Tue, 19 Nov 2019 10:00:00 GMT", "2019-11-19T10:00:00Z"),
        ("November 19, 2019", "2019-11-19"),
        ("0001-01-01T00:00:00", None),
        ("2019-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_to_iso(value, iso) -> None:
    assert to_iso(value) == iso


def test_find_printed_in_other_languages() -> None:
    assert find_printed("publiziert am 30. Juli 2018") == "2018-07-30"
    assert find_printed("Posted on Maret 30, 2015 by Admin") == "2015-03-30"


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://x.example/2019/11/19/slug", "2019-11-19"),
        ("https://x.example/story/2019-11-19/slug", "2019-11-19"),
        ("https://x.example/2019/13/45/slug", None),
        ("https://x.example/2019/11/slug", None),
        ("https://x.example/blog/2023/october/03/slug", "2023-10-03"),
        ("https://x.example/2019/nov/19/slug", "2019-11-19"),
        ("https://x.example/2019/novel/19/slug", None),
        (None, None),
    ],
)
def test_from_url(url, day) -> None:
    assert from_url(url) == day


# --- the rest -------------------------------------------------------------------------------


def test_language_site_canonical_description_image() -> None:
    html = page(
        '<link rel="canonical" href="/news/story-1">'
        '<meta property="og:site_name" content="Example Times">'
        '<meta property="og:description" content="What happened.">'
        '<meta property="og:image" content="/img/lead.jpg">',
        BODY,
        lang="en-GB",
    )
    meta = meta_of(html, "https://news.example.com/news/story-1?utm=x")
    assert meta.language == "en-GB"
    assert meta.site_name == "Example Times"
    assert meta.canonical_url == "https://news.example.com/news/story-1"
    assert meta.description == "What happened."
    assert meta.image == "https://news.example.com/img/lead.jpg"


def test_language_from_og_locale() -> None:
    html = '<html><head><meta property="og:locale" content="pt_BR"></head><body></body></html>'
    assert meta_of(html).language == "pt-BR"


@pytest.mark.parametrize(
    "script",
    [
        "{not json",
        '{"@type": "NewsArticle", "author": 42, "datePublished": ["nonsense"]}',
        '[null, 1, "x", {"@graph": {"@type": "NewsArticle", "headline": ["A"]}}]',
        '{"@type": ["NewsArticle"], "author": [{"name": ["Jane Doe"]}], "image": {"url": 5}}',
    ],
)
def test_bad_json_ld_never_crashes(script: str) -> None:
    html = page(f'<script type="application/ld+json">{script}</script>', BODY)
    meta = meta_of(html)
    assert meta.published is None


# --- reconciled with the body (extract._build) ----------------------------------------------


def test_byline_date_and_dateline_leave_the_body(validate_record) -> None:
    html = page(
        ld({"@type": "NewsArticle", "datePublished": "2019-11-19T07:03:00Z"}),
        "<article><h1>Council backs bridge plan</h1>"
        "<p>By Jane Doe, Staff Writer</p><p>Updated November 19, 2019 5:50 PM</p>"
        "<p>PORTLAND, Ore. — The council voted on Tuesday to back the bridge plan after a "
        "long debate.</p><p>Work starts next year, officials said, and will last two years "
        "at least.</p></article>",
    )
    record = validate_record(extract(html, url="https://x.example/a").to_dict())
    assert record["authors"] == ["Jane Doe"]
    assert record["dateline"] == "PORTLAND, Ore."
    assert record["dateline_place"] == "Portland, Ore."
    assert record["dateline_agency"] is None
    assert record["body"].startswith("The council voted on Tuesday")
    assert "Jane Doe" not in record["body"] and "5:50" not in record["body"]
    assert record["published"] == "2019-11-19T07:03:00Z"


def test_false_dateline_stays_in_the_body(validate_record) -> None:
    html = page(
        "",
        "<article><h1>Launch delayed</h1><p>NASA said on Tuesday that the launch of the "
        "probe would slip by a week because of the weather.</p><p>UPDATE: The agency later "
        "confirmed the new date for the launch of the probe.</p></article>",
    )
    record = validate_record(extract(html).to_dict())
    assert record["dateline"] is None
    assert record["body"].startswith("NASA said on Tuesday")


@pytest.mark.parametrize("tag", ["h2", "h3", "p"])
def test_a_section_heading_that_reads_like_a_dateline_is_not_one(tag: str) -> None:
    # A travel story heads each section with its place: "PARIS, FRANCE" printed as a
    # heading is the section's title; the same words as a line of the story are a dateline.
    html = page("", f"<article><h1>Three cities</h1><{tag}>PARIS, FRANCE</{tag}>{BODY}</article>")
    article = extract(html)
    if tag == "p":
        assert article.dateline == "PARIS, FRANCE"
    else:
        assert article.dateline is None
        assert article.body.startswith("PARIS, FRANCE\n\nThe council voted")


def test_dateline_after_a_kicker_line() -> None:
    html = page(
        "",
        "<article><h1>Cat found</h1><p>Breaking News</p><p>SANTA FE, N.M. (AP) — A cat "
        "missing for five years has been found, the shelter said on Monday.</p></article>",
    )
    article = extract(html)
    assert (article.dateline, article.dateline_agency) == ("SANTA FE, N.M. (AP)", "AP")
    assert "(AP)" not in article.body


def test_logo_h1_linking_home_is_not_the_headline() -> None:
    html = page(
        "<title>Storm closes schools - Example Media</title>"
        '<meta property="og:site_name" content="Example Media">',
        '<div id="header"><a href="/"><h1>EM Online</h1></a></div>' + BODY,
    )
    assert meta_of(html).headline == "Storm closes schools"


@pytest.mark.parametrize(
    "logo",
    [
        "<h1><a href='/'>Jane's Notes</a></h1>",
        "<h1 class='site-title'><a href='https://news.example.com/'>Jane's Notes</a></h1>",
    ],
)
def test_the_home_link_h1_names_the_site_that_the_title_tag_repeats(logo: str) -> None:
    """No metadata names the site; the h1 linking home does, so the title tag's part that
    repeats it is no headline, nor is the h1 (although the title tag holds its words)."""
    html = page("<title>Storm closes schools | Jane's Notes</title>",
                logo + "<div class='post'><h2>Storm closes schools</h2>" + BODY + "</div>")
    assert meta_of(html).headline == "Storm closes schools"


def test_plain_byline_under_the_headline_gives_authors_and_date() -> None:
    html = page(
        "",
        "<article><h1>Ten tips to sleep better</h1><div>Written by <a href='/team'>Ana Ruiz, "
        "MS, RD</a> on November 14, 2019</div>" + BODY + "</article>",
    )
    meta = meta_of(html, None)
    assert meta.authors == ["Ana Ruiz"]
    assert meta.published == "2019-11-14"


def test_modified_time_is_never_the_published_time() -> None:
    html = page(
        ld({"@type": "NewsArticle", "dateModified": "2019-11-20T10:00:00Z"})
        + '<meta property="article:modified_time" content="2019-11-20T10:00:00Z">',
        BODY,
    )
    meta = meta_of(html, None)
    assert meta.published is None
    assert meta.modified == "2019-11-20T10:00:00Z"


def test_lead_image_path_is_the_last_resort_for_the_date() -> None:
    html = page('<meta property="og:image" content="https://x.example/photo/2018/08/25/a.jpg">',
                BODY)  # fmt: skip
    assert meta_of(html, None).published == "2018-08-25"


def test_printed_byline_keeps_the_credit_and_drops_stamps_and_buttons() -> None:
    html = page(
        "",
        '<article><h1>Headline here</h1><div class="byline">By <a href="/a">Jane Doe</a>, '
        "Staff Writer | Updated 2019-11-19T12:48:14Z | 5 min read | Share</div>"
        + BODY + "</article>",
    )
    meta = meta_of(html, None)
    assert meta.byline == "By Jane Doe, Staff Writer"
    assert meta.authors == ["Jane Doe"]


def test_broken_urls_in_the_page_or_the_argument_never_crash(validate_record) -> None:
    html = page(
        '<link rel="canonical" href="http://[broken"><meta property="og:image" content="http://[x">',
        '<h1><a href="http://[y">Storm closes schools</a></h1>' + BODY,
    )
    meta = meta_of(html, "http://[bad")
    assert meta.canonical_url is None and meta.image is None
    assert meta.headline == "Storm closes schools"
    validate_record(extract(html, url="http://[bad").to_dict())


def test_meta_author_naming_the_publisher_is_not_a_person() -> None:
    html = page(
        '<meta name="author" content="Conde Nast"><meta property="og:site_name" content="Wired">'
        + ld({"@type": "NewsArticle", "publisher": {"name": "Conde Nast"}}),
        BODY,
    )
    assert meta_of(html).authors == ["Conde Nast"]  # credited only as the organisation
    html_with_person = html.replace("</head>", '<meta name="byl" content="By Molly Wood"></head>')
    assert meta_of(html_with_person).authors == ["Molly Wood"]


STANDFIRST = "<p>The deal, worth billions, sets up a long fight with rivals over routes.</p>"
STORY = "<p>The airline said on Wednesday that it had signed the order after months of talks.</p>"


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("<p>DUBAI, United Arab Emirates — The airline signed.</p>", "DUBAI, United Arab Emirates"),
        ("<p>BAAR, SWITZERLAND</p>", "BAAR, SWITZERLAND"),
        ("<p>(Reuters) - The airline signed.</p>", "(Reuters)"),
        ("<p>Dubai – The airline signed.</p>", None),  # a weak form is only trusted first
        ("<p>Dubai, UAE: The airline signed.</p>", None),
    ],
)
def test_dateline_after_a_standfirst_only_in_its_strong_form(opening: str, dateline) -> None:
    html = page("", "<article><h1>Airline orders jets</h1>" + STANDFIRST + opening + STORY
                + "</article>")  # fmt: skip
    article = extract(html)
    assert article.dateline == dateline
    if dateline:
        assert dateline not in article.body


def test_the_json_ld_article_about_this_page_among_several() -> None:
    related = {"@type": "NewsArticle", "headline": "Other story", "url": "https://x.example/b",
               "datePublished": "2019-01-01", "author": {"name": "Rex Other"}}
    own = {"@type": "NewsArticle", "headline": "This story",
           "mainEntityOfPage": {"@id": "https://www.x.example/a/"},
           "datePublished": "2019-11-19", "author": {"name": "Jane Doe"}}  # fmt: skip
    html = page(ld([related, own]), BODY)
    meta = meta_of(html, "https://x.example/a?utm_source=feed")
    assert (meta.headline, meta.published, meta.authors) == ("This story", "2019-11-19",
                                                              ["Jane Doe"])


def test_every_benchmark_page_gives_a_valid_record(validate_record) -> None:
    """Real pages: dates always in the schema's ISO form, names never empty."""
    from conftest import BENCH, bench_page

    ids = sorted(p.name.split(".")[0] for p in (BENCH / "html").glob("*.html.gz"))
    if not ids:
        pytest.skip("../shared/bench is not beside this checkout")
    for page_id in ids:
        record = validate_record(extract(bench_page(page_id)).to_dict())
        assert all(name.strip() for name in record["authors"])


def test_todays_date_in_the_site_header_and_update_stamps_are_not_the_publication() -> None:
    html = page(
        "",
        '<header class="site-header"><time datetime="2026-11-25">Wednesday, Nov 25, 2026'
        "</time></header><article><h1>Storm closes schools</h1>"
        "<p>Updated Nov 20, 2019 · Published Nov 18, 2019</p>" + BODY + "</article>",
    )
    assert meta_of(html, None).published == "2019-11-18"
    no_story_date = page("", '<header><span class="date">Nov 25, 2026</span></header>' + BODY)
    assert meta_of(no_story_date, None).published is None


def test_one_scan_tells_json_ld_canonical_and_byline_elements_apart() -> None:
    # Meta tags, JSON-LD, the canonical link and byline candidates come from one query: a
    # script, link or meta matched by the byline selectors must not pass for the others.
    html = page(
        '<script class="author-widget">{"@type": "NewsArticle", "headline": "Not JSON-LD"}'
        "</script>"
        '<script type="Application/LD+JSON">{"@type": "NewsArticle", "headline": "Ld head",'
        ' "author": {"@type": "Person", "name": "Lena Ortiz"}}</script>'
        '<link rel="author" href="https://news.example.com/staff/">'
        '<link rel="Canonical" href="https://news.example.com/canonical-story">'
        '<meta itemprop="author">',
        '<article><p class="byline">By Maria Gomez</p>' + BODY + "</article>",
    )
    meta = meta_of(html)
    assert meta.canonical_url == "https://news.example.com/canonical-story"
    assert meta.headline == "Ld head"
    assert meta.authors == ["Maria Gomez"]


def test_a_section_name_inside_the_page_title_is_not_the_headline() -> None:
    html = page(
        '<title>Daily meditation may calm anxiety, study finds : Shots : Example Radio</title>'
        '<meta property="og:title" content="Daily meditation may calm anxiety, study finds">',
        "<header><h2>Shots</h2></header>"
        "<article><h1>Daily meditation may calm anxiety, study finds</h1>" + BODY + "</article>",
    )
    assert meta_of(html).headline == "Daily meditation may calm anxiety, study finds"


def test_an_h1_that_spells_the_domain_name_is_the_site_not_the_headline() -> None:
    html = page(
        "<title>Lessons Learned: The lean startup</title>"
        '<meta property="og:title" content="The lean startup">',
        "<h1>Lessons Learned</h1><article><h2>The lean startup</h2>" + BODY + "</article>",
    )
    meta = read_metadata(parse(html), "http://www.startuplessonslearned.com/2008/09/lean.html")
    assert meta.headline == "The lean startup"


def test_html_entities_in_title_tags_are_decoded() -> None:
    html = page(ld({"@type": "Article", "headline": "Rankings: Full &#038; Part Time"}), BODY)
    assert meta_of(html).headline == "Rankings: Full & Part Time"


def test_structured_data_confirms_which_printed_people_are_the_byline() -> None:
    html = page(
        ld({"@type": "Article", "author": {"@type": "Person", "name": "Jane Roe"}}),
        "<article><h1>Plan</h1><p class='byline'>By Jane Roe</p>" + BODY
        + "<div class='author-box'>John Poe</div></article>",
    )  # fmt: skip
    assert meta_of(html).authors == ["Jane Roe"]


def test_every_name_in_the_confirmed_byline_element_is_kept() -> None:
    html = page(
        ld({"@type": "Article", "author": {"@type": "Person", "name": "Ann Lee"}}),
        "<article><h1>Plan</h1><p class='byline'>By Ann Lee, Bob Stone and Carla Diaz</p>"
        + BODY + "</article>",
    )  # fmt: skip
    assert meta_of(html).authors == ["Ann Lee", "Bob Stone", "Carla Diaz"]


def test_without_structured_data_the_first_byline_element_is_the_byline() -> None:
    html = page(body="<article><h1>Plan</h1><p class='byline'>By Jane Roe</p>" + BODY
                + "<div class='author-card'>Reviewed: John Poe</div></article>")  # fmt: skip
    assert meta_of(html).authors == ["Jane Roe"]


def test_page_builder_widgets_and_date_author_lines_are_not_foreign() -> None:
    html = page(body="<div class='builder-widget-container'><h1>Plan</h1>"
                "<span class='post-date-author'>By Jane Roe</span></div>" + BODY)  # fmt: skip
    assert meta_of(html).authors == ["Jane Roe"]
    sidebar = page(body="<h1>Plan</h1>" + BODY + "<div class='widget'><span class='author'>"
                   "By John Poe</span></div>")  # fmt: skip
    assert meta_of(sidebar).authors == []


def test_by_line_under_the_story_headline_not_the_logo_and_inside_a_small_block() -> None:
    links = "".join(f"<a href='/s{i}'>Section {i}</a>" for i in range(8))
    html = page(body="<div class='top'><h1><a href='/'>Example Magazine</a></h1>" + links
                + "</div><main><h1>Plan passes</h1><div class='hero'><span>Photo: Pat Lens</span>"
                "<p>By Jane Roe</p></div>" + BODY + "</main>")  # fmt: skip
    meta = meta_of(html)
    assert (meta.headline, meta.authors) == ("Plan passes", ["Jane Roe"])


def test_an_aside_inside_the_article_holds_its_byline_one_outside_does_not() -> None:
    inside = page(body="<article><h1>Plan</h1><aside><address><a rel='author' href='/p/jr'>"
                  "Jane Roe</a></address></aside>" + BODY + "</article>")  # fmt: skip
    assert meta_of(inside).authors == ["Jane Roe"]
    outside = page(body="<article><h1>Plan</h1>" + BODY + "</article><aside><a rel='author' "
                   "href='/p/jp'>John Poe</a></aside>")  # fmt: skip
    assert meta_of(outside).authors == []


def test_a_credit_line_at_the_end_of_the_story_names_its_author() -> None:
    html = page(body="<article><h1>Plan</h1>" + BODY + "<p><em>This post was written by "
                "<a href='/p/vm'>Vera Mendes, MD</a>, gastroenterologist, Example Health.</em></p>"
                "</article>")  # fmt: skip
    assert meta_of(html).authors == ["Vera Mendes"]


def test_a_link_to_the_authors_archive_is_a_byline() -> None:
    html = page(body="<article><h1>Plan</h1><div class='meta'><span><a href='/authors/jane-roe'>"
                "Jane Roe</a></span></div>" + BODY + "</article>")  # fmt: skip
    assert meta_of(html).authors == ["Jane Roe"]


def test_a_dateline_whose_agency_sits_in_its_own_span() -> None:
    lead = ("<p><cite><span class='location'>Washington</span><span class='source'>CNN</span>"
            "</cite><span> — </span>The president said on Tuesday that the talks would go on "
            "for weeks to come.</p>")  # fmt: skip
    article = extract(page(body="<article><h1>Talks</h1>" + lead + BODY + "</article>"))
    assert (article.dateline, article.dateline_agency) == ("Washington CNN", "CNN")
    assert article.body.startswith("The president said")


def test_the_articles_own_footer_holds_its_byline_the_pages_footer_does_not() -> None:
    """HTML's <footer> of an <article> is where its author is printed; the page's is chrome."""
    inside = page(body="<article><h1>Plan</h1>" + BODY + "<footer class='meta'><div "
                  "class='author'><p class='name'><a href='/p/jr'>Jane Roe</a></p></div>"
                  "</footer></article>")  # fmt: skip
    assert meta_of(inside).authors == ["Jane Roe"]
    outside = page(body="<article><h1>Plan</h1>" + BODY + "</article><footer><div "
                   "class='author'><a href='/p/jp'>John Poe</a></div></footer>")  # fmt: skip
    assert meta_of(outside).authors == []


def test_a_class_on_main_does_not_make_the_story_chrome() -> None:
    """<main> is the page's main content by definition: a layout class on it ("main-nav",
    room left for the navigation bar) is not a navigation block; a <nav> inside it is."""
    story = "<h1>Plan</h1><div><p>Written by</p><p>Ana Ruiz</p></div>" + BODY
    assert meta_of(page(body=f"<main class='main-nav'>{story}</main>")).authors == ["Ana Ruiz"]
    in_nav = f"<main class='main-nav'><nav>{story}</nav></main>"
    assert meta_of(page(body=in_nav)).authors == []
    assert meta_of(page(body=f"<div class='main-nav'>{story}</div>")).authors == []


@pytest.mark.parametrize(("box", "authors"), [
    ("<h4>Jane Roe</h4><p>{bio}</p>", ["Jane Roe"]),
    ("<p>About the author</p><h4>Jane Roe</h4><p>{bio}</p>", ["Jane Roe"]),
    ("<p>{bio}</p><p>Jane Roe</p>", []),  # no name above the bio
])  # fmt: skip
def test_an_author_box_names_its_author_above_the_bio(box: str, authors: list[str]) -> None:
    bio = "Jane writes about gardens, cities and the people who keep them green. " * 6
    html = page(body="<article><h1>Plan</h1>" + BODY + "</article><div class='author-box'>"
                + box.format(bio=bio) + "</div>")  # fmt: skip
    assert meta_of(html).authors == authors


@pytest.mark.parametrize(("wrapper", "authors"), [
    ("under-menu", ["Ana Ruiz"]),  # placed under the menu: not the menu
    ("col-left with-sidebar", ["Ana Ruiz"]),
    ("has-nav", ["Ana Ruiz"]),
    ("post type-post tag-navigation category-comments", ["Ana Ruiz"]),  # the post's tags
    ("site-menu", []),
    ("page-sidebar", []),
])  # fmt: skip
def test_a_class_that_places_a_block_beside_chrome_is_not_chrome(wrapper, authors) -> None:
    html = page(body=f"<div class='{wrapper}'><h1>Plan</h1><div>by Ana Ruiz</div>{BODY}</div>")
    assert meta_of(html).authors == authors


def test_an_authors_bio_box_that_opens_with_the_credit_is_the_byline() -> None:
    box = ("<div class='author-bio'>This post was written by Ana Ruiz, Head of Marketing and "
           "Community Development</div>")  # fmt: skip
    html = page(body="<article><h1>Plan</h1>" + BODY + box + "</article>")
    assert meta_of(html).authors == ["Ana Ruiz"]
    bio = "<div class='author-bio'>Ana Ruiz writes about plans. Jo Doe edits her.</div>"
    assert meta_of(page(body="<article><h1>Plan</h1>" + BODY + bio + "</article>")).authors == []


def test_a_by_line_under_the_headline_five_wrappers_down() -> None:
    """Page builders wrap the byline deep, beside the story, under the headline."""
    deep = ("<div><section><div><div><div><div><p>By: Ana Ruiz</p></div><div>Share</div></div>"
            + BODY + "</div></div></section></div>")  # fmt: skip
    html = page(body="<h1>Plan</h1><p>November 3, 2023</p>" + deep)
    assert meta_of(html).authors == ["Ana Ruiz"]


@pytest.mark.parametrize(("footer", "authors"), [
    ("entry-footer", ["Ana Ruiz"]),  # the class restates the tag
    ("post-footer meta", ["Ana Ruiz"]),
    ("related-footer", []),  # a related story's credit
])  # fmt: skip
def test_the_storys_own_footer_is_read_whatever_its_class_restates(footer, authors) -> None:
    html = page(body=f"<article><h1>Plan</h1>{BODY}<footer class='{footer}'><span "
                "class='entry-author'>Posted By: Ana Ruiz</span></footer></article>")  # fmt: skip
    assert meta_of(html).authors == authors


def test_a_layout_of_the_story_and_a_sidebar_is_not_the_sidebar() -> None:
    story = f"<article><h1>Plan</h1><p class='byline'>By Ana Ruiz</p>{BODY}</article>"
    html = page(body=f"<div class='content-sidebar-wrap'>{story}</div>")
    assert meta_of(html).authors == ["Ana Ruiz"]
    assert meta_of(page(body=f"<div class='primary-sidebar'>{story}</div>")).authors == []


def test_a_credit_line_opening_a_story_that_no_article_or_main_marks() -> None:
    """The story is then the element that holds most of the page's paragraphs."""
    story = "<div class='dtl'><p>By <strong>Ana Ruiz</strong></p>" + BODY * 3 + "</div>"
    teaser = "<div class='list'><p>By Jo Doe</p><p>Another story.</p></div>"
    assert meta_of(page(body="<h2>Plan</h2>" + teaser + story)).authors == ["Ana Ruiz"]


@pytest.mark.parametrize(("attrs", "authors"), [
    ("id='content' class='sidebar_content'", ["Ana Ruiz"]),  # the content region's id
    ("id='primary' class='with-menu menu'", ["Ana Ruiz"]),
    ("class='sidebar_content'", []),
])  # fmt: skip
def test_the_content_regions_id_outweighs_its_layout_class(attrs: str, authors) -> None:
    story = f"<article><h1>Plan</h1><p><span class='author'>Ana Ruiz</span></p>{BODY}</article>"
    assert meta_of(page(body=f"<div {attrs}>{story}</div>")).authors == authors


def test_customers_testimonials_are_not_bylines() -> None:
    quotes = "".join(f"<div class='testimonial-author-wrapper'>{n}</div>"
                     for n in ("Stacey", "Lora D."))  # fmt: skip
    html = page(ld({"@type": "Article", "author": {"@type": "Person", "name": "Ana Ruiz"}}),
                "<article><h1>Plan</h1>" + BODY + "</article>" + quotes)
    assert meta_of(html).authors == ["Ana Ruiz"]


@pytest.mark.parametrize(("credited", "authors"), [
    ("Acmeware", ["Acmeware"]),  # the byline's credit, confirmed: the card is another post's
    ("Ana Ruiz", ["Ana Ruiz"]),
])  # fmt: skip
def test_the_credit_the_json_ld_confirms_wins_over_a_person_printed_elsewhere(credited, authors):
    html = page(ld({"@type": "Article", "author": {"@type": "Organization", "name": credited}}),
                "<article><h1>Plan</h1><div class='post-author'>Author Acmeware</div>" + BODY
                + "</article><div class='card-author'>Ana Ruiz March 3, 2024</div>")
    assert meta_of(html).authors == authors


_ACME = ld({"@type": "Article", "author": {"@type": "Organization", "name": "Acme Widgets"}})


@pytest.mark.parametrize(("head", "story", "after", "authors"), [
    # an author box after the story states who wrote it: the person, not the company
    (_ACME, "", "<div class='box'><h3>Written by Ana Ruiz</h3><p>Ana tests widgets.</p></div>",
     ["Ana Ruiz"]),
    ("", "", "<div><p>Authored by: Ana Ruiz</p></div>", ["Ana Ruiz"]),
    # the label in an element of its own, the name in the next
    ("", "", "<div><div>Written by</div><div>Ana Ruiz</div><p>Bio.</p></div>", ["Ana Ruiz"]),
    # a byline that credits only the company yields to the statement of authorship
    ("", "<p class='byline'>By Team Acme</p>", "<div><p>Written by Ana Ruiz</p></div>",
     ["Ana Ruiz"]),
    # not over a person the page already credits, nor from a related post or the chrome
    ("", "<p class='byline'>By Jo Doe</p>", "<div><p>Written by Ana Ruiz</p></div>",
     ["Jo Doe"]),
    (_ACME, "", "<aside class='related'><p>Written by Ana Ruiz</p></aside>", ["Acme Widgets"]),
    (_ACME, "", "<footer><p>Site written by Ana Ruiz</p></footer>", ["Acme Widgets"]),
    # "Posted by" names an account as often as a person: not a statement of authorship
    (_ACME, "", "<div><p>Posted by Ana Ruiz</p></div>", ["Acme Widgets"]),
])  # fmt: skip
def test_a_written_by_line_anywhere_names_the_author_the_markup_does_not(
    head: str, story: str, after: str, authors: list[str]
) -> None:
    html = page(head, f"<article><h1>Plan</h1>{story}{BODY * 8}</article>{after}")
    assert meta_of(html).authors == authors


@pytest.mark.parametrize(("html", "prints"), [
    ("<div><p>WRITTEN BY Ana Ruiz</p></div>", True),  # in any ASCII case, as the query reads
    ("<div><p>Authored By: Ana Ruiz</p></div>", True),
    ("<div><p>Posted by Ana Ruiz</p></div>", False),
    ("<div><p>Written</p><p>by Ana Ruiz</p></div>", False),  # no text holds both words
])  # fmt: skip
def test_the_written_by_query_runs_only_where_the_text_holds_the_words(
    html: str, prints: bool
) -> None:
    from cleannews.extraction.dom import parse
    from cleannews.extraction.metadata.authors import (
        _AUTHORSHIP_BLOCKS,
        _prints_authorship,
    )
    from cleannews.extraction.metadata.document import Document

    tree = parse(page(body=f"<article><h1>Plan</h1>{BODY}</article>{html}"))
    assert _prints_authorship(Document(tree, None)) is prints
    assert bool(tree.css(_AUTHORSHIP_BLOCKS)) is prints  # the gate never hides a match
    if prints:
        assert meta_of(page(body=f"<article><h1>Plan</h1>{BODY * 8}</article>{html}")).authors == [
            "Ana Ruiz"
        ]


@pytest.mark.parametrize(("marker", "text", "authors"), [
    ("author-description", "Licensed Coffee Grader, M.A. Journalism", []),  # credentials
    ("author-bio", "Licensed Coffee Grader, M.A. Journalism", []),
    ("author-name", "Ana Ruiz", ["Ana Ruiz"]),
    ("author-description", "Written by Ana Ruiz", ["Ana Ruiz"]),  # opens as a credit does
])  # fmt: skip
def test_an_authors_description_is_no_byline(marker: str, text: str, authors: list[str]) -> None:
    html = page(body=f"<article><h1>Plan</h1><p class='{marker}'>{text}</p>{BODY * 8}</article>")
    assert meta_of(html).authors == authors


@pytest.mark.parametrize(
    "html",
    [
        '<html lang="en-GB"><body><p>x</p></body></html>',
        "<p>No html tag written</p>",
        '<!-- a comment --><!DOCTYPE html><HTML LANG=" pt-BR "><body></body></HTML>',
        '<html><body><html lang="fr"><p>x</p></body></html>',  # merged into the root
        '<html lang="de"><body><svg><html lang="xx"></html></svg></body></html>',
        '<html lang=""><body></body></html>',
        "",
    ],
)
def test_the_page_language_tag_is_the_one_a_query_for_html_finds(html: str) -> None:
    """Document.html_lang reads the root element instead of querying for <html>."""
    tree = parse(html)
    assert Document(tree, None).html_lang() == attr(tree.css_first("html"), "lang")


@pytest.mark.parametrize(
    "raw",
    [
        '{"@type": "NewsArticle", "headline": "A"}',
        '[{"@type": "Person", "name": "B"}, {"@graph": [{"@type": "WebPage"}]}]',
        '{"headline": "tab\tand\nline breaks inside a string"}',  # strict=False allows them
        '\ufeff{"headline": "after a byte order mark"}',
        '  {"headline": "spaces around"}  ',
        '{"headline": "trailing"} garbage',
        "",
        "{broken",
        '"just a string"',
    ],
)
def test_json_ld_scripts_read_as_json_loads_reads_them(raw: str) -> None:
    """json_ld_objects keeps one decoder instead of json.loads(raw, strict=False): the same
    objects, and nothing where json.loads fails."""
    try:
        data = json.loads(raw, strict=False)
    except ValueError:
        assert list(json_ld_objects([raw])) == []
        return
    expected = data if isinstance(data, list) else [data]
    found = list(json_ld_objects([raw]))
    assert [o for o in found if "@graph" not in o] == [
        o for o in _flattened(expected) if "@graph" not in o
    ]


def _flattened(items: list) -> list:
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
            if "@graph" in item:
                out += _flattened(item["@graph"])
        elif isinstance(item, list):
            out += _flattened(item)
    return out
