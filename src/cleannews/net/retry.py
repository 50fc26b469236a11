"""Retries: which failures are worth another attempt, how long to wait before it, and the
time budget of one URL that every attempt and wait is charged to."""

from __future__ import annotations

import asyncio
import itertools
import logging
import random
import ssl
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

import httpx

from ..config import FetchOptions
from ..errors import FetchError

log = logging.getLogger(__name__)

T = TypeVar("T")


class Transient(Exception):
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


def is_certificate_error(exc: BaseException) -> bool:
    """Whether a TLS certificate was rejected somewhere in the chain of causes (asking
    again will not fix a certificate)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def retryable_status(status: int) -> bool:
    """Statuses that say 'not now' rather than 'no': timeouts, rate limits, server errors."""
    return status in (408, 429) or 500 <= status < 600


class Budget:
    """The time one URL may take, over everything done for it: robots.txt, every redirect
    hop, every attempt and every wait between attempts. Waiting for our own concurrency
    slots and politeness delays is not charged: that is the crawl's pace, not the URL's."""

    def __init__(self, deadline: float | None) -> None:
        self.deadline = deadline
        self.spent = 0.0
        self.attempts = 0

    def remaining(self) -> float:
        return float("inf") if self.deadline is None else self.deadline - self.spent

    def exceeded(self, url: str, last: BaseException | None = None) -> FetchError:
        """The error that ends the URL, with the real time spent and the attempts made."""
        cause = f"; last: {last}" if last is not None else ""
        return FetchError(
            f"gave up at the deadline of {self.deadline:g}s: {self.spent:.1f}s and "
            f"{self.attempts} attempt(s), robots.txt, redirects and retries included{cause}",
            url=url,
        )


def retry_wait(attempt: int, retry_after: float | None, options: FetchOptions) -> float:
    """Seconds before attempt `attempt` + 1: the server's Retry-After (capped), else an
    exponential backoff with jitter (up to the base again), so clients do not stampede."""
    if retry_after is not None:
        return min(retry_after, options.max_retry_after)
    base = min(options.backoff * 2 ** (attempt - 1), options.max_backoff)
    return base + random.uniform(0, base)


async def with_retries(
    attempt: Callable[[], Awaitable[T]], options: FetchOptions, url: str, budget: Budget
) -> T:
    """`attempt()` again after each Transient failure, up to options.retries more times
    and within the budget; the last failure's FetchError is raised."""
    for number in itertools.count(1):
        try:
            return await attempt()
        except Transient as exc:
            exc.error.url = exc.error.url or url
            if number > max(options.retries, 0):
                if number > 1:
                    exc.error.args = (f"{exc.error} ({number} attempts, {budget.spent:.1f}s)",)
                raise exc.error from exc.__cause__
            pause = retry_wait(number, exc.retry_after, options)
            if pause >= budget.remaining():
                raise budget.exceeded(url, exc.error) from exc.__cause__
            log.debug("retrying %s in %.2fs after: %s", url, pause, exc.error)
            await asyncio.sleep(pause)
            budget.spent += pause
    raise AssertionError("unreachable")  # pragma: no cover


def timed_out(exc: httpx.TimeoutException, o: FetchOptions) -> str:
    """What timed out, and after how long (httpx's own message is often empty)."""
    what = {httpx.ConnectTimeout: f"connecting (limit {o.connect_timeout:g}s)",
            httpx.ReadTimeout: f"waiting for data (no bytes for {o.read_timeout:g}s)",
            httpx.WriteTimeout: f"sending the request (limit {o.read_timeout:g}s)",
            httpx.PoolTimeout: f"waiting for a free connection (limit {o.timeout:g}s)"}
    return f"timed out {what.get(type(exc), type(exc).__name__)}" + (f": {exc}" if str(exc) else "")
