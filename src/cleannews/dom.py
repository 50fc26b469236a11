"""The parsed document (selectolax, lexbor backend) and the small helpers every step shares."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

_SPACES = re.compile(r"\s+")

Node = LexborNode


def parse(html: str) -> LexborHTMLParser:
    """Parse once; the tree lives only inside extraction."""
    return LexborHTMLParser(html)


def clean_text(text: str | None) -> str:
    """Collapse runs of white space (including non-breaking) into single spaces."""
    if not text:
        return ""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def node_text(node: LexborNode) -> str:
    """The visible text of a node, white space collapsed."""
    return clean_text(node.text(deep=True, separator=" "))


def attr(node: LexborNode | None, name: str) -> str | None:
    """An attribute's value, stripped; None when missing or blank."""
    if node is None:
        return None
    value = node.attributes.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None
