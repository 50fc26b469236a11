import gzip
import json

from cleannews.cli.main import main

PAGE = ("<html><body><article><h1>Headline here</h1>"
        + "<p>Some sentence of the article body text. </p>" * 10 + "</article></body></html>")


def test_extract_files_gzip_and_stdin(tmp_path, monkeypatch, capsys, validate_record):
    plain = tmp_path / "a.html"
    plain.write_text(PAGE)
    zipped = tmp_path / "b.html.gz"
    zipped.write_bytes(gzip.compress(PAGE.encode()))
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE.encode())))
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(plain), str(zipped), "-", "-o", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert len(lines) == 3
    for line in lines:
        rec = validate_record(json.loads(line))
        assert rec["headline"] == "Headline here"


def test_bad_inputs_report_and_continue(tmp_path, capsys):
    good = tmp_path / "good.html"
    good.write_text(PAGE)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "img.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    missing = tmp_path / "missing.html"
    code = main(["extract", str(empty), str(good), str(binary), str(missing)])
    captured = capsys.readouterr()
    assert code == 1
    assert len(captured.out.splitlines()) == 1
    errors = captured.err.splitlines()
    assert len(errors) == 3
    assert all(line.startswith("cleannews: error: ") for line in errors)
    assert "empty" in errors[0] and "binary" in errors[1] and "cannot read" in errors[2]


def test_all_failed_and_usage_codes(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.html")]) == 3
    assert main(["extract"]) == 2
    assert main(["frobnicate"]) == 2
