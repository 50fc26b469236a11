"""The same record from a plain-text dump of a page (no markup).

A dump prints one block per line: crumbs and the page title, the headline, caption crumbs
("Image" glued to a caption), the byline, the story, then the site's clutter blocks
("Latest news" followed by teaser titles and truncated excerpts). The lines are told apart by
the shapes such dumps share, never by one site's wording; the phrases live in boilerplate.py.
"""

from __future__ import annotations

import re

from .boilerplate import (
    CREDIT_LEAD,
    PRINTED_TITLE_SEPARATORS,
    TEXT_IMAGE_PLACEHOLDERS,
    TEXT_SECTION_TITLES,
    TEXT_STANDALONE_CLUTTER,
)
from .byline import NAME_PARTICLES, parse_authors, split_dateline
from .dates import ENGLISH_MONTH_WORDS, parse_printed
from .dom import clean_text
from .metadata import Metadata

_TAG = re.compile(
    r"</?(?:html|head|body|div|p|span|a|br|img|meta|link|script|style|table|tr|td|ul|ol|li"
    r"|h[1-6]|article|section|header|footer|nav|main|aside|figure|title|strong|em|b|i)"
    r"(?:\s[^<>]*)?/?>",
    re.I,
)
_MARKUP_START = re.compile(r"<(?:!doctype|!--|\?xml|[a-z][a-z0-9]*[\s/>])", re.I)
_ELLIPSIS = ("...", "…")
_BYLINE = re.compile(rf"^(?:{CREDIT_LEAD})\s++(?=(?-i:[A-Z]))", re.I)
_PLACEHOLDER = re.compile(
    "^(?:" + "|".join(map(re.escape, TEXT_IMAGE_PLACEHOLDERS)) + ")(?=[A-Z0-9\"“(])"
)
# "AFP: ", "Iran Focus: " -- a source credit that prefixes a standfirst or a teaser.
_CREDIT = re.compile(r"^[A-Z][\w.&'’-]*(?: [\w.&'’-]+){0,3}:\s+")
_SECTION = re.compile(
    "|".join(re.escape(p) for p in sorted(TEXT_SECTION_TITLES, key=len, reverse=True))
)
_CRUMB_SEPARATORS = (" > ", " » ", " / ", " | ", " › ")
_CLOSERS = "\"'”’)]»"
_HEAD_WINDOW = 8  # lines after the headline where a byline or caption crumbs may sit
_TEASER_WORDS = 20  # teaser titles are short
_RESUME_WORDS = 15  # a paragraph this long after a clutter block means the story goes on
_HEADLINE_REACH = 16  # lines above the story where its headline may sit (share bars, captions)


# Date lines under a headline: "Tuesday, June 16, 2009", "Updated: 16 June 2009 21:13 GMT".
_DATE_LABEL = re.compile(
    r"^(?:(?P<updated>(?:last\s+)?(?:updated|modified))|published|first published|posted|date)"
    r"\s*(?:on\b|:)?\s*",
    re.I,
)
_DATE_WORDS = ENGLISH_MONTH_WORDS | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "at", "on", "am", "pm", "a", "m",
    "st", "nd", "rd", "th", "t", "z", "utc", "gmt",
}  # fmt: skip
_NUMERIC_DATE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})(?!\d)")
_DOTTED_TIME = re.compile(r"(?<=\s)(\d{1,2})\.(\d{2})(?=\s|$)")  # "14.32 BST"
_ZONE_NAME = re.compile(r"^[A-Z]{1,4}T$")  # "BST", "EDT", "CEST": printed, not parsed


def looks_like_markup(text: str) -> bool:
    """True for an HTML document or fragment; plain text that merely contains a '<' is text."""
    if _MARKUP_START.match(text[:2048].lstrip()):
        return True
    return len(_TAG.findall(text[:20000])) >= 3


