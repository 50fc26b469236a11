"""Main-content choice, clutter removal and paragraphs, in document order.

1. Score: every block with real prose (long enough, few links) from the headline on counts
   fully for its parent and less for each ancestor above, so a run of sibling paragraphs
   outscores scattered teasers. The best few candidates are weighed by semantic markup
   (`itemprop=articleBody`, `article`, `main`) and their distance from the headline; the
   winner is widened to ancestors and siblings that add prose while staying almost all prose.
2. Render: walk the container in document order (an explicit stack, never recursion), skip
   page furniture and clutter blocks, and cut the text into paragraphs at block boundaries.
3. Filter: drop link lists, clutter phrases and repeats.

A block whose class says "clutter" is still kept when it holds most of the story's prose:
markup lies more often than text does.
"""

from __future__ import annotations

import heapq
import logging
import re
import time
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..errors import TimeLimitExceeded
from .boilerplate import (
    CLUTTER_PHRASE_RE,
    CLUTTER_TOKENS,
    CREDIT_BY,
    CREDIT_VERBS,
    EMBEDDED_POSTS,
    FURNITURE_TAGS,
    NON_CONTENT_TAGS,
    PHRASE_MAX_CHARS,
    SOFT_FURNITURE_TAGS,
    SOFT_GROUPS,
)
from .dom import clean_text
from .timelimit import time_limit

log = logging.getLogger(__name__)

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
# Widening looks this many levels above the best block.
_WIDEN_LEVELS = 8
# An ancestor whose text is at least this share prose is still the story's container.
_WIDEN_PURITY = 0.9
# A sibling of the best block with this share of its score also holds the story.
_SIBLING_SHARE = 0.2
# Semantic markup multiplies a candidate's score.
_HINTS = {"articleBody": 1.5, "article": 1.2, "main": 1.05}
_HINTS_SELECTOR = '[itemprop="articleBody"], article, main'
# Headings and semantic markup, found in one pass over the tree.
_LANDMARKS = "h1, h2, h3, " + _HINTS_SELECTOR
_HEADING_TAGS = frozenset({"h1", "h2", "h3"})

# A clutter-marked block holding at least this share of its surroundings' prose is kept.
_DOMINANT_SHARE = 0.4

_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_SOFT = frozenset(m for name in SOFT_GROUPS for m in CLUTTER_TOKENS[name])
_STRICT = frozenset(m for group in CLUTTER_TOKENS.values() for m in group) - _SOFT
_MODIFIER_PREFIXES = frozenset({"has", "with", "w", "no", "without", "and", "is", "show", "enable"})
_MODIFIER_SUFFIXES = frozenset({"enabled", "disabled", "active", "open", "visible", "loaded"})
_NON_CONTENT = frozenset(NON_CONTENT_TAGS)
_NON_CONTENT_SELECTOR = ", ".join(NON_CONTENT_TAGS)
_LINE_BREAK = "\x00"  # stands for <br> while text is collected (NUL never survives parsing)
_LINKED_HEADING = "h2 a, h3 a, h4 a, h5 a, h6 a, a h2, a h3, a h4, a h5, a h6"
# Possessive repeats: a name cannot be split into shorter names when the match fails, which
# made one long word cost exponential time under fullmatch.
_BYLINE = re.compile(
    rf"(?:{CREDIT_BY}|from)\s++((?:[^\s,&]++(?:[\s,&]++(?:and\s++)?)?){{1,8}})", re.I
)
_MAX_BYLINE_CHARS = 200  # eight names and their separators
_BYLINE_LEADS = frozenset(("by", "from", *CREDIT_VERBS))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


# How sure a marker is. STRICT blocks (comments, the page footer, <nav>, <aside>, <figure>)
# never hold the story, however long; SOFT ones (a "sidebar" layout class, a "paywall"
# wrapper, a page-wide <form>, hidden text) usually don't, but are kept when they hold most
# of the prose around them.
NONE, SOFT, STRICT = 0, 1, 2


@lru_cache(maxsize=4096)
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
                if marker in _STRICT:
                    return STRICT
                if marker in _SOFT:
                    level = SOFT
    return level


