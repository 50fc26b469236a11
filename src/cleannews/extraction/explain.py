"""explain(): the Article plus why — every text block's verdict and every field's source.

It runs extract() itself with a recorder (trace.py), so `explain(page).article ==
extract(page)` by construction, and the verdicts are the ones extraction made. This module
only lays the recorded decisions over the page in document order and names their reasons
(which class word, which phrase group); blocks outside the story container, which
extraction never renders, are shown with the clutter marker that kept them out of scoring.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from ..config import ExtractOptions
from ..models import Article, Page
from . import dates
from .article import extract
from .body import _BLOCK_TAGS, _CAMEL, _NON_CONTENT, _TOKEN_SPLIT, NONE, _is_clutter
from .boilerplate import CLUTTER_PHRASES, CLUTTER_TOKENS, FURNITURE_TAGS
from .byline import clean_byline, is_date_line
from .dom import attr, clean_text, node_text
from .metadata.authors import _AUTHOR_META, _ld_names
from .metadata.document import absolute_url, first_str
from .metadata.published import (
    _MODIFIED_META,
    _PUBLISHED_META,
    _day_first,
    _itemprop_date,
    _lead_image_day,
    _visible_date,
)
from .trace import Trace

# Verdicts, in the order the report lists them. The first two are kept text.
VERDICTS = {
    "body": "kept in the body",
    "dateline": "the dateline, taken off the first paragraph",
    "headline": "the headline",
    "byline": "a byline or author line",
    "caption": "a caption or photo credit",
    "duplicate": "a repeat (a standfirst repeated as the lead, the headline again)",
    "teaser": "a teaser card for another story",
    "links": "a list of links",
    "clutter": "clutter",
    "outside": "outside the story's container",
}


@dataclass(frozen=True)
class Block:
    """One text block of the page, in document order, with what extraction did with it."""

    text: str
    verdict: str  # a key of VERDICTS
    reason: str  # e.g. "class word: related", "phrase group: read_more"
    path: str  # a CSS path of the element that holds the text
    scores: dict[str, float]
    rule: str = ""  # a site rule (TOML) that would drop the block, or take it in


@dataclass(frozen=True)
class Candidate:
    """One place a field's value can come from, and what it says there."""

    source: str
    value: str


@dataclass(frozen=True)
class Field:
    """A record field: its value, where it came from, and the candidates that lost."""

    name: str
    value: Any
    source: str | None
    others: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class Report:
    """What explain() returns: the record, its fields' sources and every block's verdict."""

    article: Article
    url: str | None
    fields: tuple[Field, ...]
    blocks: tuple[Block, ...]
    container: tuple[str, ...]  # CSS paths of the story container's element(s)
    candidates: tuple[tuple[str, float], ...]  # the best-scored elements (path, score)
    rule: str | None  # where the site rule that applied was written
    warnings: tuple[str, ...]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(VERDICTS, 0)
        for block in self.blocks:
            out[block.verdict] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["article"] = self.article.to_dict()
        return data


def explain(
    source: Page | bytes | str,
    *,
    url: str | None = None,
    options: ExtractOptions | None = None,
) -> Report:
    """extract() with every decision recorded and laid out; see Report."""
    trace = Trace()
    article = extract(source, url=url, options=options, trace=trace)
    url = article.url
    warnings = []
    applied = trace.applied
    if applied is not None:
        warnings += [f"rule {applied.rule.origin}: {m} matched nothing" for m in applied.misses]
    if trace.fallback_used:
        warnings.append("no prose found: the body came from trafilatura (the fallback)")
    if trace.page is None:
        warnings.append("plain-text input: no markup to show")
    paths = _Paths(host_of(url or article.canonical_url), trace.container)
    blocks = _blocks(trace, paths) if trace.page is not None else []
    scores = trace.scores
    ranked = sorted(scores.local.items(), key=lambda kv: -kv[1])[:5] if scores else []
    return Report(
        article=article,
        url=url,
        fields=tuple(_fields(article, trace)),
        blocks=tuple(blocks),
        container=tuple(paths.of(node) for node in trace.container if not _is_text(node)),
        candidates=tuple((paths.of(scores.nodes[k]), round(v, 1)) for k, v in ranked),
        rule=applied.rule.origin if applied else None,
        warnings=tuple(warnings),
    )


def host_of(url: str | None) -> str:
    try:
        return (urlsplit(url or "").hostname or "").removeprefix("www.")
    except ValueError:
        return ""


