"""The command line's shape: each verb loads only its own stack, one exit-status table."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

import pytest

from cleannews.cli.main import build_parser, main
from cleannews.config import WarcOptions

HEAVY = ("httpx", "feedparser", "sqlite3", "warcio", "protego", "ray")
PAGE = ("<html><body><article><h1>Headline here</h1>"
        + "<p>Some sentence of the article body text. </p>" * 10 + "</article></body></html>")


def test_extract_loads_no_fetch_collect_or_warc_stack(tmp_path):
    page = tmp_path / "a.html"
    page.write_text(PAGE)
    code = (
        "import io, contextlib, json, sys\n"
        "from cleannews.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    status = main(['extract', {str(page)!r}])\n"
        f"print(json.dumps([status, [m for m in {HEAVY!r} if m in sys.modules], "
        "out.getvalue()]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    status, loaded, records = json.loads(done.stdout)
    assert status == 0 and json.loads(records)["headline"] == "Headline here"
    assert loaded == []


@pytest.mark.parametrize("verb", ["extract", "scrape"])
def test_help_of_verbs_that_never_lock_leaves_out_75(verb, capsys):
    assert main([verb, "--help"]) == 0
    out = capsys.readouterr().out
    assert "exit status:" in out and "\n  3 " in out
    assert "75" not in out


def test_exit_table_once_in_top_help_and_collect_says_75(capsys):
    assert main(["--help"]) == 0
    top = capsys.readouterr().out
    assert top.count("exit status:") == 1 and "75  (collect)" in top
    assert main(["collect", "--help"]) == 0
    assert "75  another collect run" in capsys.readouterr().out


def test_warc_flag_defaults_come_from_warc_options(monkeypatch):
    @dataclass(frozen=True)
    class Other(WarcOptions):
        max_record_bytes: int = 1234
        time_limit: float | None = 7.5

    monkeypatch.setattr("cleannews.cli.warc.WarcOptions", Other)
    args = build_parser().parse_args(["warc", "x.warc.gz", "--out", "o"])
    assert (args.max_record_bytes, args.time_limit) == (1234, 7.5)


def test_every_logger_hangs_under_the_package_root():
    import importlib

    for name in ("cleannews.scraping", "cleannews.net.fetcher", "cleannews.net.robots",
                 "cleannews.collect.run", "cleannews.cli.scrape", "cleannews.cli.warc"):
        module = importlib.import_module(name)
        assert module.log.name == name


def test_json_lines_writer_has_no_durable_switch():
    import inspect

    from cleannews.jsonl import JsonLinesWriter

    assert list(inspect.signature(JsonLinesWriter).parameters) == ["stream"]


def test_bad_number_names_the_flag_and_the_value(capsys):
    assert main(["scrape", "--timeout", "abc", "https://example.com/"]) == 2
    err = capsys.readouterr().err
    assert "--timeout" in err and "'abc'" in err and "_timeout" not in err


def test_the_cli_starts_where_fcntl_does_not_exist(tmp_path):
    page = tmp_path / "a.html"
    page.write_text(PAGE)
    code = (
        "import sys\n"
        "sys.modules['fcntl'] = None  # as on Windows: importing it fails\n"
        "from cleannews.cli import main\n"
        f"sys.exit(main(['extract', {str(page)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["headline"] == "Headline here"
