"""The Fetcher: unit cases on respx, integration against a misbehaving loopback server."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import itertools
import socket
import ssl
import struct
import time
import zlib

import httpcore
import httpx
import pytest
import respx

import cleannews
import cleannews.net.fetcher as fetch_module
import cleannews.net.guard as guard_module
from cleannews import (
    BlockedAddress,
    ErrorRecord,
    Fetcher,
    FetchError,
    FetchOptions,
    HTTPStatusError,
    NotHTML,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
    UnsupportedURL,
)
from cleannews.net.guard import is_public_address
from cleannews.net.retry import parse_retry_after

ARTICLE = (
    b"<!doctype html><html><head><title>Storm hits coast</title></head><body>"
    b"<article><h1>Storm hits coast</h1>"
    + b"<p>The storm reached the coast early on Tuesday, and thousands left their homes. </p>" * 6
    + b"</article></body></html>"
)
# Short waits everywhere: tests check behaviour, not speed.
FAST = FetchOptions(allow_private=True, backoff=0.01, max_backoff=0.02, timeout=5.0,
                    connect_timeout=2.0, read_timeout=2.0, max_retry_after=0.3)


def run(coro):
    return asyncio.run(coro)


async def get(url: str, options: FetchOptions = FAST, **kwargs) -> cleannews.Page:
    async with Fetcher(options) as fetcher:
        return await fetcher.fetch(url, **kwargs)


def opts(**changes) -> FetchOptions:
    from dataclasses import replace

    return replace(FAST, **changes)


# --- addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "224.0.0.1", "255.255.255.255", "240.0.0.1", "::1", "::", "fe80::1", "fc00::1",
     "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::", "ff02::1", "not-an-ip"],
)
def test_non_public_addresses_are_refused(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address):
    assert is_public_address(address)


def test_loopback_refused_without_allow_private(http_server):
    http_server.route("/a", body=ARTICLE)
    with pytest.raises(BlockedAddress) as info:
        run(get(http_server.url("/a"), opts(allow_private=False)))
    assert info.value.url == http_server.url("/a")
    assert http_server.hits.get("/a") is None  # never connected


def test_hostname_resolving_to_loopback_is_refused(http_server):
    http_server.route("/a", body=ARTICLE)
    with pytest.raises(BlockedAddress):
        run(get(http_server.url("/a", host="localhost"), opts(allow_private=False)))
    assert not http_server.hits


def test_redirect_to_private_address_is_refused(monkeypatch, http_server):
    """A public name redirecting to a loopback one: the hop is checked when connecting."""
    http_server.route("/a", body=ARTICLE)

    async def fake_resolve(host, port):
        return ["93.184.216.34"] if host == "public.example" else ["127.0.0.1"]

    monkeypatch.setattr(guard_module, "resolve", fake_resolve)
    with respx.mock(assert_all_called=False) as mock:
        mock.get("http://public.example/robots.txt").respond(404)
        mock.get("http://public.example/x").respond(302, headers={"Location": "http://127.0.0.1/a"})
        mock.route(host="127.0.0.1").pass_through()
        with pytest.raises(BlockedAddress):
            run(get("http://public.example/x", opts(allow_private=False, respect_robots=False)))


def test_connects_to_the_checked_address_and_keeps_the_host_header(monkeypatch, http_server):
    """DNS is asked once per connection and the socket goes to that very address: a name
    that later resolves elsewhere cannot swap the target (no second lookup by the socket)."""
    http_server.route("/a", body=ARTICLE)
    answers = iter([["127.0.0.1"], ["203.0.113.9"]])
    lookups = []

    async def fake_resolve(host, port):
        lookups.append(host)
        return next(answers)

    monkeypatch.setattr(guard_module, "resolve", fake_resolve)
    page = run(get(f"http://news.test:{http_server.port}/a", opts(respect_robots=False)))
    assert page.status == 200 and page.content == ARTICLE
    assert http_server.requests[0][1]["Host"] == f"news.test:{http_server.port}"
    assert lookups == ["news.test"]


def test_rebinding_answer_with_a_private_address_is_refused(monkeypatch):
    async def fake_resolve(host, port):
        return ["93.184.216.34", "127.0.0.1"]  # any non-public address taints the name

    monkeypatch.setattr(guard_module, "resolve", fake_resolve)
    with pytest.raises(BlockedAddress):
        run(get("http://rebind.test/a", opts(allow_private=False, respect_robots=False)))


# --- URLs and redirects ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["ftp://example.com/a", "file:///etc/passwd", "example.com/a",
                                 "javascript:alert(1)", "http://", ""])
def test_only_http_and_https(url):
    with pytest.raises(UnsupportedURL):
        run(get(url))


def test_redirects_are_followed_and_final_url_kept(http_server):
    http_server.route("/old", status=301, headers={"Location": "/mid"})
    http_server.route("/mid", status=302, headers={"Location": http_server.url("/new")})
    http_server.route("/new", body=ARTICLE)
    page = run(get(http_server.url("/old")))
    assert page.url == http_server.url("/new")
    assert page.requested_url == http_server.url("/old")
    assert page.status == 200 and page.origin == "http"
    assert page.fetched_at is not None and page.fetched_at.tzinfo is not None


def test_redirect_loop_detected(http_server):
    http_server.route("/a", status=302, headers={"Location": "/b"})
    http_server.route("/b", status=302, headers={"Location": "/a"})
    with pytest.raises(TooManyRedirects, match="loop"):
        run(get(http_server.url("/a")))
    assert http_server.hits == {"/robots.txt": 1, "/a": 1, "/b": 1}


def test_redirect_cap(http_server):
    for i in range(5):
        http_server.route(f"/r{i}", status=307, headers={"Location": f"/r{i + 1}"})
    http_server.route("/r5", body=ARTICLE)
    with pytest.raises(TooManyRedirects):
        run(get(http_server.url("/r0"), opts(max_redirects=3)))
    assert run(get(http_server.url("/r0"), opts(max_redirects=5))).status == 200


@respx.mock
def test_redirect_to_another_scheme_is_refused():
    respx.get("https://news.example/robots.txt").respond(404)
    respx.get("https://news.example/a").respond(302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(UnsupportedURL):
        run(get("https://news.example/a"))


@respx.mock
def test_credentials_not_sent_to_another_host():
    respx.get("https://a.example/robots.txt").respond(404)
    respx.get("https://b.example/robots.txt").respond(404)
    respx.get("https://a.example/x").respond(302, headers={"Location": "https://b.example/y"})
    final = respx.get("https://b.example/y").respond(200, html="<html><p>y</p></html>")
    run(get("https://a.example/x", headers={"Cookie": "s=1", "X-Trace": "t"}))
    sent = final.calls.last.request.headers
    assert "cookie" not in sent and sent["x-trace"] == "t"


# --- retries -----------------------------------------------------------------------------


def test_503_then_200_is_retried(http_server):
    answers = iter([503, 503])

    def flaky(req):
        status = next(answers, 200)
        http_server.send(req, status, ARTICLE if status == 200 else b"busy")

    http_server.route("/a", flaky)
    page = run(get(http_server.url("/a")))
    assert page.status == 200 and page.content == ARTICLE
    assert http_server.hits["/a"] == 3


def test_5xx_gives_up_after_retries(http_server):
    http_server.route("/a", status=500, body=b"oops")
    with pytest.raises(HTTPStatusError) as info:
        run(get(http_server.url("/a"), opts(retries=2)))
    assert info.value.status == 500
    assert http_server.hits["/a"] == 3


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_no_retry_on_other_4xx(http_server, status):
    http_server.route("/a", status=status, body=b"no")
    with pytest.raises(HTTPStatusError) as info:
        run(get(http_server.url("/a")))
    assert info.value.status == status
    assert http_server.hits["/a"] == 1


def test_429_retry_after_is_honoured_and_capped(http_server):
    answers = iter([429])

    def limited(req):
        if next(answers, None):
            http_server.send(req, 429, b"slow down", headers={"Retry-After": "3600"})
        else:
            http_server.send(req, 200, ARTICLE)

    http_server.route("/a", limited)
    started = time.monotonic()
    page = run(get(http_server.url("/a"), opts(max_retry_after=0.3)))
    assert page.status == 200
    first, second = (t for path, _, t in http_server.requests if path == "/a")
    assert second - first >= 0.25  # waited (the hour asked for, capped at 0.3 s)
    assert time.monotonic() - started < 60


def test_parse_retry_after():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert 3000 < parse_retry_after(
        time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 3600))
    ) <= 3600
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_connection_refused_is_a_fetch_error():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="connection failed"):
        run(get(f"http://127.0.0.1:{port}/a", opts(retries=1)))


def _reset(req, partial: bytes, length: int) -> None:
    req.send_response(200)
    req.send_header("Content-Type", "text/html")
    req.send_header("Content-Length", str(length))
    req.end_headers()
    req.wfile.write(partial)
    req.wfile.flush()
    # SO_LINGER 0: close() sends a TCP reset instead of a clean end
    req.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    req.connection.close()
    req.close_connection = True


def test_reset_mid_body_is_retried_then_succeeds(http_server):
    answers = iter(["reset"])

    def flaky(req):
        if next(answers, None):
            _reset(req, ARTICLE[:100], len(ARTICLE))
        else:
            http_server.send(req, 200, ARTICLE)

    http_server.route("/a", flaky)
    assert run(get(http_server.url("/a"))).content == ARTICLE
    assert http_server.hits["/a"] == 2


def test_reset_mid_body_every_time_fails_cleanly(http_server):
    http_server.route("/a", lambda req: _reset(req, ARTICLE[:100], len(ARTICLE)))
    with pytest.raises(FetchError) as info:
        run(get(http_server.url("/a"), opts(retries=1)))
    assert type(info.value) is FetchError
    assert http_server.hits["/a"] == 2


# --- timeouts ----------------------------------------------------------------------------


def _slow_body(req, pause: float, chunks: int = 20) -> None:
    body = ARTICLE
    step = len(body) // chunks + 1
    req.send_response(200)
    req.send_header("Content-Type", "text/html")
    req.send_header("Content-Length", str(len(body)))
    req.end_headers()
    for i in range(0, len(body), step):
        req.wfile.write(body[i : i + step])
        req.wfile.flush()
        time.sleep(pause)


def test_slow_body_within_limits_arrives(http_server):
    http_server.route("/a", lambda req: _slow_body(req, 0.01))
    assert run(get(http_server.url("/a"))).content == ARTICLE


def test_whole_request_timeout_cuts_a_trickling_body(http_server):
    """Each chunk comes well within the read timeout, but the whole takes too long."""
    http_server.route("/a", lambda req: _slow_body(req, 0.1))
    with pytest.raises(FetchError, match="timed out"):
        run(get(http_server.url("/a"), opts(timeout=0.5, read_timeout=1.0, retries=0)))


def test_read_timeout(http_server):
    def stall(req):
        time.sleep(1.0)
        http_server.send(req, 200, ARTICLE)

    http_server.route("/a", stall)
    with pytest.raises(FetchError, match="timed out"):
        run(get(http_server.url("/a"), opts(read_timeout=0.2, retries=0)))


def _headers_one_byte_at_a_time(req, pause: float = 0.5) -> None:
    """A server that sends its status line and headers one byte every `pause` seconds."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Slow: y\r\n" * 40
    for byte in head:
        req.wfile.write(bytes([byte]))
        req.wfile.flush()
        time.sleep(pause)


