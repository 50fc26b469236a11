"""explain(): the same record as extract(), with every block's verdict and every field's source."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

import cleannews
from cleannews.extraction.explain import VERDICTS, explain
from cleannews.report import render_html, render_json

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "afp-iran-twitter" / "source.html"

STORY = [
    "Residents in the northern districts said the wind tore roofs from houses and "
    "brought down trees across several main roads overnight.",
    "The national weather service said gusts reached 140 kilometres an hour at the "
    "harbour, the strongest recorded there in more than twenty years.",
    "Emergency crews worked through the night to clear the roads and restore power, "
    "and officials said most homes should be reconnected by Wednesday.",
]
LEAD = "A powerful storm battered the coast on Monday, cutting power to thousands of homes."
PAGE = f"""<!DOCTYPE html><html lang="en"><head>
<title>Big storm hits the coast | Daily Planet</title>
<meta property="og:title" content="Big storm hits the coast">
<script type="application/ld+json">{{"@type": "NewsArticle",
 "headline": "Big storm hits the coast", "datePublished": "2024-03-04T08:00:00Z",
 "author": {{"@type": "Person", "name": "Jane Doe"}}}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Big storm hits the coast</h1>
<div class="story">
<p class="standfirst">{LEAD}</p>
<p>By Jane Doe</p>
<p>LISBON (Reuters) — {STORY[0]}</p>
<p>{LEAD}</p>
<p>{STORY[1]}</p>
<figure><img src="a.jpg">
<figcaption>Waves crash over the sea wall in the old town.</figcaption></figure>
<div class="share-bar"><a href="/s">Share on Facebook</a></div>
<p>{STORY[2]}</p>
<p>You might also like</p>
<p><a href="/a">Storm season</a> | <a href="/b">Weather</a> | <a href="/c">Coast</a></p>
</div>
</article>
<section class="more">
<div class="card"><h3><a href="/other">Floods in the valley</a></h3>
<p>Rivers burst their banks after a week of heavy rain in the valley towns.</p></div>
<div class="card"><h3><a href="/other2">Snow in the hills</a></h3>
<p>The first snow of the season closed two mountain passes on Sunday night.</p></div>
</section>
<div class="box"><p>Daily Planet is printed in Metropolis.</p></div>
<footer><p>Contact the newsroom</p></footer>
</body></html>"""
URL = "https://www.dailyplanet.example/news/storm"


def _verdicts(report):
    return [(b.verdict, b.text) for b in report.blocks]


def _find(report, start):
    return next(b for b in report.blocks if b.text.startswith(start))


def test_each_verdict_kind_on_a_hand_made_page():
    report = explain(PAGE, url=URL)
    assert report.article == cleannews.extract(PAGE, url=URL)
    assert {b.verdict for b in report.blocks} == set(VERDICTS)
    assert _find(report, "Home World").verdict == "clutter"
    assert _find(report, "Big storm").verdict == "headline"
    assert _find(report, "By Jane Doe").verdict == "byline"
    dateline = _find(report, "LISBON (Reuters)")
    assert dateline.verdict == "dateline" and "LISBON (Reuters)" in dateline.reason
    standfirst = [b for b in report.blocks if b.text.startswith("A powerful storm")]
    assert [b.verdict for b in standfirst] == ["body", "duplicate"]
    assert _find(report, "Waves crash").verdict == "caption"
    share = _find(report, "Share on Facebook")
    assert (share.verdict, share.reason) == ("clutter", "class word: share")
    phrase = _find(report, "You might also like")
    assert (phrase.verdict, phrase.reason) == ("clutter", "phrase group: read_more")
    assert _find(report, "Storm season").verdict == "links"
    assert _find(report, "Rivers burst").verdict == "teaser"
    assert _find(report, "Daily Planet is printed").verdict == "outside"
    assert _find(report, "Contact the newsroom").verdict == "clutter"


def test_blocks_are_in_document_order_and_body_blocks_are_the_body():
    report = explain(PAGE, url=URL)
    at = 0
    for block in report.blocks:  # each block's first words are found after the previous one's
        at = PAGE.index(block.text.split()[0], at)
    kept = [b.text for b in report.blocks if b.verdict == "body"]
    body = report.article.body.split("\n\n")
    assert kept == [body[0], *body[2:]]  # the dateline block keeps body[1] after its dateline
    assert body[1] == STORY[0]


def test_blocks_carry_paths_scores_and_a_rule_that_would_change_them():
    report = explain(PAGE, url=URL)
    kept = _find(report, "The national weather")
    assert kept.path == "body > article > div.story > p"
    assert kept.scores["chars"] == len(kept.text) and kept.scores["link_density"] == 0
    assert kept.rule == ('[[rule]]\nmatch = "dailyplanet.example"\n'
                         'drop = ["body > article > div.story > p"]\n')
    outside = _find(report, "Daily Planet is printed")
    assert outside.rule.endswith('body = "body"\n') is False  # never the whole page
    assert report.container == ("body > article > div.story",)
    assert report.candidates[0][0] == "body > article > div.story"


def test_fields_name_their_source_and_the_candidates_that_lost():
    fields = {f.name: f for f in explain(PAGE, url=URL).fields}
    assert fields["headline"].value == "Big storm hits the coast"
    assert fields["headline"].source == "visible <h1>"
    assert {c.source for c in fields["headline"].others} >= {"JSON-LD headline", "<title>"}
    assert fields["published"].source == "JSON-LD datePublished"
    assert fields["authors"].value == ["Jane Doe"]
    assert fields["dateline"].source == "the first lines of the story text"
    assert fields["language"].source == "<html lang>"


def test_sample_report_data():
    html = SAMPLE.read_bytes()
    report = explain(html)
    assert report.article == cleannews.extract(html)
    counts = report.counts()
    assert counts["body"] >= 15 and counts["dateline"] == 1 and counts["byline"] == 1
    related = _find(report, "You might also like")
    assert related.verdict == "clutter" and "class word: related" in related.reason
    fields = {f.name: f for f in report.fields}
    assert fields["published"].source == "JSON-LD datePublished"
    assert fields["authors"].source == "the byline printed on the page"
    data = json.loads(render_json(report))
    assert data["article"] == report.article.to_dict()
    assert len(data["blocks"]) == len(report.blocks)


def test_html_report_is_self_contained_and_shows_every_block():
    report = explain(SAMPLE.read_bytes())
    page = render_html(report)
    assert "<script" not in page and "http-equiv" not in page
    assert "src=" not in page and "<link" not in page  # nothing loaded from anywhere
    assert page.count('<div class="b v-') == len(report.blocks)
    assert page.count("<details class=\"run") >= 3
    assert "You might also like" in page


def test_the_plain_text_sample_explains_to_its_record():
    text = SAMPLE.with_name("source.txt").read_bytes()
    report = explain(text)
    assert report.article == cleannews.extract(text)
    assert report.blocks == () and report.warnings == ("plain-text input: no markup to show",)
    assert {f.name: f.value for f in report.fields}["headline"] == report.article.headline


def _datasets():
    path = REPO / "benchmarks" / "datasets.py"
    spec = importlib.util.spec_from_file_location("bench_datasets", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.mark.parametrize("name", ["scrapinghub", "wcxb-dev"])
def test_explain_gives_extracts_record_on_every_bench_page(name):
    datasets = _datasets()
    if not (datasets.SHARED / name).exists():
        pytest.skip("../shared/bench is not beside this checkout")
    items = datasets.gold(name)
    differ = []
    for page_id, html in datasets.pages(name).items():
        url = items[page_id].url or None
        try:
            expected = cleannews.extract(html, url=url)
        except cleannews.CleannewsError as exc:
            with pytest.raises(type(exc)):
                explain(html, url=url)
            continue
        report = explain(html, url=url)
        if report.article != expected or not _blocks_spell_the_body(report):
            differ.append(page_id)
    assert differ == []


def _blocks_spell_the_body(report) -> bool:
    """The blocks marked body are the record's lines, in order (a list or a table is one
    paragraph with an item or a row a line, each of them a block); only the line the dateline
    was taken from (shown as the dateline block) may be missing."""
    if any("fallback" in w for w in report.warnings):
        return True  # the body came from trafilatura, not from these blocks
    kept = [b.text for b in report.blocks if b.verdict == "body"]
    paragraphs = [line for line in report.article.body.split("\n") if line]
    if not report.article.dateline:
        return kept == paragraphs
    return any(paragraphs[:i] + paragraphs[i + 1 :] == kept for i in range(len(paragraphs))) \
        or kept == paragraphs
