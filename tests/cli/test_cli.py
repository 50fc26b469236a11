import gzip
import json
import zlib

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


def zeros_gzipped(size: int) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join(z.compress(b"\0" * (1 << 20)) for _ in range(size >> 20)) + z.flush()


def test_gzip_bomb_is_refused_at_the_input_cap_while_streaming(tmp_path, capsys):
    """60 MB of zeros in 60 KB: inflated only up to max_input_bytes (20 MB), then refused."""
    import tracemalloc

    bomb = tmp_path / "big.html.gz"
    bomb.write_bytes(zeros_gzipped(60 << 20))
    good = tmp_path / "good.html"
    good.write_text(PAGE)
    tracemalloc.start()
    try:
        code = main(["extract", str(bomb), str(good)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    captured = capsys.readouterr()
    assert code == 1 and len(captured.out.splitlines()) == 1
    assert "big.html.gz: larger than 20000000 bytes once decompressed" in captured.err
    assert "max_input_bytes" in captured.err
    assert peak < 30_000_000, peak  # the cap and a piece, never the 60 MB


def test_corrupt_gzip_is_one_input_s_error_and_the_batch_goes_on(tmp_path, monkeypatch,
                                                                 capsys):
    import io
    import sys

    corrupt = tmp_path / "bad.html.gz"
    corrupt.write_bytes(b"\x1f\x8b\x08\x00" + b"not deflate data at all" * 20)
    cut = tmp_path / "cut.html.gz"
    cut.write_bytes(gzip.compress(PAGE.encode())[:-30])
    good = tmp_path / "good.html"
    good.write_text(PAGE)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(corrupt.read_bytes())))
    code = main(["extract", str(corrupt), "-", str(cut), str(good)])
    captured = capsys.readouterr()
    assert code == 1
    assert [json.loads(line)["headline"] for line in captured.out.splitlines()] == [
        "Headline here"]
    errors = captured.err.splitlines()
    assert len(errors) == 3 and "Traceback" not in captured.err
    assert "bad.html.gz: corrupt gzip" in errors[0] and "-: corrupt gzip" in errors[1]
    assert "cut.html.gz: cannot read" in errors[2]
