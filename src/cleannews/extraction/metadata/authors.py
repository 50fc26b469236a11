"""Authors: the people credited for the story, from byline markup, a "By" line under the
headline, JSON-LD and author meta tags, in that order of trust."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..boilerplate import CREDIT_BY, FOREIGN_BY
from ..byline import is_organisation, is_person, parse_authors
from ..dom import clean_text, node_text
from .document import Document, class_and_id, is_foreign, types_of

# The story's byline comes early in the page; comment threads can hold hundreds of "authors".
_BYLINE_CANDIDATES = 40
# A byline is a line: an element with more text than this holds more than the byline.
MAX_BYLINE_MARKUP_CHARS = 400
MAX_BYLINE_CHARS = 200
# A story credits a few people; a list of thousands is not read past this many.
MAX_LD_AUTHORS = 50
# A "By" line under the headline: how many elements after it, and inside a larger one.
BYLINE_REACH = 6
BYLINE_REACH_INSIDE = 8



def _ld_names(value: Any) -> tuple[list[str], list[str]]:
    """JSON-LD author(s) -> (people, organisations)."""
    values = value if isinstance(value, list) else [value]
    people: list[str] = []
    orgs: list[str] = []
    for item in values[:MAX_LD_AUTHORS]:
        kind = "person"
        if isinstance(item, dict):
            if types_of(item) & {"organization", "newsmediaorganization"}:
                kind = "organization"
            item = item.get("name")
        if isinstance(item, list):
            item = item[0] if item else None
        if not isinstance(item, str) or not clean_text(item) or item.startswith("http"):
            continue
        for name in parse_authors(item) or [clean_text(item)]:
            target = orgs if kind == "organization" or is_organisation(name) else people
            if name not in target:
                target.append(name)
    return people, orgs


def _visible_byline(candidates: list[LexborNode]) -> tuple[str | None, list[str]]:
    """The byline as printed near the story, and the names in it, from the elements that
    byline markup names (_BYLINE_NODES, in document order, tags that cannot hold one left
    out)."""
    names: list[str] = []
    printed: str | None = None
    texts: list[tuple[str, set[str]]] = []
    parsed: dict[str, list[str]] = {}  # nested elements often repeat the same text
    foreign: dict[int, bool] = {}
    looked = 0
    for node in candidates:
        looked += 1
        if looked > _BYLINE_CANDIDATES:
            break
        raw = node.text(deep=True, separator="\n")
        if len(raw) > MAX_BYLINE_MARKUP_CHARS:
            continue
        text = clean_text(raw)
        if not text or len(text) > MAX_BYLINE_CHARS or is_foreign(node, foreign):
            continue
        marker = class_and_id(node).lower()
        if any(word in marker for word in ("avatar", "bio", "image", "photo", "date", "time")):
            continue
        if raw not in parsed:
            parsed[raw] = parse_authors(raw)
        found = parsed[raw]
        if not found:
            continue
        texts.append((text, {n.casefold() for n in found}))
        if printed is None:
            printed = text
        elif text in printed:
            continue
        for name in found:
            if name.casefold() not in (n.casefold() for n in names):
                names.append(name)
        if "byline" in marker and any(is_person(n) for n in names):
            break
    # As printed: the tightest element that still names everyone (not its whole header).
    wanted = {n.casefold() for n in names}
    covering = [text for text, found in texts if wanted <= found]
    return (min(covering, key=len) if covering else printed), names


_BY_LINE = re.compile(rf"^(?:{CREDIT_BY}|{'|'.join(FOREIGN_BY)})(?:\s*+:)?\s+\w", re.I)


def _following(node: LexborNode, limit: int) -> Iterator[LexborNode]:
    """The elements after `node` in reading order (its later siblings, then its parents')."""
    current: LexborNode | None = node
    seen = 0
    while current is not None and seen < limit:
        following = current.next
        while following is None and current.parent is not None:
            current = current.parent
            if current.tag in ("body", "html"):
                return
            following = current.next
        current = following
        if current is not None and current.tag not in ("-text", "-comment", "script", "style"):
            seen += 1
            yield current


def _first_children(node: LexborNode, limit: int) -> list[LexborNode]:
    """The first few elements inside `node`, two levels deep, in reading order."""
    out: list[LexborNode] = []
    for child in node.iter():
        out.append(child)
        out.extend(list(child.iter())[:limit])
        if len(out) >= limit:
            break
    return out[:limit]


def _byline_under_headline(tree: LexborHTMLParser) -> tuple[str | None, list[str]]:
    """A plain 'By ...' line printed just under the headline, for pages without byline markup."""
    h1 = tree.css_first("h1")
    if h1 is None:
        return None, []
    for node in _following(h1, BYLINE_REACH):
        blocks = ([node] if len(node.text(deep=True)) <= MAX_BYLINE_CHARS
                  else _first_children(node, BYLINE_REACH_INSIDE))
        for block in blocks:
            text = node_text(block)
            if len(text) <= MAX_BYLINE_CHARS and _BY_LINE.match(text) and not is_foreign(block):
                names = parse_authors(block.text(deep=True, separator="\n"))
                if names:
                    return text, names
    return None, []


_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "byl",
                "dc.creator", "dcterms.creator")  # fmt: skip


def read_authors(page: Document, site_name: str | None) -> tuple[str | None, list[str]]:
    """The printed byline and the credited names: visible people, else JSON-LD people, else
    people in author meta tags, else the one organisation credited. Read lazily: most pages
    settle at the first step."""
    printed, visible = _visible_byline(page.bylines)
    if not visible:
        printed, visible = _byline_under_headline(page.tree)
    visible_people = [n for n in visible if is_person(n)]
    if visible_people:
        return printed, visible_people
    ld_people, ld_orgs = _ld_names(page.ld("author"))
    if ld_people:
        return printed, ld_people
    meta_names: list[str] = []
    for key in _AUTHOR_META:
        for name in parse_authors(page.get(key)):
            if not name.startswith("http") and name not in meta_names:
                meta_names.append(name)
    # <meta name="author"> often names the publisher ("Condé Nast"): not a person then.
    publishers = {(site_name or "").casefold(), (page.publisher or "").casefold()}
    meta_people = [n for n in meta_names if is_person(n) and n.casefold() not in publishers]
    if meta_people:
        return printed, meta_people
    credited = visible or ld_orgs or meta_names
    return printed, credited[:1]
