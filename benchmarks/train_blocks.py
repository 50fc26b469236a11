"""Can a learned block model beat the rules? Keep/drop per paragraph of the chosen container.

    python benchmarks/train_blocks.py                 # logistic regression, cross-validated
    python benchmarks/train_blocks.py --trees 60      # boosted depth-2 trees instead
    python benchmarks/train_blocks.py --heldout       # also train on 0-3 and score fold 4
    python benchmarks/train_blocks.py --write m.json  # the model trained on folds 0-3

The rules choose the container and drop what is surely clutter; every paragraph they keep
(extract_body's own trace: trace.texts, trace.reasons) is a row of features(): its text
(length, link density, sentence shape, digits, capitals), its block (tag, clutter words of
boilerplate.py in its class), its neighbours, its place in the container, and its segment
(the child of the container that holds it: share of the text, of prose, link density, depth,
clutter words on the way up). Its label is the share of its 4-token shingles found in the gold
body (a text under four tokens: whether it occurs there). A paragraph weighs its share of the
page's words (as the page's word F1 weighs it), each page alike within its set, both sets
alike. The keep threshold is the one with the best mean page word F1 on the training pages.

Cross-validation: train on three of folds 0-3 of both sets, score the fourth, rotate; fold 4
is read only with --heldout. numpy only; deterministic. The figures are in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

import _common as common  # also puts the checkout's src/ on the path
import datasets
import quality
from cleannews.extraction.body import extract_body
from cleannews.extraction.boilerplate import CLUTTER_TOKENS
from cleannews.extraction.dom import parse
from cleannews.extraction.trace import Trace

TRAIN_FOLDS = (0, 1, 2, 3)
HELD_OUT = 4
PENALTY = 1.0  # L2 on the standardised weights (logistic regression)
_WORD = re.compile(r"\w+")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_SENTENCE_END = frozenset(".!?\"”'’)")
_PROSE_CHARS = 80  # a paragraph this long that ends a sentence is prose
_GROUPS = ("author_bio", "meta", "share", "related", "newsletter", "ads", "navigation")
_CLUTTER_WORDS = {word: group for group, words in CLUTTER_TOKENS.items() for word in words}
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CONTAINERS = frozenset({"div", "section", "article", "main", "body", "center", "header"})

OWN = (
    "chars", "words", "links", "sentence_end", "question", "commas", "sentences", "digits",
    "capitalised", "heading", "list_item", "table_row", "p", "container", "blockquote",
    "class_empty", *(f"class_{group}" for group in _GROUPS), "class_other_clutter", "repeated",
)  # fmt: skip
NEIGHBOUR = ("chars", "links", "sentence_end")
SEGMENT = ("seg_share", "seg_prose", "seg_links", "seg_paragraphs", "depth", "seg_clutter")
FEATURES = (
    *OWN,
    *(f"prev_{name}" for name in NEIGHBOUR),
    *(f"next_{name}" for name in NEIGHBOUR),
    "first", "last", "mass_before", "mass_after", "share", "prose_before", "prose_after",
    "prose_gap", *SEGMENT,
)  # fmt: skip
_NEIGHBOUR_AT = tuple(OWN.index(name) for name in NEIGHBOUR)


# --- features ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One kept paragraph: its text, block kind ("tag.class"), link density, list marker,
    and its segment (key of the container's child holding it), depth below the container
    and whether a class or id on the way up names clutter."""

    text: str
    kind: str
    density: float
    marker: str
    segment: int
    depth: int
    clutter_above: bool


@lru_cache(maxsize=8192)
def _class_groups(classes: str) -> frozenset[str]:
    words = _TOKEN_SPLIT.split(_CAMEL.sub(r"\1 \2", classes).lower())
    return frozenset(_CLUTTER_WORDS[w] for w in words if w in _CLUTTER_WORDS)


def _own(block: Block, repeated: bool) -> list[float]:
    text = block.text
    words = text.split()
    count = len(words) or 1
    tag, _, classes = block.kind.partition(".")
    groups = _class_groups(classes)
    head = words[:30]
    return [
        math.log1p(len(text)),
        math.log1p(len(words)),
        min(block.density, 1.0),
        float(text[-1:] in _SENTENCE_END),
        float(text[-1:] == "?"),
        min(text.count(",") / count, 1.0),
        math.log1p(text.count(". ")),
        sum(c.isdigit() for c in text) / (len(text) or 1),
        sum(w[:1].isupper() for w in head) / (len(head) or 1),
        float(tag in _HEADINGS),
        float(bool(block.marker)),
        float(tag == "tr"),
        float(tag == "p"),
        float(tag in _CONTAINERS),
        float(tag == "blockquote"),
        float(not classes.strip()),
        *(float(group in groups) for group in _GROUPS),
        float(bool(groups.difference(_GROUPS))),
        float(repeated),
    ]


