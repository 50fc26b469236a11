"""Body extraction on small hand-written pages: what a story keeps and what it drops."""

from __future__ import annotations

import importlib

import pytest

import cleannews
from cleannews import ExtractOptions
from cleannews.extraction.body import extract_body, fallback_body
from cleannews.extraction.boilerplate import CLUTTER_PHRASE_ANYWHERE_WORDS, CLUTTER_PHRASES
from cleannews.extraction.dom import parse

STORY = [
    "The city council voted on Tuesday to expand the bus network, adding twelve routes that "
    "will connect the eastern suburbs with the hospital district for the first time.",
    "Council members said the plan, which costs about 40 million dollars over five years, "
    "would be paid for by a mix of state grants and a small increase in parking fees.",
    "Residents who spoke at the meeting were divided, with some praising the new routes and "
    "others warning that the parking fees would hurt shops in the old town centre.",
    "The first of the new routes is due to open in the spring, the transport office said, "
    "with the rest following in stages over the next two years as drivers are hired.",
]


def page(story_html: str, *, before: str = "", after: str = "", outside: str = "") -> str:
    """A news page: site chrome, a headline and byline, the story, and clutter where asked."""
    return f"""<!doctype html><html><head><title>Council expands bus network</title></head>
<body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a>
<a href="/sport">Sport</a></nav></header>
<main>
<article>
<h1>Council expands bus network</h1>
<div class="byline">By Jane Doe</div>
{before}
<div class="article-body">{story_html}</div>
{after}
</article>
{outside}
</main>
<footer class="site-footer"><p>Contact us at the newsroom any time of day or night, we
read every message that reaches us, and we answer as many as we can.</p></footer>
</body></html>"""


def paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


def body_of(html: str) -> str:
    return cleannews.extract(html, url="https://news.example/2024/05/bus").body


def test_keeps_every_story_paragraph_in_order():
    body = body_of(page(paragraphs(STORY)))
    assert body.split("\n\n") == STORY


def test_body_has_no_headline_byline_or_site_chrome():
    body = body_of(page(paragraphs(STORY)))
    assert "Council expands bus network" not in body
    assert "Jane Doe" not in body
    assert "Sport" not in body
    assert "Contact us" not in body


@pytest.mark.parametrize(
    "story_html, kept",
    [
        ("<h2>What happens next</h2>", "What happens next"),
        ("<ul><li>Route 4 to the hospital</li><li>Route 9 to the airport</li></ul>",
         "- Route 4 to the hospital\n- Route 9 to the airport"),
        ("<ol start='3'><li><p>Route 4</p></li><li>Route 9</li></ol>", "3. Route 4\n4. Route 9"),
        ("<blockquote><p>We have waited for this for years.</p></blockquote>",
         "We have waited for this for years."),
        ("<table><tr><th>Route</th><th>Opens</th></tr><tr><td>4</td><td>March</td></tr></table>",
         "| Route | Opens |\n| 4 | March |"),
        ("<p>It passed.</p>", "It passed."),
        ("<p>The plan follows <a href='/a'>a study by the university</a>, "
         "<a href='/b'>a petition signed by 5,000 residents</a> and "
         "<a href='/c'>last year's audit</a>.</p>", "a petition signed by 5,000 residents"),
    ],
    ids=[
        "heading", "list", "numbered-list", "blockquote", "table", "one-liner", "link-heavy-prose"
    ],
)  # fmt: skip
def test_keeps_story_parts(story_html, kept):
    html = page(paragraphs(STORY[:2]) + story_html + paragraphs(STORY[2:]))
    body = body_of(html)
    assert kept in body
    assert all(p in body for p in STORY)


def test_keeps_text_split_by_an_inline_ad():
    story = (
        paragraphs(STORY[:2])
        + '<div class="ad-slot"><span>Advertisement</span></div>'
        + paragraphs(STORY[2:])
    )
    body = body_of(page(story))
    assert body.split("\n\n") == STORY


def test_keeps_story_split_into_sibling_chunks():
    chunks = (
        f'<div class="chunk">{paragraphs(STORY[:2])}</div>'
        '<div class="inline-promo"><a href="/x">Get the app</a></div>'
        f'<div class="chunk">{paragraphs(STORY[2:])}</div>'
    )
    assert body_of(page(chunks)).split("\n\n") == STORY


