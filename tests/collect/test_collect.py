"""Scheduled collection end to end, against a news site on 127.0.0.1 that changes between runs."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cleannews.cli.main import main
from cleannews.collect.files import RunLock, RunOutput
from cleannews.collect.run import content_hash, parse_duration, parse_since, reconcile
from cleannews.collect.state import State
from cleannews.errors import AlreadyRunning
from cleannews.models import Article
from conftest import REPO
from newssite import HTML, NewsSite, article_html, sites_toml


@pytest.fixture
def site():
    with NewsSite() as news:
        yield news


class Collector:
    """Runs `cleannews collect` in-process and reads what it wrote."""

    def __init__(self, tmp_path, site, capsys):
        self.dir = tmp_path
        self.site = site
        self.capsys = capsys
        self.sites_file = tmp_path / "sites.toml"
        self.sites_file.write_text(sites_toml(site))

    def __call__(self, *extra: str) -> tuple[int, dict]:
        code = main(["collect", str(self.sites_file), "--out", str(self.dir / "data"),
                     "--state", str(self.dir / "state.db"), "--allow-private",
                     "--json-summary", *extra])
        captured = self.capsys.readouterr()
        self.err = captured.err
        return code, json.loads(captured.out) if captured.out.strip() else {}

    def records(self) -> list[dict]:
        out = []
        for path in sorted((self.dir / "data").glob("*.jsonl")):
            text = path.read_text()
            assert not text or text.endswith("\n")
            out += [json.loads(line) for line in text.splitlines()]
        return out

    def headlines(self) -> Counter:
        return Counter(r["headline"] for r in self.records())


@pytest.fixture
def collect(tmp_path, site, capsys):
    return Collector(tmp_path, site, capsys)


def test_three_runs_new_nothing_new_a_few_new(site, collect, validate_record):
    site.publish(*range(1, 6))
    code, first = collect()
    assert code == 0
    assert (first["discovered"], first["new"], first["fetched"], first["failed"]) == (5, 5, 5, 0)
    assert "collect: discovered 5, new 5, fetched 5, failed 0, skipped 0" in collect.err
    for record in collect.records():
        validate_record(record)
        assert record["requested_url"] in {site.url + p for p in site.articles}
    article_hits = {p: site.hits[p] for p in site.articles}

    code, second = collect()
    assert code == 0
    assert (second["new"], second["fetched"], second["output"]) == (0, 0, None)
    assert {p: site.hits[p] for p in site.articles} == article_hits  # nothing fetched again
    assert len(list((collect.dir / "data").iterdir())) == 1  # no empty file for an empty run

    site.publish(6, 7)
    code, third = collect()
    assert code == 0
    assert (third["new"], third["fetched"]) == (2, 2)
    assert collect.headlines() == Counter(f"Headline number {n}" for n in range(1, 8))
    assert len(list((collect.dir / "data").glob("*-run*.jsonl"))) == 2


def test_feeds_and_sitemaps_asked_conditionally(site, collect):
    site.publish(1, 2)
    collect()
    hits_before = dict(site.hits)
    assert sum(site.not_modified.values()) == 0
    collect()
    # Every source was asked again, answered 304, and no article was fetched twice.
    for path in ("/rss.xml", "/sitemap_index.xml", "/news-sitemap.xml.gz"):
        assert site.hits[path] == hits_before[path] + 1
        assert site.not_modified[path] == 1
    assert all(site.hits[p] == 1 for p in site.articles)


def test_last_modified_used_when_there_is_no_etag(site, collect):
    site.etags, site.last_modified = False, True
    site.publish(1)
    collect()
    code, summary = collect()
    assert (code, summary["fetched"]) == (0, 0)
    assert site.not_modified["/rss.xml"] == site.not_modified["/sitemap_index.xml"] == 1
    site.publish(2)
    code, summary = collect()
    assert (code, summary["fetched"]) == (0, 1)


def test_unchanged_source_without_etag_is_not_reparsed(site, collect):
    site.etags = False
    site.publish(1, 2)
    assert collect()[1]["discovered"] == 2
    code, again = collect()
    assert code == 0 and again["discovered"] == 0 and again["fetched"] == 0


def test_sitemap_index_children_read_even_when_the_index_is_unchanged(site, collect):
    site.publish(1)
    collect()
    # Only the gzipped news sitemap changes; the index and the feed stay the same.
    rss = site.routes["/rss.xml"]
    site.publish(2)
    site.routes["/rss.xml"] = rss
    code, summary = collect()
    assert (code, summary["new"], summary["fetched"]) == (0, 1, 1)
    assert collect.headlines()["Headline number 2"] == 1


def test_tracking_parameters_and_moved_articles_not_emitted_twice(site, collect):
    site.publish(1, 2)
    collect()
    # The feed links carry utm_* parameters, the sitemap does not: still one record each.
    assert collect.headlines() == Counter({"Headline number 1": 1, "Headline number 2": 1})
    assert not any("utm_" in record["url"] for record in collect.records())
    site.move("/news/story-1.html", "/world/story-1-renamed.html")
    code, summary = collect()
    assert code == 0
    assert (summary["new"], summary["fetched"], summary["skipped"]) == (1, 0, 1)
    assert collect.headlines()["Headline number 1"] == 1
    with State(collect.dir / "state.db") as state:
        assert state.status(site.url + "/world/story-1-renamed.html") == "duplicate"


def test_include_and_exclude(site, collect):
    collect.sites_file.write_text(sites_toml(site, include='["/news/", "/world/"]',
                                             exclude='["-2\\\\.html$"]'))
    site.publish(1, 2)
    site.publish(3, section="sport")
    site.publish(4, section="world")
    code, summary = collect()
    assert code == 0
    assert set(collect.headlines()) == {"Headline number 1", "Headline number 4"}
    assert summary["skipped"] == 2


def test_broken_sources_reported_and_the_run_goes_on(site, collect):
    site.publish(1, 2)
    site.routes["/rss.xml"] = ("application/rss+xml", b"<html><body>Oops, an error page")
    site.routes["/feed.json"] = ("application/json", b"{broken")
    site.routes["/empty.xml"] = ("application/xml", b"")
    site.routes["/huge.xml"] = ("application/xml", b"<urlset>" + b" " * 300_000)
    feeds = [site.url + p for p in ("/feed.json", "/missing.rss")]
    sitemaps = [site.url + p for p in ("/empty.xml", "/huge.xml")]
    collect.sites_file.write_text(sites_toml(site, feeds=json.dumps(feeds),
                                             sitemaps=json.dumps(sitemaps)))
    code, summary = collect("--max-bytes", "200000")
    assert code == 1  # some sources failed, the articles came through
    assert summary["source_errors"] == 5
    assert summary["fetched"] == 2
    for name in ("/rss.xml", "/feed.json", "/missing.rss", "/empty.xml", "/huge.xml"):
        assert name in collect.err


def test_site_down_means_all_failed(tmp_path, capsys):
    with NewsSite() as gone:
        url = gone.url
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[[site]]\nurl = "{url}/"\n')
    code = main(["collect", str(sites), "--out", str(tmp_path / "data"), "--state",
                 str(tmp_path / "state.db"), "--allow-private", "--retries", "0"])
    assert code == 3
    assert "source errors 1" in capsys.readouterr().err


def test_failed_articles_counted_and_not_retried_when_gone(site, collect):
    site.publish(1, 2, 3)
    del site.routes["/news/story-2.html"]  # listed, but 404
    site.routes["/news/story-3.html"] = ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    code, summary = collect()
    assert code == 1
    assert (summary["fetched"], summary["failed"]) == (1, 2)
    code, summary = collect()
    assert (code, summary["failed"]) == (0, 0)
    assert site.hits["/news/story-2.html"] == 1


def test_all_articles_failing_is_status_3(site, collect):
    site.publish(1)
    site.routes["/news/story-1.html"] = (HTML, b"")
    code, summary = collect()
    assert (code, summary["failed"]) == (3, 1)


def test_transient_failure_retried_next_run(site, collect):
    site.publish(1)
    site.delays["/news/story-1.html"] = 2.0  # times out this run, answers the next
    code, summary = collect("--timeout", "0.5", "--retries", "0")
    assert (code, summary["failed"]) == (3, 1)
    site.delays.clear()
    code, summary = collect()
    assert (code, summary["fetched"]) == (0, 1)


def test_max_items_leaves_the_rest_for_the_next_run(site, collect):
    site.publish(*range(1, 8))
    code, summary = collect("--max-items", "3")
    assert (code, summary["fetched"], summary["pending"]) == (0, 3, 4)
    code, summary = collect("--max-items", "3")
    assert (summary["fetched"], summary["pending"]) == (3, 1)
    code, summary = collect()
    assert (summary["fetched"], summary["pending"]) == (1, 0)
    assert set(collect.headlines().values()) == {1} and len(collect.headlines()) == 7


def test_since_skips_old_entries(site, collect):
    site.publish(1, 2)  # dated 2026-11-25 10:01 and 10:02 by the feed and the sitemap
    code, summary = collect("--since", "2026-11-25T10:01:30Z")
    assert code == 0
    assert set(collect.headlines()) == {"Headline number 2"}
    assert summary["skipped"] == 1
    # Seen again without --since (the sources changed), the old entry is collected after all.
    site.publish(3)
    code, summary = collect()
    assert (code, summary["fetched"]) == (0, 2)
    assert collect.headlines() == Counter(f"Headline number {n}" for n in (1, 2, 3))


def test_time_budget_stops_starting_work(site, collect):
    site.publish(*range(1, 5))
    for path in site.articles:
        site.delays[path] = 1.0
    code, summary = collect("--time-budget", "0.5", "--concurrency", "1")
    assert summary["fetched"] < 4
    assert summary["fetched"] + summary["pending"] <= 4  # the rest was not even listed yet
    site.delays.clear()
    code, summary = collect()
    assert code == 0
    assert len(collect.headlines()) == 4 and set(collect.headlines().values()) == {1}


def test_second_run_while_one_is_active_exits_75(site, collect):
    site.publish(1)
    with RunLock(collect.dir / "state.db"):
        code, summary = collect()
    assert code == 75
    assert summary == {}
    assert "another collect run" in collect.err and "try again later" in collect.err.lower()
    assert site.hits["/news/story-1.html"] == 0


def test_the_lock_is_the_state_file_s_however_it_is_spelled(site, collect, monkeypatch):
    """A symlink to the state and a relative path to it take the same lock."""
    site.publish(1)
    (collect.dir / "state.db").touch()
    (collect.dir / "alias.db").symlink_to(collect.dir / "state.db")
    monkeypatch.chdir(collect.dir / "..")
    relative = Path(collect.dir.name) / "sub" / ".." / "state.db"
    (collect.dir / "sub").mkdir()
    for spelling in (collect.dir / "alias.db", relative):
        with RunLock(spelling):
            with pytest.raises(AlreadyRunning):
                RunLock(collect.dir / "state.db").__enter__()
            code = main(["collect", str(collect.sites_file), "--out", str(collect.dir / "d"),
                         "--state", str(collect.dir / "state.db"), "--allow-private"])
            assert code == 75
    assert site.hits["/news/story-1.html"] == 0


@pytest.mark.parametrize("state", ["empty", "new"])
def test_a_lost_state_beside_earlier_outputs_is_an_error_or_rebuilt(site, collect, state):
    site.publish(*range(1, 5))
    assert collect()[0] == 0
    for path in collect.dir.glob("state.db*"):
        path.unlink()
    if state == "empty":
        (collect.dir / "state.db").touch()
    hits = {p: site.hits[p] for p in site.articles}
    code, summary = collect()
    assert code == 2 and summary == {}
    assert "holds 4 records of earlier runs" in collect.err and "--rebuild-state" in collect.err
    assert {p: site.hits[p] for p in site.articles} == hits  # nothing fetched
    site.publish(5)
    code, summary = collect("--rebuild-state")
    assert (code, summary["new"], summary["fetched"]) == (0, 1, 1)
    assert collect.headlines() == Counter(f"Headline number {n}" for n in range(1, 6))


@pytest.mark.parametrize("args", [
    ["--since", "last tuesday"], ["--time-budget", "soon"], ["--max-items", "-1"],
])
def test_bad_flags_are_usage_errors(collect, args):
    code, _ = collect(*args)
    assert code == 2


def test_bad_sites_file_is_a_usage_error(collect):
    collect.sites_file.write_text("[[site]]\nurl = 'not a url'\n")
    code, _ = collect()
    assert code == 2
    assert "not an http(s) URL" in collect.err


def test_reconcile_settles_a_killed_run(tmp_path):
    """Killed after the write but before 'collected', and killed before the write: the
    first record counts as collected, the second article is fetched again."""
    base = "https://news.example.com/"
    with State(tmp_path / "state.db") as state:
        from cleannews.collect.state import Candidate
        state.add_candidates(base, [Candidate(base + n, base + n, None, True) for n in "abc"])
        run, path = state.begin_run(str(tmp_path / "run{run}.jsonl"))
        state.mark_writing(base + "a", base + "a", "h1", "t", run)
        with RunOutput(path) as output:
            output.write_all([Article(url=base + "a?utm_source=x", headline="A")])
        with open(path, "a") as stream:
            stream.write('{"url": "https://news.exam')  # a torn line
        state.mark_writing(base + "b", base + "b", "h2", "t", run)
        assert reconcile(state) == 1
        assert state.status(base + "a") == "collected"
        assert state.status(base + "b") == "pending"
        assert state.unfinished_runs() == []
    text = Path(path).read_text()
    assert text.count("\n") == 1 and text.endswith("\n")


@pytest.mark.parametrize(("text", "seconds"), [
    ("90", 90), ("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86400), ("1.5h", 5400)])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


def test_parse_since():
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    assert parse_since("36h", now=now) == datetime(2026, 11, 24, tzinfo=UTC)
    assert parse_since("2026-11-20") == datetime(2026, 11, 20, tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_since("-3d", now=now)


def test_article_html_is_extracted_as_an_article():
    from cleannews import extract

    article = extract(article_html(3))
    assert article.headline == "Headline number 3"
    assert "Story 3 sentence 1" in article.body


def test_sigkill_at_any_moment_loses_and_doubles_nothing(tmp_path, site):
    """Kill a real `cleannews collect` process with SIGKILL again and again: during start-up,
    discovery and fetching, and right as a record lands in the output. Run on until a run
    finishes: every article is then in exactly one complete line across the outputs."""
    stories = range(1, 31)
    site.publish(*stories)
    for path in site.articles:
        site.delays[path] = 0.05  # a run outlasts the kill plan, however fast start-up is
    sites = tmp_path / "sites.toml"
    sites.write_text(sites_toml(site))
    data = tmp_path / "data"
    command = [sys.executable, "-m", "cleannews", "-q", "collect", str(sites), "--out",
               str(data), "--state", str(tmp_path / "state.db"), "--allow-private",
               "--concurrency", "2"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def lines() -> int:
        return sum(p.read_bytes().count(b"\n") for p in data.glob("*.jsonl"))

    # Kill after a delay (start-up, discovery), or as soon as the output grows.
    plan = [("after", 0.05), ("after", 0.6), ("grows", 1), ("grows", 1), ("grows", 2),
            ("grows", 1), ("grows", 3)]
    kills = 0
    for how, amount in plan + [("finish", 0)] * 3:
        before = lines()
        proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < deadline:
            if (how == "after" and time.monotonic() > deadline - 30 + amount) or (
                    how == "grows" and lines() >= before + amount):
                proc.send_signal(signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.0005)
        proc.wait(30)
        proc.stderr.close()
        if proc.returncode == 0 and how == "finish":
            break
    else:
        pytest.fail("no run finished")
    assert kills >= 5
    counts = Counter()
    for path in data.glob("*.jsonl"):
        text = path.read_text()
        assert not text or text.endswith("\n"), f"torn line left in {path.name}"
        counts.update(json.loads(line)["headline"] for line in text.splitlines())
    assert counts == Counter(f"Headline number {n}" for n in stories)
    with State(tmp_path / "state.db") as state:
        assert state.count("collected") == len(stories)
        assert state.unfinished_runs() == []


def test_unusable_output_directory_is_reported(site, collect):
    site.publish(1)
    (collect.dir / "data").write_text("a file where the directory should be")
    code, _ = collect()
    assert code == 3
    assert "collect: error:" in collect.err
    (collect.dir / "data").unlink()
    code, summary = collect()
    assert (code, summary["fetched"]) == (0, 1)


def test_a_full_disk_leaves_no_empty_output(site, collect, monkeypatch):
    import errno

    from cleannews.jsonl import JsonLinesWriter

    def full(self, record):
        raise OSError(errno.ENOSPC, "No space left on device")

    site.publish(1, 2)
    monkeypatch.setattr(JsonLinesWriter, "write", full)
    code, _ = collect()
    assert code == 3 and "No space left" in collect.err
    assert list((collect.dir / "data").glob("*.jsonl")) == []
    monkeypatch.undo()
    code, summary = collect()  # room again: the articles were not lost
    assert (code, summary["fetched"]) == (0, 2)


def test_readme_crontab_line_runs_as_written(tmp_path, site):
    """The README's crontab line, run by sh as cron would, with HOME pointing at a test home
    whose ~/news/.venv/bin/cleannews is this checkout. Without --allow-private the loopback
    site is refused, which the log then says: the line ran, parsed and logged."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Scheduled collection", 1)[1]
    line = section.split("```crontab\n", 1)[1].split("\n", 1)[0]
    minute, hour, day, month, weekday, command = line.split(None, 5)
    assert minute.isdigit() and (hour, day, month, weekday) == ("*", "*", "*", "*")
    assert "%" not in command  # cron would turn it into a newline
    news = tmp_path / "news"
    (news / ".venv" / "bin").mkdir(parents=True)
    script = news / ".venv" / "bin" / "cleannews"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cleannews "$@"\n')
    script.chmod(0o755)
    (news / "sites.toml").write_text(sites_toml(site))
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(["/bin/sh", "-c", command], env=env, timeout=60)
    assert done.returncode == 3
    log = (news / "collect.log").read_text()
    assert "BlockedAddress" in log and "cleannews: collect: discovered 0" in log
    assert (news / "state.db").exists()


