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

log = logging.getLogger(__name__)

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


class RobotsRules:
    """What one host's robots.txt allows; without a parser, 'everything' or 'nothing' per
    `allow_all` (RFC 9309's answers for a missing or an unreachable robots.txt). `source`
    and `text` are kept to say, on a refusal, which file and which rule refused."""

    def __init__(
        self, parser: Protego | None, *, allow_all: bool, sitemaps: tuple[str, ...] = (),
        source: str | None = None, text: str = "", reason: str = "",
    ) -> None:
        self.parser = parser
        self.allow_all = allow_all
        self.sitemaps = sitemaps
        self.source = source
        self.text = text
        self.reason = reason  # why there is no parser, e.g. "answered HTTP 503"

    def allows(self, url: str, agent: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None

    def refusal(self, url: str, agent: str) -> str:
        """Why `url` is refused, naming the robots.txt and the rule."""
        where = self.source or robots_url(url)
        if self.parser is None:
            return f"skipped: robots: {where} {self.reason}: nothing may be fetched"
        rule = disallowing_rule(self.text, url, agent)
        return (f"skipped: robots: {where} disallows it for {agent!r}"
                + (f" ({rule})" if rule else ""))


ALLOW_ALL = RobotsRules(None, allow_all=True)


def disallowing_rule(text: str, url: str, agent: str) -> str | None:
    """The longest Disallow line of the group that applies to `agent` (its own group, else
    `*`) that matches `url`, as 'User-agent: X; Disallow: /path'; None if none is found.
    For messages only: protego decides, this names its reason."""
    groups: list[tuple[list[str], list[str]]] = []
    in_agents = False
    for line in text.splitlines():
        key, _, value = line.split("#", 1)[0].partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if not in_agents:
                groups.append(([], []))
            groups[-1][0].append(value.lower())
            in_agents = True
        elif key in ("allow", "disallow"):
            in_agents = False
            if key == "disallow" and value and groups:
                groups[-1][1].append(value)
    ours = [g for g in groups if agent.lower() in g[0]] or [g for g in groups if "*" in g[0]]
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    best: tuple[str, str] | None = None
    for agents, rules in ours:
        for value in rules:
            prefix = value.split("*", 1)[0].rstrip("$")
            if not path.startswith(prefix) or (best and len(value) <= len(best[1])):
                continue
            if not Protego.parse(f"User-agent: *\nDisallow: {value}").can_fetch(url, "*"):
                best = (agents[0], value)
    return f"User-agent: {best[0]}; Disallow: {best[1]}" if best else None


def parse_rules(page: Page) -> RobotsRules:
    """Rules from a fetched robots.txt, read as RFC 9309 says for each outcome."""
    status = page.status or 200
    if 200 <= status < 300:
        text = page.content[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        sitemaps = tuple(robots_sitemaps(text, page.url or ""))
        return RobotsRules(Protego.parse(text), allow_all=True, sitemaps=sitemaps,
                           source=page.url, text=text)
    if 400 <= status < 500:
        return ALLOW_ALL  # "unavailable": no rules
    # "unreachable" (5xx): assume complete disallow
    return RobotsRules(None, allow_all=False, source=page.url,
                       reason=f"answered HTTP {status}")


class RobotsCache:
    """robots.txt per scheme+host+port, fetched at most once even under concurrency."""

    def __init__(self, fetch: Callable[[str], Awaitable[Page]], user_agent: str) -> None:
        self._fetch = fetch
        self._agent = agent_token(user_agent)
        self._rules: dict[str, tuple[asyncio.Task[RobotsRules], float]] = {}

    async def rules_for(self, url: str) -> RobotsRules:
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

    async def refusal(self, url: str) -> str:
        """The message for a URL robots.txt refuses: which file, which rule."""
        return (await self.rules_for(url)).refusal(url, self._agent)

    async def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt asks of us on this host, if any."""
        return (await self.rules_for(url)).crawl_delay(self._agent)

    async def _load(self, key: str) -> RobotsRules:
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
