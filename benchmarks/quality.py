"""Body quality on the dev sets beside the repo: cleannews and trafilatura side by side.

    python benchmarks/quality.py                        # scrapinghub: F1, word F1, pages/s
    python benchmarks/quality.py --bench wcxb-dev       # + must(-not)-contain snippets
    python benchmarks/quality.py --bench wcxb-dev --folds 0,1,2,3   # the folds tuned on
    python benchmarks/quality.py --only cleannews --save a.json     # per-page scores ...
    python benchmarks/quality.py --only cleannews --against a.json  # ... and what changed
    python benchmarks/quality.py --fallback             # how often trafilatura is asked
    python benchmarks/quality.py --diff ID              # what one page missed and leaked
    python benchmarks/quality.py --check-references     # the metric reproduces published F1s
    python benchmarks/quality.py --metadata ...         # metadata fields: metadata_quality.py

Two metrics: the scrapinghub benchmark's 4-token shingle precision/recall/F1 (_common.py)
and WCXB's word F1 (per page F1 of lower-cased \\w+ word multisets, averaged over pages).
Both extractors run in this process on the same page bytes, so their speeds are comparable
(the machine is shared: compare the ratio, not the absolute figure). Pages are split into
folds by site (datasets.fold_of); rules are tuned looking at folds 0-3 and fold 4 is the
held-out check.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import _common as common  # also puts the checkout's src/ on the path
import cleannews
import datasets

Extractor = Callable[[bytes, str], str]

# The published benchmark figures that --check-references must reproduce.
PUBLISHED_F1 = {
    "trafilatura": 0.958,
    "readability": 0.922,
    "newspaper": 0.949,
    "goose3": 0.896,
    "justext": 0.804,
}
_WORD = re.compile(r"\w+")


def cleannews_body(html: bytes, url: str) -> str:
    return cleannews.extract(html, url=url).body


def cleannews_without_fallback(html: bytes, url: str) -> str:
    return cleannews.extract(html, url=url, options=cleannews.ExtractOptions(fallback=False)).body


def trafilatura_body(html: bytes, url: str) -> str:
    import trafilatura

    # Comments are not part of the article body in the gold data.
    return trafilatura.extract(html, url=url, include_comments=False) or ""


EXTRACTORS: dict[str, Extractor] = {"cleannews": cleannews_body, "trafilatura": trafilatura_body}


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def word_f1(truth: str, prediction: str) -> float:
    """WCXB's page score: F1 of the lower-cased word multisets (1 when both are empty)."""
    gold, pred = words(truth), words(prediction)
    if not gold and not pred:
        return 1.0
    common_words = sum((gold & pred).values())
    if not common_words:
        return 0.0
    precision, recall = common_words / sum(pred.values()), common_words / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def _flat(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.lower())) + " "


@dataclass(frozen=True)
class PageScore:
    shingle: common.Score
    word_f1: float
    found: int  # must-contain snippets found in the body
    leaked: int  # must-not-contain snippets found in the body
    seconds: float

    def as_json(self) -> dict:
        return {
            "f1": round(self.shingle.f1, 4),
            "precision": self.shingle.precision,
            "recall": self.shingle.recall,
            "word_f1": round(self.word_f1, 4),
            "found": self.found,
            "leaked": self.leaked,
            "seconds": round(self.seconds, 4),
        }


def score(gold: datasets.Gold, body: str, seconds: float) -> PageScore:
    flat = _flat(body)
    return PageScore(
        shingle=common.score_page(gold.body, body),
        word_f1=word_f1(gold.body, body),
        found=sum(_flat(s) in flat for s in gold.must_contain),
        leaked=sum(_flat(s) in flat for s in gold.must_not_contain),
        seconds=seconds,
    )


def run(extractor: Extractor, bench: str, ids: list[str]) -> dict[str, PageScore]:
    """Each page's scores and the seconds its extraction took (pages are read one at a time)."""
    gold, out = datasets.gold(bench), {}
    for page_id in ids:
        html = datasets.pages(bench, [page_id])[page_id]
        start = time.perf_counter()
        body = extractor(html, gold[page_id].url)
        spent = time.perf_counter() - start
        out[page_id] = score(gold[page_id], body, spent)
    return out


@dataclass(frozen=True)
class Summary:
    shingle: common.Score
    word_f1: float
    found: float | None  # share of must-contain snippets found
    leaked: float | None  # share of must-not-contain snippets found
    pages_per_second: float
    slowest: float


