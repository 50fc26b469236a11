"""Failure messages name what and where: which limit timed out, which robots.txt and which
of its rules refused a URL."""

from __future__ import annotations

import time

import pytest

from cleannews import FetchError, FetchOptions, RobotsDisallowed, fetch
from cleannews.net.robots import disallowing_rule

ARTICLE = b"<html><body><article><h1>H</h1><p>" + b"Words here. " * 50 + b"</p></article></html>"
LOCAL = {"allow_private": True, "retries": 0, "timeout": 10}


def test_a_read_timeout_says_what_waited_and_how_long(http_server):
    def stall(req):
        time.sleep(1.0)
        http_server.send(req, 200, ARTICLE)

    http_server.route("/a", stall)
    with pytest.raises(FetchError) as caught:
        fetch(http_server.url("/a"), options=FetchOptions(read_timeout=0.2, **LOCAL))
    assert str(caught.value) == "timed out waiting for data (no bytes for 0.2s)"


def test_robots_refusal_names_the_file_and_the_rule(http_server):
    http_server.route("/robots.txt", content_type="text/plain", body=(
        b"User-agent: *\nDisallow: /\n\nUser-agent: cleannews\nDisallow: /private/\n"
        b"Disallow: /private/drafts/ # not yet\nAllow: /private/press/\n"))
    with pytest.raises(RobotsDisallowed) as caught:
        fetch(http_server.url("/private/drafts/1"), options=FetchOptions(**LOCAL))
    assert str(caught.value) == (
        f"skipped: robots: {http_server.url('/robots.txt')} disallows it for 'cleannews' "
        "(User-agent: cleannews; Disallow: /private/drafts/)")


def test_robots_unreachable_says_so(http_server):
    http_server.route("/robots.txt", status=503, body=b"down")
    with pytest.raises(RobotsDisallowed) as caught:
        fetch(http_server.url("/a"), options=FetchOptions(**LOCAL))
    assert str(caught.value) == (f"skipped: robots: {http_server.url('/robots.txt')} "
                                 "answered HTTP 503: nothing may be fetched")


@pytest.mark.parametrize(("agent", "url", "rule"), [
    ("otherbot", "https://a.example/x", "User-agent: *; Disallow: /"),
    ("cleannews", "https://a.example/x/y?q=1", "User-agent: cleannews; Disallow: /x/*?q="),
    ("cleannews", "https://a.example/z", None),
])
def test_disallowing_rule(agent, url, rule):
    text = "User-agent: *\nDisallow: /\n\nUser-agent: CleanNews\nDisallow: /x/\nDisallow: /x/*?q=\n"
    assert disallowing_rule(text, url, agent) == rule
