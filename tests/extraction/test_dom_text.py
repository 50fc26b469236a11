"""short_text() and raw_text_within(): the bounded readers give exactly what reading the whole
text would, and stop early on an element that holds the whole story."""

from __future__ import annotations

import pytest

from cleannews.extraction.dom import clean_text, node_text, parse, raw_text_within, short_text

ELEMENTS = [
    "<div>By <a>Jane Doe</a></div>",
    "<div>  Posted \n\n <time>May 4,\t2024</time>  </div>",
    "<div><p>First</p><p>Second</p><script>var x = 1;</script></div>",
    "<div>\u200b\u200b</div>",  # nothing visible: empty
    "<div>\u200b<span>x</span></div>",
    "<div></div>",
    "<div>" + "word " * 30 + "</div>",  # 150 characters
    "<div>" + " \n " * 200 + "short, after much white space</div>",
    "<div>" + "<p>A paragraph of the story that goes on.</p>" * 50 + "</div>",
    "<div>" + "\u200b " * 80 + "late</div>",
]


def _element(html: str):
    return parse(f"<html><body>{html}</body></html>").body.child


@pytest.mark.parametrize("html", ELEMENTS)
@pytest.mark.parametrize("limit", [0, 5, 40, 120, 200, 10_000])
def test_short_text_is_node_text_within_the_limit(html: str, limit: int) -> None:
    node = _element(html)
    full = node_text(node)
    assert short_text(node, limit) == (full if len(full) <= limit else None)


@pytest.mark.parametrize("html", ELEMENTS)
@pytest.mark.parametrize("limit", [0, 5, 40, 120, 200, 10_000])
def test_raw_text_within_counts_the_uncollapsed_text(html: str, limit: int) -> None:
    node = _element(html)
    assert raw_text_within(node, limit) is (len(node.text(deep=True)) <= limit)


@pytest.mark.parametrize(
    "text",
    [
        "Already clean text.",
        "Two  spaces inside",
        " leading",
        "trailing ",
        "a\tb",
        "line\nbreak",
        "no\u00a0break",
        "thin\u2009space",
        "ideographic\u3000space",
        "next\x85line",
        "\u200b",
        "\u200b \u200b",
        "\u200bvisible",
        "x",
    ],
)
def test_clean_text_collapses_every_white_space_as_splitting_does(text):
    # Text that is printable with single spaces inside is returned as it is; any other is
    # split on white space and joined: both give the same.
    expected = " ".join(text.split())
    assert clean_text(text) == ("" if not expected.strip("\u200b ") else expected)