GUIDE = [
    "Start with the tyres: check their pressure once a month and before long trips, with the "
    "tyres cold, and compare it with the figures printed inside the driver's door.",
    "Look at the tread as well. Worn tread grips the road badly in the wet, and most countries "
    "set a legal minimum depth that a simple gauge from any parts shop can measure.",
    "Oil keeps the engine's moving parts apart. Check the level on the dipstick every few "
    "weeks with the engine cold and the car on flat ground, and top it up when it is low.",
    "Change the oil and its filter as often as the handbook says: modern engines can go a "
    "long way between changes, but short trips in the cold wear the oil out sooner.",
    "Brakes warn you before they fail. A squeal, a grinding noise or a pedal that sinks "
    "further than it used to are all reasons to have a mechanic look at them soon.",
    "Brake fluid draws in water over the years, which lowers its boiling point, so most "
    "makers ask for it to be replaced every two years whatever the mileage.",
]


def test_keeps_a_guide_split_into_sections_with_figures_and_lists():
    # Each section is its own block with a heading, a captioned photo and a short checklist:
    # the story runs through all of them, not through the longest one alone.
    sections = "".join(
        f'<div class="section"><h2>Part {n}</h2>'
        f'<figure><img src="{n}.jpg"><figcaption>A photo for part {n} of this guide, showing '
        f"what to look for and where it sits on an ordinary family car.</figcaption></figure>"
        f'<div class="text">{paragraphs(GUIDE[2 * n : 2 * n + 2])}</div>'
        f"<ul><li>Every month</li><li>Before long trips</li><li>After a repair</li></ul></div>"
        for n in range(3)
    )
    body = body_of(page(sections)).split("\n\n")
    assert [p for p in body if p in GUIDE] == GUIDE
    assert "Part 2" in body and "- Every month\n- Before long trips\n- After a repair" in body
    assert not any("A photo for part" in p for p in body)


NOTICE = (
    "This website is operated by the publisher under the laws of the state where it is "
    "registered. Nothing on it is legal, medical or financial advice, and the publisher "
    "accepts no liability for decisions made on the strength of what it says, whether or not "
    "the article in question has been corrected since it first appeared online."
)


def test_a_standfirst_beside_the_story_is_not_part_of_it():
    standfirst = "Twelve new routes will link the eastern suburbs with the hospital district."
    html = page(paragraphs(STORY + GUIDE)).replace(
        '<div class="byline">', f'<div class="intro"><p>{standfirst}</p></div><div class="byline">'
    )
    assert body_of(html).split("\n\n") == STORY + GUIDE


def test_the_paragraph_that_opens_a_list_story_is_part_of_it():
    # A list article: one short introduction, then the list that holds most of the text.
    items = "".join(f"<li>{p} {p}</li>" for p in STORY + GUIDE)
    intro = "Eight things to know before the new bus routes open, from fares to night services."
    assert body_of(page(f"<p>{intro}</p><ol>{items}</ol>")).startswith(intro)


def test_widening_stops_at_the_article_that_holds_the_story():
    box = f'<div class="box"><p>{NOTICE}</p><p>{GUIDE[0]}</p></div>'
    assert body_of(page(paragraphs(STORY), outside=box)).split("\n\n") == STORY


def test_list_article_items_under_linked_names_are_the_story():
    # A "best of" list links each item's name; its long description is not a teaser summary.
    items = "".join(
        f'<div class="item"><h2><a href="/go/{n}">Item {n}</a></h2>'
        f"<p>{GUIDE[2 * n]} {GUIDE[2 * n + 1]}</p></div>"
        for n in range(3)
    )
    body = body_of(page(paragraphs(STORY[:1]) + items))
    assert all(f"{GUIDE[2 * n]} {GUIDE[2 * n + 1]}" in body for n in range(3))


def test_a_linked_heading_of_the_story_is_kept_and_a_list_of_linked_headings_is_not():
    items = "".join(f'<h3><a href="/go/{n}">Route {n} planner</a></h3><p>{STORY[n]}</p>'
                    for n in range(4))
    related = "".join(f'<li><h3><a href="/s/{n}">Other story {n}</a></h3></li>' for n in range(3))
    body = body_of(page(items + f"<ul>{related}</ul>"))
    assert "Route 0 planner" in body and "Route 3 planner" in body
    assert "Other story" not in body


@pytest.mark.parametrize("start", ["²", "9" * 5000, "-3", "x", ""])
def test_a_numbered_list_with_an_odd_start_counts_from_one(start):
    items = f"<ol start='{start}'><li>Route 4</li><li>Route 9</li></ol>"
    assert "1. Route 4\n2. Route 9" in body_of(page(paragraphs(STORY) + items))


def test_a_code_block_keeps_its_lines_and_its_highlighted_comments():
    code = (
        '<pre><code class="language-bash"><span class="hljs-comment"># start a repository'
        "</span>\ngit init\n\n<span class='hljs-comment'># see what changed</span>\ngit status"
        "</code></pre>"
    )
    body = body_of(page(paragraphs(STORY[:2]) + code + paragraphs(STORY[2:])))
    assert "# start a repository\ngit init\n# see what changed\ngit status" in body


