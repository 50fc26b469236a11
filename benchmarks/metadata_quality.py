"""Metadata quality on both dev sets: cleannews beside trafilatura, newspaper4k and goose3.

scrapinghub (181 news pages), scored as its README says: headline exact after normalising
white space, quotes, dashes and case; authors as an exact set of normalised names
(authors_alt accepted); published as the same calendar date as `published` or a
`published_alt`; dateline exact after normalising white space and dashes (a page without one
is right only when none is given). Every page counts for every field.

wcxb-dev (793 article pages) labels title, author and publish_date, each null where the page
has none; a field is scored only on the pages that have it (no dateline labels). The author
is one string as printed ("A, B and C", "Jane Roe, MD"), so both it and each name a system
gives are split into names on commas, semicolons, "and" and "&"; pieces that are only
credentials ("MD", "Ph.D.", "RDN") are dropped; the two sets of normalised names must be
equal. A gold date without a day ("2015-11") cannot be matched: no day, no publication date.

Every system runs in the same process on the same pages; ms/page is each one's own mean.
Folds are by site (benchmarks/datasets.fold_of): tune on folds 0-3, read fold 4 as held out.

    python benchmarks/metadata_quality.py [--bench scrapinghub|wcxb-dev] [--folds 0,1,2,3]
        [--systems cleannews,trafilatura,newspaper4k] [--diff FIELD] [--limit N]
"""

from __future__ import annotations

import argparse
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
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
import datasets  # noqa: E402  (beside this file)

FIELDS = ("headline", "authors", "published", "dateline")
SYSTEMS = ("cleannews", "trafilatura", "newspaper4k")  # goose3 on request

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
        "modified": article.modified,
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


# Names in a printed author string: "A, B and C", "A & B", "A; B".
_NAME_SPLIT = re.compile(r"\s*(?:[,;&]|\band\b)\s*", re.I)
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def _credential(piece: str) -> bool:
    """Only a credential or post-nominal: "MD", "Ph.D.", "RDN", "E-RYT 200", "CEPF®", "Jr."."""
    core = _NOT_LETTERS.sub("", piece)
    return 1 < len(core) <= 8 and (core.isupper() or core.lower() in ("phd", "jr", "sr"))


def split_names(text: str) -> list[str]:
    """A printed author string -> its names, credentials dropped (the wcxb author rule)."""
    out = []
    for piece in _NAME_SPLIT.split(text[:1000]):
        words = piece.strip(" .").split()
        while len(words) > 1 and _credential(words[-1]) and not _credential(words[0]):
            words.pop()  # "Jane Roe MD"
        piece = " ".join(words)
        if piece and not _credential(piece):
            out.append(piece)
    return out


def gold_of(bench: str, item: datasets.Gold) -> dict[str, Any]:
    """What score() compares against. wcxb: only the fields the page has a label for."""
    if bench == "scrapinghub":
        return item.extra
    out: dict[str, Any] = {}
    if item.headline:
        out["headline"] = item.headline
    if item.author_text and split_names(item.author_text):
        out["authors"] = split_names(item.author_text)
    if item.published:
        out["published"] = item.published
    return out


def score_page(bench: str, gold: dict[str, Any], got: Values) -> dict[str, bool]:
    """The fields this set scores on this page, and whether each is right."""
    if bench == "scrapinghub":
        return score(gold, got)
    names = [n for a in got.get("authors") or [] for n in split_names(a)]
    result = score(gold, {**got, "authors": names})
    return {k: v for k, v in result.items() if k in gold}


def main(argv: list[str] | None = None) -> int:
    """Score every system on every page; print the tables (and the misses asked for)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", choices=datasets.NAMES, default="scrapinghub")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--folds", default="", help="only these folds, e.g. 0,1,2,3")
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
    folds = {int(f) for f in args.folds.split(",") if f.strip()} or None
    try:
        golds = datasets.gold(args.bench)
    except FileNotFoundError:
        print(f"no benchmark {args.bench} under {datasets.SHARED}", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    ids = [i for i in datasets.select(args.bench, folds) if golds[i].has_metadata]
    ids = ids[: args.limit or None]
    # right[system][field][fold] and scored[field][fold]: counts of pages
    right = {s: {f: [0] * datasets.FOLDS for f in FIELDS} for s in systems}
    scored = {f: [0] * datasets.FOLDS for f in FIELDS}
    seconds = dict.fromkeys(systems, 0.0)
    updated = 0  # published misses where the gold day is the page's modified day
    misses: list[str] = []
    for page_id, html in datasets.pages(args.bench, ids).items():
        item = golds[page_id]
        gold = gold_of(args.bench, item)
        fold = datasets.fold_of(item.url)
        for system in systems:
            start = time.perf_counter()
            got = _run(system, html, item.url)
            seconds[system] += time.perf_counter() - start
            for name, ok in score_page(args.bench, gold, got).items():
                right[system][name][fold] += ok
                if system == systems[0]:
                    scored[name][fold] += 1
                if system != "cleannews" or ok:
                    continue
                modified = day_of(got.get("modified"))
                if name == "published" and modified and modified == gold.get("published"):
                    updated += 1
                if name in args.diff:
                    misses.append(f"{page_id[:12]} f{fold} {name}\n  gold: {_show(gold.get(name))}"
                                  f"\n  ours: {_show(got.get(name))}\n  {item.url}")  # fmt: skip
    for line in misses:
        print(line)
    fields = [f for f in FIELDS if sum(scored[f])]
    print(f"\n{args.bench}: metadata on {len(ids)} pages (share exactly right; n = pages scored)")
    print(f"{'field':<11}{'n':>5}" + "".join(f"{s:>13}" for s in systems))
    for name in fields:
        n = sum(scored[name])
        print(f"{name:<11}{n:>5}" + "".join(f"{sum(right[s][name]) / n:>13.3f}" for s in systems))
    print(f"{'ms/page':<16}" + "".join(f"{1000 * seconds[s] / max(1, len(ids)):>13.1f}"
                                       for s in systems))  # fmt: skip
    if "cleannews" in systems:
        print(f"cleannews published misses where gold is the page's modified day: {updated}")
    print("\nby fold (fold 4 held out)")
    print(f"{'field':<11}{'system':<13}" + "".join(f"{'f' + str(k):>12}" for k in range(5)))
    for name in fields:
        for s in systems:
            cells = [
                f"{right[s][name][k] / scored[name][k]:.3f} /{scored[name][k]:<3}"
                if scored[name][k] else f"{'-':>11}"
                for k in range(datasets.FOLDS)
            ]  # fmt: skip
            print(f"{name:<11}{s:<13}" + "".join(f"{c:>12}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
