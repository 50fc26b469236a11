"""Site rules at work: the rule for a page's host, and what it narrows or overrides.

A rule never adds guesses of its own: its field selectors replace a field only when they
match an element with text, its `drop` selectors remove elements before the body step, and
its `body` selector names the container the body step renders (falling back to scoring when
it matches nothing). A selector that matches nothing on a page is not an error: the page may
be of another kind, and `inspect` shows it as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..config import SiteRule
from . import dates
from .byline import Dateline, clean_byline, parse_authors, split_dateline
from .dom import attr, node_text

if TYPE_CHECKING:
    from .metadata import Metadata
    from .trace import Trace


def rule_for(rules: tuple[SiteRule, ...], url: str | None) -> SiteRule | None:
    """The rule whose host is the longest match for the URL's host (the first of equals)."""
    if not url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    best: SiteRule | None = None
    for rule in rules:
        if host and rule.applies_to(host) and (best is None or len(rule.match) > len(best.match)):
            best = rule
    return best


@dataclass
class Applied:
    """What a rule changed on one page: the body container it names (None: scoring picks
    one), the dateline it reads, and the selectors that matched nothing."""

    rule: SiteRule
    body: list[LexborNode] | None = None
    dateline: Dateline | None = None
    misses: list[str] = field(default_factory=list)

    def take_dateline(self, paragraphs: list[str]) -> tuple[Dateline | None, list[str]]:
        """The rule's dateline, and the body without it when the story opens with it."""
        assert self.dateline is not None
        text = self.dateline.text
        if paragraphs and paragraphs[0].startswith(text):
            rest = paragraphs[0][len(text) :].lstrip(" —–:-")
            paragraphs = ([rest] if rest else []) + paragraphs[1:]
        return self.dateline, paragraphs


def apply_rule(
    tree: LexborHTMLParser,
    rules: tuple[SiteRule, ...],
    url: str | None,
    meta: Metadata,
    trace: Trace | None = None,
) -> Applied | None:
    """Apply the page's rule, if one matches: fields into `meta`, drops out of the tree
    (metadata has been read by then), and the body container to render."""
    rule = rule_for(rules, url)
    if rule is None:
        return None
    applied = Applied(rule)
    if rule.headline and (text := _text(tree, "headline", rule.headline, applied)):
        meta.headline = text
    if rule.byline and (text := _text(tree, "byline", rule.byline, applied)):
        meta.byline = clean_byline(text).replace("\n", " ") or text
        meta.authors = parse_authors(text) or meta.authors
    if rule.published and (iso := _date(tree, rule.published, meta, applied)):
        meta.published = iso
    if rule.dateline and (text := _text(tree, "dateline", rule.dateline, applied)):
        text = text.rstrip(" —–:-")
        found, _ = split_dateline(text + " — x")
        applied.dateline = Dateline(text, found.place if found else None,
                                    found.agency if found else None)
    for selector in rule.drop:
        nodes = tree.css(selector)
        if not nodes:
            applied.misses.append(f"drop: {selector}")
        for node in nodes:
            if trace is not None:
                trace.rule_drop(node, selector)
            node.decompose()
    if rule.body:
        applied.body = _outermost(tree.css(rule.body)) or None
        if applied.body is None:
            applied.misses.append(f"body: {rule.body}")
    if trace is not None:
        trace.rule(applied)
    return applied


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The matches not inside another match: each part of the story is rendered once."""
    ids = {node.mem_id for node in nodes}
    out = []
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in ids:
            parent = parent.parent
        if parent is None:
            out.append(node)
    return out


def _text(tree: LexborHTMLParser, key: str, selector: str, applied: Applied) -> str | None:
    """The text of the first element the selector matches that has any."""
    for node in tree.css(selector):
        text = node_text(node)
        if text:
            return text
    applied.misses.append(f"{key}: {selector}")
    return None


def _date(tree: LexborHTMLParser, selector: str, meta: Metadata, applied: Applied) -> str | None:
    """An ISO date from the first matching element: its datetime or content attribute, else
    its printed text (day first unless the page is in English)."""
    day_first = not (meta.language or "en").lower().startswith("en")
    for node in tree.css(selector):
        iso = dates.to_iso(attr(node, "datetime") or attr(node, "content"))
        text = node_text(node)
        iso = iso or dates.to_iso(text) or dates.find_printed(text, day_first=day_first)
        if iso:
            return iso
    applied.misses.append(f"published: {selector}")
    return None