# --- blocks ---------------------------------------------------------------------------------


def _is_text(node: LexborNode) -> bool:
    return (node.tag or "").startswith("-")


def _blocks(trace: Trace, paths: _Paths) -> list[Block]:
    tree = trace.page.tree  # type: ignore[union-attr]
    out: list[Block] = []
    for selector, parent, text in trace.rule_drops:
        if text:
            where = f"{paths.of(parent)} > {selector}" if parent is not None else selector
            out.append(Block(text, "clutter", f"site rule drop: {selector}", where,
                             {"chars": len(text)}))
    roots = {node.mem_id for node in trace.container}
    headlines = {node.mem_id for node in trace.headlines}
    marks: dict[int, LexborNode | None] = {}
    reasons: dict[int, tuple[str, str]] = {}  # per clutter element: many blocks share one
    if tree.body is None:
        return out
    for item in _walk(tree.body, roots):
        if isinstance(item, LexborNode):
            if item.mem_id == trace.container[0].mem_id:
                out += _container_blocks(trace, paths)
            continue
        text, owner, density = item
        scores = {"chars": len(text), "link_density": round(density, 2)}
        if _under(owner, headlines):
            out.append(paths.block(text, "headline", "the page's headline element", owner,
                                   scores))
            continue
        mark = _mark(owner, trace, marks)
        if mark is not None:
            if mark.mem_id not in reasons:
                verdict, reason = _marked(mark)
                reasons[mark.mem_id] = verdict, reason + " (outside the story container)"
            verdict, reason = reasons[mark.mem_id]
        elif _in_teaser(owner, trace):
            verdict, reason = "teaser", "a summary under a linked heading, alone in its card"
        else:
            verdict, reason = "outside", "not in the story container"
        out.append(paths.block(text, verdict, reason, owner, scores))
    return out


def _container_blocks(trace: Trace, paths: _Paths) -> list[Block]:
    """The container as extraction rendered it: its paragraphs with their verdicts, and
    the clutter elements it skipped, at the place it skipped them."""
    out: list[Block] = []
    skipped = list(trace.skipped)
    preamble = len(trace.preamble_lines)
    changed = _first_change(trace.before_dateline, trace.after_dateline)
    scores = trace.scores
    kept = 0
    for index, (text, _kind, density) in enumerate(trace.texts):
        while skipped and skipped[0][0] <= index:
            out += _skipped_blocks(skipped.pop(0)[1], paths)
        owner = trace.owners[index] if index < len(trace.owners) else None
        numbers: dict[str, float] = {"chars": len(text), "link_density": round(density, 2)}
        if owner is not None and scores is not None and owner.mem_id in scores.local:
            numbers["score"] = round(scores.local[owner.mem_id], 1)
        reason = trace.reasons[index] if index < len(trace.reasons) else None
        if reason is not None:
            verdict, why = _paragraph_verdict(reason, text, density)
        else:
            verdict, why = "body", "prose in the story container"
            if kept < preamble:
                verdict, why = _preamble_verdict(text, trace)
            elif trace.dateline_found is not None and kept - preamble == changed:
                verdict = "dateline"
                why = f"dateline {trace.dateline_found.text!r}; the rest stays in the body"
            kept += 1
        out.append(paths.block(text, verdict, why, owner, numbers))
    for _, node in skipped:
        out += _skipped_blocks(node, paths)
    return out


def _first_change(before: list[str], after: list[str]) -> int:
    for index, text in enumerate(before):
        if index >= len(after) or after[index] != text:
            return index
    return -1


def _skipped_blocks(node: LexborNode, paths: _Paths) -> list[Block]:
    verdict, reason = _marked(node)
    return [
        paths.block(text, verdict, reason, owner,
                    {"chars": len(text), "link_density": round(density, 2)})
        for text, owner, density in _walk(node, set())  # type: ignore[misc]
    ]


def _paragraph_verdict(reason: str, text: str, density: float) -> tuple[str, str]:
    if reason == "phrase":
        lowered = text.rstrip(" .:»›>|-").lower()
        group = next((g for g, rx in _phrase_groups().items() if rx.fullmatch(lowered)), "?")
        return ("byline" if group == "reporting_credits" else "clutter",
                f"phrase group: {group}")
    if reason == "byline":
        return "byline", "a 'By ...' credit line"
    if reason == "links":
        return "links", f"{density:.0%} link text, and not a sentence"
    return "duplicate", "repeats a block styled differently (a standfirst repeated as the lead)"


