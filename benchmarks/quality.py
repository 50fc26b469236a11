"""Body quality on ../shared/bench/scrapinghub: cleannews and trafilatura side by side.

    python benchmarks/quality.py                    # F1 / precision / recall / pages per second
    python benchmarks/quality.py --diff ID          # what one page missed and what leaked
    python benchmarks/quality.py --check-references # the metric reproduces the published F1s
    python benchmarks/quality.py --metadata ...     # metadata fields: metadata_quality.py

Both extractors run in this process on the same page bytes, so their speeds are comparable.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable

import _common as common  # also puts the checkout's src/ on the path
import cleannews

Extractor = Callable[[bytes, str], str]

# The published benchmark figures that --check-references must reproduce.
PUBLISHED_F1 = {
    "trafilatura": 0.958,
    "readability": 0.922,
    "newspaper": 0.949,
    "goose3": 0.896,
    "justext": 0.804,
}


def cleannews_body(html: bytes, url: str) -> str:
    return cleannews.extract(html, url=url).body


def trafilatura_body(html: bytes, url: str) -> str:
    import trafilatura

    # Comments are not part of the article body in the gold data.
    return trafilatura.extract(html, url=url, include_comments=False) or ""


EXTRACTORS: dict[str, Extractor] = {"cleannews": cleannews_body, "trafilatura": trafilatura_body}


def run(extractor: Extractor, pages: dict[str, bytes], urls: dict[str, str]):
    """Bodies per page and the total seconds spent extracting them."""
    bodies, spent = {}, 0.0
    for page_id, html in pages.items():
        start = time.perf_counter()
        bodies[page_id] = extractor(html, urls.get(page_id, ""))
        spent += time.perf_counter() - start
    return bodies, spent


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def report(names: list[str], worst: int) -> None:
    truth, pages, urls = common.ground_truth(), common.load_pages(), common.page_urls()
    print(f"{len(pages)} pages\n")
    print(f"{'extractor':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'pages/s':>8} {'ms/page':>8}")
    per_page = {}
    for name in names:
        bodies, spent = run(EXTRACTORS[name], pages, urls)
        scores = {k: common.score_page(truth[k], bodies.get(k, "")) for k in truth}
        per_page[name] = scores
        total = common.mean_score(list(scores.values()))
        print(
            f"{name:<12} {total.f1:6.3f} {total.precision:6.3f} {total.recall:6.3f}"
            f" {len(pages) / spent:8.1f} {1000 * spent / len(pages):8.2f}"
        )
    if "cleannews" in per_page and worst:
        print(f"\n{worst} worst cleannews pages (F1, precision, recall):")
        ranked = sorted(per_page["cleannews"].items(), key=lambda item: item[1].f1)
        for page_id, score in ranked[:worst]:
            print(
                f"  {score.f1:.3f}  {_fmt(score.precision)}  {_fmt(score.recall)}"
                f"  {page_id[:12]}  {urls.get(page_id, '')[:70]}"
            )


def check_references() -> int:
    """Score the published reference outputs; non-zero exit when one is off by > 0.001."""
    truth, failed = common.ground_truth(), 0
    print(f"{'system':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'published':>9}")
    for name, bodies in common.reference_outputs().items():
        total = common.mean_score([common.score_page(truth[k], bodies.get(k, "")) for k in truth])
        published = PUBLISHED_F1.get(name)
        ok = published is None or abs(round(total.f1, 3) - published) < 0.0015
        failed += not ok
        print(
            f"{name:<12} {total.f1:6.3f} {total.precision:6.3f} {total.recall:6.3f}"
            f" {published if published is not None else '-':>9} {'ok' if ok else 'MISMATCH'}"
        )
    return 1 if failed else 0


def _coverage(paragraph: str, other: set[tuple[str, ...]]) -> float:
    grams = common.shingles(paragraph)
    return sum(n for g, n in grams.items() if g in other) / (sum(grams.values()) or 1)


def diff(page_id: str, name: str) -> int:
    """Print the gold paragraphs the extractor missed and its paragraphs that leaked."""
    truth = common.ground_truth()
    matches = [k for k in truth if k.startswith(page_id)]
    if len(matches) != 1:
        print(f"no single page matches {page_id!r}", file=sys.stderr)
        return 2
    page_id = matches[0]
    html = (common.BENCH / "html" / f"{page_id}.html.gz").read_bytes()
    body = EXTRACTORS[name](common.gzip.decompress(html), common.page_urls()[page_id])
    score = common.score_page(truth[page_id], body)
    print(f"{page_id}  {common.page_urls()[page_id]}")
    print(
        f"{name}: F1 {score.f1:.3f}  precision {_fmt(score.precision)}"
        f"  recall {_fmt(score.recall)}"
    )
    gold_grams, pred_grams = set(common.shingles(truth[page_id])), set(common.shingles(body))
    print("\n--- missed (gold text not in the output; share covered in brackets)")
    for para in filter(None, (p.strip() for p in truth[page_id].split("\n"))):
        covered = _coverage(para, pred_grams)
        if covered < 0.8:
            print(f"- [{covered:.0%}] {para}")
    print("\n+++ leaked (output text not in the gold body)")
    for para in filter(None, (p.strip() for p in body.split("\n"))):
        covered = _coverage(para, gold_grams)
        if covered < 0.8:
            print(f"+ [{covered:.0%}] {para}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diff", metavar="ID", help="show one page's misses and leaks (id prefix)")
    parser.add_argument("--extractor", choices=sorted(EXTRACTORS), default="cleannews")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), help="run one extractor only")
    parser.add_argument("--worst", type=int, default=10, help="how many worst pages to list")
    parser.add_argument("--check-references", action="store_true")
    parser.add_argument(
        "--metadata", action="store_true", help="score metadata fields instead of bodies"
    )
    args, rest = parser.parse_known_args(argv)
    if args.metadata:
        # The metadata benchmark lives in its own module; its options follow --metadata.
        try:
            metadata_quality = importlib.import_module("metadata_quality")
        except ModuleNotFoundError as exc:
            if exc.name != "metadata_quality":
                raise
            print("benchmarks/metadata_quality.py is not there", file=sys.stderr)
            return 2
        return metadata_quality.main(rest)
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    if not common.BENCH.exists():
        print(f"benchmark pages not found at {common.BENCH}", file=sys.stderr)
        return 2
    if args.check_references:
        return check_references()
    if args.diff:
        return diff(args.diff, args.extractor)
    report([args.only] if args.only else list(EXTRACTORS), args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
