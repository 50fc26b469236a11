"""`cleannews scrape`: one line per input URL, exit status, flags, stdout/stderr split."""

from __future__ import annotations

import json

import pytest

from cleannews.cli.main import EXIT_ALL_FAILED, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, main

ARTICLE = (b"<html><head><title>Flood</title></head><body><article><h1>River floods town</h1>"
           + b"<p>The river rose overnight and flooded the old town, officials said. </p>" * 5
           + b"</article></body></html>")
FAST = ["--allow-private", "--retries", "0", "--timeout", "5"]


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_every_url_gives_one_line(http_server, capsys, validate_record):
    http_server.route("/a", body=ARTICLE)
    http_server.route("/pdf", body=b"%PDF-1.4", content_type="application/pdf")
    urls = [http_server.url("/a"), http_server.url("/missing"), http_server.url("/pdf")]
    assert main(["scrape", *FAST, *urls]) == EXIT_SOME_FAILED
    out, err = capsys.readouterr()
    records = {r["url"]: r for r in lines(out)}
    assert set(records) == set(urls)
    validate_record(records[urls[0]])
    assert records[urls[0]]["headline"] == "River floods town"
    assert records[urls[1]]["error"] == {"stage": "fetch", "type": "HTTPStatusError",
                                         "message": "HTTP 404", "status": 404}
    assert records[urls[2]]["error"]["type"] == "NotHTML"
    assert "skipped" in records[urls[2]]["error"]["message"]
    assert urls[1] in err and "{" not in err  # failures told on stderr, records on stdout


def test_input_file_output_file_and_exit_ok(http_server, tmp_path, capsys):
    http_server.route("/a", body=ARTICLE)
    http_server.route("/b", body=ARTICLE)
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# my list\n{http_server.url('/a')}\n\n  {http_server.url('/b')}  \n")
    out_file = tmp_path / "out.jsonl"
    status = main(["scrape", *FAST, "-i", str(listing), "-o", str(out_file), "--concurrency", "2"])
    assert status == EXIT_OK
    records = lines(out_file.read_text(encoding="utf-8"))
    assert sorted(r["url"] for r in records) == [http_server.url("/a"), http_server.url("/b")]
    assert capsys.readouterr().out == ""


def test_all_failed_exit_3_and_private_refused_by_default(http_server, capsys):
    http_server.route("/a", body=ARTICLE)
    assert main(["scrape", http_server.url("/a")]) == EXIT_ALL_FAILED
    (record,) = lines(capsys.readouterr().out)
    assert record["error"]["type"] == "BlockedAddress"
    assert http_server.hits == {}


def test_bad_lines_in_input_are_error_records(tmp_path, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_text("not a url\nftp://example.com/x\n")
    assert main(["scrape", "-i", str(listing)]) == EXIT_ALL_FAILED
    records = lines(capsys.readouterr().out)
    assert [r["error"]["type"] for r in records] == ["UnsupportedURL", "UnsupportedURL"]


def test_robots_flag(http_server, capsys):
    http_server.route("/robots.txt", body=b"User-agent: *\nDisallow: /\n",
                      content_type="text/plain")
    http_server.route("/a", body=ARTICLE)
    assert main(["scrape", *FAST, http_server.url("/a")]) == EXIT_ALL_FAILED
    (record,) = lines(capsys.readouterr().out)
    assert record["error"]["stage"] == "robots"
    assert record["error"]["message"] == "skipped: robots"
    assert main(["scrape", *FAST, "--no-robots", http_server.url("/a")]) == EXIT_OK


def test_user_agent_and_max_bytes_flags(http_server, capsys):
    http_server.route("/a", body=ARTICLE)
    assert main(["scrape", *FAST, "--user-agent", "TestBot/9", "--max-bytes", "100",
                 http_server.url("/a")]) == EXIT_ALL_FAILED
    (record,) = lines(capsys.readouterr().out)
    assert record["error"]["type"] == "TooLarge"
    assert http_server.requests[-1][1]["User-Agent"] == "TestBot/9"


@pytest.mark.parametrize(
    "argv",
    [["scrape"], ["scrape", "--concurrency", "0", "http://a.example/"],
     ["scrape", "--timeout", "-1", "http://a.example/"],
     ["scrape", "--timeout", "0", "http://a.example/"],
     ["scrape", "--retries", "-2", "http://a.example/"],
     ["scrape", "--per-host-delay", "nan", "http://a.example/"],
     ["scrape", "-i", "/no/such/file"]],
)
def test_usage_errors(argv, capsys):
    assert main(argv) == EXIT_USAGE
    assert capsys.readouterr().out == ""


def test_help_documents_exit_status(capsys):
    assert main(["scrape", "--help"]) == 0
    text = capsys.readouterr().out
    assert "exit status" in text and "--allow-private" in text and "--no-robots" in text