def test_one_deadline_per_url_covers_robots_and_retries(http_server):
    """Every path (robots.txt included) trickles its headers: 4 attempts of 1 s for robots
    and 4 for the page would take 8 s and more; the URL's deadline ends it at 2 s."""
    http_server.route("/robots.txt", _headers_one_byte_at_a_time)
    http_server.route("/a", _headers_one_byte_at_a_time)
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"deadline of 2s: \d+\.\d+s and \d+ attempt") as caught:
        run(get(http_server.url("/a"), opts(timeout=1.0, read_timeout=5.0, retries=3,
                                             respect_robots=True, deadline=2.0)))
    elapsed = time.monotonic() - start
    assert elapsed < 3.5, elapsed  # not 8 s: the deadline is the URL's, robots.txt included
    spent = float(str(caught.value).split(": ")[1].split("s and")[0])
    assert 1.8 <= spent <= elapsed + 0.1  # the message gives the real time spent


def test_the_deadline_spans_every_redirect_hop(http_server):
    def hop(i):
        def handler(req):
            time.sleep(0.4)
            http_server.send(req, 302, b"", headers={"Location": f"/r{i + 1}"})
        return handler

    for i in range(8):
        http_server.route(f"/r{i}", hop(i))
    http_server.route("/r8", body=ARTICLE)
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"deadline of 1s: 1\.\ds and [23] attempt"):
        run(get(http_server.url("/r0"), opts(deadline=1.0, respect_robots=False)))
    assert time.monotonic() - start < 2.0  # not the 3.2 s of the whole chain
    assert "/r8" not in http_server.hits


