"""Every text block of the page in document order, with the verdict extraction gave it.

The container's blocks are the paragraphs the body step rendered, with the reasons it
recorded (trace.py) and the clutter elements it skipped, where it skipped them. Blocks
outside the container, which extraction never renders, are shown with the clutter marker
that kept them out of scoring. This module only names reasons (which class word, which
phrase group); it decides nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache

from selectolax.lexbor import LexborNode

from .article import _norm
from .body import _BLOCK_TAGS, _CAMEL, _NON_CONTENT, _TOKEN_SPLIT, NONE, _is_clutter, line_kind
from .boilerplate import CLUTTER_PHRASES, CLUTTER_TOKENS, FURNITURE_TAGS
from .byline import is_date_line
from .dom import clean_text
from .encoding import repair_double_encoding
from .findings import Block
from .trace import Trace


def is_text(node: LexborNode) -> bool:
    return (node.tag or "").startswith("-")


def blocks(trace: Trace, paths: Paths) -> list[Block]:
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
            verdict, reason = "teaser", "a summary alone in a card that links elsewhere"
        else:
            verdict, reason = "outside", "not in the story container"
        out.append(paths.block(text, verdict, reason, owner, scores))
    return out


def _container_blocks(trace: Trace, paths: Paths) -> list[Block]:
    """The container as extraction rendered it: its paragraphs with their verdicts, and
    the clutter elements it skipped, at the place it skipped them."""
    out: list[Block] = []
    skipped = list(trace.skipped)
    preamble = len(trace.preamble_lines)
    changed = _first_change(trace.before_dateline, trace.after_dateline)
    scores = trace.scores
    kept = 0  # paragraphs of the body so far
    last = ""  # the line kind of the last kept text: a list or table continues its paragraph
    for index, (bare, kind, density, marker) in enumerate(trace.texts):
        text = marker + bare  # a list item as the body prints it
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
            line = line_kind(bare, kind, marker)
            if not (line and line == last):
                kept += 1
            last = line
            paragraph = kept - 1
            verdict, why = "body", "prose in the story container"
            if paragraph < preamble:
                verdict, why = _preamble_verdict(text, trace)
            elif trace.dateline_found is not None and paragraph - preamble == changed:
                verdict = "dateline"
                why = f"dateline {trace.dateline_found.text!r}; the rest stays in the body"
        out.append(paths.block(text, verdict, why, owner, numbers))
    for _, node in skipped:
        out += _skipped_blocks(node, paths)
    return out


def _first_change(before: list[str], after: list[str]) -> int:
    for index, text in enumerate(before):
        if index >= len(after) or after[index] != text:
            return index
    return -1


def _skipped_blocks(node: LexborNode, paths: Paths) -> list[Block]:
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


class Paths:
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
        # The text as the record gives it (double-encoded text repaired).
        return Block(repair_double_encoding(text), verdict, reason, path, scores, rule)

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