def test_a_list_of_links_the_story_introduces_is_kept_and_a_labelled_one_is_not():
    routes = "".join(f'<li><a href="/routes/{n}">Route {n} to the hospital district</a></li>'
                     for n in (4, 9, 12))
    introduced = "<p>The transport office has put the timetables of the new routes online:</p>"
    body = body_of(page(paragraphs(STORY) + introduced + f"<ul>{routes}</ul>"))
    assert "- Route 4 to the hospital district\n- Route 9" in body
    body = body_of(page(paragraphs(STORY) + "<p>In this story:</p>" + f"<ul>{routes}</ul>"))
    assert "Route 4" not in body


def test_a_table_set_in_a_figure_is_part_of_the_story():
    table = (
        '<figure class="wp-block-table"><table><tr><th>Route</th><th>Opens</th></tr>'
        "<tr><td>4</td><td>March</td></tr></table><figcaption>Source: City Transport"
        "</figcaption></figure>"
    )
    body = body_of(page(paragraphs(STORY[:2]) + table + paragraphs(STORY[2:])))
    assert "| Route | Opens |\n| 4 | March |" in body and "Source" not in body


def test_a_quote_set_in_a_figure_is_part_of_the_story():
    quote = ("We have waited twenty years for a bus that goes to the hospital, and now we have "
             "three of them.")
    figure = (f'<figure class="wp-block-pullquote"><blockquote><p>{quote}</p></blockquote>'
              "<figcaption>Photo: City Transport</figcaption></figure>")
    body = body_of(page(paragraphs(STORY[:2]) + figure + paragraphs(STORY[2:])))
    assert quote in body and "City Transport" not in body


def test_paragraphs_wrapped_one_by_one_still_make_one_story():
    # Page builders wrap each paragraph in blocks of their own: the wrappers say nothing about
    # the story, so one compact box of text elsewhere must not outweigh it.
    wrapped = "".join(
        f'<div class="block"><div class="block-inner"><div class="text"><p>{p}</p></div></div>'
        "</div>"
        for p in STORY + GUIDE[:2]
    )
    column = f'<div class="column"><div class="notice"><p>{NOTICE}</p></div></div>'
    body = body_of(page(wrapped).replace("</main>", "</main>" + column))
    assert body.split("\n\n") == STORY + GUIDE[:2]


def test_a_story_in_cms_components_named_cmp_is_kept():
    # Adobe Experience Manager names every component "cmp-...": not a consent manager.
    chunks = "".join(f'<div class="cmp-text"><p>{p}</p></div>' for p in STORY)
    html = page(f'<div class="cmp-container">{chunks}</div>')
    assert extract_body(parse(html)) == STORY  # not the trafilatura fallback


def test_a_story_printed_once_per_screen_size_comes_out_once():
    # Page builders render the story once per breakpoint, in sibling variants.
    variants = "".join(
        f'<div class="ssr-variant v{n}"><div class="rich-text">{paragraphs(STORY)}</div></div>'
        for n in range(3)
    )
    assert body_of(page(variants)).split("\n\n") == STORY


def test_a_paragraph_the_story_repeats_is_kept_each_time():
    quote = f"<blockquote><p>{GUIDE[0]} {GUIDE[1]}</p></blockquote>"
    body = body_of(page(quote + paragraphs(STORY) + quote))
    assert body.count(GUIDE[0]) == 2
    # However long it is beside the rest: one paragraph is not a copy of the story.
    long = f"<p>{' '.join(GUIDE)}</p>"
    body = "\n\n".join(extract_body(parse(page(long + paragraphs(STORY[:1]) + long))))
    assert body.count(GUIDE[0]) == 2


def test_the_page_footer_never_holds_the_story_however_long():
    # <footer> alone is soft (some pages wrap a story in one); its id can say it is the page's.
    footer = f'<footer id="page-footer">{paragraphs(GUIDE)}</footer>'
    html = page(paragraphs(STORY[:2])).replace("</body>", footer + "</body>")
    assert body_of(html).split("\n\n") == STORY[:2]


def test_text_in_a_modal_dialog_is_not_the_story():
    modal = f'<div class="privacy-modal"><p>{NOTICE}</p><p>{NOTICE[::-1]}</p><p>{NOTICE}.</p></div>'
    html = page(paragraphs(STORY)).replace("</body>", modal + "</body>")
    assert body_of(html).split("\n\n") == STORY


