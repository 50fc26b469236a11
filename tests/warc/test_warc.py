"""WARC input: small archives written at test time with warcio, read back record by record,
through the local engine and through a local Ray."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import os
import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleannews import Article, ErrorRecord, Page, extract
from cleannews.cli.main import main
from cleannews.config import WarcOptions
from cleannews.errors import InputError
from cleannews.warc import pool as warc_local
from cleannews.warc.jobs import Progress, plan_jobs
from cleannews.warc.pool import run_local
from cleannews.warc.reader import extract_warc, iter_pages
from cleannews.warc.split import WHOLE, Span, split_archive
from conftest import REPO, bench_page

BENCH_IDS = [
    "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856",
    "04a6711caa7c687592777718866e781e976e0fe684faebe8b3cedcef8cd0ea34",
    "05844573ca7e1fba714d715bb11ca08c26e25328999c74a1cb3bc8a0e4399f0f",
]
HTML = "text/html; charset=utf-8"
STORY = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    + "<p>The council met on Tuesday and voted to rebuild the old bridge by spring.</p>" * 6
    + "</article></body></html>"
)
# Short enough that charset detection alone reads it wrongly: only the HTTP header helps.
KOI8 = "<html><head><title>Привет мир</title></head><body><p>Привет мир</p></body></html>"
# Many paragraphs: extraction takes seconds, far past a 1 s limit (normal pages: ms).
# About a second to extract on a 2-core VM: four times the time limit the tests give it
# (0.25 s), and thousands of times what one small story takes.
SLOW = (
    "<html><body><article><h1>A very long page</h1>"
    + "".join(f"<p>Paragraph {i} of a page built to be slow to extract.</p>" for i in range(75000))
    + "</article></body></html>"
)
DATE = "2024-03-01T12:30:00Z"


def story(title: str) -> bytes:
    return STORY.format(title=title).encode()


def write_warc(path: Path, records: list[tuple], *, compress: bool = True) -> Path:
    """records: (kind, url, status line, content type or None, body[, extra HTTP headers]);
    a gzip member per record, or none (`compress=False`)."""
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for kind, url, status, ctype, body, *extra in records:
            headers = [("Content-Type", ctype)] if ctype else []
            headers += extra[0] if extra else []
            if kind == "request":
                http = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "example.com")],
                                        is_http_request=True)
            else:
                http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, kind, payload=io.BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Date": DATE},
            )
            writer.write_record(record)
    return path


def mixed_records() -> list[tuple]:
    """Seven HTML 2xx responses among records that must be skipped."""
    return [
        ("request", "https://news.example/a", None, None, b""),
        ("response", "https://news.example/a", "200 OK", HTML, story("Bridge to be rebuilt")),
        ("response", "https://news.example/gone", "404 Not Found", HTML, story("Not found")),
        ("response", "https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x00"),
        ("response", "https://news.example/b", "200 OK", HTML, bench_page(BENCH_IDS[0])),
        ("response", "https://news.example/garbage", "200 OK", HTML, os.urandom(3000) + b"\x00"),
        ("response", "https://news.example/moved", "301 Moved", HTML, b"<a href=/b>moved</a>"),
        ("response", "https://news.example/c", "200 OK", HTML, bench_page(BENCH_IDS[1])),
        ("response", "https://news.example/ru", "200 OK", "text/html; charset=koi8-r",
         KOI8.encode("koi8-r")),
        ("response", "https://news.example/x", "200 OK", "application/xhtml+xml",
         story("Served as XHTML")),
        ("response", "https://news.example/z", "200 OK", "text/html",
         gzip.compress(story("Gzipped on the wire")), [("Content-Encoding", "gzip")]),
    ]


MIXED_URLS = ["a", "b", "garbage", "c", "ru", "x", "z"]


def test_one_item_per_html_success_response(tmp_path, validate_record):
    path = write_warc(tmp_path / "mixed.warc.gz", mixed_records())
    items = list(extract_warc(path))
    assert [item.url for item in items] == [f"https://news.example/{u}" for u in MIXED_URLS]
    garbage = items[2]
    assert isinstance(garbage, ErrorRecord)
    assert garbage.stage == "decode" and garbage.type == "DecodeError"
    articles = [item for item in items if isinstance(item, Article)]
    assert len(articles) == 6
    for article in articles:
        validate_record(article.to_dict())
    headlines = {item.url.rsplit("/", 1)[1]: item.headline for item in articles}
    assert headlines["a"] == "Bridge to be rebuilt"
    assert headlines["x"] == "Served as XHTML"
    assert headlines["z"] == "Gzipped on the wire"
    for name, page_id in (("b", BENCH_IDS[0]), ("c", BENCH_IDS[1])):
        assert headlines[name] == extract(bench_page(page_id)).headline


def test_http_charset_is_honoured(tmp_path):
    body = KOI8.encode("koi8-r")
    assert extract(Page(url=None, content=body)).headline != "Привет мир"  # needs the header
    path = write_warc(tmp_path / "ru.warc.gz", [
        ("response", "https://news.example/ru", "200 OK", "text/html; charset=koi8-r", body),
    ])
    (article,) = extract_warc(path)
    assert article.headline == "Привет мир"


def test_pages_carry_warc_metadata(tmp_path):
    path = write_warc(tmp_path / "one.warc.gz", mixed_records()[:2])
    (page,) = iter_pages(path, WarcOptions())
    assert isinstance(page, Page)
    assert page.origin == "warc"
    assert page.url == page.requested_url == "https://news.example/a"
    assert page.status == 200
    assert page.fetched_at == datetime(2024, 3, 1, 12, 30, tzinfo=UTC)
    assert page.content_type == HTML
    assert page.content == story("Bridge to be rebuilt")


def test_slow_page_becomes_an_error_and_the_file_goes_on(tmp_path):
    path = write_warc(tmp_path / "slow.warc.gz", [
        ("response", "https://news.example/slow", "200 OK", HTML, SLOW.encode()),
        ("response", "https://news.example/next", "200 OK", HTML, story("After the slow one")),
    ])
    slow, after = extract_warc(path, options=WarcOptions(time_limit=0.25))
    assert isinstance(slow, ErrorRecord)
    assert (slow.url, slow.stage, slow.type) == ("https://news.example/slow", "extract",
                                                 "TimeLimitExceeded")
    assert isinstance(after, Article) and after.headline == "After the slow one"


def test_oversized_body_becomes_an_error(tmp_path):
    path = write_warc(tmp_path / "big.warc.gz", [
        ("response", "https://news.example/big", "200 OK", HTML, story("Big") * 50),
        ("response", "https://news.example/small", "200 OK", HTML, story("Small")),
    ])
    big, small = extract_warc(path, options=WarcOptions(max_record_bytes=10_000))
    assert isinstance(big, ErrorRecord) and big.type == "TooLarge" and big.stage == "read"
    assert big.status == 200
    assert isinstance(small, Article) and small.headline == "Small"


def test_truncated_archive_keeps_what_was_read(tmp_path):
    whole = write_warc(tmp_path / "whole.warc.gz", mixed_records())
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    items = list(extract_warc(cut))
    assert 1 <= len(items) < len(MIXED_URLS)
    *kept, last = items
    assert [item.url for item in kept] == [f"https://news.example/{u}" for u in
                                           MIXED_URLS[: len(kept)]]
    assert isinstance(last, ErrorRecord)
    assert (last.url, last.stage) == (str(cut), "read")


def test_plain_warc_cut_inside_a_record_reports_it(tmp_path):
    """Uncompressed: no gzip member to break off, so the record's stated length tells."""
    whole = write_warc(tmp_path / "whole.warc", mixed_records(), compress=False)
    offsets = record_offsets(whole)
    b_start, b_end = offsets[5], offsets[6]  # warcinfo, request, a, gone, logo, *b*
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole.read_bytes()[: b_start + (b_end - b_start) * 6 // 10])
    items = list(extract_warc(cut))
    assert [item.url for item in items] == ["https://news.example/a", "https://news.example/b",
                                            str(cut)]
    assert isinstance(items[0], Article)
    assert isinstance(items[1], ErrorRecord) and items[1].stage == "read"
    assert "breaks off" in items[1].message and "missing" in items[1].message
    assert isinstance(items[2], ErrorRecord) and "breaks off" in items[2].message


def test_a_content_length_past_the_end_is_an_error_and_the_rest_is_read(tmp_path):
    """Uncompressed: the record claiming 10^12 bytes is an error line; the records it would
    swallow are read from the next record header on."""
    records = [("response", f"https://news.example/{i}", "200 OK", HTML, story(f"Story {i}"))
               for i in range(4)]
    path = write_warc(tmp_path / "lying.warc", records, compress=False)
    path.write_bytes(lying_content_length(path.read_bytes(), b"https://news.example/1"))
    items = list(extract_warc(path))
    assert [item.url for item in items] == [f"https://news.example/{i}" for i in range(4)]
    assert isinstance(items[1], ErrorRecord) and items[1].stage == "read"
    assert "1000000000000" in items[1].message
    assert [item.headline for item in items if isinstance(item, Article)] == [
        "Story 0", "Story 2", "Story 3"]
    # cut inside the records after it: the file breaks off, as a cut file does
    path.write_bytes(path.read_bytes()[:-200])
    *_, last = extract_warc(path)
    assert isinstance(last, ErrorRecord) and last.url == str(path) and last.stage == "read"


def lying_content_length(data: bytes, url: bytes) -> bytes:
    """`data` (an uncompressed WARC) with the record of `url` claiming 10^12 bytes."""
    start = data.rindex(b"WARC/1.", 0, data.index(b"WARC-Target-URI: " + url))
    old = data.index(b"Content-Length: ", start, data.index(b"\r\n\r\n", start))
    return data[:old] + b"Content-Length: 1000000000000" + data[data.index(b"\r\n", old):]


def test_a_wrong_length_in_a_gzip_member_costs_that_record_only(tmp_path):
    records = [("response", f"https://news.example/{i}", "200 OK", HTML, story(f"Story {i}"))
               for i in range(4)]
    plain = write_warc(tmp_path / "plain.warc", records, compress=False).read_bytes()
    lying = lying_content_length(plain, b"https://news.example/1")
    starts = [m.start() for m in re.finditer(rb"WARC/1\.[01]\r\n", lying)]
    members = [gzip.compress(lying[a:b]) for a, b in itertools.pairwise([*starts, None])]
    path = tmp_path / "members.warc.gz"
    path.write_bytes(b"".join(members))
    items = list(extract_warc(path))
    assert [item.url for item in items] == [f"https://news.example/{i}" for i in range(4)]
    assert isinstance(items[1], ErrorRecord) and "1000000000000" in items[1].message
    assert [item.headline for item in items if isinstance(item, Article)] == [
        "Story 0", "Story 2", "Story 3"]


def test_single_stream_warc_gz_is_read_whole(tmp_path):
    records = [("response", f"https://news.example/{i}", "200 OK", HTML, story(f"Story {i}"))
               for i in range(5)]
    plain = write_warc(tmp_path / "plain.warc", records, compress=False)
    one_stream = tmp_path / "one-stream.warc.gz"
    one_stream.write_bytes(gzip.compress(plain.read_bytes()))
    items = list(extract_warc(one_stream))
    assert [getattr(item, "headline", None) for item in items] == [f"Story {i}" for i in range(5)]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(one_stream.read_bytes()[: len(one_stream.read_bytes()) * 7 // 10])
    *kept, last = extract_warc(cut)
    assert all(isinstance(item, Article) for item in kept) and len(kept) < 5
    assert isinstance(last, ErrorRecord) and last.url == str(cut)


def test_not_an_archive_and_missing_file(tmp_path):
    text = tmp_path / "notes.warc"
    text.write_text("just some text, not an archive\n" * 20)
    (item,) = extract_warc(text)
    assert isinstance(item, ErrorRecord) and item.stage == "read"
    with pytest.raises(InputError):
        next(iter(extract_warc(tmp_path / "missing.warc.gz")))


# --- spans: workers read byte ranges of one file ----------------------------------------


def record_offsets(path: Path) -> list[int]:
    """Where each record of a WARC file starts, as warcio reads it."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        return [records.get_record_offset() for _ in records]


def span_urls(path: Path, spans: list[Span]) -> list[str | None]:
    return [item.url for span in spans for item in iter_pages(path, WarcOptions(), span)]


@pytest.mark.parametrize("span_bytes", [1, 2000, 20_000, 10**9])
def test_spans_start_at_records_and_read_every_record_once(tmp_path, span_bytes):
    path = write_warc(tmp_path / "mixed.warc.gz", mixed_records() * 3)
    spans = split_archive(path, span_bytes)
    assert spans[0].start == 0 and spans[-1].end is None
    assert all(a.end == b.start for a, b in itertools.pairwise(spans))
    assert {span.start for span in spans} <= set(record_offsets(path))
    if span_bytes == 1:  # a cut before every record
        assert [span.start for span in spans] == record_offsets(path)
    if span_bytes == 10**9:
        assert spans == [WHOLE]
    assert span_urls(path, spans) == [f"https://news.example/{u}" for u in MIXED_URLS * 3]


def test_archives_that_cannot_be_cut_are_one_span(tmp_path):
    plain = tmp_path / "plain.warc"
    with open(plain, "wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        for i in range(5):
            writer.write_record(writer.create_warc_record(
                f"https://news.example/{i}", "response", payload=io.BytesIO(story(f"S{i}")),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", HTML)],
                                              protocol="HTTP/1.1")))
    one_stream = tmp_path / "one-stream.warc.gz"
    one_stream.write_bytes(gzip.compress(plain.read_bytes()))
    text = tmp_path / "notes.gz"
    text.write_bytes(gzip.compress(b"not an archive\n" * 1000) * 3)
    for path in (plain, one_stream, text):
        assert split_archive(path, 1) == [WHOLE], path.name
    with pytest.raises(OSError):
        split_archive(tmp_path / "missing.warc.gz", 1)


def warc_in_warc(path: Path) -> Path:
    """A WARC file one of whose responses is itself a .warc.gz, stored without compression:
    the inner file's gzip member shows literally and passes for a record start."""
    def member(kind: str, url: str, body: bytes, ctype: str, level: int) -> bytes:
        raw = io.BytesIO()
        writer = WARCWriter(raw, gzip=False)
        writer.write_record(writer.create_warc_record(
            url, kind, payload=io.BytesIO(body),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", ctype)],
                                          protocol="HTTP/1.1")))
        return gzip.compress(raw.getvalue(), compresslevel=level)

    inner = member("response", "https://inner.example/", story("Inner"), HTML, 6)
    parts = [member("response", f"https://news.example/{i}", story(f"Story {i}"), HTML, 6)
             for i in range(3)]
    parts.append(member("response", "https://data.example/crawl.warc.gz", inner * 4,
                        "application/warc", 0))
    parts += [member("response", f"https://news.example/{i}", story(f"Story {i}"), HTML, 6)
              for i in range(3, 6)]
    path.write_bytes(b"".join(parts))
    return path


def test_a_cut_inside_a_record_is_noticed_and_the_file_read_whole(tmp_path, monkeypatch):
    path = warc_in_warc(tmp_path / "nested.warc.gz")
    monkeypatch.setattr(warc_local, "_MIN_SPAN_BYTES", 1)
    out = tmp_path / "out"
    out.mkdir()
    jobs, _ = plan_jobs([path], out, "jsonl", force=False)
    spans = split_archive(path, warc_local._span_bytes(jobs, 2))
    assert not {span.start for span in spans} <= set(record_offsets(path))  # fooled
    progress = Progress(1)
    assert run_local(jobs, fmt="jsonl", workers=2, options=WarcOptions(),
                     progress=progress) == []
    expected = [item.to_dict() for item in extract_warc(path)]
    assert [r["url"] for r in expected] == [f"https://news.example/{i}" for i in range(6)]
    assert read_jsonl(out / "nested.jsonl") == expected
    assert (progress.records, progress.files_done) == (6, 1)


def test_one_file_is_shared_out_in_spans(tmp_path, monkeypatch):
    monkeypatch.setattr(warc_local, "_MIN_SPAN_BYTES", 1)
    path = write_warc(tmp_path / "big.warc.gz", mixed_records() * 4)
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    out = tmp_path / "out"
    out.mkdir()
    jobs, _ = plan_jobs([path, cut], out, "jsonl", force=False)
    log = io.StringIO()
    failed = run_local(jobs, fmt="jsonl", workers=2, options=WarcOptions(),
                       progress=Progress(2), log=log)
    assert [job.source for job in failed] == [cut]
    assert read_jsonl(out / "big.jsonl") == [item.to_dict() for item in extract_warc(path)]
    # The span that breaks off is the last: what came before it is kept, then one error.
    assert read_jsonl(out / "cut.jsonl") == [item.to_dict() for item in extract_warc(cut)]
    assert "cut.warc.gz: the archive breaks off" in log.getvalue()


# --- the command line, local engine ---------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_cli_local_outputs_resume_and_force(tmp_path, capsys, validate_record):
    one = write_warc(tmp_path / "CC-NEWS-1.warc.gz", mixed_records())
    two = write_warc(tmp_path / "CC-NEWS-2.warc.gz", [
        ("response", "https://news.example/slow", "200 OK", HTML, SLOW.encode()),
        *[("response", f"https://news.example/s{i}", "200 OK", HTML, story(f"Story {i}"))
          for i in range(40)],
    ])
    empty = write_warc(tmp_path / "empty.warc.gz", [
        ("response", "https://news.example/img", "200 OK", "image/jpeg", b"\xff\xd8\xff"),
    ])
    out = tmp_path / "news"
    args = ["warc", str(one), str(two), str(empty), "--out", str(out), "--workers", "2",
            "--time-limit", "0.25"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "3/3 files" in err and "errors" in err
    assert sorted(p.name for p in out.iterdir()) == ["CC-NEWS-1.jsonl", "CC-NEWS-2.jsonl",
                                                     "empty.jsonl"]
    first = read_jsonl(out / "CC-NEWS-1.jsonl")
    assert [r["url"] for r in first] == [f"https://news.example/{u}" for u in MIXED_URLS]
    assert first[2]["error"]["type"] == "DecodeError"
    second = read_jsonl(out / "CC-NEWS-2.jsonl")
    for record in first + second:  # error records too: one schema for every line
        validate_record(record)
    assert second[0]["error"]["type"] == "TimeLimitExceeded"  # inside a worker process
    assert [r["headline"] for r in second[1:]] == [f"Story {i}" for i in range(40)]
    assert (out / "empty.jsonl").read_text() == ""

    # A rerun skips finished files; an unfinished one (a partial left by a crash) is redone.
    (out / "CC-NEWS-2.jsonl").unlink()
    (out / ".CC-NEWS-2.jsonl.partial").write_text('{"half a line')
    (out / "CC-NEWS-1.jsonl").write_text("kept\n")
    assert main(args) == 0
    assert (out / "CC-NEWS-1.jsonl").read_text() == "kept\n"
    assert read_jsonl(out / "CC-NEWS-2.jsonl") == second
    assert not list(out.glob(".*"))
    assert main([*args, "--force"]) == 0
    assert read_jsonl(out / "CC-NEWS-1.jsonl") == first


def test_cli_bad_files_and_exit_codes(tmp_path, capsys):
    good = write_warc(tmp_path / "good.warc.gz", mixed_records()[:2])
    data = write_warc(tmp_path / "whole.warc.gz", mixed_records()).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    out = tmp_path / "out"
    missing = tmp_path / "missing.warc.gz"
    assert main(["warc", str(good), str(cut), str(missing), "--out", str(out),
                 "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "missing.warc.gz: cannot read" in err and "cut.warc.gz: the archive breaks off" in err
    assert read_jsonl(out / "cut.jsonl")[-1]["error"]["stage"] == "read"
    assert not (out / "missing.jsonl").exists()
    assert main(["warc", str(missing), "--out", str(out)]) == 3
    # Two inputs that would write the same output file, and a bad --workers: usage errors.
    other = tmp_path / "sub"
    other.mkdir()
    shutil.copy(good, other / "good.warc.gz")
    assert main(["warc", str(good), str(other / "good.warc.gz"), "--out", str(out)]) == 2
    assert main(["warc", str(good), "--out", str(out), "--workers", "0"]) == 2
    assert main(["warc", str(good)]) == 2


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_rerun_redoes_a_file_that_could_not_be_read_to_its_end(tmp_path, capsys, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    whole = write_warc(tmp_path / "whole.warc.gz", mixed_records()).read_bytes()
    path = tmp_path / "CC-NEWS-9.warc.gz"
    path.write_bytes(whole[: len(whole) * 6 // 10])  # a download cut short
    out = tmp_path / "out"
    args = ["warc", str(path), "--out", str(out), "--workers", "1", "--format", fmt]
    assert main(args) == 3  # the only file could not be read to its end
    path.write_bytes(whole)  # downloaded again
    assert main(args) == 0
    assert "already done" not in capsys.readouterr().err
    _, done = plan_jobs([path], out, fmt, force=False)
    assert done  # now complete: the next run skips it
    if fmt == "jsonl":
        records = read_jsonl(out / "CC-NEWS-9.jsonl")
        assert [r["url"] for r in records] == [f"https://news.example/{u}" for u in MIXED_URLS]


def test_plain_and_gzipped_archives_of_one_name_get_their_own_outputs(tmp_path):
    records = mixed_records()[:2]
    gz = write_warc(tmp_path / "x.warc.gz", records)
    plain = write_warc(tmp_path / "x.warc", records, compress=False)
    out = tmp_path / "out"
    assert main(["warc", str(gz), "--out", str(out), "--workers", "1"]) == 0
    assert main(["warc", str(plain), "--out", str(out), "--workers", "1"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["x.jsonl", "x.warc.jsonl"]
    assert read_jsonl(out / "x.jsonl") == read_jsonl(out / "x.warc.jsonl")


def test_cli_parquet(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = write_warc(tmp_path / "mixed.warc.gz", mixed_records())
    out = tmp_path / "out"
    assert main(["warc", str(path), "--out", str(out), "--format", "parquet",
                 "--workers", "1"]) == 0
    rows = pq.read_table(out / "mixed.parquet").to_pylist()
    assert [r["url"] for r in rows] == [f"https://news.example/{u}" for u in MIXED_URLS]
    assert rows[0]["headline"] == "Bridge to be rebuilt" and rows[0]["error"] is None
    assert rows[2]["error"]["type"] == "DecodeError" and rows[2]["headline"] is None
    assert rows[0]["authors"] == [] and rows[0]["extractor"]["name"] == "cleannews"


# --- Ray ----------------------------------------------------------------------------


@pytest.fixture
def local_ray(monkeypatch):
    """A local Ray: 2 CPUs, no dashboard, on 127.0.0.1, its temp folder short (unix
    sockets live there and their paths are limited to about 100 bytes)."""
    ray = pytest.importorskip("ray")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(  # Ray's workers import these
        [str(REPO / "src"), str(REPO / "tests"), str(Path(__file__).parent),
         *filter(None, [os.environ.get("PYTHONPATH")])]))
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    temp = tempfile.mkdtemp(prefix="cnray-", dir="/tmp")
    ray.init(num_cpus=2, include_dashboard=False, _temp_dir=temp,
             _node_ip_address="127.0.0.1", logging_level="warning")
    try:
        yield ray
    finally:
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)


def test_ray_engine_matches_local(tmp_path, local_ray, capsys, validate_record):
    pq = pytest.importorskip("pyarrow.parquet")
    from cleannews.warc.raydata import run_ray

    one = write_warc(tmp_path / "one.warc.gz", mixed_records())
    two = write_warc(tmp_path / "two.warc.gz", [
        ("response", "https://news.example/slow", "200 OK", HTML, SLOW.encode()),
        ("response", "https://news.example/after", "200 OK", HTML, story("After")),
    ])
    empty = write_warc(tmp_path / "empty.warc.gz", [])
    local, ray_out = tmp_path / "local", tmp_path / "ray"
    inputs = [str(one), str(two), str(empty)]
    assert main(["warc", *inputs, "--out", str(local), "--time-limit", "0.25"]) == 0
    assert main(["warc", *inputs, str(tmp_path / "missing.warc.gz"), "--out", str(ray_out),
                 "--engine", "ray", "--time-limit", "0.25"]) == 1
    assert "missing.warc.gz: cannot read" in capsys.readouterr().err
    assert sorted(p.name for p in ray_out.iterdir()) == ["empty.jsonl", "one.jsonl", "two.jsonl"]
    for name in ("one.jsonl", "two.jsonl"):  # the same lines, byte for byte
        assert (ray_out / name).read_bytes() == (local / name).read_bytes()
    for row in read_jsonl(ray_out / "one.jsonl"):
        if "error" not in row:
            validate_record(row)
    assert read_jsonl(ray_out / "two.jsonl")[0]["error"]["type"] == "TimeLimitExceeded"
    assert (ray_out / "empty.jsonl").read_text() == ""
    # Done files are skipped on a rerun; parquet through Ray Data's writer.
    assert main(["warc", str(one), "--out", str(ray_out), "--engine", "ray"]) == 0
    assert main(["warc", str(one), "--out", str(ray_out), "--engine", "ray",
                 "--format", "parquet"]) == 0
    rows = pq.read_table(ray_out / "one.parquet").to_pylist()
    assert [r["url"] for r in rows] == [r["url"] for r in read_jsonl(local / "one.jsonl")]
    assert not list(ray_out.glob(".*"))

    # A page that kills its worker fails its file after Ray's retries; the others go on.
    crash = write_warc(tmp_path / "crash.warc.gz", [
        ("response", "https://news.example/boom", "200 OK", HTML, b"<p>CRASH-HERE</p>")])
    crash_out = tmp_path / "crash-out"
    crash_out.mkdir()
    jobs, _ = plan_jobs([two, crash], crash_out, "jsonl", force=False)
    failed = run_ray(jobs, fmt="jsonl", progress=Progress(2),
                     options=WarcOptions(extractor=crash_on_marker))
    assert [job.source for job in failed] == [crash]
    assert [p.name for p in crash_out.iterdir()] == ["two.jsonl"]


def crash_on_marker(page: Page, options=None) -> Article:
    """An extractor whose process dies on one page, as a crash in C code would."""
    if b"CRASH-HERE" in page.content:
        os._exit(70)
    return extract(page, options=options)


@pytest.mark.parametrize("files", [1, 3], ids=["one-file", "three-files"])
def test_a_dying_worker_costs_one_error_line(tmp_path, monkeypatch, files):
    monkeypatch.setattr(warc_local, "_MIN_SPAN_BYTES", 1)  # files cut in several spans
    records = [("response", f"https://news.example/{i}", "200 OK", HTML, story(f"Story {i}"))
               for i in range(24)]
    crashing = list(records)
    crashing[12] = ("response", "https://news.example/12", "200 OK", HTML, b"<p>CRASH-HERE</p>")
    paths = [write_warc(tmp_path / "crash.warc.gz", crashing)]
    paths += [write_warc(tmp_path / f"fine{n}.warc.gz", records) for n in range(1, files)]
    out = tmp_path / "out"
    out.mkdir()
    jobs, _ = plan_jobs(paths, out, "jsonl", force=False)
    failed = run_local(jobs, fmt="jsonl", workers=2, progress=Progress(files),
                       options=WarcOptions(extractor=crash_on_marker))
    assert failed == []
    rows = read_jsonl(out / "crash.jsonl")
    assert [r["url"] for r in rows] == [f"https://news.example/{i}" for i in range(24)]
    assert rows[12]["error"]["type"] == "WorkerCrashed"
    assert [r.get("headline") for r in rows[:12] + rows[13:]] == [
        f"Story {i}" for i in range(24) if i != 12]
    for n in range(1, files):  # files beside the crash come out whole
        fine = read_jsonl(out / f"fine{n}.jsonl")
        assert [r["headline"] for r in fine] == [f"Story {i}" for i in range(24)]
    assert not list(out.glob(".*"))  # no partial file left behind


def index_error_on_marker(page: Page, options=None) -> Article:
    """An extractor with a bug met on one page."""
    if b"CRASH-HERE" in page.content:
        raise IndexError("list index out of range")
    return extract(page, options=options)


def test_a_crash_in_extraction_is_one_extract_error(tmp_path):
    path = write_warc(tmp_path / "bug.warc.gz", [
        ("response", "https://news.example/bug", "200 OK", HTML, b"<p>CRASH-HERE</p>"),
        ("response", "https://news.example/next", "200 OK", HTML, story("After the bug")),
    ])
    bug, after = extract_warc(path, options=WarcOptions(extractor=index_error_on_marker))
    assert isinstance(bug, ErrorRecord)
    assert (bug.url, bug.stage, bug.type) == ("https://news.example/bug", "extract",
                                              "ExtractError")
    assert "IndexError" in bug.message
    assert isinstance(after, Article) and after.headline == "After the bug"


def test_the_inputs_that_broke_extraction_give_one_record_each(tmp_path):
    from fuzzing import FOUND

    pages = [p.encode() if isinstance(p, str) else p for p in FOUND]
    path = write_warc(tmp_path / "hostile.warc.gz", [
        ("response", f"https://news.example/{n}", "200 OK", HTML, page)
        for n, page in enumerate(pages)
    ])
    records = list(extract_warc(path, options=WarcOptions(time_limit=20.0)))
    assert [r.url for r in records] == [f"https://news.example/{n}" for n in range(len(pages))]
    errors = [r for r in records if isinstance(r, ErrorRecord)]
    assert all(r.type == "DecodeError" for r in errors)  # only binary input fails