def test_retries_exhausted_before_the_deadline_say_how_many(http_server):
    http_server.route("/a", status=503, body=b"busy")
    with pytest.raises(HTTPStatusError, match=r"HTTP 503 \(3 attempts, \d+\.\ds\)"):
        run(get(http_server.url("/a"), opts(retries=2, respect_robots=False)))


# --- size ----------------------------------------------------------------------------------


def test_gzip_bomb_is_cut_at_the_cap(http_server):
    bomb = gzip.compress(b"<html>" + b"\0" * 30_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    http_server.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(TooLarge):
        run(get(http_server.url("/bomb"), opts(max_bytes=2_000_000)))


def test_gzip_and_deflate_bodies_are_decoded(http_server):
    http_server.route("/gz", body=gzip.compress(ARTICLE), headers={"Content-Encoding": "gzip"})
    http_server.route("/zl", body=zlib.compress(ARTICLE), headers={"Content-Encoding": "deflate"})
    raw = zlib.compressobj(wbits=-15)
    http_server.route("/raw", body=raw.compress(ARTICLE) + raw.flush(),
                      headers={"Content-Encoding": "deflate"})
    for path in ("/gz", "/zl", "/raw"):
        assert run(get(http_server.url(path))).content == ARTICLE, path


def test_corrupt_gzip_is_a_fetch_error(http_server):
    http_server.route("/a", body=b"\x1f\x8b\x08\x00garbage" * 10,
                      headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="corrupt"):
        run(get(http_server.url("/a")))


def gzip_twice(size: int) -> bytes:
    """`size` zero bytes gzipped, and the result gzipped again (compressed in a stream)."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    megabyte = b"\0" * (1 << 20)
    once = b"".join(inner.compress(megabyte) for _ in range(size >> 20)) + inner.flush()
    return gzip.compress(once, compresslevel=9)


def test_stacked_gzip_bomb_counts_every_layer_while_streaming(http_server):
    """'gzip, gzip' on 200 MB of zeros: refused at the cap, and memory never near the size."""
    import tracemalloc

    bomb = gzip_twice(200 << 20)
    assert len(bomb) < 20_000
    http_server.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip, gzip"})
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            run(get(http_server.url("/bomb"), opts(max_bytes=1_000_000, retries=0)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12_000_000, peak  # the cap, a piece per layer and the interpreter's own


def test_stacked_codings_are_undone_in_order(http_server):
    body = gzip.compress(zlib.compress(ARTICLE))  # deflate applied first, then gzip
    http_server.route("/a", body=body, headers={"Content-Encoding": "deflate, gzip"})
    assert run(get(http_server.url("/a"))).content == ARTICLE


@pytest.mark.parametrize("coding", ["gzip, gzip, gzip", "br", "compress"])
def test_codings_we_do_not_ask_for_are_refused(http_server, coding):
    body = ARTICLE
    for _ in coding.split(","):
        body = gzip.compress(body)
    http_server.route("/a", body=body, headers={"Content-Encoding": coding})
    with pytest.raises(FetchError, match="unsupported Content-Encoding"):
        run(get(http_server.url("/a"), opts(retries=0)))


def _huge_body(with_length: bool):
    """50 MB of HTML, announced by Content-Length or not (then the end is the connection's)."""

    def handler(req):
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        if with_length:
            req.send_header("Content-Length", str(50_000_000))
        else:
            req.send_header("Connection", "close")
            req.close_connection = True
        req.end_headers()
        chunk = b"<p>" + b"x" * 65_000 + b"</p>"
        for _ in range(50_000_000 // len(chunk)):
            req.wfile.write(chunk)

    return handler


def test_50mb_body_refused_by_length(http_server):
    http_server.route("/huge", _huge_body(with_length=True))
    with pytest.raises(TooLarge, match="50000000"):
        run(get(http_server.url("/huge")))


def test_50mb_body_without_length_is_cut_while_streaming(http_server):
    http_server.route("/huge", _huge_body(with_length=False))
    with pytest.raises(TooLarge):
        run(get(http_server.url("/huge"), opts(max_bytes=1_000_000)))


# --- content types --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["application/pdf", "image/png", "application/json",
                                  "video/mp4"])
def test_non_html_is_skipped_without_reading(http_server, kind):
    http_server.route("/f", body=b"%PDF-1.4 ...", content_type=kind)
    with pytest.raises(NotHTML, match="skipped"):
        run(get(http_server.url("/f")))


def test_non_html_accepted_when_asked(http_server):
    http_server.route("/feed.json", body=b'{"a": 1}', content_type="application/json")
    page = run(get(http_server.url("/feed.json"), html_only=False))
    assert page.content == b'{"a": 1}'


def test_html_as_octet_stream_is_sniffed_and_accepted(http_server):
    http_server.route("/a", body=b"\n  " + ARTICLE, content_type="application/octet-stream")
    http_server.route("/b", body=ARTICLE, content_type=None)
    assert run(get(http_server.url("/a"))).content.strip() == ARTICLE
    assert run(get(http_server.url("/b"))).content == ARTICLE


def test_binary_as_octet_stream_is_skipped(http_server):
    http_server.route("/a", body=b"\x89PNG\r\n\x1a\n\0\0\0",
                      content_type="application/octet-stream")
    with pytest.raises(NotHTML):
        run(get(http_server.url("/a")))


# --- conditional requests, headers ------------------------------------------------------


def test_304_answer_to_conditional_request(http_server):
    def conditional(req):
        if req.headers.get("If-None-Match") == '"v1"':
            req.send_response(304)
            req.send_header("ETag", '"v1"')
            req.end_headers()
        else:
            http_server.send(req, 200, ARTICLE, headers={"ETag": '"v1"'})

    http_server.route("/a", conditional)
    first = run(get(http_server.url("/a")))
    assert first.headers["etag"] == '"v1"'
    again = run(get(http_server.url("/a"), headers={"If-None-Match": '"v1"'}))
    assert again.status == 304 and again.content == b""


def test_304_without_conditional_request_is_an_error(http_server):
    http_server.route("/a", status=304)
    with pytest.raises(HTTPStatusError):
        run(get(http_server.url("/a")))


def test_default_user_agent_names_tool_and_version(http_server):
    http_server.route("/a", body=ARTICLE)
    run(get(http_server.url("/a")))
    agent = http_server.requests[-1][1]["User-Agent"]
    assert agent.startswith(f"cleannews/{cleannews.__version__}")
    run(get(http_server.url("/a"), opts(user_agent="MyBot/2.0")))
    assert http_server.requests[-1][1]["User-Agent"] == "MyBot/2.0"


# --- robots ------------------------------------------------------------------------------------


def test_robots_disallow_skips_and_is_fetched_once(http_server):
    http_server.route("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n",
                      content_type="text/plain")
    http_server.route("/private/a", body=ARTICLE)
    http_server.route("/public", body=ARTICLE)

    async def both():
        async with Fetcher(FAST) as fetcher:
            with pytest.raises(RobotsDisallowed, match="skipped: robots") as info:
                await fetcher.fetch(http_server.url("/private/a"))
            await asyncio.gather(*(fetcher.fetch(http_server.url("/public")) for _ in range(5)))
            return info.value

    error = run(both())
    assert error.stage == "robots"
    assert http_server.hits["/robots.txt"] == 1
    assert "/private/a" not in http_server.hits
    assert http_server.hits["/public"] == 5


def test_robots_ignored_when_switched_off(http_server):
    http_server.route("/robots.txt", body=b"User-agent: *\nDisallow: /\n",
                      content_type="text/plain")
    http_server.route("/a", body=ARTICLE)
    assert run(get(http_server.url("/a"), opts(respect_robots=False))).status == 200
    assert "/robots.txt" not in http_server.hits


def test_robots_checked_on_every_redirect_hop(http_server):
    http_server.route("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n",
                      content_type="text/plain")
    http_server.route("/a", status=302, headers={"Location": "/private/b"})
    with pytest.raises(RobotsDisallowed):
        run(get(http_server.url("/a")))


# --- limits -------------------------------------------------------------------------------------


def _slow_article(server):
    def handler(req):
        time.sleep(0.05)
        server.send(req, 200, ARTICLE)

    return handler


def test_per_host_concurrency_is_bounded(http_server):
    for i in range(12):
        http_server.route(f"/p{i}", _slow_article(http_server))

    async def many():
        async with Fetcher(opts(per_host_concurrency=2, concurrency=16)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(http_server.url(f"/p{i}")) for i in range(12)))

    run(many())
    assert http_server.max_in_flight == 2