def _preamble_verdict(text: str, trace: Trace) -> tuple[str, str]:
    meta = trace.preamble_meta
    words = _norm(text)
    if meta is not None and words == _norm(meta.headline):
        return "duplicate", "repeats the headline above the story"
    if is_date_line(text):
        return "clutter", "a date stamp above the story"
    return "byline", "credits the authors above the story"


@cache
def _phrase_groups() -> dict[str, re.Pattern[str]]:
    return {g: re.compile("|".join(f"(?:{p})" for p in ps)) for g, ps in CLUTTER_PHRASES.items()}


def _marked(node: LexborNode) -> tuple[str, str]:
    """Verdict and reason for an element extraction treats as clutter: which tag, class or
    id word, or hiding marked it."""
    tag = node.tag or ""
    if tag in ("figure", "figcaption"):
        return "caption", f"tag: <{tag}>"
    if tag in FURNITURE_TAGS:
        return "clutter", f"tag: <{tag}>"
    attrs = node.attributes
    for name in ("class", "id", "itemprop", "role"):
        for value in (attrs.get(name) or "").split():
            found = _clutter_word(value)
            if found:
                group, word = found
                verdict = {"captions": "caption", "author_bio": "byline"}.get(group, "clutter")
                return verdict, f"{name} word: {word}" + (f" ({group})" if group != word else "")
    if "hidden" in attrs or attrs.get("aria-hidden") == "true" or attrs.get("style"):
        return "clutter", "hidden"
    return "clutter", "marked as clutter"


def _clutter_word(name: str) -> tuple[str, str] | None:
    """(group, word) of the first clutter marker in a class or id value."""
    words = [w for w in _TOKEN_SPLIT.split(_CAMEL.sub(r"\1 \2", name).lower()) if w]
    for i in range(len(words)):
        for n in (1, 2, 3):
            run = words[i : i + n]
            if len(run) < n:
                break
            for marker in {"-".join(run), "".join(run)}:
                for group, markers in CLUTTER_TOKENS.items():
                    if marker in markers:
                        return group, marker
    return None


def _under(node: LexborNode | None, ids: set[int]) -> bool:
    while node is not None:
        if node.mem_id in ids:
            return True
        node = node.parent
    return False


def _mark(
    node: LexborNode | None, trace: Trace, memo: dict[int, LexborNode | None]
) -> LexborNode | None:
    """The nearest element at or above `node` that extraction counts as clutter: its own
    memo from scoring where it has one, else the clutter test it applies."""
    path = []
    found: LexborNode | None = None
    clutter = trace.scores.clutter if trace.scores is not None else {}
    while node is not None and node.tag not in ("body", "html", "-document"):
        key = node.mem_id
        if key in memo:
            found = memo[key]
            break
        path.append(key)
        marked = clutter.get(key)
        if marked is None:
            marked = _is_clutter(node) != NONE
        if marked:
            found = node
            break
        node = node.parent
    for key in path:
        memo[key] = found
    return found


def _in_teaser(node: LexborNode | None, trace: Trace) -> bool:
    for _ in range(3):
        if node is None:
            return False
        if node.mem_id in trace.teasers:
            return True
        node = node.parent
    return False


def _walk(
    root: LexborNode, stop: set[int]
) -> Iterator[tuple[str, LexborNode, float] | LexborNode]:
    """The text blocks under `root` in document order: (text, the block element holding it,
    share of link text); an element in `stop` is yielded itself instead of entered."""
    owners: list[LexborNode] = [root]
    parts: list[str] = []
    links = [0]  # characters of link text in `parts`
    depth = 0  # open <a> elements

    def flush() -> Iterator[tuple[str, LexborNode, float]]:
        text = clean_text("".join(parts))
        if text:
            yield text, owners[-1], min(1.0, links[0] / len(text))
        parts.clear()
        links[0] = 0

    stack: list[LexborNode | str] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if node == "a":
                depth -= 1
            else:
                yield from flush()
                owners.pop()
            continue
        if node.mem_id in stop:
            yield from flush()
            yield node
            continue
        tag = node.tag or ""
        if tag == "-text":
            text = node.text_content or ""
            parts.append(text)
            if depth:
                links[0] += len(text.strip())
            continue
        if tag in ("br", "td", "th"):
            parts.append(" ")
        if tag.startswith("-") or tag in _NON_CONTENT:
            continue
        if tag == "a":
            depth += 1
            stack.append("a")
        elif tag in _BLOCK_TAGS or node is root:
            yield from flush()
            owners.append(node)
            stack.append(tag or "div")
        children = list(node.iter(include_text=True))
        children.reverse()
        stack.extend(children)
    yield from flush()


