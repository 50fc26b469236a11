"""The parsed document (selectolax, lexbor backend) and the small helpers every step shares."""

from __future__ import annotations

import re
from itertools import accumulate

from selectolax.lexbor import LexborHTMLParser, LexborNode

Node = LexborNode


# Browsers stop nesting elements at a few hundred levels (Blink: 512) and attach deeper ones
# to the deepest allowed parent. lexbor does not, and its parse time grows with the square of
# the depth (100,000 nested <div>s take about a minute), so deeper markup is flattened first.
MAX_DEPTH = 1000
# Void and self-closing-in-practice elements never deepen the tree.
_FLAT = "area|base|br|col|embed|hr|img|input|keygen|link|meta|param|source|track|wbr|p|li|dt|dd|"
_FLAT += "option|td|th|tr"
_TAG = re.compile(rf"<(/?)(?!(?:{_FLAT})\b)[a-zA-Z][^>]*>")
_DEPTH_STEP = {"": 1, "/": -1}
_CHUNK = 32768
_END_TAGS = re.compile("</")
_END_TAG_BYTES = re.compile(b"</")


# React's streaming server rendering (Next.js and others) sends the parts of a page that
# were slow to render after the rest: a placeholder where each belongs (<template id="B:1">,
# followed by a "Loading..." fallback up to a <!--/$--> mark, or a bare <template id="P:1">)
# and the part itself at the end of the body in <div hidden id="S:1">, which a script moves
# into place. Read as sent, the story sits hidden after the page's footer; the move is made
# here, as the browser makes it. The parts are looked for in the tree, not in the markup: the
# query costs less than a substring search of the page's text (16 us against 31 on a 170 KB
# page, once the tree is walked by the first query) and reads the attributes in any order.
_PLACEHOLDER_KINDS = ("B:", "P:")  # a boundary with a fallback; a bare placeholder
_SEGMENTS = 'div[hidden][id^="S:"]'


def parse(html: str | bytes) -> LexborHTMLParser:
    """Parse once; the tree lives only inside extraction. Bytes are UTF-8 (parsed as they
    are: cheaper than text, which the parser would encode to UTF-8 first)."""
    if _rough_depth(html) > MAX_DEPTH:
        text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
        if _depth(text) > MAX_DEPTH:
            html = _flatten(text)
    tree = LexborHTMLParser(html)
    _place_streamed(tree)
    return tree


def _place_streamed(tree: LexborHTMLParser) -> None:
    """Move each streamed part of the page into its placeholder, dropping the fallback
    shown meanwhile. A part nested in another is moved with it, wherever that goes."""
    segments = {node.attributes.get("id"): node for node in tree.css(_SEGMENTS)}
    if not segments:
        return
    for placeholder in tree.css("template[id]"):
        ident = placeholder.attributes.get("id") or ""
        if ident[:2] not in _PLACEHOLDER_KINDS:
            continue
        segment = segments.pop("S:" + ident[2:], None)
        if segment is None or _inside(placeholder, segment):
            continue  # a placeholder inside its own part: no browser could place it
        if ident[:2] == "B:":
            for node in _fallback(placeholder):
                node.decompose(recursive=False)
        for child in list(segment.iter(include_text=True)):
            placeholder.insert_before(child, move=True)
        placeholder.decompose(recursive=False)
        segment.decompose(recursive=False)


def _inside(node: LexborNode, ancestor: LexborNode) -> bool:
    key = ancestor.mem_id
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id == key:
            return True
        current = current.parent
    return False


def _fallback(placeholder: LexborNode) -> list[LexborNode]:
    """What the page shows until the part arrives: the placeholder's next siblings up to
    the <!--/$--> that closes its boundary (nested boundaries counted); nothing when no
    such mark follows (a copy of the page saved without its comments)."""
    found: list[LexborNode] = []
    depth = 0
    node = placeholder.next
    while node is not None:
        if node.is_comment_node:
            mark = node.comment_content or ""
            if mark == "/$":
                if depth == 0:
                    return found
                depth -= 1
            elif mark.startswith("$"):
                depth += 1
        found.append(node)
        node = node.next
    return []


