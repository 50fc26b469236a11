"""Authors: the people credited for the story, from byline markup, a "By" line under the
headline, JSON-LD and author meta tags, in that order of trust."""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborNode

from ..boilerplate import AUTHORSHIP_VERBS, CJK_CREDIT_LEAD, CREDIT_LEAD
from ..byline import is_cms_account, is_organisation, is_person, parse_authors
from ..dom import clean_text, node_text, raw_text_within, short_text
from .document import Document, class_and_id, first_children, following, types_of
from .headline import is_logo

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
        # An Organization object names one organisation: "Hart & Stone" is not two.
        whole = kind == "organization" and not item.lower().startswith("by ")
        for name in [clean_text(item)] if whole else parse_authors(item) or [clean_text(item)]:
            if is_cms_account(name):
                continue
            target = orgs if kind == "organization" or is_organisation(name) else people
            if name not in target:
                target.append(name)
    return people, orgs


def _visible_byline(page: Document) -> tuple[str | None, list[str], list[set[str]]]:
    """The byline as printed near the story, the names in it, and the names each element
    printed (casefolded), from the elements that byline markup names (document._SCAN, in
    document order, tags that cannot hold one left out)."""
    names: list[str] = []
    printed: str | None = None
    texts: list[tuple[str, set[str]]] = []
    parsed: dict[str, list[str]] = {}  # nested elements often repeat the same text
    looked = 0
    for node in page.bylines:
        looked += 1
        if looked > _BYLINE_CANDIDATES:
            break
        raw = node.text(deep=True, separator="\n")
        if len(raw) > MAX_BYLINE_MARKUP_CHARS:
            continue
        text = clean_text(raw)
        if not text or len(text) > MAX_BYLINE_CHARS or page.foreign(node):
            continue
        marker = class_and_id(node).lower()
        # An author's picture, bio or a date: not the byline; a bio that opens as a credit
        # does is ("This post was written by ..." in the author's bio box).
        if (
            any(word in marker for word in ("avatar", "image", "photo"))
            or (("bio" in marker or "description" in marker) and not _BY_LINE.match(text))
            or (("date" in marker or "time" in marker) and "author" not in marker)
        ):
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
    return (min(covering, key=len) if covering else printed), names, [f for _, f in texts]


# A line that opens with a credit ("By", "Written by", "Von", "This post was written by",
# "記者 王明") and goes on with a word: the vocabulary is boilerplate.py's. A CJK lead needs
# a colon or a space after it ("記者会見" is a press conference).
_BY_LINE = re.compile(
    rf"^(?:(?:{CREDIT_LEAD})(?:\s*+:)?\s+|(?:{CJK_CREDIT_LEAD})(?:\s*+[:：]|\s)\s*)\w", re.I
)


def _byline_under_headline(page: Document) -> tuple[str | None, list[str]]:
    """A plain 'By ...' line printed just under the headline (the first h1 outside the site's
    chrome), or inside the first elements there, for pages without byline markup."""
    story_h1s = (h for h in page.h1s() if not page.foreign(h))
    h1 = next((h for h in story_h1s if not is_logo(h, page.url)), None)
    if h1 is None:
        return None, []
    for node in following(h1, BYLINE_REACH):
        blocks = [node] if raw_text_within(node, MAX_BYLINE_CHARS) else []
        for block in blocks + first_children(node, BYLINE_REACH_INSIDE):
            text = short_text(block, MAX_BYLINE_CHARS)
            if text is not None and _BY_LINE.match(text) and not page.foreign(block):
                names = parse_authors(block.text(deep=True, separator="\n"))
                if names:
                    return text, names
    return None, []


# The story's blocks looked at for a credit line: its first and last this many.
STORY_EDGE_BLOCKS = 40
_STORY = "article, main, [itemprop=articleBody]"
_BLOCKS = "p, h2, h3, h4, h5, h6, div, span, em, address"


