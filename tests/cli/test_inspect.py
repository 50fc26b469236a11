"""`cleannews inspect`: a saved page or a fetched URL to a report (HTML or JSON), and
`--rules` on the verbs that extract."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import cleannews
from cleannews.cli.main import EXIT_ALL_FAILED, EXIT_OK, EXIT_USAGE, main

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "afp-iran-twitter" / "source.html"
ARTICLE = (b"<html><head><title>Flood | Gazette</title></head><body><nav>Home</nav><article>"
           b"<h1>River floods town</h1><p class='who'>Written up by Ana Lima</p>"
           + b"<p>The river rose overnight and flooded the old town, officials said.</p>" * 5
           + b"</article></body></html>")
FAST = ["--allow-private", "--retries", "0", "--timeout", "5"]


def test_inspect_a_saved_page_writes_the_html_report(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["inspect", str(SAMPLE), "-o", str(out)]) == EXIT_OK
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "You might also like" in page and "v-body" in page
    err = capsys.readouterr().err
    assert f"wrote {out}" in err and "body 17" in err


def test_inspect_json_is_explains_data(tmp_path):
    out = tmp_path / "report.json"
    assert main(["inspect", str(SAMPLE), "--format", "json", "-o", str(out)]) == EXIT_OK
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["article"] == cleannews.extract(SAMPLE.read_bytes()).to_dict()
    assert {b["verdict"] for b in data["blocks"]} >= {"body", "clutter", "dateline", "byline"}
    assert [f["name"] for f in data["fields"]][:3] == ["headline", "byline", "authors"]


def test_inspect_a_url_goes_through_the_fetchers_guards(http_server, tmp_path, capsys):
    http_server.route("/a", body=ARTICLE)
    out = tmp_path / "r.json"
    url = http_server.url("/a")
    assert main(["inspect", url, *FAST, "--format", "json", "-o", str(out)]) == EXIT_OK
    data = json.loads(out.read_text())
    assert data["url"] == url and data["article"]["headline"] == "River floods town"
    # without --allow-private the loopback address is refused, like every fetch
    assert main(["inspect", url, "-o", str(out)]) == EXIT_ALL_FAILED
    assert "non-public address" in capsys.readouterr().err


def test_inspect_warns_about_a_rule_selector_that_matches_nothing(tmp_path, capsys):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nmatch = "example.com"\nbyline = ".nobody"\n')
    out = tmp_path / "r.html"
    code = main(["inspect", str(SAMPLE), "--url", "https://www.example.com/a", "--rules",
                 str(rules), "-o", str(out)])
    assert code == EXIT_OK
    assert "byline: .nobody matched nothing" in capsys.readouterr().err
    assert "byline: .nobody matched nothing" in out.read_text()


def test_extract_with_rules_and_a_bad_rules_file(tmp_path, capsys):
    page = tmp_path / "a.html"
    page.write_bytes(ARTICLE)
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nmatch = "gazette.example"\nbyline = "p.who"\n')
    args = ["extract", str(page), "--url", "https://gazette.example/a"]
    assert main(args) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["authors"] == []
    assert main([*args, "--rules", str(rules)]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["authors"] == ["Ana Lima"]
    rules.write_text('[[rule]]\nmatch = "gazette.example"\n\ndrop = ["p.who", "div >"]\n')
    assert main([*args, "--rules", str(rules)]) == EXIT_USAGE
    assert f"{rules}:4: invalid CSS in drop: 'div >'" in capsys.readouterr().err


def test_scrape_with_rules(http_server, tmp_path, capsys):
    http_server.route("/a", body=ARTICLE)
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nmatch = "127.0.0.1"\nheadline = "title"\n')
    assert main(["scrape", *FAST, "--rules", str(rules), http_server.url("/a")]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["headline"] == "Flood | Gazette"


def test_warc_with_rules(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    archive = tmp_path / "a.warc.gz"
    with open(archive, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://gazette.example/a", "response", payload=io.BytesIO(ARTICLE),
            http_headers=http))
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nmatch = "gazette.example"\nheadline = "title"\n')
    out = tmp_path / "out"
    assert main(["warc", str(archive), "--out", str(out), "--workers", "1", "--rules",
                 str(rules)]) == EXIT_OK
    (result,) = out.glob("*.jsonl*")
    assert json.loads(result.read_text().splitlines()[0])["headline"] == "Flood | Gazette"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_the_sample_report_renders_in_headless_chromium(tmp_path):
    report = tmp_path / "report.html"
    assert main(["inspect", str(SAMPLE), "-o", str(report)]) == EXIT_OK
    browser = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,1600"]
    env = {**os.environ, "HOME": str(tmp_path)}  # chromium writes its caches under HOME
    done = subprocess.run([*browser, "--enable-logging=stderr", "--v=0", "--dump-dom",
                           report.as_uri()], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert ":CONSOLE" not in done.stderr  # the page logged no error (nor anything else)
    dom = done.stdout
    # The browser parsed the whole file and built every block: the story and the dropped
    # "You might also like" heading, each inside its verdict's run.
    assert dom.rstrip().endswith("</html>")
    assert dom.count('class="b v-body') == 17
    related = dom.index("You might also like")
    assert dom.rindex('class="b v-', 0, related) == dom.rindex('class="b v-clutter"', 0, related)
    run = dom[dom.rindex("<details", 0, related):related]
    assert " open" in run.split(">")[0]  # its run is unfolded: the block is on screen
    assert "Twitter said it had delayed plans" in dom
    shot = tmp_path / "shot.png"
    done = subprocess.run([*browser, f"--screenshot={shot}", report.as_uri()],
                          capture_output=True, timeout=120, env=env)
    assert done.returncode == 0 and shot.stat().st_size > 20_000  # a page was painted