CLUTTER = {
    "related": '<div class="related-stories"><h3>Related</h3><ul><li><a href="/1">Mayor '
    "resigns after vote</a></li><li><a href='/2'>Bridge closes for repairs</a></li></ul></div>",
    "you-might-like": "<section class='recommended'><h3>You might also like</h3><p><a href='/3'>"
    "Ten best parks in the city</a></p></section>",
    "most-read": '<aside class="most-read"><h3>Most read</h3><ol><li><a href="/4">Storm hits '
    "coast</a></li></ol></aside>",
    "newsletter": '<div class="newsletter-signup"><p>Sign up for our morning newsletter and get '
    "the day's news in your inbox.</p></div>",
    "call-to-action": '<div class="post-cta"><p>Planning a trip across town? Our route planner '
    "shows every connection in one place, free for thirty days.</p></div>",
    "disclaimer": '<div class="article-disclaimer"><p>The information in this article is general '
    "and no substitute for advice from a professional who knows your case.</p></div>",
    "likes": '<div class="post-likes"><h3>Like this:</h3><p>Be the first of our readers to like '
    "this story from the newsroom.</p></div>",
    "paywall-notice": '<div class="paywall-prompt"><p>Subscribe to continue reading.</p></div>',
    "share-bar": '<div class="share-tools"><a href="#">Facebook</a> <a href="#">Twitter</a> '
    '<a href="#">Email</a></div>',
    "comments": '<section id="comments"><h3>Comments</h3><div class="comment"><p>I think this '
    "is a terrible idea and the council should be ashamed of wasting money.</p></div></section>",
    "caption": '<figure><img src="bus.jpg"><figcaption>A new bus at the depot. Photo: City '
    "Transport</figcaption></figure>",
    "photo-credit": '<p class="photo-credit">Photo: John Smith / Agency</p>',
    "author-bio": '<div class="author-bio"><p>Jane Doe covers transport and city hall. She joined '
    "the paper in 2015 after ten years at a regional daily.</p></div>",
    "read-more": '<p><a href="/more">Read more: how the bus network grew</a></p>',
    "continue-reading": "<p>Continue reading</p>",
    "tags": '<ul class="tags"><li><a href="/t/transport">Transport</a></li>'
    '<li><a href="/t/council">Council</a></li></ul>',
    "breadcrumbs": '<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/local">'
    "Local</a></li></ol>",
    "cookie-banner": '<div id="cookie-consent"><p>We use cookies to improve your experience on '
    "our site. By continuing you agree to our cookie policy.</p></div>",
    "advertisement-label": "<p>Advertisement</p>",
    "video-crumbs": '<div class="video-player"><p>Now playing: Buses of the future</p>'
    "<span>02:14</span></div>",
}  # fmt: skip


@pytest.mark.parametrize("where", ["before", "middle", "after"])
@pytest.mark.parametrize("name", sorted(CLUTTER))
def test_drops_clutter(name, where):
    block = CLUTTER[name]
    if where == "middle":
        html = page(paragraphs(STORY[:2]) + block + paragraphs(STORY[2:]))
    else:
        html = page(paragraphs(STORY), **{where: block})
    body = body_of(html)
    assert body.split("\n\n") == STORY, body


def test_repeated_standfirst_appears_once():
    standfirst = f'<p class="standfirst">{STORY[0]}</p>'
    body = body_of(page(paragraphs(STORY), before=standfirst))
    assert body.count(STORY[0]) == 1
    assert body.split("\n\n") == STORY


def test_story_beats_longer_teaser_list_away_from_headline():
    teasers = "".join(
        f'<div class="card"><h3><a href="/s{i}">Story {i}</a></h3><p>{STORY[i % 4]} '
        f"More on this in story {i}.</p></div>"
        for i in range(8)
    )
    html = page(paragraphs(STORY), outside=f'<div class="river">{teasers}</div>')
    assert body_of(html).split("\n\n") == STORY


def test_teaser_cards_whose_headline_is_a_plain_link_are_not_the_story():
    # A card of a "trending" rail: a linked title or picture and a one-line summary.
    cards = "".join(
        f'<div class="card"><a href="/story/{i}"><img src="{i}.jpg"></a>'
        f"<div><a href='/story/{i}'>Story {i}</a><p>{GUIDE[i]}</p></div></div>"
        for i in range(4)
    )
    body = body_of(page(paragraphs(STORY), after=f'<div class="column">{cards}</div>'))
    assert body.split("\n\n") == STORY


def test_clutter_word_in_a_wrapper_that_holds_the_story_is_not_clutter():
    # A "paywall" container around the story's second half belongs to the story.
    story = paragraphs(STORY[:2]) + f'<div class="paywall">{paragraphs(STORY[2:])}</div>'
    assert body_of(page(story)).split("\n\n") == STORY


def test_an_id_made_from_a_heading_is_not_a_clutter_word():
    # Anchors for a table of contents are slugs of the headings: "how-popular-are-buses".
    section = (f'<section id="how-popular-are-the-new-routes"><h2>How popular are the new routes?'
               f"</h2>{paragraphs(STORY[3:])}</section>")
    body = body_of(page(paragraphs(STORY[:3]) + section))
    assert body.split("\n\n") == [*STORY[:3], "How popular are the new routes?", *STORY[3:]]