# Paragraphs counted to find the story's container on a page without <article> or <main>.
PROSE_PARAGRAPHS = 400


def _prose_parent(page: Document) -> LexborNode | None:
    """The element holding most of the page's paragraphs: the story, on a page that marks
    it with neither <article> nor <main>."""
    counts: dict[int, int] = {}
    parents: dict[int, LexborNode] = {}
    for paragraph in page.tree.css("p")[:PROSE_PARAGRAPHS]:
        parent = paragraph.parent
        if parent is not None and parent.tag not in ("body", "html"):
            counts[parent.mem_id] = counts.get(parent.mem_id, 0) + 1
            parents[parent.mem_id] = parent
    best = max(counts, key=counts.__getitem__, default=None)
    return parents[best] if best is not None else None


def _byline_in_story(page: Document) -> tuple[str | None, list[str]]:
    """A credit line ("By ...", "This post was written by ...") among the first or last
    blocks of the story, for pages that print it without byline markup (an author's note)."""
    story = page.tree.css_first(_STORY) or _prose_parent(page)
    if story is None:
        return None, []
    blocks = story.css(_BLOCKS)
    if len(blocks) > 2 * STORY_EDGE_BLOCKS:
        blocks = blocks[:STORY_EDGE_BLOCKS] + blocks[-STORY_EDGE_BLOCKS:]
    for block in blocks:
        if not raw_text_within(block, MAX_BYLINE_CHARS):
            continue
        text = node_text(block)
        if _BY_LINE.match(text) and not page.foreign(block):
            names = parse_authors(block.text(deep=True, separator="\n"))
            people = [n for n in names if is_person(n)]
            if people:
                return text, people
    return None, []


# An author box: the lines looked at for the name above the bio, and a name line's length.
BOX_LINES = 3
BOX_NAME_CHARS = 60


def _author_box(page: Document) -> list[str]:
    """The person an author box names first, above the author's bio: the box holds too much
    text to be read as a byline, but its first line (after a label such as "About the
    author") is the name."""
    for node in page.bylines[:_BYLINE_CANDIDATES]:
        raw = node.text(deep=True, separator="\n")
        if len(raw) <= MAX_BYLINE_MARKUP_CHARS or page.foreign(node):
            continue
        lines = [line for line in raw[:MAX_BYLINE_MARKUP_CHARS].split("\n") if line.strip()]
        for line in lines[:BOX_LINES]:
            if len(line) > BOX_NAME_CHARS:
                break
            people = [n for n in parse_authors(line) if is_person(n)]
            if people:
                return people
    return []


# "Written by Jane Doe" in any block: the blocks that contain the words (the engine finds
# them; their ancestors contain them too and hold more than a line), then the line itself.
_AUTHORSHIP_BLOCKS = ", ".join(
    f'{tag}:lexbor-contains("{verb} by" i)'
    for tag in _BLOCKS.split(", ")
    for verb in AUTHORSHIP_VERBS
)
_AUTHORSHIP_LINE = re.compile(rf"^(?:{'|'.join(AUTHORSHIP_VERBS)})\s+by\b", re.I)
# What the query looks for, as it compares: inside one text node, in ASCII case.
_AUTHORSHIP_WORDS = tuple(f"{verb} by".encode() for verb in AUTHORSHIP_VERBS)


def _prints_authorship(page: Document) -> bool:
    """Whether the page's text holds "written by" or "authored by" anywhere: the query's
    twenty selectors cost twice what reading the text does, and nearly every page that gets
    this far has neither. A text node holding them is in the body's text; bytes.lower()
    folds ASCII case only, as the query does."""
    body = page.tree.body
    if body is None:
        return True
    text = body.text(deep=True, separator="").encode(errors="surrogatepass").lower()
    return any(words in text for words in _AUTHORSHIP_WORDS)


