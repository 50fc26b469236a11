"""robots.txt: read as RFC 9309 says, cached per host, matched for our product token."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import replace

import pytest
import respx
from test_fetch import request_starts

from cleannews import Fetcher, FetchOptions, RobotsDisallowed
from cleannews.models import Page
from cleannews.net import robots
from cleannews.net.robots import RobotsCache, agent_token, parse_rules, robots_url

HTML = b"<html><body><p>hello</p></body></html>"
FAST = FetchOptions(allow_private=True, backoff=0.01, max_backoff=0.02, retries=1)


def run(coro):
    return asyncio.run(coro)


def test_robots_url_keeps_scheme_host_and_port():
    assert robots_url("https://news.example:8443/a/b?c=d") == "https://news.example:8443/robots.txt"
    assert robots_url("http://news.example/") == "http://news.example/robots.txt"


def test_agent_token():
    assert agent_token("cleannews/0.1.0 (+https://x)") == "cleannews"
    assert agent_token("MyBot") == "MyBot"
    assert agent_token("") == "*"


@pytest.mark.parametrize(
    ("status", "allowed"), [(404, True), (410, True), (403, True), (500, False), (503, False)]
)
def test_status_of_robots_txt(status, allowed):
    rules = parse_rules(Page(url="https://a.example/robots.txt", content=b"", status=status))
    assert rules.allows("https://a.example/x", "cleannews") is allowed


def test_groups_match_our_token_longest_rule_wins():
    text = (b"User-agent: *\nDisallow: /\n\n"
            b"User-agent: cleannews\nDisallow: /private/\nAllow: /private/press/\n"
            b"Crawl-delay: 2\n")
    rules = parse_rules(Page(url=None, content=text, status=200))
    assert rules.allows("https://a.example/news/1", "cleannews")
    assert not rules.allows("https://a.example/private/x", "cleannews")
    assert rules.allows("https://a.example/private/press/1", "cleannews")
    assert not rules.allows("https://a.example/news/1", "otherbot")
    assert rules.crawl_delay("cleannews") == 2.0


def test_cache_loads_each_host_once_under_concurrency():
    calls: list[str] = []

    async def fetch(url: str) -> Page:
        calls.append(url)
        await asyncio.sleep(0.01)
        return Page(url=url, content=b"User-agent: *\nDisallow: /x\n", status=200)

    async def check():
        cache = RobotsCache(fetch, "cleannews/1")
        urls = [f"https://{h}.example/{p}" for h in ("a", "b") for p in ("x", "y")] * 5
        return await asyncio.gather(*(cache.allowed(u) for u in urls))

    results = run(check())
    assert sorted(calls) == ["https://a.example/robots.txt", "https://b.example/robots.txt"]
    assert results == [False, True, False, True] * 5


@respx.mock
def test_unreachable_robots_txt_disallows_and_404_allows():
    respx.get("https://down.example/robots.txt").respond(503)
    page = respx.get("https://down.example/a").respond(200, html="<p>x</p>")
    respx.get("https://open.example/robots.txt").respond(404)
    respx.get("https://open.example/a").respond(200, html="<p>x</p>")

    async def both():
        async with Fetcher(FAST) as fetcher:
            with pytest.raises(RobotsDisallowed):
                await fetcher.fetch("https://down.example/a")
            return await fetcher.fetch("https://open.example/a")

    assert run(both()).status == 200
    assert not page.called


@respx.mock
def test_robots_redirect_is_followed():
    respx.get("https://a.example/robots.txt").respond(
        301, headers={"Location": "https://www.a.example/robots.txt"})
    respx.get("https://www.a.example/robots.txt").respond(200, text="User-agent: *\nDisallow: /")
    with pytest.raises(RobotsDisallowed):
        run(_fetch("https://a.example/story"))


@respx.mock
def test_oversized_robots_txt_is_read_up_to_the_limit():
    body = "User-agent: *\nDisallow: /secret\n" + "# padding\n" * 100_000
    respx.get("https://a.example/robots.txt").respond(200, text=body)
    respx.get("https://a.example/ok").respond(200, html="<p>x</p>")
    with pytest.raises(RobotsDisallowed):
        run(_fetch("https://a.example/secret/1"))
    assert run(_fetch("https://a.example/ok")).status == 200


def test_crawl_delay_spaces_requests(http_server, monkeypatch):
    starts = request_starts(monkeypatch)
    http_server.route("/robots.txt", body=b"User-agent: *\nCrawl-delay: 0.2\n",
                      content_type="text/plain")
    for i in range(3):
        http_server.route(f"/p{i}", body=HTML)

    async def many():
        async with Fetcher(FAST) as fetcher:
            await asyncio.gather(*(fetcher.fetch(http_server.url(f"/p{i}")) for i in range(3)))

    started = time.monotonic()
    run(many())
    gaps = [b - a for a, b in itertools.pairwise(sorted(starts))]
    assert len(starts) == 3 and min(gaps) >= 0.199
    assert time.monotonic() - started < 30


def test_crawl_delay_not_applied_when_robots_off(http_server):
    http_server.route("/robots.txt", body=b"User-agent: *\nCrawl-delay: 30\n",
                      content_type="text/plain")
    http_server.route("/a", body=HTML)
    assert run(_fetch(http_server.url("/a"), replace(FAST, respect_robots=False))).status == 200
    assert "/robots.txt" not in http_server.hits


async def _fetch(url: str, options: FetchOptions = FAST) -> Page:
    async with Fetcher(options) as fetcher:
        return await fetcher.fetch(url)


def test_cached_rules_expire(monkeypatch):
    """Rules are kept for MAX_AGE (a day, RFC 9309), then fetched again."""
    calls: list[str] = []

    async def fetch(url: str) -> Page:
        calls.append(url)
        return Page(url=url, content=b"User-agent: *\nDisallow: /x\n", status=200)

    monkeypatch.setattr(robots, "MAX_AGE", 0.5)

    async def check():
        cache = RobotsCache(fetch, "cleannews/1")
        await cache.allowed("https://a.example/1")
        await cache.allowed("https://a.example/2")
        assert len(calls) == 1
        await asyncio.sleep(0.6)
        await cache.allowed("https://a.example/3")

    run(check())
    assert len(calls) == 2