def _is_clutter(
    node: LexborNode, tag: str | None = None, attrs: dict[str, str | None] | None = None
) -> int:
    """Furniture, hidden or clutter-marked element (before the dominance guard). The caller
    may pass the node's tag and attributes when it already read them."""
    if tag is None:
        tag = node.tag
    if tag in ("body", "html"):
        return NONE
    if tag in FURNITURE_TAGS:
        return SOFT if tag in SOFT_FURNITURE_TAGS else STRICT
    if attrs is None:
        attrs = node.attributes
    if not attrs:
        return NONE
    level = NONE
    for name in ("class", "id", "itemprop", "role"):
        value = attrs.get(name)
        if value:
            level = max(level, _marked(value))
    if level == STRICT:
        return level
    if level == SOFT and node.css_first(EMBEDDED_POSTS) is not None:
        return NONE  # a "widget" or "video" wrapper around a quoted social post
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return SOFT
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return SOFT
    return level


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
    """Prose characters under each element (by mem_id): all of it, and outside clutter."""

    prose: dict[int, float]
    clean: dict[int, float]
    local: dict[int, float]
    nodes: dict[int, LexborNode]
    clutter: dict[int, bool]


def _text_len(node: LexborNode) -> int:
    """Visible text length: the text of scripts, styles and the like does not count."""
    hidden = sum(len(clean_text(n.text())) for n in node.css(_NON_CONTENT_SELECTOR))
    return len(clean_text(node.text(deep=True))) - hidden


def _prose_blocks(root: LexborNode, headlines: set[int]) -> list[tuple[LexborNode, int]]:
    """Blocks whose own text reads as prose (long enough, mostly not links), from the
    headline on: what comes before the headline is not the story."""
    blocks: dict[int, list] = {}
    # Text nodes that share a parent share its block: each parent is resolved once.
    owners: dict[int, tuple[LexborNode | None, bool]] = {}
    before = bool(headlines)
    for node in root.traverse(include_text=True, skip_empty=True):
        if not node.is_text_node:
            if before and node.mem_id in headlines:
                before = False
            continue
        if before:
            continue
        text = node.text_content
        if not text or text.isspace():
            continue
        parent = node.parent
        if parent is None:
            continue
        owner = owners.get(parent.mem_id)
        if owner is None:
            owner = owners[parent.mem_id] = _owner(parent)
        block, in_link = owner
        if block is None:
            continue
        entry = blocks.get(block.mem_id)
        if entry is None:
            entry = blocks[block.mem_id] = [block, 0, 0]
        length = len(text.strip())
        entry[1] += length
        if in_link:
            entry[2] += length
    return [
        (block, chars)
        for block, chars, links in blocks.values()
        if chars >= _PROSE_CHARS and links <= _PROSE_MAX_LINKS * chars
    ]


def _owner(element: LexborNode) -> tuple[LexborNode | None, bool]:
    """The scoring block that owns text set directly in `element`, and whether a link lies
    between them; no block for text inside scripts, styles and the like."""
    in_link = False
    node: LexborNode | None = element
    while node is not None:
        tag = node.tag
        if tag in _SCORE_BLOCKS:
            return node, in_link
        if tag in _NON_CONTENT:
            return None, False
        in_link = in_link or tag == "a"
        node = node.parent
    return None, False


def _score(tree: LexborHTMLParser, headlines: list[LexborNode]) -> _Scores:
    prose: dict[int, float] = {}
    clean: dict[int, float] = {}
    local: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    root = tree.body
    if root is None:
        return _Scores(prose, clean, local, nodes, {})
    chains = []
    # The chain of ancestors (mem_ids, nearest first) of every element reached so far: blocks
    # share most of their ancestors, so each element is visited once.
    up: dict[int, list[int]] = {}
    for block, length in _prose_blocks(root, {node.mem_id for node in headlines}):
        chain = _chain(block, up, nodes)
        for key in chain:
            prose[key] = prose.get(key, 0.0) + length
        chains.append((chain, length))
    clutter: dict[int, bool] = {}
    inside: dict[int, bool] = {}  # the element or one of its ancestors is clutter
    linked: dict[int, bool] = {}  # the element holds a linked heading
    for chain, length in chains:
        if _is_teaser(chain, length, prose, nodes, linked) or _inside_clutter(
            chain, prose, nodes, clutter, inside
        ):
            continue
        for key, weight in zip(chain, _DECAY, strict=False):
            clean[key] = clean.get(key, 0.0) + length
            local[key] = local.get(key, 0.0) + length * weight
    return _Scores(prose, clean, local, nodes, clutter)