def test_each_source_read_once_per_run_even_in_a_loop(site, collect):
    site.publish(1)
    index = site.routes["/sitemap_index.xml"][1].replace(
        b"</sitemapindex>",
        f"<sitemap><loc>{site.url}/sitemap_index.xml</loc></sitemap></sitemapindex>".encode())
    site.routes["/sitemap_index.xml"] = ("application/xml", index)
    collect.sites_file.write_text(sites_toml(
        site, feeds=json.dumps([site.url + "/rss.xml"]),
        sitemaps=json.dumps([site.url + "/news-sitemap.xml.gz"])))
    code, summary = collect()
    assert (code, summary["fetched"], summary["sources"]) == (0, 1, 3)
    assert site.hits["/rss.xml"] == site.hits["/sitemap_index.xml"] == 1
    assert site.hits["/news-sitemap.xml.gz"] == 1
    assert site.hits["/robots.txt"] == 1  # its Sitemap lines and rules: one fetch


def test_no_readable_source_is_status_3(site, collect):
    site.publish(1)
    for path in ("/rss.xml", "/sitemap_index.xml"):
        site.routes[path] = ("application/xml", b"<html>maintenance</html>")
    code, summary = collect()
    assert (code, summary["sources"], summary["source_errors"]) == (3, 0, 2)


