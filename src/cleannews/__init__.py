"""cleannews: clean JSON records (headline, byline, dateline, body) from news pages.

Extraction, the models, options and errors load with the package; the fetch, scrape and
WARC entry points load their stacks (httpx, warcio...) on first use (PEP 562), so that
`import cleannews` and `cleannews extract` stay light.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .config import ExtractOptions, FetchOptions
from .errors import (
    BlockedAddress,
    CleannewsError,
    DecodeError,
    ExtractError,
    FetchError,
    HTTPStatusError,
    InputError,
    NotHTML,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
    UnsupportedURL,
)
from .extraction import extract
from .models import Article, ErrorRecord, Page

if TYPE_CHECKING:
    from . import warc
    from .net.fetcher import Fetcher, afetch, fetch
    from .scraping import ascrape, scrape, scrape_many

logging.getLogger(__name__).addHandler(logging.NullHandler())

# Public name -> the module that defines it, imported when the name is first read.
_LAZY = {
    "Fetcher": "cleannews.net.fetcher",
    "afetch": "cleannews.net.fetcher",
    "fetch": "cleannews.net.fetcher",
    "ascrape": "cleannews.scraping",
    "scrape": "cleannews.scraping",
    "scrape_many": "cleannews.scraping",
}


def __getattr__(name: str) -> Any:
    if name == "warc":
        return importlib.import_module("cleannews.warc")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cleannews' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "Article",
    "BlockedAddress",
    "CleannewsError",
    "DecodeError",
    "ErrorRecord",
    "ExtractError",
    "ExtractOptions",
    "FetchError",
    "FetchOptions",
    "Fetcher",
    "HTTPStatusError",
    "InputError",
    "NotHTML",
    "Page",
    "RobotsDisallowed",
    "TooLarge",
    "TooManyRedirects",
    "UnsupportedURL",
    "__version__",
    "afetch",
    "ascrape",
    "extract",
    "fetch",
    "scrape",
    "scrape_many",
    "warc",
]
