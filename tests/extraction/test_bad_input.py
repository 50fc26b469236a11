"""Hostile and broken pages: a record or a clear error, never a crash, a hang or a
RecursionError. (Time and memory are measured in benchmarks/, not asserted here; a page that
hung would hang the suite.)"""

from __future__ import annotations

import pytest

import cleannews
from cleannews import DecodeError
from cleannews.extraction.dom import MAX_DEPTH, parse

SENTENCE = "The harbour authority said the new pier would open to ferries next summer. "


def story(n: int = 4) -> str:
    return "".join(f"<p>Paragraph {i}. {SENTENCE * 3}</p>" for i in range(n))


def test_100000_nested_divs(validate_record):
    depth = 100_000
    html = "<html><body>" + "<div>" * depth + story() + "</div>" * depth + "</body></html>"
    article = cleannews.extract(html)
    validate_record(article.to_dict())
    assert "Paragraph 0." in article.body
    assert "Paragraph 3." in article.body


def test_100000_nested_unclosed_divs_with_text_at_every_level(validate_record):
    html = "<html><body>" + "<div>Words at this level." * 100_000
    article = cleannews.extract(html)
    validate_record(article.to_dict())
    # Beyond the depth limit the levels are flattened into one block, which is the story;
    # the short lines of the levels above it are separate blocks and may be left out.
    assert article.body.count("Words at this level.") >= 99_000


def test_100000_nested_inline_elements():
    html = "<html><body><p>" + "<span>word " * 100_000 + "</p></body></html>"
    article = cleannews.extract(html)
    assert article.body.count("word") == 100_000


@pytest.mark.parametrize("as_bytes", [False, True])
def test_deep_markup_is_flattened_to_a_bounded_depth(as_bytes):
    # Bytes (UTF-8, as extract() hands on valid UTF-8 input) are guarded like text.
    html = "<html><body>" + "<section>" * (MAX_DEPTH * 3) + "<p>deep</p>"
    tree = parse(html.encode() if as_bytes else html)
    node, depth = tree.css_first("p"), 0
    while node is not None:
        node, depth = node.parent, depth + 1
    assert depth <= MAX_DEPTH + 5  # html, body, p and the document itself
    assert tree.css_first("p").text() == "deep"


def test_50_mb_page_gives_a_record(validate_record):
    para = "<p>{} " + SENTENCE * 6 + "</p>\n"
    count = 50_000_000 // len(para)
    html = "<html><body><article>" + "".join(para.format(i) for i in range(count))
    html += "</article></body></html>"
    assert len(html) > 50_000_000
    article = cleannews.extract(html.encode())
    validate_record(article.to_dict())
    # Input beyond ExtractOptions.max_input_bytes is cut, so the story's start survives.
    assert article.body.startswith("0 The harbour authority")
    assert 1_000 < article.word_count < 50_000_000 // 5


def test_broken_tags(validate_record):
    html = (
        "<html><head><title>Broken</title></head><body><div class=story><p>First paragraph of the "
        f"story. {SENTENCE}<b>bold <i>nested</b> wrong</i><p>Second paragraph. {SENTENCE}"
        "</span></div></div></td><p <p>>Third paragraph. <a href='x>unclosed attr</a> "
        f"{SENTENCE}<!-- an unclosed comment <p>lost"
    )
    article = cleannews.extract(html)
    validate_record(article.to_dict())
    assert "First paragraph of the story." in article.body
    assert "Second paragraph." in article.body


def test_mixed_encodings(validate_record):
    html = (
        "<html><head><meta charset='utf-8'></head><body><article>"
        f"<p>Caf\u00e9 owners in the old town met the mayor. {SENTENCE}</p>"
    ).encode()
    html += f"<p>Na\u00efve cp1252 text follows here. {SENTENCE}</p>".encode("cp1252")
    html += f"<p>\u201cQuoted\u201d in utf-8 again. {SENTENCE}</p></article></body></html>".encode()
    article = cleannews.extract(html)
    validate_record(article.to_dict())
    assert "owners in the old town met the mayor" in article.body
    assert "cp1252 text follows here" in article.body
    assert "in utf-8 again" in article.body


def test_a_page_of_nothing_but_links(validate_record):
    links = "".join(f'<li><a href="/story/{i}">Story {i} headline</a></li>' for i in range(500))
    html = f"<html><head><title>Index</title></head><body><ul>{links}</ul></body></html>"
    article = cleannews.extract(html)
    validate_record(article.to_dict())
    assert article.body == ""
    assert article.word_count == 0


def test_an_empty_body(validate_record):
    article = cleannews.extract("<html><head><title>Nothing</title></head><body></body></html>")
    validate_record(article.to_dict())
    assert article.body == ""


def test_no_body_element_at_all(validate_record):
    article = cleannews.extract("<title>Only a title</title>")
    validate_record(article.to_dict())
    assert article.body == ""


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t ", "", " \u2003\u00a0\n", b"\x00\x01\x02PK\x03\x04" * 100]
)
def test_empty_or_binary_input_is_a_clear_error(data):
    with pytest.raises(DecodeError):
        cleannews.extract(data)


def test_nul_bytes_and_control_characters_in_text(validate_record):
    html = f"<html><body><p>Ctrl \x01\x02\x7f chars. {SENTENCE}</p></body></html>"
    article = cleannews.extract(html)
    validate_record(article.to_dict())
    assert "chars." in article.body
