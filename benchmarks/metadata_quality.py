"""Metadata quality on the news benchmark: cleannews beside trafilatura, newspaper4k and goose3.

Scoring follows ../shared/bench/scrapinghub/README.md: headline exact after normalising white
space, quotes, dashes and case; authors as an exact set of normalised names (authors_alt
accepted); published as the same calendar date as `published` or a `published_alt`; dateline
exact after normalising white space and dashes (a page without one is right only when none is
given). Every system runs in the same process on the same pages.

    python benchmarks/metadata_quality.py [--bench DIR] [--systems cleannews,trafilatura]
                                          [--diff FIELD] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:  # measure this checkout, installed or not
    sys.path.insert(0, str(ROOT / "src"))
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "scrapinghub"
FIELDS = ("headline", "authors", "published", "dateline")
SYSTEMS = ("cleannews", "trafilatura", "newspaper4k", "goose3")

_SPACE = re.compile(r"\s+")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = str.maketrans("\u2018\u2019\u201a\u201b\u2032\u00b4`\u201c\u201d\u201e\u201f\u00ab\u00bb",
                        "''''''\"\"\"\"\"\"\"")  # fmt: skip
_PUNCT = re.compile(r"[^\w\s]")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

Values = dict[str, Any]  # headline: str|None, authors: list[str], published: str|None, dateline


def norm_text(value: str | None) -> str:
    """White space, dashes and quotes unified, case folded: how headlines are compared."""
    if not value:
        return ""
    text = _DASHES.sub("-", unicodedata.normalize("NFC", value)).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def norm_dateline(value: str | None) -> str:
    """Datelines compare exactly after white space and dashes are unified."""
    if not value:
        return ""
    return _SPACE.sub(" ", _DASHES.sub("-", value)).strip()


def norm_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of one author name."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip().casefold()


def day_of(value: Any) -> str | None:
    """The calendar day (YYYY-MM-DD) of a date value as a system reported it."""
    if value is None:
        return None
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    match = _ISO_DAY.search(str(value))
    if match:
        return match.group(0)
    try:
        from dateutil import parser as dateparser

        return dateparser.parse(str(value), fuzzy=True).strftime("%Y-%m-%d")
    except (ValueError, OverflowError):
        return None


def score(gold: dict[str, Any], got: Values) -> dict[str, bool]:
    """One page: which of the four fields the system got right."""
    golds = [gold.get("authors") or [], *(gold.get("authors_alt") or [])]
    names = {norm_name(n) for n in got.get("authors") or [] if norm_name(n)}
    days = {gold.get("published")} | set(gold.get("published_alt") or [])
    return {
        "headline": norm_text(got.get("headline")) == norm_text(gold.get("headline")),
        "authors": any(names == {norm_name(n) for n in g} for g in golds),
        "published": day_of(got.get("published")) in days,
        "dateline": norm_dateline(got.get("dateline")) == norm_dateline(gold.get("dateline")),
    }


def _cleannews(html: bytes, url: str) -> Values:
    from cleannews import extract

    article = extract(html, url=url)
    return {
        "headline": article.headline,
        "authors": list(article.authors),
        "published": article.published,
        "dateline": article.dateline,
    }


def _trafilatura(html: bytes, url: str) -> Values:
    from trafilatura import bare_extraction

    doc = bare_extraction(html.decode("utf-8", "replace"), url=url, with_metadata=True)
    if doc is None:
        return {}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"headline": doc.title, "authors": authors, "published": doc.date, "dateline": None}


def _newspaper4k(html: bytes, url: str) -> Values:
    import newspaper

    article = newspaper.Article(url, fetch_images=False)
    article.download(input_html=html.decode("utf-8", "replace"))
    article.parse()
    return {
        "headline": article.title,
        "authors": list(article.authors),
        "published": article.publish_date,
        "dateline": None,
    }


def _goose3(html: bytes, url: str) -> Values:
    from goose3 import Goose

    with Goose() as goose:
        article = goose.extract(url=url, raw_html=html.decode("utf-8", "replace"))
    return {
        "headline": article.title,
        "authors": list(article.authors or []),
        "published": article.publish_date,
        "dateline": None,
    }


RUNNERS: dict[str, Callable[[bytes, str], Values]] = {
    "cleannews": _cleannews,
    "trafilatura": _trafilatura,
    "newspaper4k": _newspaper4k,
    "goose3": _goose3,
}


def _run(system: str, html: bytes, url: str) -> Values:
    try:
        return RUNNERS[system](html, url)
    except Exception as exc:  # another system's crash on one page scores as a miss
        print(f"{system}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return {}


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def main(argv: list[str] | None = None) -> int:
    """Score every system on every page; print the table (and the misses asked for)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument(
        "--diff", action="append", choices=FIELDS, default=[],
        help="list cleannews's misses on this field (gold vs ours); repeatable",
    )  # fmt: skip
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = parser.parse_args(argv)
    systems = [s for s in args.systems.split(",") if s]
    unknown = set(systems) - set(RUNNERS)
    if unknown or not systems:
        parser.error(f"unknown systems: {', '.join(sorted(unknown)) or '(none)'}")
    gold_path = args.bench / "metadata.json"
    if not gold_path.exists():
        print(f"no benchmark at {args.bench}", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    ids = sorted(gold)[: args.limit or None]
    right = {s: dict.fromkeys(FIELDS, 0) for s in systems}
    seconds = dict.fromkeys(systems, 0.0)
    misses: list[str] = []
    for page_id in ids:
        html = gzip.decompress((args.bench / "html" / f"{page_id}.html.gz").read_bytes())
        url = gold[page_id]["url"]
        for system in systems:
            start = time.perf_counter()
            got = _run(system, html, url)
            seconds[system] += time.perf_counter() - start
            for name, ok in score(gold[page_id], got).items():
                right[system][name] += ok
                if system == "cleannews" and name in args.diff and not ok:
                    want = gold[page_id].get(name)
                    misses.append(f"{page_id[:12]} {name}\n  gold: {_show(want)}\n"
                                  f"  ours: {_show(got.get(name))}\n  {url}")  # fmt: skip
    for line in misses:
        print(line)
    print(f"\nmetadata on {len(ids)} pages (share exactly right)")
    print(f"{'field':<12}" + "".join(f"{s:>13}" for s in systems))
    for name in FIELDS:
        print(f"{name:<12}" + "".join(f"{right[s][name] / len(ids):>13.3f}" for s in systems))
    print(f"{'s/page':<12}" + "".join(f"{seconds[s] / len(ids):>13.4f}" for s in systems))
    return 0


if __name__ == "__main__":
    sys.exit(main())
