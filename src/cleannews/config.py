"""Every frozen option object. Defaults are what a careful user would pick."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
    from .models import Article


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
    # Seconds one page may take, all of its extraction together (0 or None: no budget). The
    # fallback runs only within what is left of it; the verbs stop an extraction that
    # overruns it and write an error record, so that no page stalls a run.
    time_budget: float | None = 5.0


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


@dataclass(frozen=True)
class WarcOptions:
    """How WARC records are extracted, with bounds so that one page cannot stall a file."""

    # HTTP bodies larger than this (after transfer/content decoding) become error records.
    max_record_bytes: int = 5_000_000
    # Seconds of extraction allowed per record; 0 or None means no limit.
    time_limit: float | None = 20.0
    extract_options: ExtractOptions = field(default_factory=ExtractOptions)
    # Page -> Article; a module-level function, since worker processes receive it pickled.
    # Another extractor can run through the same harness (the benchmark runs trafilatura).
    extractor: Callable[..., Article] | None = None  # None: cleannews.extract


@dataclass(frozen=True)
class CollectOptions:
    """What one run may do. `since` drops entries a source dates earlier; `time_budget`
    (seconds) stops the run starting work after that long; leftovers stay pending."""

    out_dir: Path
    state_path: Path
    fetch: FetchOptions = field(default_factory=FetchOptions)
    max_items: int | None = None
    since: datetime | None = None
    time_budget: float | None = None