class _Paths:
    """Short CSS paths of elements (memoised: siblings share their ancestors' steps): up to
    the nearest ancestor with an id, at most a few steps, each step the tag, id and classes."""

    _IDENT = re.compile(r"-?[_a-zA-Z][\w-]*")
    _STEPS = 4

    def __init__(self, host: str, container: list[LexborNode]) -> None:
        self.memo: dict[int, str] = {}
        self.host = host or "example.com"
        self.container = container
        self.around: set[int] = set()  # the container's elements and their ancestors
        for node in container:
            current: LexborNode | None = node
            while current is not None:
                self.around.add(current.mem_id)
                current = current.parent

    def block(self, text: str, verdict: str, reason: str, node: LexborNode | None,
              scores: dict[str, float]) -> Block:
        """A Block, with the rule that would change its fate: drop it when it is kept, else
        widen the body to the nearest element holding both it and the story."""
        path = self.of(node)
        if verdict == "headline" or not path:
            rule = ""
        elif verdict in ("body", "dateline"):
            rule = f"drop = [{json.dumps(path)}]"
        else:
            around = node
            while around is not None and around.mem_id not in self.around:
                around = around.parent
            inside = around is not None and any(around.mem_id == n.mem_id for n in self.container)
            if inside or around is None or around.tag in ("html", "body", "-document"):
                rule = ""  # inside the story already: a rule cannot take back what it drops
            else:
                rule = f"body = {json.dumps(self.of(around))}"
        if rule:
            rule = f'[[rule]]\nmatch = {json.dumps(self.host)}\n{rule}\n'
        return Block(text, verdict, reason, path, scores, rule)

    def of(self, node: LexborNode | None) -> str:
        if node is None:
            return ""
        key = node.mem_id
        if key not in self.memo:
            steps = []
            current: LexborNode | None = node
            while current is not None and current.tag not in ("html", "-document", None):
                step = self._step(current)
                steps.append(step)
                if "#" in step or current.tag == "body" or len(steps) >= self._STEPS:
                    break
                current = current.parent
            self.memo[key] = " > ".join(reversed(steps))
        return self.memo[key]

    def _step(self, node: LexborNode) -> str:
        tag = node.tag or ""
        attrs = node.attributes
        ident = attrs.get("id") or ""
        if ident and self._IDENT.fullmatch(ident) and not re.search(r"\d{3,}", ident):
            return f"{tag}#{ident}"
        classes = [c for c in (attrs.get("class") or "").split() if self._IDENT.fullmatch(c)]
        return tag + "".join(f".{c}" for c in classes[:3])


# --- fields ---------------------------------------------------------------------------------


def _norm(value: Any) -> str:
    return " ".join(re.findall(r"[^\W_]+", str(value or "").casefold()))


def _same(a: Any, b: Any) -> bool:
    return bool(_norm(a)) and _norm(a) == _norm(b)


def _fields(article: Article, trace: Trace) -> Iterator[Field]:
    """Each field with the first candidate source that says the same, and the others."""
    page = trace.page
    applied = trace.applied
    overridden = trace.meta
    for name in ("headline", "byline", "authors", "published", "modified", "dateline", "body",
                 "language", "site_name", "canonical_url", "description", "image"):
        value = getattr(article, name)
        shown = list(value) if isinstance(value, tuple) else value
        candidates = _candidates(name, trace) if page is not None else []
        rule_key = "byline" if name == "authors" else name
        selector = getattr(applied.rule, rule_key, None) if applied and rule_key != "body" else None
        if name == "body":
            source = _body_source(trace)
        elif selector and overridden is not None and getattr(overridden, name, value) != value:
            source = f"site rule: {selector}"
        elif name == "dateline" and value:
            source = (f"site rule: {selector}" if selector and applied and applied.dateline
                      else "the first lines of the story text")
        else:
            test = ", ".join(value) if isinstance(value, tuple) else value
            if name == "authors":  # the first place that names them all (a printed line)
                source = next((c.source for c in candidates if value
                               and all(_norm(n) in _norm(c.value) for n in value)), None)
            else:
                source = next((c.source for c in candidates if _same(c.value, test)), None)
            if source is None and value:  # e.g. a title with the site's name taken off
                source = next((f"{c.source} (shortened)" for c in candidates
                               if _norm(test) and _norm(test) in _norm(c.value)), None)
            if source is None and value:
                source = "derived from the page (no single source says exactly this)"
        others = tuple(c for c in candidates if c.source != source and c.value)
        if name == "body":
            shown = f"{article.word_count} words"
        yield Field(name, shown, source, others)