def _inside_clutter(
    chain: list[int],
    prose: dict[int, float],
    nodes: dict[int, LexborNode],
    clutter: dict[int, bool],
    inside: dict[int, bool],
) -> bool:
    """Whether the chain's block lies in a clutter block; memoised, as chains share tails."""
    for i, key in enumerate(chain):
        known = inside.get(key)
        if known is not None:
            break
        marked = clutter.get(key)
        if marked is None:
            level = _is_clutter(nodes[key])
            marked = clutter[key] = level == STRICT or (
                level == SOFT and not _holds_story(nodes[key], [prose[k] for k in chain[i:]])
            )
        if marked:
            known = True
            break
    else:
        i, known = len(chain), False
    for key in chain[:i]:
        inside[key] = known
    return known


def _chain(block: LexborNode, up: dict[int, list[int]], nodes: dict[int, LexborNode]) -> list[int]:
    """The block and its ancestors below <html>, at most _MAX_LEVELS of them."""
    pending: list[LexborNode] = []
    node: LexborNode | None = block
    tail: list[int] = []
    while node is not None and node.tag not in ("html", "-document"):
        known = up.get(node.mem_id)
        if known is not None:
            tail = known
            break
        pending.append(node)
        node = node.parent
    for node in reversed(pending):
        nodes[node.mem_id] = node
        tail = up[node.mem_id] = [node.mem_id, *tail[: _MAX_LEVELS - 1]]
    return tail


def _is_teaser(
    chain: list[int],
    length: float,
    prose: dict[int, float],
    nodes: dict[int, LexborNode],
    linked: dict[int, bool],
) -> bool:
    """A summary under a linked heading, alone in its card: a teaser for another story.
    Story paragraphs share their parent with other paragraphs, and their headings are not
    links. `linked` remembers each card's query, as sibling blocks share their cards."""
    for key in chain[1:3]:
        if prose[key] > length:
            return False  # the card holds more prose than this one block: not a teaser card
        found = linked.get(key)
        if found is None:
            found = linked[key] = nodes[key].css_first(_LINKED_HEADING) is not None
        if found:
            return True
    return False


def _decay(level: int) -> float:
    """How much a prose block counts for its ancestor `level` steps up: fully for its parent,
    then fading, so that a run of sibling paragraphs outscores scattered teasers."""
    return 1.0 if level <= 1 else 1.0 / (2 * (level - 1)) if level == 2 else 1.0 / (3 * (level - 1))


_DECAY = [_decay(level) for level in range(_MAX_LEVELS)]


def _holds_story(node: LexborNode, prose_up: list[float]) -> bool:
    """A softly marked block is the story after all when it is semantic article markup, or
    holds most of the prose of the nearest ancestor that has more (e.g. a "paywall" wrapper
    around the story's second half)."""
    if node.tag in ("article", "main", "body") or node.attributes.get("itemprop") == "articleBody":
        return True
    own = prose_up[0]
    larger = next((p for p in prose_up[1:] if p > own), None)
    return larger is None or own >= _DOMINANT_SHARE * larger


def _landmarks(tree: LexborHTMLParser) -> tuple[list[LexborNode], dict[int, float]]:
    """The page's h1-h3 headings, and the score multiplier (by mem_id) of each element that
    semantic markup names as the story."""
    headings: list[LexborNode] = []
    bonus: dict[int, float] = {}
    for node in tree.css(_LANDMARKS):
        tag = node.tag
        if tag in _HEADING_TAGS:
            headings.append(node)
        if node.attributes.get("itemprop") == "articleBody":
            bonus[node.mem_id] = _HINTS["articleBody"]
        elif tag in _HINTS:
            bonus[node.mem_id] = _HINTS[tag]
    return headings, bonus


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
    """Climb to the ancestor that adds prose while staying almost all prose: story chunks
    nested in separate columns or sections belong together, a page wrapper with menus and
    teaser lists does not. An <article> is a whole composition: never climbed out of."""
    node = best.parent
    for _ in range(_WIDEN_LEVELS):
        if node is None or node.tag in ("body", "html", "-document") or best.tag == "article":
            break
        clean = scores.clean.get(node.mem_id, 0.0)
        if clean > scores.clean.get(best.mem_id, 0.0):
            if clean < _WIDEN_PURITY * _text_len(node):
                break
            best = node
        node = node.parent
    return best


