"""Headers, cookies and proxies (FetchOptions, the CLI, the environment), and the address
guard when a proxy is the one that connects."""

from __future__ import annotations

import json

import pytest

from cleannews import BlockedAddress, FetchError, FetchOptions, fetch
from cleannews.cli.main import main

ARTICLE = (b"<html><head><title>Flood</title></head><body><article><h1>River floods town</h1>"
           + b"<p>The river rose overnight and flooded the old town, officials said. </p>" * 5
           + b"</article></body></html>")
LOOPBACK_TARGET = "http://127.0.0.1:9/a"  # nothing listens there: only a proxy can answer
PLAIN = {"retries": 0, "timeout": 5, "respect_robots": False}


@pytest.fixture
def proxy(http_server, monkeypatch):
    """The loopback server as a forward proxy: it sees the absolute target URL as the path."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy",
                 "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    http_server.route(LOOPBACK_TARGET, body=ARTICLE)
    http_server.route("http://news.example/a", body=ARTICLE)
    return http_server


def test_proxied_request_to_loopback_refused_before_it_goes_out(proxy):
    with pytest.raises(BlockedAddress, match=r"127\.0\.0\.1"):
        fetch(LOOPBACK_TARGET, options=FetchOptions(proxy=proxy.url(""), **PLAIN))
    assert proxy.hits == {}
    page = fetch(LOOPBACK_TARGET, options=FetchOptions(proxy=proxy.url(""),
                                                       allow_private=True, **PLAIN))
    assert page.content == ARTICLE and proxy.hits == {LOOPBACK_TARGET: 1}


def test_proxy_from_the_environment(proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", proxy.url(""))
    page = fetch("http://news.example/a", options=FetchOptions(allow_private=True, **PLAIN))
    assert page.content == ARTICLE and proxy.hits == {"http://news.example/a": 1}
    monkeypatch.setenv("NO_PROXY", "news.example")
    with pytest.raises(FetchError):  # direct now, and news.example does not resolve
        fetch("http://news.example/a", options=FetchOptions(allow_private=True, **PLAIN))
    assert proxy.hits == {"http://news.example/a": 1}


def test_headers_and_cookies_sent_with_every_request(http_server):
    http_server.route("/a", body=ARTICLE)
    options = FetchOptions(allow_private=True, headers={"X-Team": "news", "Accept": "text/html"},
                           cookies={"consent": "yes"}, **PLAIN)
    fetch(http_server.url("/a"), options=options)
    sent = http_server.requests[-1][1]
    assert sent["X-Team"] == "news" and sent["Accept"] == "text/html"
    assert sent["Cookie"] == "consent=yes"


def test_cli_proxy_and_header_flags(proxy, capsys):
    args = ["scrape", "--proxy", proxy.url(""), "--header", "X-Team: news", "--header",
            "Cookie: consent=yes", "--no-robots", "--retries", "0", LOOPBACK_TARGET]
    assert main(args) == 3
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["error"]["type"] == "BlockedAddress" and proxy.hits == {}
    assert main([*args, "--allow-private"]) == 0
    sent = proxy.requests[-1][1]
    assert sent["X-Team"] == "news" and sent["Cookie"] == "consent=yes"
    assert main(["scrape", "--header", "no colon here", LOOPBACK_TARGET]) == 2
    assert "'Name: value'" in capsys.readouterr().err


def test_scrape_all_and_scrape_many_take_headers_cookies_and_proxy(proxy):
    from cleannews import scrape_all

    base = FetchOptions(allow_private=True, headers={"X-Team": "news"}, **PLAIN)
    (item,) = scrape_all([LOOPBACK_TARGET], options=base, proxy=proxy.url(""),
                         headers={"X-Desk": "world"}, cookies={"consent": "yes"})
    assert item.headline == "River floods town" and proxy.hits == {LOOPBACK_TARGET: 1}
    sent = proxy.requests[-1][1]
    assert (sent["X-Team"], sent["X-Desk"], sent["Cookie"]) == ("news", "world", "consent=yes")