def test_global_concurrency_is_bounded_across_hosts(http_server):
    for i in range(12):
        http_server.route(f"/p{i}", _slow_article(http_server))

    async def many():
        async with Fetcher(opts(per_host_concurrency=8, concurrency=3)) as fetcher:
            # two host names for one server: 127.0.0.1 and localhost
            urls = [http_server.url(f"/p{i}", host=("127.0.0.1", "localhost")[i % 2])
                    for i in range(12)]
            await asyncio.gather(*(fetcher.fetch(u) for u in urls))

    run(many())
    assert http_server.max_in_flight == 3


def request_starts(monkeypatch) -> list[float]:
    """When the Fetcher lets each paced request go: stamped inside its host's slot, where the
    Fetcher stamps it too, so that neither a busy server thread nor the event loop's own
    turns between the slot and the send can blur the spacing measured."""
    starts: list[float] = []
    slot = Fetcher._slot

    @contextlib.asynccontextmanager
    async def stamped(self, host, delay):
        async with slot(self, host, delay):
            if delay > 0:
                starts.append(time.monotonic())
            yield

    monkeypatch.setattr(Fetcher, "_slot", stamped)
    return starts


def test_per_host_delay_spaces_requests(http_server, monkeypatch):
    for i in range(4):
        http_server.route(f"/p{i}", body=ARTICLE)
    starts = request_starts(monkeypatch)

    async def many():
        async with Fetcher(opts(per_host_delay=0.1, respect_robots=False)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(http_server.url(f"/p{i}")) for i in range(4)))

    run(many())
    gaps = [b - a for a, b in itertools.pairwise(sorted(starts))]
    assert len(starts) == 4 and min(gaps) >= 0.099