def summarise(bench: str, scores: dict[str, PageScore]) -> Summary:
    gold = datasets.gold(bench)
    wanted = sum(len(gold[k].must_contain) for k in scores)
    unwanted = sum(len(gold[k].must_not_contain) for k in scores)
    spent = sum(s.seconds for s in scores.values()) or 1e-9
    return Summary(
        shingle=common.mean_score([s.shingle for s in scores.values()]),
        word_f1=sum(s.word_f1 for s in scores.values()) / (len(scores) or 1),
        found=sum(s.found for s in scores.values()) / wanted if wanted else None,
        leaked=sum(s.leaked for s in scores.values()) / unwanted if unwanted else None,
        pages_per_second=len(scores) / spent,
        slowest=max((s.seconds for s in scores.values()), default=0.0),
    )


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def _print_summary(name: str, total: Summary) -> None:
    print(
        f"{name:<12} {total.shingle.f1:6.3f} {total.shingle.precision:6.3f}"
        f" {total.shingle.recall:6.3f} {total.word_f1:7.3f} {_fmt(total.found):>6}"
        f" {_fmt(total.leaked):>6} {total.pages_per_second:8.1f} {total.slowest:7.2f}"
    )


def report(names: list[str], bench: str, folds: set[int] | None, worst: int) -> dict:
    """Print the tables; return each extractor's per-page scores."""
    gold = datasets.gold(bench)
    ids = datasets.select(bench, folds)
    fold_of = {k: datasets.fold_of(gold[k].url) for k in ids}
    where = f" (folds {','.join(map(str, sorted(folds)))})" if folds is not None else ""
    print(f"{bench}: {len(ids)} pages{where}\n")
    print(
        f"{'extractor':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'word F1':>7}"
        f" {'with':>6} {'w/o':>6} {'pages/s':>8} {'max s':>7}"
    )
    per_page = {}
    for name in names:
        per_page[name] = run(EXTRACTORS[name], bench, ids)
        _print_summary(name, summarise(bench, per_page[name]))
    if len(names) == 2:
        a, b = (summarise(bench, per_page[n]).pages_per_second for n in names)
        print(f"\n{names[0]} runs {a / b:.1f}x the pages per second of {names[1]}")
    print("\nwith: share of must-contain snippets found; w/o: share of must-not-contain found")
    print("\nby fold (shingle F1 / word F1):")
    print(f"{'fold':<5} {'pages':>5}" + "".join(f"  {n:>16}" for n in names))
    for fold in sorted(set(fold_of.values())):
        keys = [k for k in ids if fold_of[k] == fold]
        cells = []
        for name in names:
            total = summarise(bench, {k: per_page[name][k] for k in keys})
            cells.append(f"{total.shingle.f1:.3f} / {total.word_f1:.3f}")
        print(f"{fold:<5} {len(keys):>5}" + "".join(f"  {c:>16}" for c in cells))
    if "cleannews" in per_page and worst:
        other = next((n for n in names if n != "cleannews"), None)
        print(
            f"\n{worst} worst cleannews pages by word F1 (word F1, F1, precision, recall"
            + (f"; {other}'s word F1" if other else "")
            + "):"
        )
        ranked = sorted(per_page["cleannews"].items(), key=lambda item: item[1].word_f1)
        for page_id, s in ranked[:worst]:
            theirs = f"  {per_page[other][page_id].word_f1:.3f}" if other else ""
            print(
                f"  {s.word_f1:.3f}  {s.shingle.f1:.3f}  {_fmt(s.shingle.precision)}"
                f"  {_fmt(s.shingle.recall)}{theirs}  {page_id[:12]} f{fold_of[page_id]}"
                f"  {gold[page_id].url[:80]}"
            )
    return per_page


def against(bench: str, scores: dict[str, PageScore], path: str, count: int) -> None:
    """The pages whose word F1 moved most since a --save'd run (same set and folds)."""
    with open(path, encoding="utf-8") as saved:
        before = json.load(saved)
    moved = sorted(
        ((s.word_f1 - before[k]["word_f1"], k) for k, s in scores.items() if k in before),
        key=lambda item: item[0],
    )
    gains = sum(d > 0.001 for d, _ in moved)
    losses = sum(d < -0.001 for d, _ in moved)
    print(f"\nagainst {path}: {gains} pages better, {losses} worse (word F1 by 0.001+)")
    gold = datasets.gold(bench)
    by_fold: dict[int, list[float]] = {}
    for delta, k in moved:
        by_fold.setdefault(datasets.fold_of(gold[k].url), []).append(delta)
    # A rule true of article pages in general moves every fold the same way; a gain that sits
    # in one fold is a few pages, and a fit until another fold shows it too.
    print(
        "word F1 change by fold (x1000): "
        + "  ".join(f"f{f} {1000 * sum(d) / len(d):+.1f}" for f, d in sorted(by_fold.items()))
    )
    url = {k: gold[k].url for k in scores}
    for delta, k in moved[:count] + moved[-count:][::-1]:
        if abs(delta) > 0.001:
            print(
                f"  {delta:+.3f}  {before[k]['word_f1']:.3f} -> {scores[k].word_f1:.3f}"
                f"  {k[:12]}  {url[k][:80]}"
            )


