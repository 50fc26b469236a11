"""Main-content choice, clutter removal and paragraphs, in document order.

1. Score: every block with real prose (long enough, few links) from the headline on counts
   fully for its parent and less for each ancestor above, so a run of sibling paragraphs
   outscores scattered teasers. The best few candidates are weighed by semantic markup
   (`itemprop=articleBody`, `article`, `main`) and their distance from the headline; the
   winner is widened to the ancestor whose added prose outweighs the other text it adds (a
   story split into sections, figures, boxes and lists), and to sibling chunks.
2. Render: walk the container in document order (an explicit stack, never recursion), skip
   page furniture and clutter blocks, and cut the text into paragraphs at block boundaries;
   list items and table rows become lines of their own ("- item", "| a | b |").
3. Filter: drop link lists, clutter phrases and repeats.

A block whose class says "clutter" is still kept when it holds most of the story's prose:
markup lies more often than text does.
"""

from __future__ import annotations

import heapq
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from types import ModuleType
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..errors import TimeLimitExceeded
from .boilerplate import (
    CLUTTER_PHRASE_ANYWHERE_RE,
    CLUTTER_PHRASE_ANYWHERE_WORDS,
    CLUTTER_PHRASE_RE,
    CLUTTER_TOKENS,
    CREDIT_FIRST_WORDS,
    CREDIT_LEAD,
    EMBEDDED_POST_CLASSES,
    EMBEDDED_POSTS,
    FURNITURE_TAGS,
    HIDDEN_STYLE,
    NON_CONTENT_TAGS,
    PHRASE_MAX_CHARS,
    SOFT_FURNITURE_TAGS,
    SOFT_GROUPS,
    WHOLE_NAME_MARKERS,
)
from .dom import clean_text
from .timelimit import time_limit

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from .trace import Trace

# Elements whose start and end break the text into paragraphs.
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "blockquote", "pre", "ul", "ol", "li", "dl",
        "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "caption", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "address", "center", "details", "summary", "figure",
        "header", "footer", "nav", "aside", "hgroup", "body", "html",
    }
)  # fmt: skip
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_ALL_HEADINGS = _HEADINGS | {"h1"}
_LISTS = frozenset({"ul", "ol", "dl"})

# A block with at least this many characters and at most this share of link text is prose.
_PROSE_CHARS = 40
_PROSE_MAX_LINKS = 0.5
# A paragraph with more link text than this is navigation unless it is a full sentence.
_MAX_LINK_DENSITY = 0.6
_SENTENCE_WORDS = 12
_SENTENCE_END = ".!?\"”'’)"
# Headings looked at to find the headline, and the shortest text that can be one.
_HEADING_LOOKUP = 30
_TITLE_SELECTOR = 'title, meta[property="og:title"], meta[name="twitter:title"]'
_HEADLINE_MIN_CHARS = 10
# The best few candidates by score are weighed by their distance from the headline.
_CANDIDATES = 8
_HEADLINE_PULL = 0.25
# A prose block counts for this many levels of ancestors (bounded work on deep markup; the
# decayed score of a farther ancestor is negligible anyway).
_MAX_LEVELS = 48
# An ancestor that adds no prose (a wrapper around one block) counts as this much of a level:
# page builders wrap every paragraph in several elements, which says nothing about the story.
_WRAP_STEP = 0.5
# Widening looks this many levels above the best block (page builders nest sections deep).
_WIDEN_LEVELS = 12
# An ancestor is still the story's container when the prose it adds is at least this many
# times the other text it adds (headings, captions, link lists), clutter blocks left out.
_WIDEN_PROSE = 1.0
# ... and when that prose is at least this share of what the container holds already: a
# standfirst or an author's bio next to the story is not more of the story.
_WIDEN_GAIN = 0.2
# Blocks of text shorter than this (menu items, labels, short headings) are not counted as
# other text: a story has as many of them as the page around it.
_MIN_TEXT = 20
# A part of the page with this much prose, and this share of the story's, whose text an
# earlier part repeats is a copy.
_COPY_CHARS = 400
_COPY_SHARE = 0.3
# A copy is a part of the story: it holds more than one of these blocks.
_PARTS = "p, li, h2, h3, h4, blockquote, pre, table"
# A list of links that a sentence of at least this many words introduces ("Also, a few patches
# were merged upstream:") is the story's; a label ("More on this:", "In this post:") is not.
_INTRO_WORDS = 5
# A teaser's summary is a sentence or two; a longer block under a linked heading is an item
# of the story (a product or a place in a list article, its name linked).
_TEASER_MAX_CHARS = 300
# ... unless the card links its address twice (a title and a picture or a "read more"): a
# post excerpt, cut at about fifty words, is a teaser up to this length.
_EXCERPT_MAX_CHARS = 600
# A page with less prose of its own than this, and less than its teaser cards hold, is a
# listing: the cards are its content.
_LISTING_CHARS = 600
# A sibling of the best block with this share of its score also holds the story.
_SIBLING_SHARE = 0.2
# Semantic markup multiplies a candidate's score: itemprop="articleBody", <article>, <main>.
# It is read on the candidates (a few dozen elements), not looked for in the whole page: the
# three selectors added 320k instructions a page to the headings' query.
_ARTICLE_BODY_HINT = 1.5
_HINTS = {"article": 1.2, "main": 1.05}
_HEADINGS_SELECTOR = "h1, h2, h3"

# A clutter-marked block holding at least this share of its surroundings' prose is kept.
_DOMINANT_SHARE = 0.4
# A strictly marked block that opens the story and holds this share of all the page's prose
# is the story's wrapper, whatever its name says.
_OVERWHELMING = 0.8

_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
# An id of this many words or more is an anchor made from a heading.
_SLUG_WORDS = 4
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_SOFT = frozenset(m for name in SOFT_GROUPS for m in CLUTTER_TOKENS[name])
_STRICT = frozenset(m for group in CLUTTER_TOKENS.values() for m in group) - _SOFT
_MODIFIER_PREFIXES = frozenset({"has", "with", "w", "no", "without", "and", "is", "show", "enable"})
_MODIFIER_SUFFIXES = frozenset({"enabled", "disabled", "active", "open", "visible", "loaded"})
_NON_CONTENT = frozenset(NON_CONTENT_TAGS)
_LAYOUT = frozenset(CLUTTER_TOKENS["navigation"]) & _SOFT
_LINE_BREAK = "\x00"  # stands for <br> while text is collected (NUL never survives parsing)
_CELL = "\x01"  # stands for the start of a table cell while text is collected
# Possessive repeats: a name cannot be split into shorter names when the match fails, which
# made one long word cost exponential time under fullmatch.
_BYLINE = re.compile(
    rf"(?:{CREDIT_LEAD}|from)\s++((?:[^\s,&]++(?:[\s,&]++(?:and\s++)?)?){{1,8}})", re.I
)
_MAX_BYLINE_CHARS = 200  # eight names and their separators
_BYLINE_LEADS = CREDIT_FIRST_WORDS | {"from"}


