"""safe_extract(): the one "extract without crashing" wrapper every verb uses.

A run over thousands of pages must not end on one of them, nor stall on it: whatever goes
wrong becomes exactly one ErrorRecord whose type is a class of the error tree, and an
extraction that overruns its time limit is stopped by the watchdog (timelimit.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..config import ExtractOptions
from ..errors import CleannewsError, ExtractError, TimeLimitExceeded
from ..models import Article, ErrorRecord, Page, Stage
from .article import extract
from .timelimit import time_limit

log = logging.getLogger(__name__)

# The watchdog fires this long after the budget by default: the budget already bounds the
# fallback, so the grace only lets an extraction that is nearly done finish its record.
_GRACE = 1.0


def safe_extract(
    page: Page,
    options: ExtractOptions | None = None,
    *,
    extractor: Callable[..., Article] | None = None,
    limit: float | None = None,
) -> Article | ErrorRecord:
    """extract() (or `extractor`) on one page; an Article, or an ErrorRecord for any failure.

    `limit` (seconds) is when the extraction is stopped; by default the options' time budget
    plus a short grace. 0 means no limit.
    """
    options = options or ExtractOptions()
    if limit is None:
        limit = options.time_budget + _GRACE if options.time_budget else 0
    try:
        with time_limit(limit):
            return (extractor or extract)(page, options=options)
    except TimeLimitExceeded:
        return ErrorRecord(
            url=page.url, stage=Stage.EXTRACT, type=TimeLimitExceeded.__name__,
            message=f"extraction took longer than {limit} s", status=page.status,
            requested_url=page.requested_url,
        )
    except CleannewsError as exc:
        return ErrorRecord.from_exception(exc, url=page.url, stage=exc.stage,
                                          requested_url=page.requested_url)
    except Exception as exc:  # a bug met on one page of thousands must not end the run
        log.exception("%s: extraction crashed", page.url)
        error = ExtractError(f"extraction crashed: {type(exc).__name__}: {exc}", url=page.url)
        return ErrorRecord.from_exception(error, url=page.url, stage=Stage.EXTRACT,
                                          requested_url=page.requested_url)