def fallback(bench: str, folds: set[int] | None) -> None:
    """On which pages cleannews alone finds no body and trafilatura is asked, and what that
    answer is worth."""
    ids = datasets.select(bench, folds)
    without = run(cleannews_without_fallback, bench, ids)
    empty = [k for k in ids if without[k].shingle.precision is None]  # no words at all
    print(f"{bench}: cleannews finds no body on {len(empty)} of {len(ids)} pages")
    if not empty:
        return
    with_fb = run(cleannews_body, bench, empty)
    kept = [k for k in empty if with_fb[k].shingle.precision is not None]
    print(f"trafilatura's answer is kept on {len(kept)} of them")
    for k in empty:
        s = with_fb[k]
        print(
            f"  {k[:12]}  word F1 {without[k].word_f1:.3f} -> {s.word_f1:.3f}"
            f"  {datasets.gold(bench)[k].url[:80]}"
        )
    gain = sum(with_fb[k].word_f1 - without[k].word_f1 for k in empty) / len(ids)
    print(f"word F1 over all {len(ids)} pages: {gain:+.4f} from the fallback")


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


def diff(bench: str, page_id: str, name: str) -> int:
    """Print the gold paragraphs the extractor missed and its paragraphs that leaked."""
    gold = datasets.gold(bench)
    matches = [k for k in gold if k.startswith(page_id)]
    if len(matches) != 1:
        print(f"no single page matches {page_id!r}", file=sys.stderr)
        return 2
    page_id = matches[0]
    truth, url = gold[page_id].body, gold[page_id].url
    body = EXTRACTORS[name](datasets.pages(bench, [page_id])[page_id], url)
    s = score(gold[page_id], body, 0.0)
    print(f"{page_id}  fold {datasets.fold_of(url)}  {url}")
    print(
        f"{name}: F1 {s.shingle.f1:.3f}  precision {_fmt(s.shingle.precision)}"
        f"  recall {_fmt(s.shingle.recall)}  word F1 {s.word_f1:.3f}"
    )
    gold_grams, pred_grams = set(common.shingles(truth)), set(common.shingles(body))
    print("\n--- missed (gold text not in the output; share covered in brackets)")
    for para in filter(None, (p.strip() for p in truth.split("\n"))):
        covered = _coverage(para, pred_grams)
        if covered < 0.8:
            print(f"- [{covered:.0%}] {para}")
    print("\n+++ leaked (output text not in the gold body)")
    for para in filter(None, (p.strip() for p in body.split("\n"))):
        covered = _coverage(para, gold_grams)
        if covered < 0.8:
            print(f"+ [{covered:.0%}] {para}")
    for snippet in gold[page_id].must_contain:
        if _flat(snippet) not in _flat(body):
            print(f"! must contain, missing: {snippet}")
    for snippet in gold[page_id].must_not_contain:
        if _flat(snippet) in _flat(body):
            print(f"! must not contain, leaked: {snippet}")
    return 0


def _folds(value: str) -> set[int]:
    try:
        folds = {int(part) for part in value.split(",") if part.strip()}
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of fold numbers: {value!r}") from None
    if not folds or not folds <= set(range(datasets.FOLDS)):
        raise argparse.ArgumentTypeError(f"folds are 0-{datasets.FOLDS - 1}: {value!r}")
    return folds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", choices=datasets.NAMES, default="scrapinghub")
    parser.add_argument("--folds", type=_folds, help="only these by-site folds, e.g. 0,1,2,3")
    parser.add_argument("--diff", metavar="ID", help="show one page's misses and leaks (id prefix)")
    parser.add_argument("--extractor", choices=sorted(EXTRACTORS), default="cleannews")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), help="run one extractor only")
    parser.add_argument("--worst", type=int, default=10, help="how many worst pages to list")
    parser.add_argument("--save", metavar="FILE", help="write cleannews's per-page scores")
    parser.add_argument("--against", metavar="FILE", help="compare with a --save'd run")
    parser.add_argument("--fallback", action="store_true", help="when trafilatura is asked")
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
    if not (datasets.SHARED / args.bench).exists():
        print(f"benchmark pages not found at {datasets.SHARED / args.bench}", file=sys.stderr)
        return 2
    if args.check_references:
        return check_references()
    if args.diff:
        return diff(args.bench, args.diff, args.extractor)
    if args.fallback:
        fallback(args.bench, args.folds)
        return 0
    per_page = report(
        [args.only] if args.only else list(EXTRACTORS), args.bench, args.folds, args.worst
    )
    mine = per_page.get("cleannews")
    if mine is not None and args.against:
        against(args.bench, mine, args.against, args.worst)
    if mine is not None and args.save:
        with open(args.save, "w", encoding="utf-8") as out:
            json.dump({k: s.as_json() for k, s in mine.items()}, out, indent=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
