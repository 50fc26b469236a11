"""Retries: which failures are worth another attempt, and how long to wait before it."""

from __future__ import annotations

import logging
import ssl
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_random

from ..config import FetchOptions
from ..errors import FetchError

log = logging.getLogger("cleannews")

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


async def with_retries(attempt: Callable[[], Awaitable[T]], options: FetchOptions, url: str) -> T:
    """`attempt()` again after each Transient failure, with exponential backoff and jitter
    (or the server's Retry-After, capped), up to options.retries more times; the last
    failure's FetchError is raised."""
    o = options

    def wait(state: Any) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, Transient) and exc.retry_after is not None:
            return min(exc.retry_after, o.max_retry_after)
        base = min(o.backoff * 2 ** (state.attempt_number - 1), o.max_backoff)
        return base + wait_random(0, base)(state)  # jitter: up to the base again

    def note(state: Any) -> None:
        log.debug("retrying %s in %.2fs after: %s", url,
                  state.next_action.sleep if state.next_action else 0.0,
                  state.outcome.exception() if state.outcome else "?")

    try:
        async for retrying in AsyncRetrying(
            stop=stop_after_attempt(max(o.retries, 0) + 1),
            retry=retry_if_exception_type(Transient),
            wait=wait,
            before_sleep=note,
            reraise=True,
        ):
            with retrying:
                return await attempt()
    except Transient as exc:
        exc.error.url = exc.error.url or url
        raise exc.error from exc.__cause__
    raise AssertionError("unreachable")  # pragma: no cover