def test_state_modifier_classes_are_not_clutter():
    html = page(paragraphs(STORY)).replace("<main>", '<main class="has-comments with-sidebar">')
    assert body_of(html).split("\n\n") == STORY


def test_text_broken_by_br_only():
    story = "<div>" + "<br><br>".join(STORY) + "</div>"
    assert body_of(page(story)).split("\n\n") == STORY


@pytest.mark.parametrize("name", ["field field--label-hidden", "hidden-xs", "title-hidden"])
def test_a_class_that_hides_part_of_a_block_or_one_screen_size_is_not_hidden(name):
    story = paragraphs(STORY[:3]) + f'<div class="{name}">{paragraphs(STORY[3:])}</div>'
    assert body_of(page(story)).split("\n\n") == STORY


def test_a_block_whose_class_is_hidden_is_dropped():
    story = paragraphs(STORY) + '<p class="hidden">Text kept for robots, not for readers.</p>'
    assert "for robots" not in body_of(page(story))


def test_a_copy_hidden_from_view_and_screen_readers_is_dropped():
    # Some pages carry the story again as raw markdown for machines, hidden from everyone.
    raw = "# Council expands bus network\n\n" + "\n\n".join(f"_{p}_" for p in STORY)
    html = page(paragraphs(STORY), outside=f'<pre hidden aria-hidden="true">{raw}</pre>')
    assert body_of(html).split("\n\n") == STORY


def test_a_collapsed_accordion_panel_is_part_of_the_story():
    # Each step of a guide in a panel the reader opens: hidden until then, named by its button.
    panels = "".join(
        f'<h3><button id="step-{n}">Step {n}</button></h3><div role="region" '
        f'aria-labelledby="step-{n}" style="display:none"><p>{p}</p></div>'
        for n, p in enumerate(STORY[1:])
    )
    assert extract_body(parse(page(paragraphs(STORY[:1]) + panels))) == STORY


def test_hidden_text_is_dropped():
    story = paragraphs(STORY) + '<p style="display:none">Hidden tracking text for robots.</p>'
    assert "Hidden tracking" not in body_of(page(story))


def test_extract_body_on_a_page_without_prose_is_empty():
    tree = parse("<html><body><nav><a href='/'>Home</a></nav><p>Hi</p></body></html>")
    assert extract_body(tree) == []


def test_extract_body_is_deterministic():
    html = page(paragraphs(STORY), outside=CLUTTER["related"])
    assert extract_body(parse(html)) == extract_body(parse(html))


def test_fallback_reads_a_story_with_trafilatura():
    lines = fallback_body(page(paragraphs(STORY)))
    assert STORY[0] in lines and STORY[3] in lines


def test_fallback_refuses_a_list_of_links():
    links = "".join(f'<li><a href="/s/{i}">Headline of story {i}</a></li>' for i in range(40))
    assert fallback_body(f"<html><body><ul>{links}</ul></body></html>") == []


def test_fallback_runs_only_when_cleannews_finds_nothing(monkeypatch):
    pipeline = importlib.import_module("cleannews.extraction.article")
    html = page(paragraphs(STORY))
    monkeypatch.setattr(pipeline, "extract_body", lambda tree, *rest: [])
    assert STORY[1] in cleannews.extract(html).body
    assert cleannews.extract(html, options=ExtractOptions(fallback=False)).body == ""
    too_large = ExtractOptions(fallback_max_chars=len(html) - 1)
    assert cleannews.extract(html, options=too_large).body == ""


def test_a_large_page_of_short_lines_is_not_handed_to_the_fallback(monkeypatch):
    """No prose, 3.7 MB of one-line paragraphs: trafilatura would take tens of seconds."""
    pipeline = importlib.import_module("cleannews.extraction.article")
    asked: list[int] = []
    monkeypatch.setattr(pipeline, "fallback_body",
                        lambda html, deadline=None: asked.append(len(html)) or [])
    lines = "".join(f"<p>Line {i} is short.</p>" for i in range(150_000))
    article = cleannews.extract(f"<html><body><article>{lines}</article></body></html>")
    assert article.body == "" and asked == []
    cleannews.extract("<html><body><article><p>Line 1 is short.</p></article></body></html>")
    assert len(asked) == 1  # a small page without prose is still handed over


@pytest.mark.parametrize(
    ("embed", "kept"),
    [("twitter-tweet", True), ("instagram-media", True), ("tiktok-embed", True),
     ("reddit-card", True), ("bluesky-embed", True), ("tiktok-embed-promo", False)],
)  # fmt: skip
def test_keeps_a_quoted_social_post_inside_a_widget_wrapper(embed: str, kept: bool) -> None:
    post = (
        f'<div class="article-widget embed"><blockquote class="quote {embed}"><p>The new routes '
        "are a great start for the east side.</p>&mdash; Riders (@riders)</blockquote></div>"
    )
    body = body_of(page(paragraphs(STORY[:2]) + post + paragraphs(STORY[2:])))
    assert ("The new routes are a great start for the east side." in body) is kept


