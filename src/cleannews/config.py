"""Frozen option objects. Defaults are what a careful user would pick."""

from __future__ import annotations

from dataclasses import dataclass

from . import __version__


@dataclass(frozen=True)
class ExtractOptions:
    """How extraction behaves. Extraction stays a pure function of page, url and these."""

    # Documents larger than this are cut before parsing: bounded time and memory.
    max_input_bytes: int = 20_000_000
    # When cleannews finds no article text at all, ask trafilatura (if installed) instead.
    fallback: bool = True
    # ... but only on documents up to this many characters: trafilatura's time grows faster
    # than linearly with the number of blocks, and a page this large without prose is not
    # an article (a 1 MB page of short lines costs it seconds).
    fallback_max_chars: int = 1_000_000


@dataclass(frozen=True)
class FetchOptions:
    """How pages are fetched: politeness, limits and safety. Times are in seconds."""

    user_agent: str = f"cleannews/{__version__} (+https://github.com/cleannews/cleannews)"
    timeout: float = 30.0  # one whole request: connect, headers and body
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # the longest wait for the next bytes
    max_bytes: int = 10_000_000  # the body after decompression
    max_redirects: int = 10
    concurrency: int = 16  # requests in flight, all hosts together
    per_host_concurrency: int = 4
    per_host_delay: float = 0.0  # between the starts of two requests to one host
    respect_robots: bool = True
    allow_private: bool = False  # lift the refusal of loopback/private addresses
    retries: int = 3  # further attempts after a transient failure
    max_retry_after: float = 60.0  # a longer Retry-After is cut to this
    backoff: float = 0.5  # first retry wait; doubles each time, with jitter
    max_backoff: float = 30.0