def features(blocks: list[Block]) -> np.ndarray:
    """One row of FEATURES per block."""
    seen: dict[str, int] = {}
    for block in blocks:
        seen[block.text] = seen.get(block.text, 0) + 1
    own = [_own(block, seen[block.text] > 1) for block in blocks]
    sizes = [len(block.text) for block in blocks]
    total = sum(sizes) or 1
    prose = [s if s >= _PROSE_CHARS and row[3] else 0 for s, row in zip(sizes, own, strict=True)]
    prose_total = sum(prose) or 1
    gap = [len(blocks)] * len(blocks)  # paragraphs to the nearest prose paragraph
    for order in (range(len(blocks)), range(len(blocks) - 1, -1, -1)):
        distance = len(blocks)
        for i in order:
            distance = 0 if prose[i] else distance + 1
            gap[i] = min(gap[i], distance)
    segments: dict[int, list[float]] = {}  # chars, link chars, prose chars, paragraphs
    for block, size, p in zip(blocks, sizes, prose, strict=True):
        seg = segments.setdefault(block.segment, [0.0, 0.0, 0.0, 0.0])
        seg[0] += size
        seg[1] += size * block.density
        seg[2] += p
        seg[3] += 1
    absent = [0.0] * len(_NEIGHBOUR_AT)
    rows = []
    before = prose_before = 0
    last = len(blocks) - 1
    for i, row in enumerate(own):
        prev = [own[i - 1][j] for j in _NEIGHBOUR_AT] if i else absent
        after = [own[i + 1][j] for j in _NEIGHBOUR_AT] if i < last else absent
        seg = segments[blocks[i].segment]
        rows.append(
            [
                *row, *prev, *after, float(i == 0), float(i == last), before / total,
                (total - before - sizes[i]) / total, sizes[i] / total,
                prose_before / prose_total, (prose_total - prose_before - prose[i]) / prose_total,
                math.log1p(gap[i]), seg[0] / total, seg[2] / (seg[0] or 1),
                seg[1] / (seg[0] or 1), math.log1p(seg[3]), math.log1p(blocks[i].depth),
                float(blocks[i].clutter_above),
            ]
        )
        before += sizes[i]
        prose_before += prose[i]
    return np.array(rows, dtype=float).reshape(len(blocks), len(FEATURES))


def page_blocks(html: bytes) -> list[Block]:
    """The paragraphs extract_body keeps, with the places its trace recorded for them."""
    trace = Trace()
    extract_body(parse(html), trace)
    roots = {node.mem_id for node in trace.container}
    out = []
    for index, ((text, kind, density, marker), reason) in enumerate(
        zip(trace.texts, trace.reasons, strict=True)
    ):
        if reason is not None:
            continue
        node = trace.owners[index] if index < len(trace.owners) else None
        depth, segment, groups = 0, -1, False
        while node is not None and node.mem_id not in roots:
            depth, segment = depth + 1, node.mem_id
            attrs = node.attributes
            words = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
            groups = groups or bool(_class_groups(words))
            node = node.parent
        out.append(Block(text, kind, density, marker, segment, depth, groups))
    return out


# --- data -------------------------------------------------------------------------------


@dataclass
class Page:
    bench: str
    fold: int
    gold: str
    texts: list[str]  # the kept paragraphs as the body prints them
    rows: np.ndarray  # features, one row per paragraph
    labels: np.ndarray  # share of the paragraph found in the gold body
    weights: np.ndarray  # the paragraph's share of the page's words
    counts: np.ndarray  # each paragraph's word counts over the page's vocabulary
    gold_counts: np.ndarray  # the gold body's, over the same vocabulary


