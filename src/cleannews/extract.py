"""extract(): parse once, run the steps, build the Article. A pure function of its input."""

from __future__ import annotations

import re

from .body import extract_body, fallback_body
from .byline import split_dateline
from .config import ExtractOptions
from .dom import parse
from .encoding import decode_html
from .errors import DecodeError
from .metadata import Metadata, read_metadata
from .models import Article, Page
from .text import looks_like_markup, read_text

_WORDS = re.compile(r"\w+")


def extract(
    source: Page | bytes | str,
    *,
    url: str | None = None,
    options: ExtractOptions | None = None,
) -> Article:
    """Extract one news record from an HTML page (or a plain-text dump of one).

    `source` is a fetched Page, raw bytes (decoded as a browser would) or text.
    Raises DecodeError for empty or binary input; never touches the network.
    """
    options = options or ExtractOptions()
    text = _as_text(source, options)
    if isinstance(source, Page):
        url = url or source.url
    if not text.strip():
        raise DecodeError("empty document", url=url)
    if not looks_like_markup(text):
        fields = read_text(text)
        meta = Metadata(
            headline=fields.get("headline"),  # type: ignore[arg-type]
            byline=fields.get("byline"),  # type: ignore[arg-type]
            authors=list(fields.get("authors") or []),  # type: ignore[call-overload]
        )
        return _build(meta, list(fields["paragraphs"]), url)  # type: ignore[call-overload]
    tree = parse(text)
    meta = read_metadata(tree, url)
    paragraphs = extract_body(tree)
    if not paragraphs and options.fallback:
        paragraphs = fallback_body(text)
    return _build(meta, paragraphs, url)


def _as_text(source: Page | bytes | str, options: ExtractOptions) -> str:
    if isinstance(source, str):
        return source[: options.max_input_bytes]
    if isinstance(source, Page):
        return decode_html(source.content[: options.max_input_bytes], source.content_type)
    return decode_html(bytes(source[: options.max_input_bytes]))


def _build(meta: Metadata, paragraphs: list[str], url: str | None) -> Article:
    if paragraphs and meta.headline and paragraphs[0] == meta.headline:
        paragraphs = paragraphs[1:]
    dateline = None
    if paragraphs:
        dateline, first = split_dateline(paragraphs[0])
        paragraphs[0] = first
    body = "\n\n".join(p for p in paragraphs if p)
    return Article(
        url=url,
        canonical_url=meta.canonical_url,
        headline=meta.headline,
        byline=meta.byline,
        authors=tuple(meta.authors),
        published=meta.published,
        modified=meta.modified,
        dateline=dateline.text if dateline else None,
        dateline_place=dateline.place if dateline else None,
        dateline_agency=dateline.agency if dateline else None,
        body=body,
        language=meta.language,
        site_name=meta.site_name,
        description=meta.description,
        image=meta.image,
        word_count=len(_WORDS.findall(body)),
    )