# How sure a marker is. STRICT blocks (comments, the page footer, <nav>, <aside>, <figure>)
# never hold the story, however long; SOFT ones (a "sidebar" layout class, a "paywall"
# wrapper, a page-wide <form>, hidden text) usually don't, but are kept when they hold most
# of the prose around them.
NONE, SOFT, STRICT = 0, 1, 2


@lru_cache(maxsize=32768)
def _marked(attr_value: str) -> int:
    """How surely a class/id value names a clutter block."""
    return max((_names_clutter(name) for name in attr_value.split()), default=NONE)


def _names_clutter(name: str) -> int:
    """One class name or id: whole tokens, pairs and triples of its words are looked up.
    State modifiers ("has-comments", "with-sidebar", "no-ads") describe a block's
    surroundings, not the block, and never match."""
    words = [w for w in _TOKEN_SPLIT.split(_CAMEL.sub(r"\1 \2", name).lower()) if w]
    if not words or words[0] in _MODIFIER_PREFIXES or words[-1] in _MODIFIER_SUFFIXES:
        return NONE
    level = NONE
    for i in range(len(words)):
        for n in (1, 2, 3):
            if i + n > len(words):
                break
            run = words[i : i + n]
            for marker in ("-".join(run), "".join(run)) if n > 1 else (run[0],):
                if marker in WHOLE_NAME_MARKERS and n < len(words):
                    continue
                if marker in _STRICT:
                    return STRICT
                if marker in _SOFT:
                    level = SOFT
    return level


class _Posts:
    """Which elements hold a social post quoted in the story (EMBEDDED_POSTS). The page's
    blockquotes are looked at once, when first asked: on most pages none has a post's class,
    and then no element needs a query of its own (one cost 31k instructions, about seven a
    page)."""

    def __init__(self) -> None:
        self.maybe: bool | None = None  # a blockquote of the page may be a post

    def within(self, node: LexborNode) -> bool:
        if self.maybe is None:
            self.maybe = any(map(_may_be_post, node.parser.tags("blockquote")))
        return self.maybe and node.css_first(EMBEDDED_POSTS) is not None


def _may_be_post(quote: LexborNode) -> bool:
    """Whether a blockquote's class may name a post (what CSS matches, and more)."""
    value = (quote.attributes.get("class") or "").lower()
    return any(name in value for name in EMBEDDED_POST_CLASSES)


def _is_clutter(
    node: LexborNode,
    tag: str | None = None,
    attrs: dict[str, str | None] | None = None,
    posts: _Posts | None = None,
) -> int:
    """Furniture, hidden or clutter-marked element (before the dominance guard). The caller
    may pass the node's tag and attributes when it already read them, and the page's
    _Posts (without one, the element's own subtree is asked)."""
    if tag is None:
        tag = node.tag
    if tag in ("body", "html"):
        return NONE
    if tag in FURNITURE_TAGS:
        if tag == "figure" and node.css_first("table, blockquote") is not None:
            return NONE  # a data table or a quote set in a figure (as WordPress sets them)
        if tag not in SOFT_FURNITURE_TAGS:
            return STRICT
        # Soft, unless its class or id says more: <footer id="page-footer">.
        return max(SOFT, _marked_by(node.attributes if attrs is None else attrs))
    if attrs is None:
        attrs = node.attributes
    if not attrs:
        return NONE
    level = _marked_by(attrs)
    if level == STRICT:
        return level
    if level == SOFT and (
        posts.within(node) if posts else node.css_first(EMBEDDED_POSTS) is not None
    ):
        return NONE  # a "widget" or "video" wrapper around a quoted social post
    if level == NONE and "aria-labelledby" in attrs:
        return NONE  # a collapsed panel of an accordion (an FAQ, a step): the reader opens it
    aria_hidden = attrs.get("aria-hidden") == "true"
    if "hidden" in attrs:
        # Hidden from view and from screen readers: a copy for machines (raw markdown, data).
        return STRICT if aria_hidden else SOFT
    if aria_hidden:
        return SOFT
    style = attrs.get("style")
    if style and HIDDEN_STYLE.search(style):
        return SOFT
    return level


def _marked_by(attrs: dict[str, str | None]) -> int:
    """How surely an element's class, id, itemprop or role names a clutter block."""
    level = NONE
    if value := attrs.get("class"):
        level = _marked(value)
    if value := attrs.get("id"):
        level = max(level, _marked_id(value))
    if value := attrs.get("itemprop"):
        level = max(level, _marked(value))
    if value := attrs.get("role"):
        level = max(level, _marked(value))
    return level


@lru_cache(maxsize=8192)
def _marked_id(value: str) -> int:
    """An id of many words is an anchor made from a heading's text ("how-popular-is-it"),
    not the name of a page component: its words say nothing about the block."""
    if len([w for w in _TOKEN_SPLIT.split(value.lower()) if w]) >= _SLUG_WORDS:
        return NONE
    return _marked(value)


# Elements that own the text set directly inside them when the page is scored. Table cells
# are not among them: a table is judged as a whole.
_SCORE_BLOCKS = frozenset(
    {
        "p", "pre", "blockquote", "div", "section", "article", "main", "li", "dd", "table",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "nav", "aside", "form", "center",
        "figure", "figcaption", "body",
    }
)  # fmt: skip


@dataclass
class _Scores:
    """Characters under each element (by mem_id): prose, and prose outside clutter and teasers
    (`clean`, and `local` decayed by distance); every block of text and its length (`texts`)
    and each element's parent (`parent_of`), for what rendering an element would give."""

    prose: dict[int, float]
    clean: dict[int, float]
    local: dict[int, float]
    texts: list[tuple[LexborNode, int]]
    parent_of: dict[int, int | None]
    nodes: dict[int, LexborNode]
    clutter: dict[int, bool]
    lead: frozenset[int] = frozenset()  # the first prose block and its ancestors
    # Layout class names (softly marked) that wrap the story's best block (a page builder's
    # block wrapper, "elementor-widget"): inside the story they wrap its other blocks too.
    wrappers: frozenset[str] = frozenset()
    # Each prose block's chain of ancestors (mem_ids, nearest first) and its length.
    chains: list[tuple[list[int], int]] = field(default_factory=list)
    linked: dict[int, bool] = field(default_factory=dict)  # the element holds a linked heading
    story: float = 0.0  # the prose outside clutter and teasers, all of it
    held: set[int] = field(default_factory=set)  # softly marked, kept as holding the story
    teased: float = 0.0  # the prose of teasers
    posts: _Posts = field(default_factory=_Posts)


