"""The recorder extraction reports its decisions to, when explain() asks for them.

extract() passes no recorder, and every hook is behind `if trace is not None`, so the plain
path does no extra work. explain() passes a Trace to the same extract() call and reads it
afterwards (explain.py): the verdicts shown are the ones the extractor made, in the order it
made them, not a second reading of the page.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from selectolax.lexbor import LexborNode

from .dom import clean_text

if TYPE_CHECKING:
    from .byline import Dateline
    from .metadata import Metadata
    from .metadata.document import Document
    from .rules import Applied


@dataclass
class Trace:
    """Everything one extraction decided, as it happened. Nodes belong to the page's tree,
    which this object keeps alive."""

    # Body step: prose blocks scored as teaser cards, the scores, the chosen container.
    teasers: set[int] = field(default_factory=set)
    scores: Any = None
    container: list[LexborNode] = field(default_factory=list)
    headlines: list[LexborNode] = field(default_factory=list)
    # Rendering the container: each paragraph's block element, and each clutter element
    # skipped, with the number of paragraphs rendered before it.
    owners: list[LexborNode | None] = field(default_factory=list)
    skipped: list[tuple[int, LexborNode]] = field(default_factory=list)
    texts: list[tuple[str, str, float, str]] = field(default_factory=list)
    # Per rendered paragraph, why it was dropped ("phrase", "byline", "links", "repeat") or
    # None when the body step kept it.
    reasons: list[str | None] = field(default_factory=list)
    # After the body step: leading lines dropped (with the metadata they repeat), the
    # dateline and the paragraphs before and after it was taken.
    preamble_lines: list[str] = field(default_factory=list)
    preamble_meta: Metadata | None = None
    dateline_found: Dateline | None = None
    before_dateline: list[str] = field(default_factory=list)
    after_dateline: list[str] = field(default_factory=list)
    fallback_used: bool = False
    # Metadata as the generic reader found it (a site rule may override it afterwards).
    page: Document | None = None
    meta: Metadata | None = None
    printed_byline: str | None = None
    applied: Applied | None = None
    rule_drops: list[tuple[str, LexborNode | None, str]] = field(default_factory=list)
    _stack: list[LexborNode | None] = field(default_factory=list)
    _assigned: int = 0

    # --- hooks, in the order extraction calls them ---------------------------------------

    def metadata(self, page: Document, meta: Metadata, printed: str | None) -> None:
        self.page, self.meta, self.printed_byline = page, copy.copy(meta), printed

    def rule(self, applied: Applied) -> None:
        self.applied = applied

    def rule_drop(self, node: LexborNode, selector: str) -> None:
        """An element a rule removes: its text is kept here, as the tree will lose it."""
        self.rule_drops.append((selector, node.parent, clean_text(node.text(deep=True))))

    def teaser(self, node: LexborNode) -> None:
        self.teasers.add(node.mem_id)

    def body(self, scores: Any, container: list[LexborNode], headlines: list[LexborNode]) -> None:
        self.scores, self.container, self.headlines = scores, list(container), list(headlines)
        parent = container[0].parent if container else None
        self._stack = [container[0] if len(container) == 1 else parent] if container else []

    def enter(self, node: LexborNode, rendered: int) -> None:
        self._assign(rendered)
        self._stack.append(node)

    def leave(self, rendered: int) -> None:
        self._assign(rendered)
        if len(self._stack) > 1:
            self._stack.pop()

    def skip(self, node: LexborNode, rendered: int) -> None:
        self.skipped.append((rendered, node))

    def rendered(self, out: list[tuple[str, str, float, str]]) -> None:
        self._assign(len(out))
        self.texts = list(out)

    def paragraph(self, reason: str | None) -> None:
        self.reasons.append(reason)

    def fallback(self, paragraphs: list[str]) -> None:
        self.fallback_used = bool(paragraphs)

    def preamble(self, lines: list[str], meta: Metadata) -> None:
        self.preamble_lines, self.preamble_meta = list(lines), meta

    def dateline(self, found: Dateline | None, before: list[str], after: list[str]) -> None:
        self.dateline_found, self.before_dateline, self.after_dateline = found, before, after

    def _assign(self, rendered: int) -> None:
        """Paragraphs rendered since the last block boundary belong to the open block."""
        owner = self._stack[-1] if self._stack else None
        while self._assigned < rendered:
            self.owners.append(owner)
            self._assigned += 1
