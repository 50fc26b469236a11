"""names_foreign_region(): the cheap word test in front of FOREIGN_REGION never changes its
verdict, whatever the case, the script or the words around."""

from __future__ import annotations

import pytest

from cleannews.extraction.boilerplate import FOREIGN_REGION, names_foreign_region

MARKERS = [
    # Regions that are not the story's, as themes name them.
    ("comments-area", True), ("Related-Posts ", True), ("post_sidebar", True),
    ("site-footer", True), ("main-nav", True), ("NAVIGATION", True), ("widget_recent", True),
    ("wp-caption alignleft", True), ("photo-credit", True), ("most-read-list", True),
    # Beside such a region, or a word that only begins like one: not one.
    ("has-sidebar", False), ("offset-nav", False), ("content-sidebar-wrap", False),
    ("navy-theme", False), ("builder-widget", False), ("entry-content", False), (" ", False),
    # Non-ASCII markers: the full pattern decides, as it always did.
    ("café-comments", True), ("menü", False), ("s\u0130debar", True), ("\u017fidebar", True),
]  # fmt: skip


@pytest.mark.parametrize(("marker", "foreign"), MARKERS)
def test_word_test_agrees_with_the_pattern(marker: str, foreign: bool) -> None:
    assert names_foreign_region(marker) is foreign
    assert names_foreign_region(marker) is (FOREIGN_REGION.search(marker) is not None)
