"""The Fetcher: one shared httpx client with global and per-host limits, robots.txt, retries,
manual redirects (every hop checked), a streaming size cap and the refusal of non-public
addresses on the address actually connected to. Pages out, typed FetchErrors otherwise."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
import socket
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import httpcore
import httpx
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_random

from ..config import FetchOptions
from ..errors import (
    BlockedAddress,
    FetchError,
    HTTPStatusError,
    NotHTML,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
    UnsupportedURL,
)
from ..models import Page
from .robots import MAX_ROBOTS_BYTES, RobotsCache

log = logging.getLogger("cleannews")

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CONDITIONAL = ("if-none-match", "if-modified-since")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# Types servers put on anything: the bytes decide (WHATWG MIME sniffing, HTML patterns).
_SNIFF_TYPES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/unknown",
     "unknown/unknown", "application/x-unknown", "application/download"}
)
_HTML_SNIFF = re.compile(
    rb"\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body"
    rb"|br|p|!--)[\s>]",
    re.I,
)
_SENSITIVE = ("authorization", "cookie", "proxy-authorization")
_KEEPALIVE = 30.0
_SWEEP_EVERY = 256
_SWEEP_HOSTS = 4096


# ---------------------------------------------------------------------------------------------
# Addresses: resolve once, check every address, connect to the checked one.


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address; False for loopback, private, link-local,
    shared, reserved, multicast and unspecified ones, including IPv4 hidden in IPv6 forms."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public_address(str(embedded)):
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


async def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the resolver's order (IP literals as they are)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that resolves the host itself, refuses the connection if
    any address is not public (unless allowed) and connects to the address it checked, so
    that neither a redirect nor a DNS answer that changes between check and use gets around
    it. httpcore keeps the Host header and the TLS server name from the URL."""

    def __init__(self, *, allow_private: bool) -> None:
        self._allow_private = allow_private
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await resolve(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not self._allow_private:
            for address in addresses:
                if not is_public_address(address):
                    raise BlockedAddress(
                        f"refused: {host} resolves to non-public address {address} "
                        "(allow_private / --allow-private lifts this)"
                    )
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _OriginTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool on the GuardedBackend, for one origin."""

    def __init__(self, backend: GuardedBackend, ssl_context: ssl.SSLContext, size: int) -> None:
        super().__init__(verify=ssl_context, trust_env=False)  # shared: loading CAs is slow
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=size,
            max_keepalive_connections=size,
            keepalive_expiry=_KEEPALIVE,
            network_backend=backend,
        )


class GuardedTransport(httpx.AsyncBaseTransport):
    """Every origin gets its own small pool on the GuardedBackend. One big pool would do, but
    httpcore scans all of a pool's connections for every request, which with hundreds of them
    costs more CPU than the request. Proxies from the environment are not used, since the
    proxy's address would be the one checked."""

    def __init__(self, options: FetchOptions) -> None:
        self._backend = GuardedBackend(allow_private=options.allow_private)
        self._ssl = httpx.create_ssl_context(trust_env=False)
        # the Fetcher's limits bound the connections; a spare for a retry while one closes
        self._size = max(options.per_host_concurrency, 1) + 1
        # a pool unused this long holds no request any more (every request has a deadline)
        self._idle = max(options.timeout, _KEEPALIVE) + 5.0
        self._pools: dict[tuple[bytes, bytes, int | None], tuple[_OriginTransport, float]] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        now = time.monotonic()
        entry = self._pools.get(key)
        transport = entry[0] if entry else _OriginTransport(self._backend, self._ssl, self._size)
        self._pools[key] = (transport, now)
        if entry is None and len(self._pools) % _SWEEP_EVERY == 0:
            await self._sweep(now)
        return await transport.handle_async_request(request)

    async def _sweep(self, now: float) -> None:
        """Close the pools of hosts not seen for a while (a long crawl meets many hosts)."""
        stale = [k for k, (_, used) in self._pools.items() if now - used > self._idle]
        for key in stale:
            transport, _ = self._pools.pop(key)
            await transport.aclose()

    async def aclose(self) -> None:
        pools, self._pools = self._pools, {}
        for transport, _ in pools.values():
            await transport.aclose()


# ---------------------------------------------------------------------------------------------
# Bodies: counted after decompression, so a small compressed bomb cannot fill memory.


class _Inflater:
    """gzip / deflate decoding with bounded output per step (zlib's max_length)."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._wbits = 31 if coding in ("gzip", "x-gzip") else 15
        self._z = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Decode `data`; returns at most room+1 bytes, which the caller treats as 'too big'."""
        out = bytearray()
        while data and len(out) <= room:
            try:
                out += self._z.decompress(data, room + 1 - len(out))
            except zlib.error:
                if self._started or self._wbits != 15:
                    raise
                self._wbits = -15  # "deflate" sent as a raw stream, as some servers do
                self._z = zlib.decompressobj(self._wbits)
                continue
            self._started = True
            data = self._z.unconsumed_tail
            if self._z.eof:
                data = self._z.unused_data
                if data and self._wbits == 31:  # a further gzip member
                    self._z = zlib.decompressobj(31)
                else:
                    break
        return bytes(out)


async def read_body(response: httpx.Response, limit: int, *, truncate: bool, url: str) -> bytes:
    """The decoded body; TooLarge past `limit` bytes (or the first `limit` when `truncate`)."""
    codings = [
        c.strip().lower()
        for c in response.headers.get("content-encoding", "").split(",")
        if c.strip() and c.strip().lower() != "identity"
    ]
    length = response.headers.get("content-length", "")
    if not codings and length.isdigit() and int(length) > limit and not truncate:
        raise TooLarge(f"body of {length} bytes exceeds the cap of {limit}", url=url)
    body = bytearray()
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        inflater: _Inflater | None = _Inflater(codings[0])
        chunks = response.aiter_raw()
    else:
        inflater = None  # identity, or a coding httpx decodes for us (br, zstd)
        chunks = response.aiter_bytes() if codings else response.aiter_raw()
    try:
        async for chunk in chunks:
            room = limit - len(body)
            body += inflater.feed(chunk, room) if inflater else chunk
            if len(body) > limit:
                if truncate:
                    return bytes(body[:limit])
                raise TooLarge(f"body exceeds the cap of {limit} bytes (decompressed)", url=url)
    except zlib.error as exc:
        raise FetchError(f"corrupt compressed body: {exc}", url=url) from exc
    except httpx.DecodingError as exc:
        raise FetchError(f"cannot decode body: {exc}", url=url) from exc
    return bytes(body)


def media_type(content_type: str | None) -> str:
    """'Text/HTML; charset=utf-8' -> 'text/html'."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def looks_like_html(data: bytes) -> bool:
    """WHATWG-style sniff: does the start of the body look like an HTML document?"""
    head = data[:1024].removeprefix(b"\xef\xbb\xbf")
    return bool(_HTML_SNIFF.match(head))


# ---------------------------------------------------------------------------------------------
# Retries


class _Transient(Exception):
    """A failure worth another attempt; carries the error to raise if none is left."""

    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _certificate_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _retryable_status(status: int) -> bool:
    return status in (408, 429) or 500 <= status < 600


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hop:
    """One request of a fetch (each redirect makes another): what to send, how to read it."""

    url: str
    headers: dict[str, str]
    html_only: bool
    limit: int  # the body cap
    truncate: bool  # cut the body at the cap instead of failing (robots.txt)
    delay: float  # the spacing asked for between requests to this host


@dataclass
class _Host:
    """Per-host politeness state."""

    slots: asyncio.Semaphore
    lock: asyncio.Lock
    next_start: float = 0.0
    users: int = 0  # requests holding or awaiting this host's state


def check_url(url: str) -> httpx.URL:
    """The parsed URL, or UnsupportedURL for anything but absolute http(s) URLs."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise UnsupportedURL(f"invalid URL: {exc}", url=url) from exc
    if not parsed.scheme:
        raise UnsupportedURL("not an absolute URL (no http:// or https://)", url=url)
    if parsed.scheme not in ("http", "https"):
        raise UnsupportedURL(
            f"unsupported URL scheme {parsed.scheme!r}: only http and https", url=url
        )
    if not parsed.host:
        raise UnsupportedURL("URL has no host", url=url)
    return parsed


def _redirect_target(current: str, location: str, seen: set[str], status: int) -> str:
    """The absolute URL a redirect points to; UnsupportedURL or TooManyRedirects (a loop)."""
    target = urljoin(current, location.strip())
    try:
        target = str(check_url(target))
    except UnsupportedURL as exc:
        raise UnsupportedURL(f"redirect to {target}: {exc}", url=current) from exc
    if target in seen:
        raise TooManyRedirects(f"redirect loop at {target}", url=current, status=status)
    return target


class Fetcher:
    """One shared httpx.AsyncClient; limits, robots, retries, size cap.

    Use as `async with Fetcher(options) as fetcher: page = await fetcher.fetch(url)`.
    """

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        o = self.options
        # made here, not in __init__: asyncio primitives belong to the loop that uses them
        self._global = asyncio.Semaphore(max(o.concurrency, 1))
        self._hosts: dict[str, _Host] = {}
        self._robots = RobotsCache(self._fetch_robots, o.user_agent)
        self._client = httpx.AsyncClient(
            transport=GuardedTransport(o),
            timeout=httpx.Timeout(
                connect=o.connect_timeout, read=o.read_timeout, write=o.read_timeout,
                pool=o.timeout,
            ),
            headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate",
                     "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"},
            follow_redirects=False,
            trust_env=False,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def fetch(
        self, url: str, *, headers: Mapping[str, str] | None = None, html_only: bool = True
    ) -> Page:
        """Raises a FetchError subclass. html_only=False accepts any content type (feeds,
        sitemaps, robots). A 304 Not Modified answer to a conditional request (If-None-Match /
        If-Modified-Since in headers) returns a Page with status 304 and empty content."""
        return await self._get(
            url, headers=headers, html_only=html_only, robots=self.options.respect_robots,
            limit=self.options.max_bytes, truncate=False,
        )

    async def robots_sitemaps(self, url: str) -> list[str]:
        """The sitemaps listed by the robots.txt governing `url`: the same fetch, kept for a
        day, that the robots rules come from."""
        return await self._robots.sitemaps(url)

    async def _fetch_robots(self, url: str) -> Page:
        return await self._get(
            url, headers=None, html_only=False, robots=False, limit=MAX_ROBOTS_BYTES,
            truncate=True,
        )

    async def _get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None,
        html_only: bool,
        robots: bool,
        limit: int,
        truncate: bool,
    ) -> Page:
        if self._client is None:
            raise RuntimeError("use the Fetcher inside 'async with Fetcher(...)'")
        try:
            extra = {k.lower(): v for k, v in (headers or {}).items()}
            current = str(check_url(url))
            seen = {current}
            for _hop in range(self.options.max_redirects + 1):
                delay = self.options.per_host_delay
                if robots:
                    if not await self._robots.allowed(current):
                        raise RobotsDisallowed("skipped: robots", url=url)
                    asked = await self._robots.crawl_delay(current)
                    if asked:
                        delay = max(delay, min(asked, self.options.max_retry_after))
                status, resp_headers, body = await self._with_retries(
                    _Hop(current, extra, html_only, limit, truncate, delay)
                )
                if status in _REDIRECTS and "location" in resp_headers:
                    target = _redirect_target(current, resp_headers["location"], seen, status)
                    if httpx.URL(target).host != httpx.URL(current).host:
                        extra = {k: v for k, v in extra.items() if k not in _SENSITIVE}
                    seen.add(target)
                    current = target
                    continue
                if status == 304 and any(k in extra for k in _CONDITIONAL):
                    body = b""
                elif not 200 <= status < 300:
                    raise HTTPStatusError(f"HTTP {status}", url=url, status=status)
                elif (
                    html_only
                    and media_type(resp_headers.get("content-type")) in _SNIFF_TYPES
                    and not looks_like_html(body)
                ):
                    kind = resp_headers.get("content-type") or "no content type"
                    raise NotHTML(f"skipped: not HTML ({kind})", url=url, status=status)
                return Page(
                    url=current, content=body, requested_url=url, status=status,
                    headers=resp_headers, fetched_at=datetime.now(UTC), origin="http",
                )
            raise TooManyRedirects(
                f"more than {self.options.max_redirects} redirects", url=url, status=status
            )
        except FetchError as exc:
            # errors name the URL asked for, and the redirect hop where it happened if any
            if exc.url and exc.url != url and exc.url != str(check_url(url)):
                exc.args = (f"{exc} (at {exc.url})",)
            exc.url = url
            raise

    async def _with_retries(self, hop: _Hop) -> tuple[int, dict[str, str], bytes]:
        o = self.options

        def wait(state: Any) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, _Transient) and exc.retry_after is not None:
                return min(exc.retry_after, o.max_retry_after)
            base = min(o.backoff * 2 ** (state.attempt_number - 1), o.max_backoff)
            return base + wait_random(0, base)(state)  # jitter: up to the base again

        def note(state: Any) -> None:
            log.debug("retrying %s in %.2fs after: %s", hop.url,
                      state.next_action.sleep if state.next_action else 0.0,
                      state.outcome.exception() if state.outcome else "?")

        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(max(o.retries, 0) + 1),
                retry=retry_if_exception_type(_Transient),
                wait=wait,
                before_sleep=note,
                reraise=True,
            ):
                with attempt:
                    return await self._attempt(hop)
        except _Transient as exc:
            exc.error.url = exc.error.url or hop.url
            raise exc.error from exc.__cause__
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.contextmanager
    def _host(self, url: httpx.URL) -> Iterator[_Host]:
        """The politeness state of url's host, kept while in use (a long crawl meets many
        hosts: idle ones are forgotten once their delay has passed)."""
        key = f"{url.host}:{url.port or (443 if url.scheme == 'https' else 80)}"
        host = self._hosts.get(key)
        if host is None:
            if len(self._hosts) >= _SWEEP_HOSTS:
                now = time.monotonic()
                self._hosts = {
                    k: h for k, h in self._hosts.items() if h.users or h.next_start > now
                }
            host = self._hosts[key] = _Host(
                asyncio.Semaphore(max(self.options.per_host_concurrency, 1)), asyncio.Lock()
            )
        host.users += 1
        try:
            yield host
        finally:
            host.users -= 1

    @contextlib.asynccontextmanager
    async def _slot(self, host: _Host, delay: float) -> AsyncIterator[None]:
        """A global slot, taken `delay` seconds at least after the previous request to this
        host was sent (stamped once the slot is held, so the gap is real on the wire)."""
        if delay > 0:
            async with host.lock:
                wait = host.next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                await self._global.acquire()
                host.next_start = time.monotonic() + delay
        else:
            await self._global.acquire()
        try:
            yield
        finally:
            self._global.release()

    async def _attempt(self, hop: _Hop) -> tuple[int, dict[str, str], bytes]:
        url = hop.url
        with self._host(httpx.URL(url)) as host:
            async with host.slots, self._slot(host, hop.delay):
                try:
                    async with asyncio.timeout(self.options.timeout):
                        return await self._exchange(hop)
                except TimeoutError as exc:
                    raise _Transient(
                        FetchError(f"timed out after {self.options.timeout:g}s", url=url)
                    ) from exc
                except httpx.TimeoutException as exc:
                    raise _Transient(FetchError(f"timed out: {exc}", url=url)) from exc
                except httpx.TransportError as exc:
                    if _certificate_error(exc):  # asking again will not fix a certificate
                        raise FetchError(f"TLS certificate rejected: {exc}", url=url) from exc
                    raise _Transient(
                        FetchError(f"connection failed: {exc or type(exc).__name__}", url=url)
                    ) from exc
                except BlockedAddress as exc:
                    exc.url = exc.url or url
                    raise

    async def _exchange(self, hop: _Hop) -> tuple[int, dict[str, str], bytes]:
        assert self._client is not None
        url = hop.url
        request = self._client.build_request("GET", url, headers=hop.headers)
        response = await self._client.send(request, stream=True)
        try:
            status = response.status_code
            resp_headers = dict(response.headers)
            if _retryable_status(status):
                raise _Transient(
                    HTTPStatusError(f"HTTP {status}", url=url, status=status),
                    parse_retry_after(response.headers.get("retry-after")),
                )
            if not 200 <= status < 300:
                return status, resp_headers, b""
            kind = media_type(response.headers.get("content-type"))
            if hop.html_only and kind not in _HTML_TYPES and kind not in _SNIFF_TYPES:
                raise NotHTML(f"skipped: not HTML ({kind})", url=url, status=status)
            body = await read_body(response, hop.limit, truncate=hop.truncate, url=url)
            return status, resp_headers, body
        finally:
            await response.aclose()


async def afetch(
    url: str,
    *,
    options: FetchOptions | None = None,
    headers: Mapping[str, str] | None = None,
    html_only: bool = True,
) -> Page:
    """Fetch one page (async). Raises a FetchError subclass on failure."""
    async with Fetcher(options) as fetcher:
        return await fetcher.fetch(url, headers=headers, html_only=html_only)


def fetch(
    url: str,
    *,
    options: FetchOptions | None = None,
    headers: Mapping[str, str] | None = None,
    html_only: bool = True,
) -> Page:
    """Fetch one page: final URL, status, headers, bytes. Raises a FetchError subclass.
    Not for use inside a running event loop: await `afetch` there."""
    return asyncio.run(afetch(url, options=options, headers=headers, html_only=html_only))