def test_keeps_table_rows_whose_class_names_a_player():
    table = (
        "<table><tr><th>Pos</th><th>Driver</th><th>Points</th></tr>"
        '<tr class="oddrow player-58"><td>1</td><td>Ann Lee</td><td>5040</td></tr>'
        '<tr class="evenrow player-12"><td>2</td><td>Bo Kim</td><td>5035</td></tr></table>'
    )
    body = body_of(page(paragraphs(STORY) + table))
    assert "| 1 | Ann Lee | 5040 |\n| 2 | Bo Kim | 5035 |" in body


def test_phrases_that_may_begin_anywhere_each_need_one_of_the_words_that_admit_them():
    # Such a phrase is tried only on a line holding one of the words: each must name one.
    anywhere = [p for ps in CLUTTER_PHRASES.values() for p in ps if p[0] == "."]
    assert anywhere
    for pattern in anywhere:
        assert any(word in pattern for word in CLUTTER_PHRASE_ANYWHERE_WORDS), pattern


@pytest.mark.parametrize("line", [
    "Sign up for our free newsletter today", "We use cookies to improve your experience.",
    "Jane Roe contributed to this report.", "© 2024 The Daily. All rights reserved.",
])
def test_phrases_that_may_begin_anywhere_still_drop_their_lines(line):
    body = body_of(page(paragraphs(STORY[:2]) + f"<p>{line}</p>" + paragraphs(STORY[2:])))
    assert body.split("\n\n") == STORY


def test_a_paragraph_with_nothing_visible_in_it_is_no_paragraph():
    # Page builders fill their spacer paragraphs with a zero-width joiner or space.
    filler = "<p>\u200d</p><p>\u200b \ufeff</p>"
    body = body_of(page(paragraphs(STORY[:2]) + filler + paragraphs(STORY[2:])))
    assert body.split("\n\n") == STORY


def test_a_zero_width_non_joiner_inside_a_word_stays():
    word = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # Persian spells it so
    story = [STORY[0], f"Residents chanted {word} outside the hall. " + STORY[1], *STORY[2:]]
    assert word in body_of(page(paragraphs(story)))


BIO = (
    "Jane Doe has covered the city's transport and planning for the paper since 2012, and "
    "before that reported on local courts and schools for a regional weekly."
)


def streamed_page(article: str, segments: str) -> str:
    """A page rendered by React's streaming server: placeholders in the story where its
    slow parts belong, the parts themselves hidden at the end of the body."""
    return f"""<!doctype html><html><head><title>Council expands bus network</title></head>
<body><main><article><h1>Council expands bus network</h1>{article}
<div class="author-note"><p>{BIO}</p></div></article></main>
<footer class="site-footer"><p>Contact us at the newsroom.</p></footer>
{segments}</body></html>"""


def test_a_story_streamed_into_its_placeholders_is_read_there():
    # Each paragraph is a part of its own, sent in the order it was ready.
    placeholders = "".join(
        f"<!--$?--><template id=\"B:{n}\"></template><div>Loading paragraph...</div><!--/$-->"
        for n in range(len(STORY))
    )
    parts = "".join(
        f'<div hidden id="S:{n}"><p>{STORY[n]}</p></div>' for n in reversed(range(len(STORY)))
    )
    html = streamed_page(f'<div class="story">{placeholders}</div>', parts)
    assert body_of(html).split("\n\n") == STORY


def test_a_streamed_part_is_placed_whatever_the_order_of_its_attributes():
    # Found as an element, not as React's exact markup: a page re-serialised by a proxy or
    # a tool that reorders attributes keeps its story in place.
    html = streamed_page(
        f'<div class="story">{paragraphs(STORY[:1])}<!--$?--><template id="B:0"></template>'
        f"<div>Loading...</div><!--/$-->{paragraphs(STORY[3:])}</div>",
        f'<div id="S:0" hidden="">{paragraphs(STORY[1:3])}</div>',
    )
    assert body_of(html).split("\n\n") == STORY


def test_streamed_parts_nested_in_streamed_parts_are_placed_in_order():
    # The first part holds a bare placeholder for a part that was sent later still.
    html = streamed_page(
        '<div class="story"><!--$?--><template id="B:0"></template><!--/$--></div>',
        f'<div hidden id="S:1">{paragraphs(STORY[2:])}</div>'
        f'<div hidden id="S:0">{paragraphs(STORY[:2])}<div><template id="P:1"></template>'
        "</div></div>",
    )
    assert body_of(html).split("\n\n") == STORY


