"""Site rules: the loader fails early with file, line and reason; each rule key narrows or
overrides one thing; pages of other hosts, and runs without rules, are untouched."""

from __future__ import annotations

import pytest

import cleannews
from cleannews.config import ExtractOptions, SiteRule, load_rules
from cleannews.errors import InputError
from cleannews.extraction.rules import rule_for

PARAS = [
    "The new bridge over the river opened to traffic on Sunday after four years of work "
    "and several delays caused by floods.",
    "Thousands of people walked across it in the morning before the first cars were let "
    "through in the early afternoon.",
    "The city said the bridge would cut the drive between the two banks from forty "
    "minutes to under ten at rush hour.",
]
PAGE = f"""<html><head><title>City News</title></head><body>
<div class="top"><span class="kicker-title">Mayor opens the new river bridge</span></div>
<div class="writer">Written up by Ana Lima</div>
<span class="stamp">2024-03-03 10:00</span> <span class="fixed">2024-03-02 18:30</span>
<div class="content">
<p><span class="place">PORTO</span> {PARAS[0]}</p>
<p>{PARAS[1]}</p>
<div class="box-mail"><p>Our morning email brings you the day's most important stories, free of
charge, every weekday before seven o'clock.</p></div>
<p>{PARAS[2]}</p>
</div>
<div class="other"><p>The council also met on Monday to discuss the budget for the next year,
which it will vote on in the spring session.</p></div>
</body></html>"""
URL = "https://news.city.example/2024/bridge"


def _rule(**keys) -> tuple[SiteRule, ...]:
    return (SiteRule(match="city.example", **keys),)


def _extract(**keys):
    return cleannews.extract(PAGE, url=URL, options=ExtractOptions(rules=_rule(**keys)))


def test_without_a_rule_the_generic_reader_misses_these_fields():
    plain = cleannews.extract(PAGE, url=URL)
    assert plain.headline != "Mayor opens the new river bridge"
    assert plain.authors == () and plain.dateline is None
    assert plain.published is None or not plain.published.startswith("2024-03-02")
    assert "morning email" in plain.body


def test_headline_rule():
    assert _extract(headline=".kicker-title").headline == "Mayor opens the new river bridge"


def test_byline_rule():
    article = _extract(byline=".writer")
    assert article.byline == "Written up by Ana Lima"
    assert article.authors == ("Ana Lima",)


def test_published_rule():
    assert _extract(published=".fixed").published == "2024-03-02T18:30"


def test_dateline_rule_takes_it_off_the_story():
    article = _extract(dateline=".place")
    assert (article.dateline, article.dateline_place) == ("PORTO", "Porto")
    assert article.body.startswith(PARAS[0])


def test_drop_rule_removes_a_block_from_the_body():
    plain = cleannews.extract(PAGE, url=URL).body.split("\n\n")
    article = _extract(drop=("div.box-mail", "aside.none"))
    assert article.body.split("\n\n") == [p for p in plain if "morning email" not in p]


def test_body_rule_names_the_container():
    assert "The council also met" in cleannews.extract(PAGE, url=URL).body
    article = _extract(body="div.content")
    assert article.body.endswith(PARAS[2]) and "The council" not in article.body
    assert _extract(body="div.other").body.startswith("The council also met")
    nested = _extract(body="div.content, div.content > p")  # each part rendered once
    assert nested.body == article.body


def test_a_selector_matching_nothing_changes_nothing_and_explain_warns():
    options = ExtractOptions(rules=_rule(body="div.nowhere", headline=".nothing"))
    assert cleannews.extract(PAGE, url=URL, options=options) == cleannews.extract(PAGE, url=URL)
    report = cleannews.explain(PAGE, url=URL, options=options)
    assert any("div.nowhere matched nothing" in w for w in report.warnings)
    assert any(".nothing matched nothing" in w for w in report.warnings)


