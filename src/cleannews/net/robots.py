"""robots.txt, fetched once per host and kept, read with protego (a maintained parser that
follows RFC 9309 and Google's extensions: wildcards, `$`, longest match wins)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin, urlsplit

from protego import Protego

from ..errors import FetchError, HTTPStatusError
from ..models import Page

log = logging.getLogger("cleannews")

# RFC 9309 2.5: crawlers must read at least 500 KiB; what lies beyond may be ignored.
MAX_ROBOTS_BYTES = 512_000
# RFC 9309 2.4: a cached robots.txt should not be used for more than 24 hours.
MAX_AGE = 24 * 3600.0
_MAX_HOSTS = 10_000


def robots_url(url: str) -> str:
    """The robots.txt that governs `url` (same scheme, host and port)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched by: 'cleannews/0.1 (+...)' -> 'cleannews'."""
    token = user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"
    return token or "*"


def robots_sitemaps(text: str, base_url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt, in order, without repeats."""
    found: list[str] = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            url = urljoin(base_url, value.split("#")[0].strip())
            if url not in found:
                found.append(url)
    return found


class _Rules:
    """What one host allows; `None` parser means 'everything' or 'nothing' per `allow_all`."""

    def __init__(
        self, parser: Protego | None, *, allow_all: bool, sitemaps: tuple[str, ...] = ()
    ) -> None:
        self.parser = parser
        self.allow_all = allow_all
        self.sitemaps = sitemaps

    def allows(self, url: str, agent: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


ALLOW_ALL = _Rules(None, allow_all=True)
DISALLOW_ALL = _Rules(None, allow_all=False)


def parse_rules(page: Page) -> _Rules:
    """Rules from a fetched robots.txt, read as RFC 9309 says for each outcome."""
    status = page.status or 200
    if 200 <= status < 300:
        text = page.content[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        sitemaps = tuple(robots_sitemaps(text, page.url or ""))
        return _Rules(Protego.parse(text), allow_all=True, sitemaps=sitemaps)
    if 400 <= status < 500:
        return ALLOW_ALL  # "unavailable": no rules
    return DISALLOW_ALL  # "unreachable" (5xx): assume complete disallow


class RobotsCache:
    """robots.txt per scheme+host+port, fetched at most once even under concurrency."""

    def __init__(self, fetch: Callable[[str], Awaitable[Page]], user_agent: str) -> None:
        self._fetch = fetch
        self._agent = agent_token(user_agent)
        self._rules: dict[str, tuple[asyncio.Task[_Rules], float]] = {}

    async def rules_for(self, url: str) -> _Rules:
        key = robots_url(url)
        now = time.monotonic()
        entry = self._rules.get(key)
        if entry is None or now - entry[1] > MAX_AGE:
            if len(self._rules) >= _MAX_HOSTS:
                self._rules.pop(next(iter(self._rules)))  # the oldest host
            # A task, not the caller, loads it: a cancelled caller cannot strand the others.
            entry = self._rules[key] = (asyncio.ensure_future(self._load(key)), now)
        return await asyncio.shield(entry[0])

    async def allowed(self, url: str) -> bool:
        """Whether our User-Agent may fetch `url`."""
        return (await self.rules_for(url)).allows(url, self._agent)

    async def sitemaps(self, url: str) -> list[str]:
        """The sitemaps the host's robots.txt lists (`Sitemap:` lines)."""
        return list((await self.rules_for(url)).sitemaps)

    async def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt asks of us on this host, if any."""
        return (await self.rules_for(url)).crawl_delay(self._agent)

    async def _load(self, key: str) -> _Rules:
        try:
            page = await self._fetch(key)
        except HTTPStatusError as exc:
            return parse_rules(Page(url=key, content=b"", status=exc.status or 500))
        except FetchError as exc:
            # Unreachable host, refused address, oversized file: the page fetch that follows
            # reports the real problem; robots.txt does not stand in its way.
            log.debug("robots.txt %s: %s; no rules applied", key, exc)
            return ALLOW_ALL
        return parse_rules(page)
