"""The same record from a plain-text dump of a page (no markup)."""

from __future__ import annotations

from .byline import parse_authors


def looks_like_markup(text: str) -> bool:
    """True when the text is an HTML document rather than a plain-text dump."""
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body", "<meta", "<!--")) or (
        "<p" in text[:20000].lower() or "<div" in text[:20000].lower()
    )


def read_text(text: str) -> dict[str, object]:
    """First version: the first line is the headline, a 'By' line the byline, the rest body."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    fields: dict[str, object] = {"headline": lines[0] if lines else None}
    paragraphs = []
    for line in lines[1:]:
        if line.lower().startswith("by ") and "byline" not in fields:
            fields["byline"] = line
            fields["authors"] = parse_authors(line)
        else:
            paragraphs.append(line)
    fields["paragraphs"] = paragraphs
    return fields