# --- public API ---------------------------------------------------------------------------


def test_fetch_and_scrape_functions(http_server):
    http_server.route("/a", body=ARTICLE)
    page = cleannews.fetch(http_server.url("/a"), options=FAST)
    assert page.content == ARTICLE
    article = cleannews.scrape(http_server.url("/a"), options=FAST)
    assert article.headline == "Storm hits coast"
    assert article.url == http_server.url("/a")
    assert "storm reached the coast" in article.body


def test_scrape_raises_typed_errors(http_server):
    http_server.route("/gone", status=404)
    with pytest.raises(HTTPStatusError):
        cleannews.scrape(http_server.url("/gone"), options=FAST)
    with pytest.raises(BlockedAddress):
        cleannews.scrape(http_server.url("/gone"))  # defaults: loopback refused


def test_scrape_many_yields_one_item_per_url_and_never_raises(http_server, validate_record):
    http_server.route("/ok", body=ARTICLE)
    http_server.route("/pdf", body=b"%PDF", content_type="application/pdf")
    http_server.route("/empty", body=b"")
    urls = [http_server.url("/ok"), http_server.url("/missing"), "mailto:x@example.com",
            http_server.url("/pdf"), http_server.url("/empty"), http_server.url("/ok")]

    async def collect():
        return [item async for item in cleannews.scrape_many(urls, options=FAST)]

    items = run(collect())
    assert len(items) == len(urls)
    errors = {item.url: item for item in items if isinstance(item, ErrorRecord)}
    assert errors[http_server.url("/missing")].status == 404
    assert errors[http_server.url("/missing")].type == "HTTPStatusError"
    assert errors["mailto:x@example.com"].type == "UnsupportedURL"
    assert errors[http_server.url("/pdf")].type == "NotHTML"
    assert errors[http_server.url("/empty")].stage == "decode"
    articles = [item for item in items if not isinstance(item, ErrorRecord)]
    assert len(articles) == 2
    for article in articles:
        validate_record(article.to_dict())