def read_text(text: str) -> tuple[Metadata, list[str]]:
    """What a plain-text dump says about the article, and its story paragraphs.

    Between the headline and the story's first prose sit the byline, date lines, caption
    crumbs, share bars and a standfirst: read for the byline and dates, kept out of the body.
    The first paragraph keeps its dateline: extraction splits it off as it does for HTML.
    """
    lines = [clean_text(raw) for raw in text.splitlines()]
    lines = [line for line in lines if line and not _is_standalone_clutter(line)]
    start = _story_start(lines)
    top = _headline_index(lines, start)
    headline = lines[top] if top is not None else None
    first = top + 1 if top is not None else 0
    if start == len(lines):  # no prose at all: the head is the few lines under the headline
        start = first
        head = list(range(first, min(first + _HEAD_WINDOW, len(lines))))
    else:
        head = list(range(first, start))
        # A short lead with a dateline above the prose run starts the story; a standfirst or
        # caption repeating the lead (often with its own credit, "AFP: ...") does not.
        lead = _key(_unglued(lines[start]))
        start = next(
            (
                i
                for i in head
                if _opens_with_dateline(lines[i]) and _key(_unglued(lines[i])) != lead
            ),
            start,
        )
    byline_at = next((i for i in head if i < start and is_byline_line(lines[i])), None)
    byline = lines[byline_at] if byline_at is not None else None
    dates: dict[str, str | None] = {}
    skip = {byline_at}
    for i in head:
        found = _date_line(lines[i])
        if found is not None:
            skip.add(i)
            dates[found[0]] = dates.get(found[0]) or found[1]
    # A short first paragraph sits right above the prose run, below the byline and dates.
    while start - 1 >= first and start - 1 not in skip and _short_paragraph(lines[start - 1]):
        start -= 1
    blocks = [lines[i] for i in range(start, len(lines)) if i not in skip and lines[i] != headline]
    paragraphs = _drop_duplicates(_drop_clutter(_drop_caption_crumbs(blocks)))
    meta = Metadata(headline=headline, byline=byline, authors=parse_authors(byline), **dates)
    return meta, paragraphs


def _short_paragraph(line: str) -> bool:
    return _ends_sentence(line) and _words(line) >= 4 and not _PLACEHOLDER.match(line)


def _unglued(line: str) -> str:
    """The line without an image placeholder glued to its start ("ImageWASHINGTON (AFP)")."""
    match = _PLACEHOLDER.match(line)
    return line[match.end() :] if match else line


def _opens_with_dateline(line: str) -> bool:
    return split_dateline(_unglued(line))[0] is not None


def _date_line(line: str) -> tuple[str, str | None] | None:
    """('published' or 'modified', ISO value or None) when the line is only a date."""
    if _words(line) > 12:
        return None
    label = _DATE_LABEL.match(line)
    text = line[label.end() :] if label else line
    kind = "modified" if label and label.group("updated") else "published"
    tokens = re.findall(r"[^\W\d_]+|\d+", text)
    words = {t.lower() for t in tokens if not t.isdigit() and not _ZONE_NAME.match(t)}
    years = [t for t in tokens if t.isdigit() and len(t) == 4]
    days = [t for t in tokens if t.isdigit() and len(t) <= 2]
    if not _NUMERIC_DATE.match(text) and not (words & ENGLISH_MONTH_WORDS and years and days):
        return None
    if not words <= _DATE_WORDS:
        return None
    text = _DOTTED_TIME.sub(r"\1:\2", text.replace("|", " ").replace("•", " "))
    return kind, parse_printed(text)


def _words(line: str) -> int:
    return len(line.split())


def _norm(line: str) -> str:
    """Lines are white-space-clean already; comparisons ignore case."""
    return line.casefold()


def _truncated(line: str) -> bool:
    return line.endswith(_ELLIPSIS)


def _ends_sentence(line: str) -> bool:
    core = line.rstrip(_CLOSERS)
    return core.endswith((".", "!", "?", ",", ";", ":")) and not _truncated(core)


def _title_like(line: str) -> bool:
    """A short line without sentence punctuation at its end: a headline or a teaser title."""
    return _words(line) <= _TEASER_WORDS and not _ends_sentence(line) and not _truncated(line)


def is_byline_line(line: str) -> bool:
    """A line that is only a byline: 'By Jane Doe', 'By A and B, Reuters', 'Written by X' --
    not 'By Tuesday, officials had agreed.' Pages print it as the story's first paragraph too."""
    if not _BYLINE.match(line) or _words(line) > 12:
        return False
    last = line.rstrip(_CLOSERS).split()[-1]
    if line.endswith(".") and len(last) > 3:  # a sentence, not "By John Smith Jr."
        return False
    return any(_names_someone(name) for name in parse_authors(line))


# Lower-case words a credited name or newsroom may hold ("Jan van Dijk", "Voice of America").
_NAME_SMALL_WORDS = NAME_PARTICLES | {"the", "of", "and", "for"}


def _names_someone(name: str) -> bool:
    """A name, not the rest of a sentence ("By Tuesday the bridge was open"): no word in it
    starts in lower case but the particles names and newsrooms hold."""
    return all(not word[:1].islower() or word in _NAME_SMALL_WORDS for word in name.split())


def _is_standalone_clutter(line: str) -> bool:
    return _norm(line).strip(" :.|-") in TEXT_STANDALONE_CLUTTER


def _section_title(line: str) -> bool:
    """'Latest news', 'Must read', 'You might also likeRELATED': a clutter block opens."""
    if _words(line) > 8:
        return False
    norm = _norm(line).rstrip(" :")
    match = _SECTION.match(norm)
    if match is None:
        return False
    rest = norm[match.end() :]
    return not rest or (":" not in rest and _words(rest) <= 2)