def test_a_placeholder_inside_its_own_streamed_part_is_left_alone():
    html = streamed_page(
        "", f'<div hidden id="S:0">{paragraphs(STORY)}<template id="P:0"></template></div>'
    )
    body_of(html)  # no cycle in the tree: extraction ends


def test_streamed_parts_that_hold_each_other_s_placeholders_end():
    html = streamed_page(
        '<template id="B:0"></template>',
        f'<div hidden id="S:0">{paragraphs(STORY[:2])}<template id="P:1"></template></div>'
        f'<div hidden id="S:1">{paragraphs(STORY[2:])}<template id="P:0"></template></div>',
    )
    assert STORY[0] in body_of(html)


def test_a_wrapper_named_after_the_footer_it_pushes_down_still_holds_the_story():
    # Layouts wrap the whole page in a "sticky footer" wrapper: a strict clutter word around
    # nearly all the page's prose is not a footer, nor a comment thread.
    html = page(paragraphs(STORY), after='<div class="comments"><p>Nice.</p></div>')
    wrapped = html.replace("<main>", '<div class="flex-wrap-footer"><main>').replace(
        "</main>", "</main></div>"
    )
    assert extract_body(parse(wrapped)) == STORY  # the body step itself: no fallback


def test_a_comment_thread_holding_nearly_all_the_prose_is_still_dropped():
    # It follows the story: it does not hold the story's first paragraph.
    said = " I have said so at every meeting."
    comments = "".join(f"<li><p>{text}{said}</p></li>" for text in STORY * 3)
    thread = f'<section class="comments"><ol>{comments}</ol></section>'
    assert body_of(page(paragraphs(STORY[:2]), outside=thread)).split("\n\n") == STORY[:2]


def test_a_story_built_of_page_builder_widgets_keeps_every_widget():
    # The page builder wraps each block of the story in its "widget" classes, numbered per
    # block; a sidebar of the theme's own widgets stays out.
    def widget(n: int, inner: str) -> str:
        return (
            f'<div class="pb-widget pb-widget-text pb-widget-{n}">'
            f'<div class="pb-widget-container">{inner}</div></div>'
        )

    sidebar = (
        '<div class="widget widget_recent"><p>Our most read story this week is about the '
        "new parking fees in the old town centre, and what shops say about them.</p></div>"
    )
    html = f"""<html><head><title>Council expands bus network</title></head><body><main>
<h1>Council expands bus network</h1><div class="pb-section">
{widget(1, paragraphs(STORY[:2]))}{widget(2, "<h2>What comes next</h2>" + paragraphs(STORY[2:3]))}
{widget(3, paragraphs(STORY[3:]))}</div></main><div class="sidebar">{sidebar}</div></body></html>"""
    assert body_of(html).split("\n\n") == [*STORY[:2], "What comes next", *STORY[2:]]


def test_a_grid_of_post_excerpts_after_the_story_is_dropped():
    # Each card links its post twice (picture and title); its excerpt runs to fifty words.
    excerpt = (
        "The harbour authority has approved the long-delayed plan to dredge the eastern "
        "channel, opening the port to larger ships for the first time in decades. Work is due "
        "to start in the autumn and last two years, and fishermen worry about the noise, the "
        "silt and the closures of the old quay during the busiest months of the season, which"
    )
    card = (
        '<div class="post-card"><a href="/2024/05/harbour"><img src="h.jpg" alt=""></a>'
        '<div class="copy"><h3><a href="/2024/05/harbour">Harbour dredging approved</a></h3>'
        f"<p>{excerpt}</p></div></div>"
    )
    grid = f'<div class="post-grid">{card * 3}</div>'
    assert body_of(page(paragraphs(STORY), after=grid)).split("\n\n") == STORY


def test_a_listing_page_keeps_its_cards():
    # A catalogue: a line of its own, then cards that each link to a course. With less
    # prose of its own than its cards hold, the cards are the page's content.
    courses = ["HTML", "CSS", "JavaScript", "Accessibility", "Performance", "Privacy"]
    cards = "".join(
        f'<div class="card"><h3><a href="/learn/{name.lower()}">Learn {name}</a></h3>'
        f"<p>A course on {name} for developers, from the first steps to expert level.</p>"
        "</div>"
        for name in courses
    )
    html = f"""<html><head><title>Learn web development</title></head><body><main>
<div class="hero"><h1>Learn web development</h1><p>Explore our growing collection of courses
on key web design and development subjects.</p></div>
<div class="cards">{cards}</div></main></body></html>"""
    body = body_of(html)
    for name in courses:
        assert f"A course on {name} for developers, from the first steps to expert level." in body