def test_scrape_many_accepts_an_async_source(http_server):
    http_server.route("/ok", body=ARTICLE)

    async def source():
        for _ in range(3):
            yield http_server.url("/ok")

    async def collect():
        return [item async for item in cleannews.scrape_many(source(), options=FAST)]

    assert [a.headline for a in run(collect())] == ["Storm hits coast"] * 3


def test_fetcher_outside_context_is_a_clear_error():
    with pytest.raises(RuntimeError, match="async with"):
        run(Fetcher().fetch("https://example.com/"))


def test_transport_errors_from_respx_are_retried():
    with respx.mock:
        respx.get("https://news.example/robots.txt").respond(404)
        route = respx.get("https://news.example/a").mock(
            side_effect=[httpx.ConnectError("boom"), httpx.ReadTimeout("slow"),
                         httpx.Response(200, html="<html><p>ok</p></html>")]
        )
        page = run(get("https://news.example/a"))
    assert page.status == 200 and route.call_count == 3


def test_wrong_charset_header_gives_no_mojibake(http_server):
    text = "Le café où l'élève a déjeuné était fermé à cause de la grève, a-t-il déclaré."
    html = ("<html><head><title>Grève</title></head><body><article><h1>Grève au lycée</h1>"
            + f"<p>{text}</p>" * 4 + "</article></body></html>")
    http_server.route("/cp1252", body=html.encode("cp1252"),
                      content_type="text/html; charset=utf-8")
    http_server.route("/utf8", body=html.encode("utf-8"),
                      content_type="text/html; charset=iso-8859-1")
    for path in ("/cp1252", "/utf8"):
        article = cleannews.scrape(http_server.url(path), options=FAST)
        assert article.headline == "Grève au lycée", path
        assert text in article.body, path


