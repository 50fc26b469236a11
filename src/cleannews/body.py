"""Main-content choice, clutter removal and paragraphs, in document order."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .boilerplate import CLUTTER_MARKERS, NON_CONTENT_TAGS
from .dom import node_text

_BLOCKS = "p, h2, h3, h4, li, blockquote, pre"
_SEMANTIC = ('[itemprop="articleBody"]', "article", "main", '[role="main"]')


def _is_clutter(node: LexborNode) -> bool:
    marker = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}".lower()
    return any(word in marker for word in CLUTTER_MARKERS)


def _drop_clutter(tree: LexborHTMLParser) -> None:
    tree.strip_tags(list(NON_CONTENT_TAGS))
    for node in tree.css("[class], [id]"):
        if node.tag not in ("html", "body") and _is_clutter(node):
            node.decompose()


def _link_density(node: LexborNode) -> float:
    text = len(node_text(node)) or 1
    links = sum(len(node_text(a)) for a in node.css("a"))
    return links / text


def _score(node: LexborNode) -> float:
    return sum(len(node_text(p)) for p in node.css("p") if _link_density(p) < 0.5)


def _container(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in _SEMANTIC:
        candidates = tree.css(selector)
        if candidates:
            best = max(candidates, key=_score)
            if _score(best) > 200:
                return best
    parents: dict[int, tuple[LexborNode, float]] = {}
    for p in tree.css("p"):
        parent = p.parent
        if parent is None:
            continue
        key = parent.mem_id
        node, total = parents.get(key, (parent, 0.0))
        parents[key] = (node, total + len(node_text(p)))
    if not parents:
        return tree.body
    return max(parents.values(), key=lambda item: item[1])[0]


def extract_body(tree: LexborHTMLParser) -> list[str]:
    """The article's paragraphs. Mutates the tree (clutter is removed in place)."""
    _drop_clutter(tree)
    container = _container(tree)
    if container is None:
        return []
    paragraphs = []
    for block in container.css(_BLOCKS):
        if block.tag != "li" and any(p.tag in ("li", "blockquote") for p in _ancestors(block, container)):
            continue
        text = node_text(block)
        if text and _link_density(block) < 0.6:
            paragraphs.append(text)
    return paragraphs


def _ancestors(node: LexborNode, stop: LexborNode) -> list[LexborNode]:
    out = []
    parent = node.parent
    while parent is not None and parent.mem_id != stop.mem_id:
        out.append(parent)
        parent = parent.parent
    return out
