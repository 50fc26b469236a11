"""cleannews: clean JSON records (headline, byline, dateline, body) from news pages."""

from __future__ import annotations

import logging

__version__ = "0.1.0"

from . import warc  # cleannews.warc.extract_warc (warcio loads on first use)
from .config import ExtractOptions  # noqa: E402
from .errors import (  # noqa: E402
    CleannewsError,
    DecodeError,
    ExtractError,
    FetchError,
    InputError,
)
from .extract import extract  # noqa: E402
from .models import Article, ErrorRecord, Page  # noqa: E402

logging.getLogger("cleannews").addHandler(logging.NullHandler())

__all__ = [
    "Article",
    "CleannewsError",
    "DecodeError",
    "ErrorRecord",
    "ExtractError",
    "ExtractOptions",
    "FetchError",
    "InputError",
    "Page",
    "__version__",
    "extract",
    "warc",
]
