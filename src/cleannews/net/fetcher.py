"""The Fetcher: one shared httpx client with global and per-host limits, robots.txt, retries
and manual redirects (every hop checked by the address guard). Pages out, typed FetchErrors
otherwise. The guard, the body caps and the retry policy live in guard, payload and retry."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import httpx

from .. import blocking
from ..config import FetchOptions
from ..errors import (
    BlockedAddress,
    FetchError,
    HTTPStatusError,
    NotHTML,
    RobotsDisallowed,
    TooManyRedirects,
    UnsupportedURL,
)
from ..models import Page
from .guard import GuardedTransport, check_url
from .payload import PAGE_TYPES, SNIFF_TYPES, looks_like_html, media_type, read_body
from .retry import (
    Budget,
    Transient,
    is_certificate_error,
    parse_retry_after,
    retryable_status,
    timed_out,
    with_retries,
)
from .robots import MAX_ROBOTS_BYTES, RobotsCache

log = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CONDITIONAL = ("if-none-match", "if-modified-since")
_SENSITIVE = ("authorization", "cookie", "proxy-authorization")
_SWEEP_HOSTS = 4096
# The budget of the URL being fetched; tasks started for it (its robots.txt) inherit it.
_budget: contextvars.ContextVar[Budget] = contextvars.ContextVar("budget")


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


def _final_page(
    url: str, current: str, status: int, headers: dict[str, str], body: bytes,
    sent: Mapping[str, str], html_only: bool,
) -> Page:
    """The Page of the last hop, or the error its status (or its bytes) make it."""
    if status == 304 and any(k in sent for k in _CONDITIONAL):
        body = b""
    elif not 200 <= status < 300:
        raise HTTPStatusError(f"HTTP {status}", url=url, status=status)
    elif (
        html_only
        and media_type(headers.get("content-type")) in SNIFF_TYPES
        and not looks_like_html(body)
    ):
        kind = headers.get("content-type") or "no content type"
        raise NotHTML(f"skipped: not HTML ({kind})", url=url, status=status)
    return Page(
        url=current, content=body, requested_url=url, status=status,
        headers=headers, fetched_at=datetime.now(UTC), origin="http",
    )


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
        from .proxy import proxy_mounts  # here: proxy.py builds on the guard and this module

        self._client = httpx.AsyncClient(
            transport=GuardedTransport(o),
            mounts=proxy_mounts(o),
            timeout=httpx.Timeout(
                connect=o.connect_timeout, read=o.read_timeout, write=o.read_timeout,
                pool=o.timeout,
            ),
            headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate",
                     "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
                     **o.headers},
            cookies=dict(o.cookies),
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
        started = time.monotonic()
        with self._new_budget():
            page = await self._get(
                url, headers=headers, html_only=html_only, robots=self.options.respect_robots,
                limit=self.options.max_bytes, truncate=False,
            )
        # -v: a progress line per page (the CLI shows INFO)
        log.info("fetched %s: %s, %d bytes in %.2fs", page.url, page.status, len(page.content),
                 time.monotonic() - started)
        return page

    async def robots_sitemaps(self, url: str) -> list[str]:
        """The sitemaps listed by the robots.txt governing `url`: the same fetch, kept for a
        day, that the robots rules come from."""
        with self._new_budget():
            return await self._robots.sitemaps(url)

    @contextlib.contextmanager
    def _new_budget(self) -> Iterator[None]:
        """Everything done inside (robots.txt fetched for it too) is charged to one new
        budget of options.deadline seconds."""
        token = _budget.set(Budget(self.options.deadline))
        try:
            yield
        finally:
            _budget.reset(token)

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
        """Follow redirects hop by hop; every error names the URL asked for."""
        if self._client is None:
            raise RuntimeError("use the Fetcher inside 'async with Fetcher(...)'")
        try:
            extra = {k.lower(): v for k, v in (headers or {}).items()}
            current = str(check_url(url))
            seen = {current}
            status = 0
            for _hop in range(self.options.max_redirects + 1):
                delay = self.options.per_host_delay
                if robots:
                    delay = await self._host_delay(current, url)
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
                return _final_page(url, current, status, resp_headers, body, extra, html_only)
            raise TooManyRedirects(
                f"more than {self.options.max_redirects} redirects", url=url, status=status
            )
        except FetchError as exc:
            # errors name the URL asked for, and the redirect hop where it happened if any
            if exc.url and exc.url != url and exc.url != str(check_url(url)):
                exc.args = (f"{exc} (at {exc.url})",)
            exc.url = url
            raise

    async def _host_delay(self, current: str, url: str) -> float:
        """RobotsDisallowed unless robots.txt allows `current`; else the spacing to keep
        between requests to its host (ours, or a larger Crawl-delay, capped)."""
        if not await self._robots.allowed(current):
            raise RobotsDisallowed(await self._robots.refusal(current), url=url)
        delay = self.options.per_host_delay
        asked = await self._robots.crawl_delay(current)
        if asked:
            delay = max(delay, min(asked, self.options.max_retry_after))
        return delay

    async def _with_retries(self, hop: _Hop) -> tuple[int, dict[str, str], bytes]:
        budget = _budget.get(None) or Budget(self.options.deadline)
        return await with_retries(lambda: self._attempt(hop, budget), self.options, hop.url,
                                  budget)

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

    async def _attempt(self, hop: _Hop, budget: Budget) -> tuple[int, dict[str, str], bytes]:
        """One request of a hop, in its host's and the global slot, charged to the budget."""
        url = hop.url
        with self._host(httpx.URL(url)) as host:
            async with host.slots, self._slot(host, hop.delay):
                remaining = budget.remaining()
                if remaining <= 0:
                    raise budget.exceeded(url)
                budget.attempts += 1
                try:
                    return await self._timed_exchange(hop, budget, remaining)
                except TimeoutError as exc:
                    if remaining <= self.options.timeout:
                        raise budget.exceeded(url) from exc
                    raise Transient(
                        FetchError(f"timed out after {self.options.timeout:g}s", url=url)
                    ) from exc
                except httpx.TimeoutException as exc:
                    raise Transient(FetchError(timed_out(exc, self.options), url=url)) from exc
                except httpx.TransportError as exc:
                    if is_certificate_error(exc):  # asking again will not fix a certificate
                        raise FetchError(f"TLS certificate rejected: {exc}", url=url) from exc
                    raise Transient(
                        FetchError(f"connection failed: {exc or type(exc).__name__}", url=url)
                    ) from exc
                except BlockedAddress as exc:
                    exc.url = exc.url or url
                    raise

    async def _timed_exchange(
        self, hop: _Hop, budget: Budget, remaining: float
    ) -> tuple[int, dict[str, str], bytes]:
        """The exchange within the whole-request timeout (or what is left of the budget)."""
        start = time.monotonic()
        try:
            async with asyncio.timeout(min(self.options.timeout, remaining)):
                return await self._exchange(hop)
        finally:
            budget.spent += time.monotonic() - start

    async def _exchange(self, hop: _Hop) -> tuple[int, dict[str, str], bytes]:
        assert self._client is not None
        url = hop.url
        request = self._client.build_request("GET", url, headers=hop.headers)
        response = await self._client.send(request, stream=True)
        try:
            status = response.status_code
            resp_headers = dict(response.headers)
            if retryable_status(status):
                raise Transient(
                    HTTPStatusError(f"HTTP {status}", url=url, status=status),
                    parse_retry_after(response.headers.get("retry-after")),
                )
            if not 200 <= status < 300:
                return status, resp_headers, b""
            kind = media_type(response.headers.get("content-type"))
            if hop.html_only and kind not in PAGE_TYPES and kind not in SNIFF_TYPES:
                raise NotHTML(f"skipped: not HTML ({kind})", url=url, status=status)
            body = await read_body(response.aiter_raw(), response.headers, hop.limit,
                                   truncate=hop.truncate, url=url)
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
    Inside a running event loop it runs on a private loop in a worker thread."""
    return blocking.run(afetch(url, options=options, headers=headers, html_only=html_only))