def test_rules_apply_to_the_host_and_its_subdomains_only():
    rules = (SiteRule("example.com", body="a"), SiteRule("news.example.com", body="b"),
             SiteRule("other.org", body="c"))
    assert rule_for(rules, "https://example.com/x").body == "a"
    assert rule_for(rules, "https://www.example.com/x").body == "a"
    assert rule_for(rules, "https://live.news.example.com/x").body == "b"  # the longest match
    assert rule_for(rules, "https://notexample.com/x") is None
    assert rule_for(rules, None) is None
    other = cleannews.extract(PAGE, url="https://elsewhere.example/x")
    moved = cleannews.extract(PAGE, url="https://elsewhere.example/x",
                              options=ExtractOptions(rules=_rule(body="div.other")))
    assert moved == other


def test_the_canonical_url_picks_the_rule_when_no_url_is_given():
    page = PAGE.replace("<head>", f'<head><link rel="canonical" href="{URL}">')
    article = cleannews.extract(page, options=ExtractOptions(rules=_rule(byline=".writer")))
    assert article.authors == ("Ana Lima",)


def test_load_rules_reads_every_key(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text('[[rule]]\nmatch = "Example.com"\nbody = "div.story"\n'
                    'drop = ["aside.more", "div.newsletter"]\nbyline = ".author-name"\n\n'
                    '[[rule]]\nmatch = "other.org"\nheadline = "h2.title"\n'
                    'published = "time"\ndateline = ".loc"\n')
    first, second = load_rules(path)
    assert (first.match, first.body, first.drop, first.byline) == (
        "example.com", "div.story", ("aside.more", "div.newsletter"), ".author-name")
    assert (second.headline, second.published, second.dateline) == ("h2.title", "time", ".loc")
    assert first.origin == f"{path}:1" and second.origin == f"{path}:7"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('[[rule]]\nmatch = "a.com"\nbody = "div["\n', 3, "invalid CSS in body: 'div['"),
        ('[[rule]]\nmatch = "a.com"\n\n[[rule]]\nmatch = "b.com"\nbdy = "p"\n', 6,
         "unknown key 'bdy'"),
        ('[[rule]]\nmatch = "a.com"\ndrop = ["p", "p >"]\n', 3, "invalid CSS in drop"),
        ('[[rule]]\nbody = "p"\n', 1, "a rule needs match"),
        ('[[rule]]\nmatch = "https://a.com/x"\n', 2, "match must be a host name"),
        ('[[rule]]\nmatch = "a.com"\nheadline = 3\n', 3, "headline must be a CSS selector"),
        ('rule = 1\n', 1, "'rule' must be [[rule]] tables"),
        ('[[rules]]\nmatch = "a.com"\n', 1, "unknown top-level key"),
    ],
)
def test_bad_rules_fail_early_with_file_line_and_reason(tmp_path, text, line, reason):
    path = tmp_path / "rules.toml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_rules(path)
    message = str(caught.value)
    assert reason in message
    if "'rule' must be" not in reason:
        assert message.startswith(f"{path}:{line}: ")


def test_unreadable_and_invalid_toml(tmp_path):
    with pytest.raises(InputError, match="cannot read rules file"):
        load_rules(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rule]\n")
    with pytest.raises(InputError, match=r"bad\.toml: not valid TOML: .*line 1"):
        load_rules(bad)


def test_explain_shows_what_a_rule_dropped_and_where_fields_came_from():
    options = ExtractOptions(rules=_rule(drop=("div.box-mail",), byline=".writer"))
    report = cleannews.explain(PAGE, url=URL, options=options)
    assert report.article == cleannews.extract(PAGE, url=URL, options=options)
    dropped = [b for b in report.blocks if b.reason == "site rule drop: div.box-mail"]
    assert len(dropped) == 1 and dropped[0].text.startswith("Our morning email")
    assert dropped[0].verdict == "clutter"
    fields = {f.name: f for f in report.fields}
    assert fields["byline"].source == "site rule: .writer"
    assert report.rule == "<rules>:0" or report.rule is not None
