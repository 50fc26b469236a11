"""benchmarks/train_blocks.py: labels, features, the fast score and both learners."""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))  # train_blocks.py imports its neighbours
_path = REPO / "benchmarks" / "train_blocks.py"
_spec = importlib.util.spec_from_file_location("train_blocks", _path)
# Registered first: its dataclasses look their module up in sys.modules.
train_blocks = sys.modules["train_blocks"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(train_blocks)
quality = sys.modules["quality"]
Block = train_blocks.Block

STORY = "The council voted on Tuesday to close the old bridge, which engineers called unsafe."
LINKS = "Home News Sport"


def _block(text: str, density: float = 0.0, segment: int = 1, kind: str = "p.") -> object:
    return Block(text, kind, density, "", segment, 1, False)


def _column(name: str) -> int:
    return train_blocks.FEATURES.index(name)


def test_label_is_the_share_of_the_paragraph_found_in_the_gold_body() -> None:
    gold = f"Headline words\n{STORY}"
    assert train_blocks.label(STORY, gold) == 1.0
    assert train_blocks.label("Sign up for our daily newsletter today", gold) == 0.0
    assert train_blocks.label("Headline words", gold) == 1.0  # under four tokens: as a phrase
    assert train_blocks.label("words Headline", gold) == 0.0


def test_features_describe_the_block_its_neighbours_and_its_segment() -> None:
    rows = train_blocks.features(
        [_block(LINKS, 1.0, segment=7, kind="div.menu"), _block(STORY), _block(STORY)]
    )
    assert rows.shape == (3, len(train_blocks.FEATURES))
    assert rows[0, _column("links")] == 1.0 and rows[1, _column("links")] == 0.0
    assert rows[1, _column("sentence_end")] == 1.0 and rows[0, _column("sentence_end")] == 0.0
    assert rows[0, _column("class_navigation")] == 1.0
    assert rows[1, _column("prev_links")] == 1.0  # its neighbour is the menu
    assert rows[1, _column("repeated")] == 1.0
    # The two story paragraphs share a segment holding all of the page's prose.
    assert rows[1, _column("seg_prose")] == rows[2, _column("seg_prose")] == 1.0
    assert rows[0, _column("seg_prose")] == 0.0


def test_fast_word_f1_is_quality_word_f1() -> None:
    gold = f"{STORY}\nA second paragraph of the story."
    page = train_blocks.make_page("wcxb-dev", 0, gold, [_block(STORY), _block(LINKS, 1.0)])
    for keep in ([True, True], [True, False], [False, True], [False, False]):
        body = "\n".join(t for t, k in zip(page.texts, keep, strict=True) if k)
        assert train_blocks.fast_word_f1(page, np.array(keep)) == pytest.approx(
            quality.word_f1(gold, body)
        )


def _pages() -> list:
    """Pages where the story is prose and the clutter is link lists: a model must learn it."""
    out = []
    for i in range(12):
        story = f"{STORY} Page {i} says more."
        blocks = [_block(f"{LINKS} {i}", 1.0), _block(story), _block(f"Share Tweet {i}", 0.9)]
        out.append(train_blocks.make_page(("scrapinghub", "wcxb-dev")[i % 2], 0, story, blocks))
    return out


@pytest.mark.parametrize("trees", [0, 5])
def test_a_model_learns_to_keep_prose_and_drop_links_deterministically(trees: int) -> None:
    pages = _pages()
    model = train_blocks.train(pages, trees)
    for page in pages:
        assert model.keep(page).tolist() == [False, True, False]
    again = train_blocks.train(pages, trees)
    assert np.array_equal(model.logits(pages[0]), again.logits(pages[0]))