def _tag_ids(names: frozenset[str]) -> frozenset[int]:
    """lexbor's ids for HTML tag names. An element's `tag_id` is a small int, read without
    building and hashing the name that `tag` returns: the text-block walk, which reads one
    for each of about 300 elements a page, took 111 us a page with names, 99 with ids."""
    document = LexborHTMLParser("")
    ids = frozenset(document.create_node(name).tag_id for name in names)
    if max(ids) >= _FIRST_CUSTOM_TAG_ID:  # an id lexbor made up for this document only
        raise ValueError(f"not all of lexbor's own tags: {sorted(names)}")
    return ids


# lexbor numbers its own tags from 1; a name it does not know gets an id per document, above.
_FIRST_CUSTOM_TAG_ID = 1 << 16
_SCORE_BLOCK_IDS = _tag_ids(_SCORE_BLOCKS)
_NON_CONTENT_IDS = _tag_ids(_NON_CONTENT)
_LINK_IDS = _tag_ids(frozenset({"a"}))
(_LINK_ID,) = _LINK_IDS
_HEADING_IDS = _tag_ids(_HEADINGS)
# <html>, and the document node above it (no tag name: its id read from an empty page).
_TOP_IDS = _tag_ids(frozenset({"html"})) | {LexborHTMLParser("").root.parent.tag_id}


def _text_blocks(
    root: LexborNode, headlines: list[LexborNode]
) -> list[tuple[LexborNode, int, bool]]:
    """Every block that owns visible text from the headline on (what comes before it is not
    the story): its characters, and whether they read as prose (long enough, mostly not
    links)."""
    blocks: dict[int, list] = {}
    for top in _from_headline(root, headlines):
        for node in top.traverse(include_text=True, skip_empty=True):
            if not node.is_text_node:
                continue
            # The scoring block that owns the text: its nearest ancestor among _SCORE_BLOCKS,
            # and whether a link lies between them; none inside scripts, styles and the like
            # (found before reading the text: scripts hold long texts). Walked here, not in a
            # helper, as it runs for every text node; not memoised by parent: few text nodes
            # share one (a <p> split by links).
            block: LexborNode | None = node.parent
            in_link = False
            while block is not None and (tag := block.tag_id) not in _SCORE_BLOCK_IDS:
                if tag in _NON_CONTENT_IDS:
                    block = None
                    break
                in_link = in_link or tag == _LINK_ID
                block = block.parent
            if block is None:
                continue
            text = node.text_content
            if not text:
                continue
            length = len(text.strip())  # strip() and isspace() agree on what is white space
            if not length:
                continue
            entry = blocks.get(block.mem_id)
            if entry is None:
                entry = blocks[block.mem_id] = [block, 0, 0]
            entry[1] += length
            if in_link:
                entry[2] += length
    return [
        (block, chars, chars >= _PROSE_CHARS and links <= _PROSE_MAX_LINKS * chars)
        for block, chars, links in blocks.values()
    ]


def _from_headline(root: LexborNode, headlines: list[LexborNode]) -> list[LexborNode]:
    """The parts of `root` from the first headline on, in document order: the headline, then
    the later siblings of it and of each of its ancestors. The page's header and menus before
    the headline (a third of its nodes) are never walked. `headlines` are in document order;
    none: all of `root`; a headline outside `root`: nothing."""
    if not headlines:
        return [root]
    node: LexborNode | None = headlines[0]
    tops = [node]
    while node is not None and node.mem_id != root.mem_id:
        sibling = node.next
        while sibling is not None:
            tops.append(sibling)
            sibling = sibling.next
        node = node.parent
    return tops if node is not None else []


def _score(
    tree: LexborHTMLParser, headlines: list[LexborNode], trace: Trace | None = None
) -> _Scores:
    prose: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    root = tree.body
    parent_of: dict[int, int | None] = {}
    if root is None:
        return _Scores(prose, {}, {}, [], parent_of, nodes, {})
    chains, texts = [], []
    # The chain of ancestors (mem_ids, nearest first) of every prose block reached so far:
    # blocks share most of their ancestors, so each element is visited once.
    up: dict[int, list[int]] = {}
    for block, length, is_prose in _text_blocks(root, headlines):
        if length >= _MIN_TEXT:
            texts.append((block, length))
        if not is_prose:
            continue
        chain = _chain(block, up, nodes, parent_of)
        for key in chain:
            prose[key] = prose.get(key, 0.0) + length
        chains.append((chain, length))
    lead = frozenset(chains[0][0] if chains else ())
    scores = _Scores(prose, {}, {}, texts, parent_of, nodes, {}, lead, chains=chains)
    _tally(scores, frozenset(), trace)
    return scores


def _tally(
    scores: _Scores,
    wrappers: frozenset[str],
    trace: Trace | None = None,
    cards: bool = False,
) -> None:
    """Set the clean prose and decayed score of every element, prose in clutter and teasers
    left out. `wrappers`: layout class names that wrap the story's blocks on this page, not
    clutter (see _wrapper_names); `cards`: teasers are the page's content (a listing page);
    the gathered blocks are kept, not walked again."""
    prose, nodes, lead = scores.prose, scores.nodes, scores.lead
    clean: dict[int, float] = {}
    local: dict[int, float] = {}
    # What an earlier tally found stays, but for what the wrappers now clear.
    clutter = {
        key: marked and not (wrappers and _wraps_story(nodes[key], wrappers))
        for key, marked in scores.clutter.items()
    }
    inside: dict[int, bool] = {}  # the element or one of its ancestors is clutter
    linked = scores.linked
    story = teased = 0.0
    step, weights = _STEPS, _WEIGHTS  # locals: read once per step of every chain
    for chain, length in scores.chains:
        teaser = not cards and _is_teaser(chain, length, prose, nodes, linked)
        if teaser:
            teased += length
        if teaser or _inside_clutter(
            chain, prose, nodes, clutter, inside, lead, wrappers, scores.held, scores.posts
        ):
            if trace is not None and teaser:  # explain() only
                trace.teaser(nodes[chain[0]])
            continue
        story += length
        steps, below = -step, 0.0  # how far up (in wrapper steps), the prose one step below
        for key in chain:
            here = prose[key]
            steps += step if here > below else 1
            below = here
            clean[key] = clean.get(key, 0.0) + length
            local[key] = local.get(key, 0.0) + length * weights[steps]
    scores.clean, scores.local, scores.clutter, scores.wrappers = clean, local, clutter, wrappers
    scores.story, scores.teased = story, teased