def test_scrape_many_with_worker_processes(http_server):
    http_server.route("/ok", body=ARTICLE)
    http_server.route("/empty", body=b" ")
    urls = [http_server.url("/ok"), http_server.url("/empty")]

    async def collect():
        return [item async for item in cleannews.scrape_many(urls, options=FAST, workers=1)]

    items = {item.url: item for item in run(collect())}
    assert items[urls[0]].headline == "Storm hits coast"
    assert isinstance(items[urls[1]], ErrorRecord) and items[urls[1]].type == "DecodeError"


def test_certificate_errors_are_not_retried(monkeypatch):
    attempts = []

    async def public(host, port):
        return ["93.184.216.34"]

    async def bad_certificate(self, host, port, **kwargs):
        attempts.append(host)
        try:
            raise ssl.SSLCertVerificationError(1, "certificate verify failed")
        except ssl.SSLError as exc:  # what httpcore's TLS upgrade raises
            raise httpcore.ConnectError(str(exc)) from exc

    monkeypatch.setattr(guard_module, "resolve", public)
    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", bad_certificate)
    with pytest.raises(FetchError, match="certificate"):
        run(get("https://bad-cert.example/a", opts(allow_private=False, respect_robots=False)))
    assert attempts == ["93.184.216.34"]


def test_idle_hosts_are_forgotten(monkeypatch):
    monkeypatch.setattr(fetch_module, "_SWEEP_HOSTS", 3)

    async def crawl():
        async with Fetcher(opts(respect_robots=False)) as fetcher:
            for name in "abcdefg":
                await fetcher.fetch(f"https://{name}.example/story")
            return set(fetcher._hosts)

    with respx.mock:
        respx.get(url__regex=r"https://\w\.example/story").respond(200, html="<p>x</p>")
        hosts = run(crawl())
    assert len(hosts) <= 3 and "g.example:443" in hosts


@pytest.mark.parametrize(
    "url",
    ["http://[::1]/", "http://0x7f000001/", "http://2130706433/", "http://127.1/",
     "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://169.254.169.254/latest/meta-data/"],
)
def test_disguised_loopback_and_metadata_addresses_are_refused(url):
    with pytest.raises(BlockedAddress):
        run(get(url, opts(allow_private=False)))


def test_errors_after_a_redirect_name_the_url_asked_for(http_server):
    http_server.route("/moved", status=301, headers={"Location": "/busy"})
    http_server.route("/busy", status=503)
    with pytest.raises(HTTPStatusError) as info:
        run(get(http_server.url("/moved"), opts(retries=0)))
    assert info.value.url == http_server.url("/moved")
    assert str(info.value) == f"HTTP 503 (at {http_server.url('/busy')})"

    async def collect():
        return [item async for item in cleannews.scrape_many([http_server.url("/moved")],
                                                               options=opts(retries=0))]

    (record,) = run(collect())
    assert record.url == http_server.url("/moved") and record.status == 503


def test_a_fetcher_can_be_used_again_in_another_event_loop(http_server):
    http_server.route("/a", body=ARTICLE)
    fetcher = Fetcher(FAST)

    async def once():
        async with fetcher:
            return await asyncio.gather(*(fetcher.fetch(http_server.url("/a")) for _ in range(20)))

    assert len(run(once())) == 20
    assert len(run(once())) == 20
