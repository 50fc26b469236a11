"""Bytes to text: BOM, HTTP charset, <meta charset>, detection; no mojibake on the usual lies."""

from __future__ import annotations

import codecs

import pytest

from cleannews import extract
from cleannews.errors import DecodeError
from cleannews.extraction.encoding import (
    MAX_REPAIRED_CHARS,
    charset_from_content_type,
    charset_from_meta,
    decode_html,
    decode_html_utf8,
    may_be_double_encoded,
    repair_double_encoding,
)


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


FR = page("Le café où l'élève a déjeuné était fermé à cause de la grève. « Ça suffit », "
          "a-t-il déclaré — déçu.")
DE = page("Die Bürger in München äußerten sich über die Größe der Straßen und Brücken.")
ES = page("El presidente dijo que las negociaciones continuarán la próxima semana en Madrid. "
          "Señaló también que no habrá cambios.")
CZ = page("Předseda vlády řekl, že jednání budou pokračovat příští týden v Praze. Žádné změny "
          "se neočekávají. Opozice však kritizuje, že vláda nepředložila žádný konkrétní plán "
          "a že občané čekají na řešení už několik měsíců.")
RU = page("Президент России заявил, что переговоры продолжатся на следующей неделе в Москве.")
EL = page("Ο πρωθυπουργός δήλωσε ότι οι διαπραγματεύσεις θα συνεχιστούν την επόμενη εβδομάδα.")
JA = page("東京都は、新型コロナウイルスの感染者が新たに確認されたと発表しました。"
          "政府は対策を強化する方針です。")
ZH = page("国务院总理今天在北京主持召开会议，研究部署经济工作。"
          "会议指出，要坚持稳中求进工作总基调。")

UTF8 = "text/html; charset=utf-8"
LATIN1 = "text/html; charset=ISO-8859-1"


@pytest.mark.parametrize(
    ("text", "codec", "content_type"),
    [
        # windows-1252 served as utf-8: the label does not decode, the bytes are read as 1252
        (FR, "cp1252", UTF8), (DE, "cp1252", UTF8), (ES, "cp1252", "text/html;charset=UTF-8"),
        # utf-8 served as latin-1: valid UTF-8 wins over the label
        (FR, "utf-8", LATIN1), (DE, "utf-8", LATIN1), (JA, "utf-8", LATIN1),
        # correct labels
        (FR, "cp1252", LATIN1), (CZ, "cp1250", "text/html; charset=windows-1250"),
        (JA, "shift_jis", "text/html; charset=Shift_JIS"),
        (ZH, "gb2312", "text/html; charset=gb2312"),
        (RU, "koi8_r", "text/html; charset=koi8-r"),
        # no label at all: detection
        (FR, "cp1252", None), (ES, "cp1252", "text/html"), (CZ, "cp1250", None),
        (RU, "cp1251", None),
        (RU, "koi8_r", None), (EL, "cp1253", None), (JA, "shift_jis", None), (JA, "euc_jp", None),
        (ZH, "gb2312", "text/html"), (ZH, "gb18030", None),
        # legacy CJK or Cyrillic behind a wrong label
        (JA, "shift_jis", UTF8), (ZH, "gb2312", UTF8), (JA, "shift_jis", LATIN1),
        (ZH, "gb2312", LATIN1), (RU, "cp1251", LATIN1), (JA, "euc_jp", LATIN1),
    ],
)
def test_no_mojibake(text, codec, content_type):
    assert decode_html(text.encode(codec), content_type) == text