def _inside_clutter(
    chain: list[int],
    prose: dict[int, float],
    nodes: dict[int, LexborNode],
    clutter: dict[int, bool],
    inside: dict[int, bool],
    lead: frozenset[int],
    wrappers: frozenset[str],
    held: set[int],
    posts: _Posts,
) -> bool:
    """Whether the chain's block lies in a clutter block; memoised, as chains share tails."""
    for i, key in enumerate(chain):
        known = inside.get(key)
        if known is not None:
            break
        marked = clutter.get(key)
        if marked is None:
            node = nodes[key]
            # Most are unmarked: no prose reader is built for them.
            level = _is_clutter(node, posts=posts)
            marked = clutter[key] = level != NONE and _marks_clutter(
                node, level, partial(_prose_of, prose, chain, i), key in lead, wrappers, held
            )
        if marked:
            known = True
            break
    else:
        i, known = len(chain), False
    for key in chain[:i]:
        inside[key] = known
    return known


def _chain(
    block: LexborNode,
    up: dict[int, list[int]],
    nodes: dict[int, LexborNode],
    parent_of: dict[int, int | None],
) -> list[int]:
    """The block and its ancestors below <html>, at most _MAX_LEVELS of them."""
    pending: list[tuple[int, LexborNode]] = []
    node: LexborNode | None = block
    tail: list[int] = []
    while node is not None and node.tag_id not in _TOP_IDS:
        key = node.mem_id
        known = up.get(key)
        if known is not None:
            tail = known
            break
        pending.append((key, node))
        node = node.parent
    for key, node in reversed(pending):
        nodes[key] = node
        parent_of[key] = tail[0] if tail else None
        # One copy of the tail, cut only when it is full (rarely: most pages nest less deeply).
        tail = up[key] = [key, *(tail if len(tail) < _MAX_LEVELS else tail[:-1])]
    return tail


def _register(
    block: LexborNode, parent_of: dict[int, int | None], nodes: dict[int, LexborNode]
) -> None:
    """Note the parents of a block and its ancestors not seen yet (cheaper than a chain)."""
    node: LexborNode | None = block
    while node is not None and node.mem_id not in parent_of:
        nodes[node.mem_id] = node
        parent = node.parent
        if parent is None or parent.tag_id in _TOP_IDS:
            parent_of[node.mem_id] = None
            return
        parent_of[node.mem_id] = parent.mem_id
        node = parent


def _is_teaser(
    chain: list[int],
    length: float,
    prose: dict[int, float],
    nodes: dict[int, LexborNode],
    linked: dict[int, bool],
) -> bool:
    """A short summary alone in a card that links elsewhere (a linked heading, title or
    picture): a teaser for another story. Story paragraphs share their parent with other
    paragraphs, and their headings are not links. `linked` remembers each card's answer."""
    if length > _EXCERPT_MAX_CHARS:
        return False
    long = length > _TEASER_MAX_CHARS
    for key in chain[1:3]:
        if prose[key] > length:
            return False  # the card holds more prose than this one block: not a teaser card
        memo = key if not long else -key - 1  # a long summary asks the stricter question
        found = linked.get(memo)
        if found is None:
            card = nodes[key]
            found = linked[memo] = _repeats_link(card) if long else _links_elsewhere(
                card, nodes[chain[0]]
            )
        if found:
            return True
    return False


def _repeats_link(card: LexborNode) -> bool:
    """Whether the card links one address twice (its title and its picture, or a "read
    more"): the mark of a post excerpt in a grid, whatever its length. An item of a list
    article links its name once."""
    seen: set[str] = set()
    for link in card.traverse():  # a card is small: cheaper than a query (22k instructions)
        if link.tag_id != _LINK_ID:
            continue
        href = link.attributes.get("href") or ""
        if not href or href[0] == "#":
            continue
        if href in seen:
            return True
        seen.add(href)
    return False


def _links_elsewhere(card: LexborNode, block: LexborNode) -> bool:
    """Whether the card links somewhere outside its summary block (a headline, an image), or
    holds a linked heading (a link in an h2-h6, or an h2-h6 in a link, wherever the other one
    is). One walk of the card finds its links and headings: most cards hold neither, and
    then nothing more is asked (queries cost 22k instructions each, ten selectors 50k). The
    links are placed by walking up from each (a card holds few, close to it)."""
    anchors, headings = [], []
    for node in card.traverse():
        tag = node.tag_id
        if tag == _LINK_ID:
            anchors.append(node)
        elif tag in _HEADING_IDS:
            headings.append(node)
    if not anchors and not headings:
        return False
    card_key, block_key = card.mem_id, block.mem_id
    if anchors:
        for link in _with_address(anchors, card):
            node: LexborNode | None = link
            while node is not None and node.mem_id not in (card_key, block_key):
                node = node.parent
            if node is None or node.mem_id != block_key:
                return True
    if any(_up_to(node, card_key, _HEADING_IDS) for node in anchors) or any(
        _up_to(node, card_key, _LINK_IDS) for node in headings
    ):
        return True
    above: set[int] = set()  # the tag ids of the card's ancestors
    node = card.parent
    while node is not None:
        above.add(node.tag_id)
        node = node.parent
    return bool((anchors and above & _HEADING_IDS) or (headings and _LINK_ID in above))


def _with_address(anchors: list[LexborNode], card: LexborNode) -> list[LexborNode]:
    """The anchors that CSS's a[href] selects. It also takes an SVG link's xlink:href, which
    nothing but lexbor tells from an HTML attribute so named: the card is queried then."""
    links = []
    for anchor in anchors:
        attrs = anchor.attributes
        if "href" in attrs:
            links.append(anchor)
        elif "xlink:href" in attrs:
            return card.css("a[href]")
    return links


def _up_to(node: LexborNode, top: int, tag_ids: frozenset[int]) -> bool:
    """Whether an ancestor of `node` up to the element `top` (a mem_id) has one of `tag_ids`."""
    current: LexborNode | None = node
    while current is not None and current.mem_id != top:
        current = current.parent
        if current is not None and current.tag_id in tag_ids:
            return True
    return False


def _decay(level: int) -> float:
    """How much a prose block counts for its ancestor `level` steps up: fully for its parent,
    then fading, so that a run of sibling paragraphs outscores scattered teasers."""
    return 1.0 if level <= 1 else 1.0 / (2 * (level - 1)) if level == 2 else 1.0 / (3 * (level - 1))