def _inline_link_line(line: str) -> bool:
    """'Related: Iran bars foreign media' or 'READ MORE: ...' between story paragraphs."""
    head, sep, tail = line.partition(":")
    return bool(sep and tail.strip()) and _words(line) <= 25 and _norm(head) in TEXT_SECTION_TITLES


def _echoes(norm: str, other: str) -> bool:
    """`other` repeats the normalised line as a page title, a crumb, or a truncated crumb
    ('Iran General NewsUS asks Twitter to maintain service after Iran vote:...'). A verbatim
    copy does not count: pages print their bylines and date lines twice as well."""
    if other == norm:
        return False
    if other.endswith(norm):
        return True
    if any(other.startswith(norm + sep) for sep in PRINTED_TITLE_SEPARATORS):
        return True
    if _truncated(other):
        stem = other.rstrip(".…").rstrip()
        probe = norm[:20]
        at = stem.rfind(probe)
        return len(probe) >= 12 and at >= 0 and norm.startswith(stem[at:])
    return False


def _story_start(lines: list[str]) -> int:
    """Where the story starts: the first two prose paragraphs in a row (a lone one is often a
    cookie notice or a caption), else the first prose paragraph, else len(lines)."""
    prose = [_ends_sentence(line) and _words(line) >= _RESUME_WORDS for line in lines]
    for i, is_prose in enumerate(prose):
        if is_prose and (i + 1 == len(lines) or prose[i + 1]):
            return i
    return next((i for i, is_prose in enumerate(prose) if is_prose), len(lines))


def _headline_index(lines: list[str], start: int) -> int | None:
    """The headline: among the title-like lines just above the story (and above its byline,
    when there is one), the one the page echoes (title, crumbs), else the longest: navigation
    and section names are shorter."""
    reach = range(max(0, start - _HEADLINE_REACH), start)
    bylines = [i for i in reach if is_byline_line(lines[i])]
    window = [
        i
        for i in reach
        if (not bylines or i < bylines[0])
        and _words(lines[i]) >= 3
        and _title_like(lines[i])
        and not is_byline_line(lines[i])
        and not _section_title(lines[i])
        and not any(sep in lines[i] for sep in _CRUMB_SEPARATORS)
        and _date_line(lines[i]) is None
    ]
    norms = [_norm(line) for line in lines[: start + _HEAD_WINDOW]]
    echoed = [i for i in window if any(_echoes(norms[i], other) for other in norms)]
    return max(echoed or window, key=lambda i: _words(lines[i]), default=None)


def _drop_caption_crumbs(blocks: list[str]) -> list[str]:
    """An image placeholder glued to text: before the story it is a caption (dropped); glued to
    a dateline it is the lead (kept without the placeholder)."""
    out: list[str] = []
    for line in blocks:
        match = _PLACEHOLDER.match(line)
        if match:
            rest = line[match.end() :]
            if split_dateline(rest)[0] is not None:
                line = rest
            elif not out:
                continue
        out.append(line)
    return out


def _drop_clutter(blocks: list[str]) -> list[str]:
    """The story without the clutter blocks: a section title opens one, teaser titles and
    truncated excerpts continue it, a long paragraph after an excerpt resumes the story."""
    out: list[str] = []
    previous = None  # None in the story; else "section", "title" or "excerpt"
    for i, line in enumerate(blocks):
        if _section_title(line):
            previous = "section"
        elif _inline_link_line(line):
            continue
        elif previous is None:
            following = blocks[i + 1] if i + 1 < len(blocks) else ""
            if not (_truncated(line) or (_title_like(line) and _truncated(following))):
                out.append(line)
        elif _truncated(line):
            previous = "excerpt"
        elif _title_like(line):
            previous = "title"
        elif previous != "title" and _words(line) >= _RESUME_WORDS:
            previous = None
            out.append(line)
        else:
            previous = "excerpt"
    return out


def _key(paragraph: str) -> str:
    """What a paragraph says, without a dateline or a source credit in front of it."""
    return _norm(_CREDIT.sub("", split_dateline(paragraph)[1]))


def _drop_duplicates(paragraphs: list[str]) -> list[str]:
    """A standfirst that repeats the lead, or a long paragraph printed twice, is kept once: the
    copy that carries the dateline, else the one without a credit prefix, else the first.
    Short lines may repeat in a story ('"No," he said.') and are left alone."""
    keep: dict[str, int] = {}
    dropped: set[int] = set()
    for i, paragraph in enumerate(paragraphs):
        if _words(paragraph) < _RESUME_WORDS:
            continue
        key = _key(paragraph)
        if key not in keep:
            keep[key] = i
        elif _rank(paragraph) > _rank(paragraphs[keep[key]]):
            dropped.add(keep[key])
            keep[key] = i
        else:
            dropped.add(i)
    return [p for i, p in enumerate(paragraphs) if i not in dropped]


def _rank(paragraph: str) -> tuple[bool, bool]:
    return split_dateline(paragraph)[0] is not None, not _CREDIT.match(paragraph)