def _container(
    scores: _Scores, headlines: list[LexborNode], bonus: dict[int, float]
) -> list[LexborNode]:
    """The best-scored block, widened to the run of its siblings that also hold the story
    (a story split into chunks by inline ads or pull-outs)."""
    if not scores.local:
        return []
    ranked = heapq.nlargest(
        _CANDIDATES, scores.local, key=lambda k: scores.local[k] * bonus.get(k, 1.0)
    )
    near = _headline_ancestors(headlines)
    key = max(
        ranked,
        key=lambda k: scores.local[k]
        * bonus.get(k, 1.0)
        / (1.0 + _HEADLINE_PULL * _headline_distance(scores.nodes[k], near)),
    )
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


class _Paragraphs:
    """Collects text into paragraphs, tracking how much of each paragraph is link text."""

    def __init__(self) -> None:
        self.out: list[tuple[str, str, float]] = []
        self.parts: list[str] = []
        self.link_chars = 0

    def add(self, text: str, in_link: bool) -> None:
        self.parts.append(text)
        if in_link:
            self.link_chars += len(text.strip())

    def flush(self, kind: str) -> None:
        """End the current block; its <br>-separated lines become paragraphs that share the
        block's link density (a bare link line in a prose block is still prose)."""
        if self.parts:
            joined = "".join(self.parts)
            if _LINE_BREAK not in joined:
                text = clean_text(joined)
                if text:
                    self.out.append((text, kind, self.link_chars / len(text)))
            elif size := len(clean_text(joined.replace(_LINE_BREAK, " "))):
                density = self.link_chars / size
                for line in joined.split(_LINE_BREAK):
                    text = clean_text(line)
                    if text:
                        self.out.append((text, kind, density))
        self.parts = []
        self.link_chars = 0


def _render(roots: list[LexborNode], scores: _Scores) -> list[tuple[str, str, float]]:
    """(text, block kind, link density) per paragraph under `roots`, in document order; the
    kind is the block's tag and class."""
    paragraphs = _Paragraphs()
    links = 0
    blocks: list[str] = ["div"]
    # Nodes to enter, and (as plain strings) the tags of elements to leave. Children are
    # pushed in reverse to pop in document order.
    stack: list[LexborNode | str] = list(reversed(roots))
    top = {root.mem_id for root in roots}
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # leaving an element
            if node == "a":
                links -= 1
            else:
                paragraphs.flush(blocks.pop())
            continue
        tag = node.tag or ""
        if tag == "-text":
            paragraphs.add(node.text_content or "", links > 0)
            continue
        if tag == "br":
            paragraphs.add(_LINE_BREAK, False)
            continue
        if tag in ("td", "th"):
            paragraphs.add(" ", False)  # a table row reads as one line
        if tag.startswith("-") or tag == "h1" or tag in _NON_CONTENT:
            continue
        attrs = None
        key = node.mem_id
        if key not in top:
            marked = scores.clutter.get(key)
            if marked is None:
                attrs = node.attributes
                marked = _is_clutter(node, tag, attrs)
            if marked:
                continue
        if tag == "a":
            links += 1
            stack.append(tag)
        elif tag in _BLOCK_TAGS:
            paragraphs.flush(blocks[-1])
            if attrs is None:
                attrs = node.attributes
            blocks.append(f"{tag}.{attrs.get('class') or ''}")
            stack.append(tag)
        children = list(node.iter(include_text=True))
        children.reverse()
        stack.extend(children)
    paragraphs.flush(blocks[-1] if blocks else "div")
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


def _is_clutter_text(text: str, link_density: float) -> bool:
    if len(text) <= PHRASE_MAX_CHARS and CLUTTER_PHRASE_RE.fullmatch(
        text.rstrip(" .:»›>|-").lower()
    ):
        return True
    if _is_byline(text):
        return True
    if link_density > _MAX_LINK_DENSITY:
        # A line that is mostly links is navigation, unless it reads as a sentence.
        return not _is_sentence(text)
    return False


def extract_body(tree: LexborHTMLParser) -> list[str]:
    """The article's paragraphs, in order. The tree is only read."""
    headings, bonus = _landmarks(tree)
    headlines = _headlines(tree, headings)
    scores = _score(tree, headlines)
    container = _container(scores, headlines, bonus)
    # Text already seen in a differently styled block is a repeat (a standfirst repeated as
    # the lead); the same text in the same kind of block is content ("Buy now" per product).
    seen: dict[str, str] = {}
    paragraphs = []
    for text, kind, density in _render(container, scores):
        if _is_clutter_text(text, density):
            continue
        if seen.setdefault(text, kind) != kind and len(text) >= _PROSE_CHARS:
            continue
        paragraphs.append(text)
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