def _flat(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def label(text: str, gold: str) -> float:
    """The share of the text's 4-token shingles found in the gold body; a text under four
    tokens: 1.0 when it occurs there as words in a row."""
    if len(_WORD.findall(text)) < common.SHINGLE:
        return float(bool(_WORD.search(text)) and _flat(text) in _flat(gold))
    grams, found = common.shingles(text.lower()), set(common.shingles(gold.lower()))
    return sum(n for g, n in grams.items() if g in found) / sum(grams.values())


def make_page(bench: str, fold: int, truth: str, blocks: list[Block]) -> Page:
    texts = [block.marker + block.text for block in blocks]
    bags = [quality.words(text) for text in texts]
    gold_bag = quality.words(truth)
    vocab = {w: i for i, w in enumerate(sorted(set(gold_bag).union(*bags)))}
    counts = np.zeros((len(texts), len(vocab)))
    for row, bag in enumerate(bags):
        for word, n in bag.items():
            counts[row, vocab[word]] = n
    gold_counts = np.zeros(len(vocab))
    for word, n in gold_bag.items():
        gold_counts[vocab[word]] = n
    sizes = counts.sum(axis=1)
    return Page(
        bench, fold, truth, texts, features(blocks),
        np.array([label(text, truth) for text in texts]),
        sizes / (sizes.sum() or 1.0), counts, gold_counts,
    )  # fmt: skip


def load(bench: str, folds: tuple[int, ...]) -> list[Page]:
    gold = datasets.gold(bench)
    return [
        make_page(
            bench, datasets.fold_of(gold[page_id].url), gold[page_id].body,
            page_blocks(datasets.pages(bench, [page_id])[page_id]),
        )
        for page_id in datasets.select(bench, set(folds))
    ]


# --- models -----------------------------------------------------------------------------


def _sample_weights(pages: list[Page]) -> np.ndarray:
    """Both sets weigh alike, each page alike within its set, each paragraph by its words."""
    share = {b: sum(p.bench == b for p in pages) for b in {p.bench for p in pages}}
    return np.concatenate([p.weights / share[p.bench] for p in pages]) * len(pages) / len(share)


def fit_logistic(pages: list[Page]) -> tuple[np.ndarray, float]:
    """Weights on the raw features and the bias: Newton's method on the weighted
    cross-entropy with soft labels (standardised, then folded back)."""
    x = np.vstack([p.rows for p in pages])
    y = np.concatenate([p.labels for p in pages])
    w = _sample_weights(pages)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    ridge = np.full(z.shape[1], PENALTY)
    ridge[-1] = 0.0  # the bias is not penalised
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        grad = z.T @ (w * (p - y)) + ridge * beta
        hess = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(ridge)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    weights = beta[:-1] / scale
    return weights, float(beta[-1] - (weights * mean).sum())


Tree = float | list  # a leaf's value, or [feature, threshold, below, at or above]


def fit_trees(pages: list[Page], rounds: int, depth: int = 2, rate: float = 0.3) -> list[Tree]:
    """Gradient-boosted trees on the same loss (Newton leaves, 32 quantile cuts a feature);
    the first "tree" is the constant start."""
    x = np.vstack([p.rows for p in pages])
    y = np.concatenate([p.labels for p in pages])
    w = _sample_weights(pages)
    columns = range(x.shape[1])
    cuts = [np.unique(np.quantile(x[:, j], np.linspace(0, 1, 33)[1:-1])) for j in columns]
    binned = np.stack([np.searchsorted(cuts[j], x[:, j], side="right") for j in columns], 1)
    start = float(np.log((w * y).sum() / (w * (1 - y)).sum()))
    trees: list[Tree] = [start]
    logit = np.full(len(y), start)

    def grow(rows: np.ndarray, g: np.ndarray, h: np.ndarray, level: int) -> Tree:
        total_g, total_h = g[rows].sum(), h[rows].sum()
        leaf = float(-rate * total_g / (total_h + 1.0))
        if level == depth or len(rows) < 20:
            return leaf
        best, split = 1e-12, None
        for j in range(x.shape[1]):
            bins = len(cuts[j]) + 1
            gs = np.bincount(binned[rows, j], weights=g[rows], minlength=bins).cumsum()[:-1]
            hs = np.bincount(binned[rows, j], weights=h[rows], minlength=bins).cumsum()[:-1]
            gain = gs**2 / (hs + 1) + (total_g - gs) ** 2 / (total_h - hs + 1)
            if len(gain) and gain.max() - total_g**2 / (total_h + 1) > best:
                b = int(gain.argmax())
                best, split = gain[b] - total_g**2 / (total_h + 1), (j, float(cuts[j][b]))
        if split is None:
            return leaf
        j, cut = split
        below = x[rows, j] < cut
        return [j, cut, grow(rows[below], g, h, level + 1), grow(rows[~below], g, h, level + 1)]

    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-logit))
        tree = grow(np.arange(len(y)), w * (p - y), w * p * (1 - p), 0)
        trees.append(tree)
        logit += _tree_values(tree, x)
    return trees


def _tree_values(tree: Tree, x: np.ndarray) -> np.ndarray:
    if not isinstance(tree, list):
        return np.full(len(x), tree)
    j, cut, below, above = tree
    mask = x[:, j] < cut
    out = np.empty(len(x))
    out[mask] = _tree_values(below, x[mask])
    out[~mask] = _tree_values(above, x[~mask])
    return out


@dataclass
class Model:
    weights: np.ndarray | None = None  # logistic regression, or
    bias: float = 0.0
    trees: list[Tree] | None = None  # boosted trees
    threshold: float = 0.0  # keep a paragraph whose logit is at least this

    def logits(self, page: Page) -> np.ndarray:
        if not len(page.texts):
            return np.zeros(0)
        if self.trees is not None:
            return sum(_tree_values(t, page.rows) for t in self.trees)  # type: ignore[return-value]
        return page.rows @ self.weights + self.bias

    def keep(self, page: Page) -> np.ndarray:
        return self.logits(page) >= self.threshold


