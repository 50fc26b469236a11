"""`cleannews scrape`: one line per input URL, exit status, flags, stdout/stderr split."""

from __future__ import annotations

import json
import time

import pytest

from cleannews.cli.common import fetch_options
from cleannews.cli.main import (
    EXIT_ALL_FAILED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    build_parser,
    main,
)
from clirun import ctrl_c, run_cli, wait_for_a_record

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
    assert record["error"]["message"] == (
        f"skipped: robots: {http_server.url('/robots.txt')} disallows it for 'cleannews' "
        "(User-agent: *; Disallow: /)")
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


def test_records_carry_the_requested_url_after_redirects(http_server, capsys, validate_record):
    http_server.route("/old", status=301, headers={"Location": "/a"})
    http_server.route("/a", body=ARTICLE)
    http_server.route("/gone", status=302, headers={"Location": "/missing"})
    old, gone = http_server.url("/old"), http_server.url("/gone")
    assert main(["scrape", *FAST, old, gone]) == EXIT_SOME_FAILED
    records = {r["requested_url"]: validate_record(r) for r in lines(capsys.readouterr().out)}
    assert set(records) == {old, gone}
    assert records[old]["url"] == http_server.url("/a")  # the page's own address
    assert records[gone]["url"] == gone and records[gone]["error"]["status"] == 404


def test_verbose_after_the_verb_shows_a_line_per_page(http_server, capsys):
    http_server.route("/a", body=ARTICLE)
    assert main(["scrape", *FAST, http_server.url("/a"), "-v"]) == EXIT_OK
    err = capsys.readouterr().err
    assert f"fetched {http_server.url('/a')}: 200, {len(ARTICLE)} bytes in " in err
    assert main(["scrape", *FAST, http_server.url("/a")]) == EXIT_OK
    assert capsys.readouterr().err == ""


def test_unwritable_output_fails_before_any_fetch(http_server, capsys):
    http_server.route("/a", body=ARTICLE)
    assert main(["scrape", *FAST, http_server.url("/a"), "-o", "/no/such/dir/o.jsonl"]) == 2
    assert capsys.readouterr().err.count("\n") == 1 and http_server.hits == {}


@pytest.mark.parametrize("workers", ["0", "1"])
def test_ctrl_c_is_one_line_status_130_and_whole_output(http_server, tmp_path, workers):
    http_server.route("/a", body=ARTICLE)
    http_server.route("/slow", lambda req: time.sleep(30))
    out = tmp_path / "out.jsonl"
    proc = run_cli("scrape", *FAST, "--timeout", "60", "--workers", workers,
                   http_server.url("/a"), http_server.url("/slow"), "-o", str(out))
    wait_for_a_record(out, proc)
    ctrl_c(proc)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode().splitlines() == ["cleannews: interrupted"]
    assert [r["headline"] for r in lines(out.read_text())] == ["River floods town"]
def test_deadline_flag_ends_a_stalling_url(http_server, capsys):
    def stall(req):
        time.sleep(2.5)
        http_server.send(req, 200, ARTICLE)

    http_server.route("/slow", stall)
    argv = ["scrape", "--allow-private", "--no-robots", "--retries", "5", "--timeout", "5",
            "--deadline", "1", http_server.url("/slow")]
    assert main(argv) == EXIT_ALL_FAILED
    (record,) = lines(capsys.readouterr().out)
    assert "deadline of 1s" in record["error"]["message"]


def test_collect_takes_the_deadline_flag_too():
    args = build_parser().parse_args(["collect", "sites.toml", "--out", "o", "--state", "s",
                                      "--deadline", "7"])
    assert fetch_options(args).deadline == 7.0
    assert fetch_options(build_parser().parse_args(["scrape", "u"])).deadline == 60.0