def _rough_depth(html: str | bytes) -> int:
    """An over-estimate of the nesting depth from tag counts per 32 KiB, in two C scans (about
    0.1 ms on a 170 KB page). Nesting deep enough to matter spans chunks, so it shows; what hides
    inside one chunk is a few thousand levels at most, which lexbor parses in well under a
    second."""
    opening, end_tags = (b"<", _END_TAG_BYTES) if isinstance(html, bytes) else ("<", _END_TAGS)
    depth = peak = 0
    for start in range(0, len(html), _CHUNK):
        end = start + _CHUNK
        # Every "<" opens a tag but those that end one. The end tags are found by the regex
        # engine: count()'s search for two characters is slower than its count of one (and
        # than the engine's list of every "<"), by a fifth of the instructions.
        depth += html.count(opening, start, end) - 2 * len(end_tags.findall(html, start, end))
        peak = max(peak, depth)
    return peak


def _depth(html: str) -> int:
    """The nesting depth counting only elements that can nest."""
    return max(accumulate(map(_DEPTH_STEP.__getitem__, _TAG.findall(html)), initial=0))


def _flatten(html: str) -> str:
    """Drop start and end tags below MAX_DEPTH, keeping all the text (as browsers do); a
    dropped tag leaves a space so that words of separate elements stay apart."""
    depth = 0

    def keep(match: re.Match[str]) -> str:
        nonlocal depth
        if match.group(1):  # an end tag
            depth -= 1
            return match.group(0) if depth < MAX_DEPTH else " "
        depth += 1
        return match.group(0) if depth <= MAX_DEPTH else " "

    return _TAG.sub(keep, html)


# Characters that do not show and are no white space: zero-width space, non-joiner and
# joiner, word joiner, byte order mark (page builders fill "empty" paragraphs with them).
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def clean_text(text: str | None) -> str:
    """Collapse runs of white space (including non-breaking) into single spaces; a text
    with nothing visible in it is empty."""
    if not text:
        return ""
    # Most texts are clean already: printable (so the only white space in them is U+0020),
    # no double space and none at the ends. Two C scans tell, with no word split out (40% of
    # the cost on the body's paragraphs). Else str.split(), which splits on the same Unicode
    # white space as \s, NBSP included, in one C pass.
    if not text.isprintable() or "  " in text or text[0] == " " or text[-1] == " ":
        text = " ".join(text.split())
    if text[:1] in _ZERO_WIDTH and not text.strip(_ZERO_WIDTH + " "):
        return ""  # the first character is nearly always visible: one test, no scan
    return text


def node_text(node: LexborNode) -> str:
    """The visible text of a node, white space collapsed."""
    return clean_text(node.text(deep=True, separator=" "))


def short_text(node: LexborNode, limit: int) -> str | None:
    """node_text(node) when it is at most `limit` characters, else None. The text is read
    piece by piece, no further than the limit: where a date or a byline is looked for, the
    next element is as often the whole story, whose text would be built only to be dropped."""
    parts: list[str] = []
    size = 0
    # Text nodes of white space only (indentation) are skipped: pieces are joined with a
    # space and collapsed, so they add nothing.
    for item in node.traverse(include_text=True, skip_empty=True):
        if not item.is_text_node:
            continue
        piece = item.text_content or ""
        parts.append(piece)
        size += len(piece) + 1
        if size > limit:
            collapsed = " ".join(" ".join(parts).split())
            if len(collapsed) > limit and collapsed.strip(_ZERO_WIDTH + " "):
                return None  # more visible text than the limit already
            parts, size = [collapsed], len(collapsed)
    text = clean_text(" ".join(parts))
    return text if len(text) <= limit else None


def raw_text_within(node: LexborNode, limit: int) -> bool:
    """len(node.text(deep=True)) <= limit, counted no further than the limit."""
    size = 0
    for item in node.traverse(include_text=True):
        if item.is_text_node:
            size += len(item.text_content or "")
            if size > limit:
                return False
    return True


def attr(node: LexborNode | None, name: str) -> str | None:
    """An attribute's value, stripped; None when missing or blank."""
    if node is None:
        return None
    value = node.attributes.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None