def test_meta_charset_used_when_the_header_has_none():
    html = page("国务院总理今天在北京主持召开会议。", '<meta charset="gb2312">')
    assert decode_html(html.encode("gb2312"), "text/html") == html
    html = page("東京都は発表しました。",
                '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
    assert decode_html(html.encode("shift_jis")) == html


def test_meta_beats_a_server_default_latin1_label():
    html = page("Президент России заявил.", '<meta charset="windows-1251">')
    assert decode_html(html.encode("cp1251"), LATIN1) == html


def test_header_beats_meta():
    html = page("Předseda vlády řekl, že jednání budou pokračovat.", '<meta charset="iso-8859-1">')
    assert decode_html(html.encode("cp1250"), "text/html; charset=windows-1250") == html


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_bom_wins_over_every_label(codec):
    data = FR.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_html(data, LATIN1).lstrip("\ufeff") == FR


def test_ascii_needs_no_guessing():
    assert decode_html(b"<p>plain</p>", "text/html; charset=bogus-charset") == "<p>plain</p>"


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"])
def test_empty_and_binary_are_decode_errors(data):
    with pytest.raises(DecodeError):
        decode_html(data)


def test_unknown_label_falls_back_to_detection():
    assert decode_html(DE.encode("cp1252"), "text/html; charset=x-no-such-thing") == DE


def test_labels_read_as_browsers_do():
    assert charset_from_content_type("text/html; charset=ISO-8859-1") == "cp1252"
    assert charset_from_content_type('text/html; charset="Shift_JIS"') == "cp932"
    assert charset_from_content_type("text/html; charset=GB2312") == "gb18030"
    assert charset_from_content_type("text/html") is None
    assert charset_from_content_type(None) is None
    assert charset_from_meta(b'<meta charset="utf-16">') == "utf-8"
    assert charset_from_meta(b"<meta charset=euc-kr>") == "cp949"
    assert charset_from_meta(b"<p>no meta</p>") is None


def test_utf8_bytes_are_handed_on_only_when_they_encode_the_text():
    html = page("Ünïcödé café — “quoted”")
    for data in (html.encode("utf-8"), page("plain ascii").encode()):
        text, utf8 = decode_html_utf8(data)
        assert utf8 is data and utf8.decode("utf-8") == text
    # Legacy encodings and a BOM (stripped from the text) give no bytes to reuse.
    assert decode_html_utf8(html.encode("cp1252", "replace"), LATIN1)[1] is None
    assert decode_html_utf8(codecs.BOM_UTF8 + html.encode())[1] is None


PAGE = ("<html><head><title>Hafen öffnet</title></head><body><article><h1>Hafen öffnet</h1>"
        + "<p>The harbour authority said the new pier would open to ferries next summer.</p>" * 3
        + "</article></body></html>")


def test_one_nul_byte_does_not_make_a_page_binary():
    data = PAGE.replace("ferries", "fer\x00ries", 1).encode()
    text = decode_html(data)
    assert "fer\ufffdries" in text and "\x00" not in text  # as browsers show it
    assert "Hafen öffnet" in text


@pytest.mark.parametrize("label", ["utf-16", "utf-16le", "utf-16be"])
def test_utf16_declared_without_a_bom_decodes(label):
    codec = {"utf-16": "utf-16-le", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be"}[label]
    assert decode_html(PAGE.encode(codec), f"text/html; charset={label}") == PAGE


@pytest.mark.parametrize("data", [
    bytes(range(32)) * 200,  # control bytes
    bytes(range(256)) * 40,  # what compressed or image data looks like
    b"%PDF-1.7\n%" + b"1 0 obj << /Type /Catalog >> endobj\n" * 100,  # PDF: text-like head
])
def test_only_mostly_control_bytes_or_a_binary_format_is_binary(data):
    with pytest.raises(DecodeError):
        decode_html(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A DIY Investor\u00e2\u0080\u0099s guide", "A DIY Investor’s guide"),  # read as Latin-1
        ("Itâ€™s here â€” at last", "It’s here — at last"),  # read as Windows-1252
        ("Caf\u00c3\u00a9 society", "Café society"),
        ("Dariusz Jaro\u00c5\u0084", "Dariusz Jaroń"),  # any lead byte before a C1 control
        ("Because we\x92re so used", "Because we’re so used"),  # a Windows-1252 byte as Latin-1
        # Real text is left alone: Latin-1 letters, guillemets, a capital A with a tilde.
        ("São Paulo, «non», ½ cup, ÃGUA", "São Paulo, «non», ½ cup, ÃGUA"),
    ],
)
def test_double_encoded_text_is_repaired(text: str, expected: str) -> None:
    assert repair_double_encoding(text) == expected


def test_a_text_too_long_to_repair_in_time_is_left_as_it_is() -> None:
    text = "It\u00e2\u0080\u0099s. " * (MAX_REPAIRED_CHARS // 8 + 1)
    assert repair_double_encoding(text) is text


def test_the_record_carries_repaired_text() -> None:
    quote = "\u00e2\u0080\u0099"  # a right quote encoded twice
    story = f"<p>It{quote}s the council{quote}s plan for the bridge, said the mayor today.</p>"
    html = (
        f"<html><head><meta charset='utf-8'><title>Council{quote}s plan</title></head>"
        f"<body><article><h1>Council{quote}s plan</h1>{story * 6}</article></body></html>"
    )
    article = extract(html.encode("utf-8"))
    assert article.headline == "Council’s plan"
    assert "council’s plan" in article.body and "\u0080" not in article.body


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["Plain text.", "More plain text."],
        ["Curly quotes “are” fine — and so is café."],
        ["Fine.", "Investorâ€™s guide"],  # "â€" in the second paragraph only
        ["JaroÅ\x84 wrote", "fine"],  # a C1 control
        ["Ã©tÃ© in a double-encoded line", "fine"],
        ["ends with â", "€ starts the next"],  # a mark split across paragraphs is none
    ],
)
def test_one_look_at_the_body_answers_for_every_paragraph(paragraphs: list[str]) -> None:
    assert may_be_double_encoded("\n".join(paragraphs)) is any(
        may_be_double_encoded(p) for p in paragraphs
    )
    assert any(repair_double_encoding(p) != p for p in paragraphs) <= may_be_double_encoded(
        "\n".join(paragraphs)
    )