_DECAY = [_decay(level) for level in range(_MAX_LEVELS + 1)]
# A level is _STEPS wrapper steps; the weight of a number of steps, between whole levels
# (a chain of _MAX_LEVELS elements never climbs more than _MAX_LEVELS - 1 levels).
_STEPS = round(1 / _WRAP_STEP)
_WEIGHTS = [
    _DECAY[i // _STEPS] + (_DECAY[i // _STEPS + 1] - _DECAY[i // _STEPS]) * (i % _STEPS) / _STEPS
    for i in range(_MAX_LEVELS * _STEPS)
]


def _marks_clutter(
    node: LexborNode,
    level: int,
    prose_up: Callable[[], list[float]],
    leads: bool,
    wrappers: frozenset[str] = frozenset(),
    held: set[int] | None = None,
) -> bool:
    """Whether the element, marked as clutter at `level` (_is_clutter), is a clutter block:
    strictly marked, or softly marked and not holding the story (`prose_up`: the prose of
    it and its ancestors, asked only then).
    A strictly marked block that opens the story (`leads`: it holds the first prose block
    from the headline on) and holds nearly all the page's prose is a wrapper misnamed
    (a "sticky footer" layout around the whole page), not what its word says: a comment
    thread or a footer follows the story, it does not hold its start. An element marked
    only by a name in `wrappers` is not clutter; `held` collects the softly marked ones kept
    as holding the story."""
    if level == SOFT and wrappers and _wraps_story(node, wrappers):
        return False
    if level == STRICT:
        if not leads:
            return True
        up = prose_up()
        return up[0] < _OVERWHELMING * up[-1]
    if level != SOFT:
        return False
    if _holds_story(node, prose_up()):
        if held is not None:
            held.add(node.mem_id)
        return False
    return True


def _prose_of(prose: dict[int, float], keys: list[int], start: int) -> list[float]:
    """The prose of keys[start:], sliced only when asked (few elements are softly marked)."""
    return [prose.get(key, 0.0) for key in keys[start:]]


def _holds_story(node: LexborNode, prose_up: list[float]) -> bool:
    """A softly marked block is the story after all when it is semantic article markup, or
    holds most of the prose of the nearest ancestor that has more (e.g. a "paywall" wrapper
    around the story's second half)."""
    if node.tag in ("article", "main", "body") or node.attributes.get("itemprop") == "articleBody":
        return True
    own = prose_up[0]
    larger = next((p for p in prose_up[1:] if p > own), None)
    return larger is None or own >= _DOMINANT_SHARE * larger


def _hint(node: LexborNode) -> float:
    """The score multiplier of an element that semantic markup names as the story."""
    if node.attributes.get("itemprop") == "articleBody":
        return _ARTICLE_BODY_HINT
    return _HINTS.get(node.tag or "", 1.0)


def _headlines(tree: LexborHTMLParser, headings: list[LexborNode]) -> list[LexborNode]:
    """The page's headline elements: its h1s and the h2/h3s whose text the page's title
    repeats, but not a heading that is only the site's name (a logo in an h1)."""
    head = tree.head
    titles = [
        clean_text(node.attributes.get("content") or node.text()).lower()
        for node in (head.css(_TITLE_SELECTOR) if head is not None else [])
    ]
    titles = [title for title in titles if title]
    found = []
    for heading in headings[:_HEADING_LOOKUP]:
        text = clean_text(heading.text()).lower()
        in_title = len(text) >= _HEADLINE_MIN_CHARS and any(
            text in title or title in text for title in titles
        )
        if in_title or heading.tag == "h1":
            found.append((len(text) if in_title else 0, heading))
    # The site's name also appears in the title; a headline found there is longer.
    longest = max((size for size, _ in found), default=0)
    return [heading for size, heading in found if size == 0 or size >= longest / 2]


def _headline_ancestors(headlines: list[LexborNode]) -> set[int]:
    """Every element that contains the headline: the story sits next to it."""
    found: set[int] = set()
    for h1 in headlines:
        node = h1.parent
        while node is not None and node.mem_id not in found:
            found.add(node.mem_id)
            node = node.parent
    return found


def _headline_distance(node: LexborNode, near: set[int]) -> int:
    """Levels from `node` up to its first ancestor shared with a headline, beyond the first
    two (a story block and its headline are usually cousins); 0 when the page has no h1."""
    if not near:
        return 0
    steps = 0
    while node is not None and node.mem_id not in near:
        steps += 1
        node = node.parent
    return max(0, steps - 2)


def _widen(best: LexborNode, scores: _Scores) -> LexborNode:
    """Climb to the ancestor that adds more of the story: story chunks nested in separate
    columns or sections belong together; a page wrapper that adds menus and teaser lists, or
    a header that adds only a standfirst, does not. An <article> is a whole composition:
    never climbed out of."""
    if best.tag == "article":
        return best
    levels = [best]
    node = best.parent
    while node is not None and len(levels) <= _WIDEN_LEVELS:
        if node.tag in ("body", "html", "-document"):
            break
        levels.append(node)
        if node.tag == "article":
            break
        node = node.parent
    kept = _Kept(levels, scores)
    found = 0
    for i in range(1, len(levels)):
        clean = scores.clean.get(levels[i].mem_id, 0.0)
        best_clean = scores.clean.get(levels[found].mem_id, 0.0)
        if clean <= best_clean:
            continue
        added_junk = (kept.upto(i) - clean) - (kept.upto(found) - best_clean)
        if clean - best_clean < _WIDEN_PROSE * added_junk:
            break
        # A list is an element of a story, not its container: any prose beside it is more.
        if clean - best_clean >= _WIDEN_GAIN * best_clean or levels[found].tag in _LISTS:
            found = i
    return levels[found]


class _Kept:
    """The text that rendering each of a chain of nested elements would give (clutter left
    out), worked out level by level as widening climbs: the page's far corners are never
    looked at when it stops early."""

    def __init__(self, levels: list[LexborNode], scores: _Scores) -> None:
        self.scores = scores
        self.levels = {node.mem_id for node in levels}
        self.pending: list[list[tuple[int, int]]] = []  # the blocks whose lowest level is i
        self.totals: list[float] = []
        self.memo: dict[int, bool] = {}  # an element lies in clutter below its level
        # The lowest level that holds each element (None: none does), found once per element.
        self.level_of: dict[int, int | None] = {node.mem_id: i for i, node in enumerate(levels)}

    def _sort(self) -> None:
        """Put each block of text under the lowest level that holds it (on first use only:
        widening often stops before it needs to know)."""
        scores = self.scores
        self.pending = [[] for _ in self.levels]
        for block, length in scores.texts:
            _register(block, scores.parent_of, scores.nodes)
            level = self._level(block.mem_id)
            if level is not None:
                self.pending[level].append((block.mem_id, length))

    def _level(self, key: int | None) -> int | None:
        path = []
        level_of, parent_of = self.level_of, self.scores.parent_of
        while key is not None and key not in level_of:
            path.append(key)
            key = parent_of.get(key)
        level = level_of.get(key) if key is not None else None
        for seen in path:
            level_of[seen] = level
        return level

    def upto(self, level: int) -> float:
        if not self.pending:
            self._sort()
        while len(self.totals) <= level:
            total = self.totals[-1] if self.totals else 0.0
            for block, length in self.pending[len(self.totals)]:
                if not self._in_clutter(block):
                    total += length
            self.totals.append(total)
        return self.totals[level]

    def _in_clutter(self, key: int | None) -> bool:
        """Whether the element or an ancestor below its level is clutter."""
        scores, memo, levels = self.scores, self.memo, self.levels
        path = []
        found = False
        while key is not None and key not in levels:
            known = memo.get(key)
            if known is not None:
                found = known
                break
            path.append(key)
            marked = scores.clutter.get(key)
            if marked is None:
                node = scores.nodes[key]
                # Most are unmarked: no prose reader is built for them.
                level = _is_clutter(node, posts=scores.posts)
                marked = scores.clutter[key] = level != NONE and _marks_clutter(
                    node, level, partial(self._prose_up, key), key in scores.lead, scores.wrappers
                )
            if marked:
                found = True
                break
            key = scores.parent_of.get(key)
        for seen in path:
            memo[seen] = found
        return found

    def _prose_up(self, key: int | None) -> list[float]:
        prose, parent_of, out = self.scores.prose, self.scores.parent_of, []
        while key is not None and len(out) < _MAX_LEVELS:
            out.append(prose.get(key, 0.0))
            key = parent_of.get(key)
        return out


def _container(scores: _Scores, headlines: list[LexborNode]) -> list[LexborNode]:
    """The best-scored block, widened to the run of its siblings that also hold the story
    (a story split into chunks by inline ads or pull-outs). A page builder's page is
    tallied again first, with the layout names that wrap the best block as story."""
    near = _headline_ancestors(headlines)
    bonus: dict[int, float] = {}  # each candidate's _hint, read once
    key = _best(scores, near, bonus)
    if key is None:
        return []
    wrappers = _wrapper_names(scores.nodes[key]) | _held_names(scores, key)
    if wrappers:
        nodes = scores.nodes
        if any(
            marked and _wraps_story(nodes[held], wrappers)
            for held, marked in scores.clutter.items()
        ):  # the names clear a block scoring left out: tallied again
            _tally(scores, wrappers)
            key = _best(scores, near, bonus)
            if key is None:
                return []
        else:
            scores.wrappers = wrappers  # for rendering only
    if 0 < scores.story < min(_LISTING_CHARS, scores.teased):
        # Less story than cards, and little of it: a listing page, whose cards are its
        # content (a course catalogue, a guide to restaurants), not teasers beside a story.
        _tally(scores, scores.wrappers, cards=True)
        key = _best(scores, near, bonus)
        if key is None:
            return []
    best = _widen(scores.nodes[key], scores)
    key = best.mem_id
    parent = best.parent
    if parent is None or parent.tag in ("html", "-document") or best.tag == "article":
        return [best]
    threshold = _SIBLING_SHARE * scores.local[key]
    siblings = [
        child
        for child in parent.iter()
        if child.mem_id == key
        or (
            scores.local.get(child.mem_id, 0.0) >= threshold
            and not scores.clutter.get(child.mem_id)
        )
    ]
    if len(siblings) == 1:
        return [best]
    first, last = siblings[0].mem_id, siblings[-1].mem_id
    run, inside = [], False
    for child in parent.iter(include_text=True):
        inside = inside or child.mem_id == first
        if inside:
            run.append(child)
        if child.mem_id == last:
            break
    return run


def _best(scores: _Scores, near: set[int], bonus: dict[int, float]) -> int | None:
    """The best-scored block (its mem_id): the best few by score, weighed by semantic
    markup and their distance from the headline (`near`: its ancestors). `bonus` keeps
    each element's _hint for the next call."""
    if not scores.local:
        return None
    nodes = scores.nodes
    for key in scores.local.keys() - bonus.keys():
        bonus[key] = _hint(nodes[key])
    weighted = {k: score * bonus[k] for k, score in scores.local.items()}
    ranked = heapq.nlargest(_CANDIDATES, weighted, key=weighted.__getitem__)
    return max(
        ranked,
        key=lambda k: weighted[k]
        / (1.0 + _HEADLINE_PULL * _headline_distance(scores.nodes[k], near)),
    )


def _wrapper_names(block: LexborNode) -> frozenset[str]:
    """The layout class names (a "widget", a "sidebar" column) of the best block and the
    ancestors widening may reach: they wrap a block of the story, so the page builder that
    named them wraps its other blocks in them too (a sidebar built of the same widgets lies
    outside the story, which widening does not reach). A word that says what a block holds
    (a disclaimer, a caption) says it of each block it names, and is not taken."""
    names: set[str] = set()
    node: LexborNode | None = block
    for _ in range(_WIDEN_LEVELS + 1):
        if node is None or node.tag in ("body", "html", "-document"):
            break
        value = node.attrs.get("class")
        # The whole value's marking is known from scoring (cached): most are unmarked.
        if value and _marked(value) != NONE:
            names.update(_layout_names(value))
        node = node.parent
    return frozenset(names)


def _held_names(scores: _Scores, key: int) -> frozenset[str]:
    """The layout class names of the softly marked blocks inside the best block (`key`)
    that scoring kept as holding the story: a page builder's first widget holds most of
    the prose around it, its others less, but all are the story's."""
    names: set[str] = set()
    parent_of = scores.parent_of
    for held in scores.held:
        current: int | None = held
        for _ in range(_WIDEN_LEVELS + 1):
            if current is None or current == key:
                break
            current = parent_of.get(current)
        if current != key:
            continue
        value = scores.nodes[held].attrs.get("class")
        if value:
            names.update(_layout_names(value))
    return frozenset(names)


def _layout_names(value: str) -> set[str]:
    """The layout names in a class attribute, without their block numbers."""
    return {_numbered(name) for name in value.split() if _is_layout_name(name)}


def _numbered(name: str) -> str:
    """A class name without the number a page builder gives each block: "panel-style-12"."""
    return name.rstrip("0123456789-_")


@lru_cache(maxsize=8192)
def _is_layout_name(name: str) -> bool:
    """A class name marked softly, by a layout word only."""
    if _marked(name) != SOFT:
        return False
    words = {w for w in _TOKEN_SPLIT.split(_CAMEL.sub(r"\1 \2", name).lower()) if w}
    return bool(words & _LAYOUT) and not any(
        _marked(word) != NONE for word in words - _LAYOUT
    )


def _wraps_story(node: LexborNode, wrappers: frozenset[str]) -> bool:
    """Whether a clutter-marked element is only marked by story wrapper names (and not
    strictly, nor by its id, hiding or tag)."""
    value = node.attributes.get("class")
    if not value:
        return False
    marked = [name for name in value.split() if _marked(name) != NONE]
    if not marked or not all(_numbered(name) in wrappers for name in marked):
        return False
    attrs = dict(node.attributes)
    attrs.pop("class")
    return _is_clutter(node, None, attrs) == NONE


def _mark_copies(scores: _Scores, container: list[LexborNode]) -> None:
    """Mark as clutter every later copy of a large part of the story: page builders print the
    story once per screen size, and a copy is no more story (a quote or a table row that a
    story repeats is small beside it). Copies have the same prose to the character; their
    text is compared only then."""
    prose, parent_of = scores.prose, scores.parent_of
    least = max(_COPY_CHARS, _COPY_SHARE * sum(prose.get(n.mem_id, 0.0) for n in container))
    by_size: dict[float, list[int]] = {}
    for key, size in prose.items():
        # The outermost of a chain of wrappers only (a wrapper has its child's prose).
        if size >= least and prose.get(parent_of.get(key), 0.0) != size:
            by_size.setdefault(size, []).append(key)
    for keys in by_size.values():
        if len(keys) < 2:
            continue
        texts: set[str] = set()
        for key in keys:  # document order: the first one seen stays
            node = scores.nodes[key]
            if len(node.css(_PARTS)) < 2:
                continue  # one paragraph, however long: a story may repeat it
            text = node.text()
            if text in texts:
                scores.clutter[key] = True
            texts.add(text)


class _Paragraphs:
    """Collects text into paragraphs, tracking how much of each paragraph is link text and the
    list marker ("- ", "3. ") that its first line carries."""

    def __init__(self) -> None:
        self.out: list[tuple[str, str, float, str]] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.marker = ""  # for the next paragraph: the list item it opens

    def add(self, text: str, in_link: bool) -> None:
        self.parts.append(text)
        if in_link:
            self.link_chars += len(text.strip())

    def flush(self, kind: str) -> None:
        """End the current block; its <br>-separated lines become paragraphs that share the
        block's link density (a bare link line in a prose block is still prose)."""
        if not self.parts:
            return  # nothing since the last block's edge (so no link text either)
        joined = "".join(self.parts)
        self.parts.clear()  # cleared in place: _render appends to it directly
        link_chars, self.link_chars = self.link_chars, 0
        if _CELL in joined:
            joined = _row(joined, kind)
        if _LINE_BREAK not in joined:
            text = clean_text(joined)
            if text:
                self._emit(text, kind, link_chars / len(text))
        elif size := len(clean_text(joined.replace(_LINE_BREAK, " "))):
            density = link_chars / size
            for line in joined.split(_LINE_BREAK):
                text = clean_text(line)
                if text:
                    self._emit(text, kind, density)

    def preformatted(self, text: str, kind: str) -> None:
        """Preformatted text (code, verse) keeps its lines. Its inner markup is syntax
        highlighting, never page furniture ("hljs-comment")."""
        for raw in text.split("\n"):
            line = clean_text(raw)
            if line:
                self._emit(line, kind, 0.0)

    def _emit(self, text: str, kind: str, density: float) -> None:
        self.out.append((text, kind, density, self.marker))
        self.marker = ""


def _row(joined: str, kind: str) -> str:
    """A table row's text with its cells set apart as "| a | b |", as a row of data reads; a
    cell of a layout table (holding blocks of its own) is plain text."""
    before, *cells = joined.split(_CELL)
    cells = [clean_text(cell) for cell in cells]
    if not kind.startswith("tr.") or len(cells) < 2 or not any(cells):
        return joined.replace(_CELL, " ")
    return f"{before} | {' | '.join(cells)} |".replace("|  |", "| |").lstrip()


def _render(
    roots: list[LexborNode], scores: _Scores, trace: Trace | None = None
) -> list[tuple[str, str, float, str]]:
    """(text, block kind, link density, list marker) per paragraph under `roots`, in
    document order; the kind is the block's tag and class."""
    paragraphs = _Paragraphs()
    parts = paragraphs.parts  # text nodes are most of what is walked: appended directly
    clutter, wrappers = scores.clutter, scores.wrappers
    links = 0
    blocks: list[str] = ["div"]
    lists: list[list] = []  # the open lists: [tag, items so far]
    # Nodes to enter, and (as plain strings) the tags of elements to leave. Children are
    # pushed in reverse to pop in document order.
    stack: list[LexborNode | str] = list(reversed(roots))
    top = {root.mem_id for root in roots}
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # leaving an element
            if node == "a":
                links -= 1
                continue
            paragraphs.flush(blocks.pop())
            if trace is not None:  # explain() only
                trace.leave(len(paragraphs.out))
            if node in ("ul", "ol") and lists:
                lists.pop()
            elif node == "li":
                paragraphs.marker = ""
            continue
        tag = node.tag or ""
        if tag == "-text":
            text = node.text_content or ""
            # White space opening a block (the indentation between blocks) is left out: the
            # block's text is collapsed anyway, and an empty block's flush is then a no-op
            # (20 of a page's 70 flushes had only white space to join and clean).
            if parts or not text.isspace():
                parts.append(text)
                if links:
                    paragraphs.link_chars += len(text.strip())
            continue
        if tag == "br":
            paragraphs.add(_LINE_BREAK, False)
            continue
        if tag in ("td", "th"):
            paragraphs.add(_CELL, False)  # a table row reads as one line
        if tag.startswith("-") or tag == "h1" or tag in _NON_CONTENT:
            continue
        attrs = None
        key = node.mem_id
        if key not in top:
            marked = clutter.get(key)
            if marked is None:
                attrs = node.attributes
                marked = _is_clutter(node, tag, attrs, scores.posts)
            if marked and wrappers and _wraps_story(node, wrappers):
                marked = False
            if marked:
                if trace is not None:  # explain() only
                    trace.skip(node, len(paragraphs.out))
                continue
        if tag == "a":
            links += 1
            stack.append(tag)
        elif tag in _BLOCK_TAGS:
            paragraphs.flush(blocks[-1])
            if trace is not None:  # explain() only
                trace.enter(node, len(paragraphs.out))
            if attrs is None:
                attrs = node.attributes
            blocks.append(f"{tag}.{attrs.get('class') or ''}")
            stack.append(tag)
            if tag in ("ul", "ol"):
                start = (attrs.get("start") or "").strip()
                # isdecimal, not isdigit: int() refuses "²"; and no number 10 digits long.
                lists.append([tag, int(start) - 1 if start.isdecimal() and len(start) < 10 else 0])
            elif tag == "li" and lists:
                lists[-1][1] += 1
                paragraphs.marker = "- " if lists[-1][0] == "ul" else f"{lists[-1][1]}. "
            elif tag == "pre":
                paragraphs.preformatted(node.text(deep=True), blocks[-1])
                continue
        children = list(node.iter(include_text=True))
        children.reverse()
        stack.extend(children)
    paragraphs.flush(blocks[-1] if blocks else "div")
    if trace is not None:  # explain() only
        trace.rendered(paragraphs.out)
    return paragraphs.out


def _is_byline(text: str) -> bool:
    """"By Jane Doe and John Roe": a credit line, not a sentence of the story."""
    if not text or text[-1] in ".!?" or len(text) > _MAX_BYLINE_CHARS:
        return False
    if text.split(None, 1)[0].lower() not in _BYLINE_LEADS:  # most paragraphs: no regex
        return False
    match = _BYLINE.fullmatch(text)
    if match is None:
        return False
    names = match.group(1).replace(" and ", " ").replace("&", " ").replace(",", " ").split()
    return all(name[:1].isupper() for name in names)


def _is_clutter_text(text: str, link_density: float) -> str | None:
    """Why a paragraph is clutter ("phrase", "byline", "links"); None when it is not."""
    if len(text) <= PHRASE_MAX_CHARS:
        line = text.rstrip(" .:»›>|-").lower()
        if CLUTTER_PHRASE_RE.fullmatch(line) or (
            any(map(line.__contains__, CLUTTER_PHRASE_ANYWHERE_WORDS))  # no generator frame
            and CLUTTER_PHRASE_ANYWHERE_RE.fullmatch(line)
        ):
            return "phrase"
    if _is_byline(text):
        return "byline"
    if link_density > _MAX_LINK_DENSITY:
        # A line that is mostly links is navigation, unless it reads as a sentence.
        return None if _is_sentence(text) else "links"
    return None


def line_kind(text: str, kind: str, marker: str) -> str:
    """"li" for a list item, "tr" for a table row set as "| a | b |", "pre" for a line of
    preformatted text, "" for any other paragraph: consecutive lines of one kind make one
    paragraph of the body."""
    if marker:
        return "li"
    if kind.startswith("tr.") and text[:2] == "| ":
        return "tr"
    return "pre" if kind.startswith("pre.") else ""


class Heading(str):
    """A paragraph the page prints as a heading (h1-h6). It is text like any other paragraph;
    the type only tells later steps what it was: a heading is never a dateline, whatever it
    reads ("PARIS, FRANCE" over a section of a travel story)."""

    __slots__ = ()


def extract_body(
    tree: LexborHTMLParser, trace: Trace | None = None, body: list[LexborNode] | None = None
) -> list[str]:
    """The article's paragraphs, in order; those printed as headings are `Heading`s. The tree
    is only read. `body`: the container a site rule names, instead of the one scoring picks;
    `trace` records each decision."""
    headlines = _headlines(tree, tree.css(_HEADINGS_SELECTOR))
    scores = _score(tree, headlines, trace)
    container = body or _container(scores, headlines)
    _mark_copies(scores, container)
    if trace is not None:  # explain() only
        trace.body(scores, container, headlines)
    # Text already seen in a differently styled block is a repeat (a standfirst repeated as
    # the lead); the same text in the same kind of block is content ("Buy now" per product).
    seen: dict[str, str] = {}
    paragraphs: list[str] = []
    last = ""  # "li" or "tr" when the last paragraph kept is a list item or a table row
    introduced = False  # the last paragraph kept outside a list introduces one ("...:")
    for text, kind, density, marker in _render(container, scores, trace):
        reason = _is_clutter_text(text, density)
        if not marker:
            introduced = not reason and text[-1] == ":" and text.count(" ") >= _INTRO_WORDS - 1
        elif reason == "links" and introduced:
            reason = None  # a list of links that the story introduces is part of it
        if reason == "links" and kind[:2] in _HEADINGS and not marker:
            reason = None  # a linked heading names an item of the story (a product, a place)
        if reason:
            if trace is not None:  # explain() only
                trace.paragraph(reason)
            continue
        if seen.setdefault(text, kind) != kind and len(text) >= _PROSE_CHARS:
            if trace is not None:  # explain() only
                trace.paragraph("repeat")
            continue
        if trace is not None:  # explain() only
            trace.paragraph(None)
        # A list, a table or a code block stays one paragraph with an item, a row or a line
        # of code per line.
        line = line_kind(text, kind, marker)
        if line and line == last:
            paragraphs[-1] += f"\n{marker}{text}"
        elif kind[:2] in _ALL_HEADINGS and not marker:
            paragraphs.append(Heading(text))
        else:
            paragraphs.append(marker + text)
        last = line
    return paragraphs


def fallback_body(html: str, deadline: float | None = None) -> list[str]:
    """trafilatura's paragraphs, for the pages where cleannews finds no prose at all (a
    different method may still find a story there), stopped at `deadline` (time.monotonic;
    None: no limit); [] when the time is spent or trafilatura cannot be imported."""
    trafilatura = _trafilatura()
    if trafilatura is None:
        return []
    seconds = None if deadline is None else deadline - time.monotonic()
    if seconds is not None and seconds <= 0:
        log.debug("time budget spent: trafilatura fallback skipped")
        return []
    try:
        with time_limit(seconds):
            text = trafilatura.extract(html, include_comments=False) or ""
    except TimeLimitExceeded:
        log.debug("time budget spent: trafilatura fallback stopped after %.2f s", seconds)
        return []
    lines = [line for line in (clean_text(raw) for raw in text.split("\n")) if line]
    # Accepted only when it reads as a story: mostly full sentences, not a list of links.
    sentences = sum(len(line) for line in lines if _is_sentence(line))
    return lines if sentences >= 0.5 * sum(len(line) for line in lines) > 0 else []


@cache
def _trafilatura() -> ModuleType | None:
    """trafilatura, a declared dependency: failing to import it is a broken install, said
    loudly once (not taken for "not installed", which hid a dead fallback)."""
    try:
        import trafilatura
    except ImportError as exc:
        log.error("the trafilatura fallback is off: cannot import it (%s); reinstall cleannews",
                  exc)
        return None
    return trafilatura


def _is_sentence(text: str) -> bool:
    return len(text.split()) >= _SENTENCE_WORDS and text.rstrip()[-1:] in _SENTENCE_END