def test_content_hash_tells_stories_apart_not_copies():
    body = "A sentence long enough to tell one story from another one. " * 5
    same = content_hash(Article(headline="A", body=body))
    assert same == content_hash(Article(headline=" A", body=body.replace(". ", ".\n\n")))
    assert same != content_hash(Article(headline="B", body=body))
    assert content_hash(Article(headline="A", body="Watch the video.")) is None


def test_short_identical_bodies_are_not_duplicates(site, collect):
    site.publish(1, 2)
    for n in (1, 2):
        site.routes[f"/news/story-{n}.html"] = (HTML, (
            f"<html><body><article><h1>Video {n}</h1><p>Watch the video.</p></article>"
            "</body></html>").encode())
    code, summary = collect()
    assert (code, summary["fetched"], summary["skipped"]) == (0, 2, 0)


def test_a_crash_inside_extraction_fails_one_article_only(site, collect, monkeypatch):
    import cleannews.extraction.guarded as guarded

    real = guarded.extract

    def flaky(page, **options):
        if page.url.endswith("story-2.html"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(page, **options)

    monkeypatch.setattr(guarded, "extract", flaky)
    site.publish(1, 2, 3)
    code, summary = collect()
    assert (code, summary["fetched"], summary["failed"]) == (1, 2, 1)
    assert "extraction crashed" in collect.err


def test_site_headers_and_cookies_sent_with_its_requests(site, collect):
    site.publish(1)
    collect.sites_file.write_text(sites_toml(site, headers='{ "X-Team" = "news" }',
                                             cookies='{ consent = "yes" }'))
    code, summary = collect()
    assert code == 0 and summary["fetched"] == 1
    for path in ("/", "/rss.xml", *site.articles):
        assert site.headers_seen[path]["X-Team"] == "news", path
        assert site.headers_seen[path]["Cookie"] == "consent=yes", path


def test_out_pointing_at_a_file_fails_before_any_fetch(site, collect):
    site.publish(1)
    (collect.dir / "data").write_text("a file where the folder should be")
    code, _ = collect()
    assert code == 3 and sum(site.hits.values()) == 0
    assert f"collect: error: {collect.dir / 'data'}:" in collect.err
    (collect.dir / "data").unlink()
    code, summary = collect()
    assert (code, summary["fetched"]) == (0, 1)
    assert "was killed" not in collect.err and "recovered" not in collect.err


def test_unusable_state_file_is_named(site, collect):
    (collect.dir / "state.db").mkdir()  # a folder where the SQLite file should be
    code, _ = collect()
    assert code == 3
    assert f"state file {collect.dir / 'state.db'}:" in collect.err


def test_a_404_alone_is_recorded_once_and_is_not_all_failed(site, collect):
    site.publish(1)
    del site.routes["/news/story-1.html"]
    code, summary = collect()
    assert (code, summary["fetched"], summary["failed"], summary["gone"]) == (1, 0, 1, 1)
    with State(collect.dir / "state.db") as state:
        key = f"{site.url}/news/story-1.html"
        assert state.status(key) == "gone"
        row = state._db.execute("SELECT attempts FROM urls WHERE key = ?", (key,)).fetchone()
        assert row[0] == 1
    code, summary = collect()
    assert (code, summary["failed"]) == (0, 0) and site.hits["/news/story-1.html"] == 1


def test_discovery_on_the_first_run_or_when_asked(site, collect):
    site.publish(1)
    assert collect()[0] == 0
    assert site.hits["/"] == 1
    with State(collect.dir / "state.db") as state:
        found = state.discovered(site.url + "/")
    assert found is not None and f"{site.url}/rss.xml" in found
    site.publish(2)
    code, summary = collect()
    assert (code, summary["fetched"], site.hits["/"]) == (0, 1, 1)  # the remembered feeds
    code, summary = collect("--discover")
    assert (code, site.hits["/"]) == (0, 2)
def test_rules_flag_and_site_rules_apply_to_collected_articles(site, collect, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nmatch = "127.0.0.1"\nheadline = "title"\n')
    site.publish(1, 2)
    code, _ = collect("--rules", str(rules))
    assert code == 0
    assert collect.headlines() == Counter({"Story 1": 1, "Story 2": 1})
    # A site's own [site.rules] is the rule for its host, before --rules
    collect.sites_file.write_text(sites_toml(site) + '[site.rules]\nheadline = "h1 + p"\n')
    site.publish(3)
    code, _ = collect("--rules", str(rules))
    assert code == 0
    assert collect.headlines()["By Reporter 3"] == 1


def test_bad_rules_file_is_a_usage_error(site, collect, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nmatch = "127.0.0.1"\nbody = "p >"\n')
    code, _ = collect("--rules", str(rules))
    assert code == 2
    assert f"{rules}:3: invalid CSS in body" in collect.err


def test_extraction_runs_off_the_event_loop(site, collect, monkeypatch):
    import threading

    import cleannews.extraction.guarded as guarded

    real, threads = guarded.extract, set()

    def watched(page, options=None):
        threads.add(threading.get_ident())
        return real(page, options=options)

    monkeypatch.setattr(guarded, "extract", watched)
    site.publish(1, 2)
    code, summary = collect()
    assert (code, summary["fetched"]) == (0, 2)
    assert threads and threading.get_ident() not in threads  # the loop runs in this thread


def test_the_inputs_that_broke_extraction_fail_or_pass_one_article_each(site, collect):
    from fuzzing import FOUND

    urls = site.publish(*range(1, len(FOUND) + 1))
    for url, page in zip(urls, FOUND, strict=True):
        path = url.removeprefix(site.url)
        assert path in site.routes
        site.routes[path] = (HTML, page.encode() if isinstance(page, str) else page)
    code, summary = collect()
    assert summary["fetched"] + summary["failed"] + summary["skipped"] == len(FOUND)
    assert "crashed" not in collect.err
    assert code in (0, 1)