def _authorship_line(page: Document) -> tuple[str | None, list[str]]:
    """The people a "Written by ..." line credits, printed anywhere outside the site's
    chrome (an author box after the story, a card beside it): a statement of authorship,
    so it names the writer where the markup names only the company or no one."""
    if not _prints_authorship(page):
        return None, []
    for block in page.tree.css(_AUTHORSHIP_BLOCKS):
        if not raw_text_within(block, MAX_BYLINE_CHARS):
            continue
        text = node_text(block)
        lead = _AUTHORSHIP_LINE.match(text)
        if not lead or page.foreign(block):
            continue
        line = block.text(deep=True, separator="\n")
        if not text[lead.end() :].strip(" :"):  # the label above the name, in its own element
            after = next(following(block, 1), None)
            name = short_text(after, BOX_NAME_CHARS) if after is not None else None
            text, line = (f"{text} {name}", f"{text} {name}") if name else (text, line)
        people = [n for n in parse_authors(line) if is_person(n)]
        if people:
            return text, people
    return None, []


_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "byl",
                "dc.creator", "dcterms.creator")  # fmt: skip


def _meta_names(page: Document) -> list[str]:
    names: list[str] = []
    for key in _AUTHOR_META:
        for name in parse_authors(page.get(key)):
            if not name.startswith("http") and name not in names and not is_cms_account(name):
                names.append(name)
    return names


def _confirmed(people: list[str], groups: list[set[str]], structured: list[str]) -> list[str]:
    """Of several people the page prints, those in the elements that name someone the
    structured data credits: a reviewer's, editor's or related author's box elsewhere on the
    page is not the byline. When it names none of them, those of the first such element."""
    credited = {n.casefold() for n in structured}
    kept = set().union(*(g for g in groups if g & credited)) if credited else set()
    if not kept:  # nothing confirms: the first element that names a person is the byline
        named = {n.casefold() for n in people}
        kept = next((g for g in groups if g & named), named)
    confirmed = [n for n in people if n.casefold() in kept]
    return confirmed or people


def read_authors(page: Document, site_name: str | None) -> tuple[str | None, list[str]]:
    """The printed byline and the credited names: visible people (those the structured data
    confirms, when it names some of them), else JSON-LD people, else a credit line at the
    story's start or end, else people in author meta tags, else the one organisation
    credited. Read lazily: most pages settle early."""
    printed, visible, groups = _visible_byline(page)
    if not visible:
        (printed, visible), groups = _byline_under_headline(page), []
    visible_people = [n for n in visible if is_person(n)]
    also_printed = len(visible) > len(visible_people)  # a credit that names no person
    ld_people, ld_orgs = (
        _ld_names(page.ld("author")) if len(visible_people) != 1 or also_printed else ([], [])
    )
    if len(visible_people) == 1 and also_printed:
        # The JSON-LD credits what the byline prints ("Author Acmeware"), not the one person
        # printed in another element (a related post's card): the confirmed credit wins.
        credited = {n.casefold() for n in ld_people + ld_orgs}
        confirmed = [n for n in visible if n.casefold() in credited]
        if confirmed and visible_people[0].casefold() not in credited:
            return printed, confirmed
    if visible_people:
        if len(visible_people) > 1:
            structured = ld_people or [n for n in _meta_names(page) if is_person(n)]
            return printed, _confirmed(visible_people, groups, structured)
        return printed, visible_people
    if ld_people:
        return printed, ld_people
    if not visible:
        printed, visible = _byline_in_story(page)
        if visible:
            return printed, visible
        boxed = _author_box(page)
        if boxed:
            return printed, boxed
    meta_names = _meta_names(page)
    # <meta name="author"> often names the publisher ("Condé Nast"): not a person then.
    publishers = {(site_name or "").casefold(), (page.publisher or "").casefold()}
    meta_people = [n for n in meta_names if is_person(n) and n.casefold() not in publishers]
    if meta_people:
        return printed, meta_people
    written, people = _authorship_line(page)
    if people:
        return printed or written, people
    credited = visible or ld_orgs or meta_names
    return printed, credited[:1]