def _body_source(trace: Trace) -> str:
    if trace.fallback_used:
        return "trafilatura (fallback: no prose found)"
    if trace.applied is not None and trace.applied.body:
        return f"site rule body: {trace.applied.rule.body}"
    if not trace.container:
        return "plain-text reader" if trace.page is None else "nothing found"
    return "the best-scored container (see the blocks below)"


def _candidates(name: str, trace: Trace) -> list[Candidate]:
    page = trace.page
    assert page is not None
    tree = page.tree
    out: list[tuple[str, Any]] = []
    if name == "headline":
        out += [(f"visible <{n.tag}>", node_text(n)) for n in tree.css("h1")[:3]]
        out += [('[itemprop="headline"]', node_text(n))
                for n in tree.css('[itemprop="headline"]')[:1]]
        out += [("JSON-LD headline", first_str(page.article.get("headline"))),
                ("OpenGraph og:title", page.get("og:title")),
                ("<meta> twitter:title", page.get("twitter:title")),
                ("<title>", node_text(t) if (t := tree.css_first("title")) else None)]
    elif name in ("byline", "authors"):
        printed = trace.printed_byline
        out.append(("the byline printed on the page", clean_byline(printed) if printed else None))
        people, orgs = _ld_names(page.ld("author"))
        out.append(("JSON-LD author", ", ".join(people + orgs)))
        out += [(f"<meta> {key}", page.get(key)) for key in _AUTHOR_META]
    elif name == "published":
        out += [("JSON-LD datePublished", dates.to_iso(first_str(page.ld("datePublished"))))]
        out += [(f"<meta> {key}", dates.to_iso(page.get(key))) for key in _PUBLISHED_META]
        out += [('[itemprop="datePublished"]', _itemprop_date(tree, "datePublished")),
                ("the URL", dates.from_url(page.url)),
                ("the date in the printed byline", dates.find_printed(
                    trace.printed_byline or "", day_first=_day_first(page))),
                ("the printed date near the headline", _visible_date(page)),
                ("the lead image's dated path", _lead_image_day(page))]
    elif name == "modified":
        out += [("JSON-LD dateModified", dates.to_iso(first_str(page.ld("dateModified"))))]
        out += [(f"<meta> {key}", dates.to_iso(page.get(key))) for key in _MODIFIED_META]
    elif name == "language":
        out += [("<html lang>", attr(tree.css_first("html"), "lang")),
                ("OpenGraph og:locale", page.get("og:locale")),
                ("<meta> content-language", page.get("content-language")),
                ("JSON-LD inLanguage", first_str(page.ld("inLanguage")))]
    elif name == "site_name":
        out += [("OpenGraph og:site_name", page.get("og:site_name")),
                ("<meta> application-name", page.get("application-name")),
                ("JSON-LD publisher", page.publisher)]
    elif name == "canonical_url":
        out += [('<link rel="canonical">', absolute_url(page.url, page.canonical)),
                ("OpenGraph og:url", absolute_url(page.url, page.get("og:url")))]
    elif name == "description":
        out += [("OpenGraph og:description", page.get("og:description")),
                ("<meta> description", page.get("description")),
                ("<meta> twitter:description", page.get("twitter:description")),
                ("JSON-LD description", first_str(page.ld("description")))]
    elif name == "image":
        out += [("OpenGraph og:image", absolute_url(page.url, page.get("og:image"))),
                ("<meta> twitter:image", absolute_url(page.url, page.get("twitter:image"))),
                ("JSON-LD image", absolute_url(page.url, first_str(page.ld("image"))))]
    seen: set[str] = set()
    found = []
    for source, value in out:
        if value and source not in seen:
            seen.add(source)
            found.append(Candidate(source, str(value)))
    return found