def test_a_story_with_more_teaser_prose_than_its_own_keeps_its_teasers_out():
    # A real story is longer than a listing's line of its own: its teasers stay teasers.
    teasers = "".join(
        f'<div class="card"><h3><a href="/2024/05/story-{n}">Another story {n}</a></h3>'
        f"<p>{STORY[n % 4][:150]}</p></div>"
        for n in range(8)
    )
    assert body_of(page(paragraphs(STORY), after=teasers)).split("\n\n") == STORY


def test_widgets_inside_the_story_block_are_the_story_s():
    # The story's editor sets some blocks in widgets: the first holds most of the prose
    # around it and is kept; the same widget class on a shorter block is the story's too.
    more = [
        "Bus drivers will get a new depot on the ring road, the transport office added, which "
        "is due to open a month before the first of the new routes starts running.",
        "The council will publish the timetables for all twelve routes in the winter, after a "
        "last round of talks with the hospital and the schools along the way.",
    ]
    story = (
        paragraphs(STORY[:2])
        + f'<div class="ck-widget row">{paragraphs(STORY[2:] + more[:1])}</div>'
        + f'<div class="ck-widget row">{paragraphs(more[1:])}</div>'
    )
    assert body_of(page(story)).split("\n\n") == STORY + more


@pytest.mark.parametrize(
    "card",
    [
        '<div id="card"><p id="summary">A summary with <a href="/in">a link</a> inside.</p></div>',
        '<div id="card"><p id="summary">A summary.</p><a href="/story">Read more</a></div>',
        '<div id="card"><h3><a>Unlinked anchor</a></h3><p id="summary">A summary.</p></div>',
        '<div id="card"><a><h3>Heading in an anchor</h3></a><p id="summary">A summary.</p></div>',
        '<h2><div id="card"><p id="summary">In a heading <a>with an anchor</a>.</p></div></h2>',
        '<a><div id="card"><h4>A heading</h4><p id="summary">In an anchor.</p></div></a>',
        '<div id="card"><h3>Plain heading</h3><p id="summary">A plain summary.</p></div>',
        '<h2><a id="card"><p id="summary">A card that is an anchor.</p></a></h2>',
        '<div id="card"><svg><a><text>a drawing</text></a></svg><p id="summary">S.</p></div>',
        '<div id="card"><svg><a xlink:href="/s"><text>Pic</text></a></svg><p id="summary">S.</p>'
        "</div>",
        '<div id="card"><a xlink:href="/s">HTML anchor</a><p id="summary">S.</p></div>',
    ],
)
def test_a_teaser_card_is_read_as_the_selectors_it_replaced_read_it(card):
    # The card's links and headings are found in one walk; the answer is the one the CSS
    # queries gave: a link outside the summary, or a link in a heading or a heading in a
    # link, wherever the other one sits.
    from cleannews.extraction.body import _links_elsewhere

    tree = parse(f"<html><body><main>{card}</main></body></html>")
    node, summary = tree.css_first("#card"), tree.css_first("#summary")
    outside = any(not _inside(link, summary) for link in node.css("a[href]"))
    linked = node.css_first("h2 a, h3 a, h4 a, h5 a, h6 a, a h2, a h3, a h4, a h5, a h6")
    assert _links_elsewhere(node, summary) == (outside or linked is not None)


def _inside(node, ancestor) -> bool:
    while node is not None:
        if node.mem_id == ancestor.mem_id:
            return True
        node = node.parent
    return False


@pytest.mark.parametrize(
    ("links", "repeats"),
    [
        ('<a href="/a">A</a><a href="/b">B</a>', False),
        ('<a href="/a">A</a><p>Text <a href="/a">again</a></p>', True),
        ('<a href="#top">A</a><a href="#top">B</a><a href="">C</a><a href="">D</a>', False),
        ('<svg><a xlink:href="/a"><text>A</text></a><a xlink:href="/a"></a></svg>', False),
    ],
)
def test_a_post_excerpt_is_known_by_a_link_it_repeats(links, repeats):
    from cleannews.extraction.body import _repeats_link

    tree = parse(f'<html><body><div id="card">{links}<p>An excerpt.</p></div></body></html>')
    assert _repeats_link(tree.css_first("#card")) is repeats


def test_tag_ids_are_those_of_parsed_elements_and_only_lexbors_own():
    # The text-block walk compares ids, not names: an id must be the one a parsed element
    # carries, and a name lexbor does not know (its id is made up per document) is refused.
    from cleannews.extraction.body import _tag_ids

    tree = parse("<body><div><p><a href='/'>x</a></p><script>1</script><svg></svg></div></body>")
    for name in ("div", "p", "a", "script", "svg", "body"):
        assert _tag_ids(frozenset({name})) == {tree.css_first(name).tag_id}
    with pytest.raises(ValueError):
        _tag_ids(frozenset({"p", "x-card"}))
