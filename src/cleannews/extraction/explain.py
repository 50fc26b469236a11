"""explain(): the Article plus why — every text block's verdict and every field's source.

It runs extract() itself with a recorder (trace.py), so `explain(page).article ==
extract(page)` by construction, and the verdicts are the ones extraction made: layout.py
lays them over the page in document order, provenance.py names each field's source.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..config import ExtractOptions
from ..models import Page
from .article import extract
from .findings import VERDICTS, Block, Candidate, Field, Report
from .layout import Paths, blocks, is_text
from .provenance import fields
from .trace import Trace

__all__ = ["VERDICTS", "Block", "Candidate", "Field", "Report", "explain"]


def explain(
    source: Page | bytes | str,
    *,
    url: str | None = None,
    options: ExtractOptions | None = None,
) -> Report:
    """extract() with every decision recorded and laid out; see Report."""
    trace = Trace()
    article = extract(source, url=url, options=options, trace=trace)
    url = article.url
    warnings = []
    applied = trace.applied
    if applied is not None:
        warnings += [f"rule {applied.rule.origin}: {m} matched nothing" for m in applied.misses]
    if trace.fallback_used:
        warnings.append("no prose found: the body came from trafilatura (the fallback)")
    if trace.page is None:
        warnings.append("plain-text input: no markup to show")
    paths = Paths(host_of(url or article.canonical_url), trace.container)
    found = blocks(trace, paths) if trace.page is not None else []
    scores = trace.scores
    ranked = sorted(scores.local.items(), key=lambda kv: -kv[1])[:5] if scores else []
    return Report(
        article=article,
        url=url,
        fields=tuple(fields(article, trace)),
        blocks=tuple(found),
        container=tuple(paths.of(node) for node in trace.container if not is_text(node)),
        candidates=tuple((paths.of(scores.nodes[k]), round(v, 1)) for k, v in ranked),
        rule=applied.rule.origin if applied else None,
        warnings=tuple(warnings),
    )


def host_of(url: str | None) -> str:
    try:
        return (urlsplit(url or "").hostname or "").removeprefix("www.")
    except ValueError:
        return ""
