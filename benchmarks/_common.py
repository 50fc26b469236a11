"""Shared by the benchmarks: the pages beside the repo and the body-scoring metric.

The metric is the article-extraction benchmark's own (see the README next to the pages):
tokens are runs of word characters, a page's text is a multiset of 4-token shingles, and
per page the true/false positive and false negative shingle counts are normalised to sum 1.
Precision and recall are averaged over pages; F1 comes from those two averages.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO.parent / "shared" / "bench" / "scrapinghub"

# Run from a checkout without installing: the benchmarks measure the code beside them.
sys.path.insert(0, str(REPO / "src"))

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def ground_truth() -> dict[str, str]:
    """Page id -> the gold article body."""
    data = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    return {page_id: item.get("articleBody") or "" for page_id, item in data.items()}


def page_urls() -> dict[str, str]:
    data = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    return {page_id: item.get("url") or "" for page_id, item in data.items()}


def load_pages() -> dict[str, bytes]:
    """Page id -> the raw page bytes, in a stable order."""
    return {
        path.name.removesuffix(".html.gz"): gzip.decompress(path.read_bytes())
        for path in sorted((BENCH / "html").glob("*.html.gz"))
    }


def reference_outputs() -> dict[str, dict[str, str]]:
    """System name -> {page id -> body} as published with the benchmark."""
    out = {}
    for path in sorted((BENCH / "reference-outputs").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        # Most files wrap the outputs as {"version", "output"}; some are the bare mapping.
        items = data.get("output", data)
        out[path.stem] = {k: (v or {}).get("articleBody") or "" for k, v in items.items()}
    return out


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of `size`-token shingles; a shorter non-empty text is one shingle."""
    toks = tokens(text)
    if not toks:
        return Counter()
    return Counter(tuple(toks[i : i + size]) for i in range(max(1, len(toks) - size + 1)))


@dataclass(frozen=True)
class Score:
    """Precision is None for an empty prediction, recall None for an empty gold body:
    the benchmark leaves such pages out of that average (this reproduces its published F1s)."""

    precision: float | None
    recall: float | None

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(truth: str, prediction: str) -> Score:
    """Shingle overlap for one page: tp/fp/fn counts normalised to sum 1."""
    gold, pred = shingles(truth), shingles(prediction)
    tp = sum((gold & pred).values())
    fp = sum((pred - gold).values())
    fn = sum((gold - pred).values())
    total = (tp + fp + fn) or 1
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return Score(precision, recall)


def mean_score(scores: list[Score]) -> Score:
    """Precision and recall each averaged over the pages where they are defined."""
    ps = [s.precision for s in scores if s.precision is not None]
    rs = [s.recall for s in scores if s.recall is not None]
    return Score(sum(ps) / len(ps) if ps else 0.0, sum(rs) / len(rs) if rs else 0.0)
