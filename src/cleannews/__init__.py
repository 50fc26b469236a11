"""cleannews: clean JSON records (headline, byline, dateline, body) from news pages."""

from __future__ import annotations

import logging

__version__ = "0.1.0"

from . import warc  # cleannews.warc.extract_warc (warcio loads on first use)
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
from .extract import extract
from .fetch import Fetcher, afetch, fetch
from .models import Article, ErrorRecord, Page
from .scrape import ascrape, scrape, scrape_many

logging.getLogger("cleannews").addHandler(logging.NullHandler())

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