def train(pages: list[Page], trees: int) -> Model:
    if trees:
        model = Model(trees=fit_trees(pages, trees))
    else:
        weights, bias = fit_logistic(pages)
        model = Model(weights=weights, bias=bias)
    logits = [model.logits(p) for p in pages]
    grid = np.round(np.arange(-4.0, 2.01, 0.25), 2)
    model.threshold = float(
        max(grid, key=lambda t: (mean_word_f1(pages, [lg >= t for lg in logits]), -abs(t)))
    )
    return model


# --- scores -----------------------------------------------------------------------------


def fast_word_f1(page: Page, keep: np.ndarray) -> float:
    """quality.word_f1 of the kept paragraphs, from the page's count matrix."""
    pred = keep.astype(float) @ page.counts if len(page.texts) else np.zeros_like(page.gold_counts)
    gold_total, pred_total = page.gold_counts.sum(), pred.sum()
    if not gold_total and not pred_total:
        return 1.0
    return float(2 * np.minimum(pred, page.gold_counts).sum() / (gold_total + pred_total))


def mean_word_f1(pages: list[Page], keeps: list[np.ndarray]) -> float:
    """Mean page word F1 of each set, averaged over the sets."""
    by_set: dict[str, list[float]] = {}
    for page, keep in zip(pages, keeps, strict=True):
        by_set.setdefault(page.bench, []).append(fast_word_f1(page, keep))
    return float(np.mean([np.mean(v) for v in by_set.values()]))


def summary(pages: list[Page], keeps: list[np.ndarray]) -> str:
    bodies = [
        "\n".join(t for t, k in zip(p.texts, keep, strict=True) if k)
        for p, keep in zip(pages, keeps, strict=True)
    ]
    pairs = list(zip(pages, bodies, strict=True))
    total = common.mean_score([common.score_page(p.gold, b) for p, b in pairs])
    word = np.mean([quality.word_f1(p.gold, b) for p, b in pairs])
    return f"F1 {total.f1:.3f}  P {total.precision:.3f}  R {total.recall:.3f}  word F1 {word:.3f}"


def report(name: str, pages: list[Page], keeps: list[np.ndarray]) -> None:
    """The rules' paragraphs against the model's choice among them, per set, and against
    the best any such choice could do."""
    for bench in datasets.NAMES:
        chosen = [(p, k) for p, k in zip(pages, keeps, strict=True) if p.bench == bench]
        if chosen:
            every = [np.ones(len(p.texts), dtype=bool) for p, _ in chosen]
            print(f"{name:<8} {bench:<12} {len(chosen):4} pages")
            print(f"   rules  {summary([p for p, _ in chosen], every)}")
            print(f"   model  {summary([p for p, _ in chosen], [k for _, k in chosen])}")
            # The ceiling of any keep/drop model over these paragraphs: the labels themselves.
            labels = [p.labels >= 0.5 for p, _ in chosen]
            print(f"  labels  {summary([p for p, _ in chosen], labels)}")


def cross_validate(pages: list[Page], trees: int) -> None:
    keeps: dict[int, np.ndarray] = {}
    for fold in TRAIN_FOLDS:
        model = train([p for p in pages if p.fold != fold], trees)
        print(f"fold {fold} left out: threshold {model.threshold:+.2f}")
        for i, page in enumerate(pages):
            if page.fold == fold:
                keeps[i] = model.keep(page)
    report("cv 0-3", pages, [keeps[i] for i in range(len(pages))])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=int, default=0, help="boosted trees instead (rounds)")
    parser.add_argument("--heldout", action="store_true", help="also score fold 4")
    parser.add_argument("--write", metavar="FILE", help="write the model trained on folds 0-3")
    args = parser.parse_args(argv)
    pages = [p for bench in datasets.NAMES for p in load(bench, TRAIN_FOLDS)]
    print(f"{len(pages)} pages, {sum(len(p.texts) for p in pages)} paragraphs (folds 0-3)")
    cross_validate(pages, args.trees)
    model = train(pages, args.trees)
    if model.weights is not None:
        ranked = sorted(zip(FEATURES, model.weights, strict=True), key=lambda item: item[1])
        print("  ".join(f"{name} {w:+.2f}" for name, w in ranked))
    if args.heldout:
        held = [p for bench in datasets.NAMES for p in load(bench, (HELD_OUT,))]
        report("fold 4", held, [model.keep(p) for p in held])
    if args.write:
        weights = None if model.weights is None else [round(float(w), 4) for w in model.weights]
        data = {
            "features": list(FEATURES),
            "weights": weights,
            "bias": round(model.bias, 4),
            "trees": model.trees,
            "threshold": model.threshold,
        }
        with open(args.write, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
