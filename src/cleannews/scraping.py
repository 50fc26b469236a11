"""fetch + extract: one URL to one Article, many URLs to one Article or ErrorRecord each.

A single call raises a typed error; a batch yields failures as values so a long run goes on.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import replace
from functools import partial

from . import blocking
from .config import ExtractOptions, FetchOptions
from .errors import CleannewsError, FetchError, WorkerCrashed
from .extraction.article import extract
from .extraction.guarded import safe_extract
from .models import Article, ErrorRecord
from .net.fetcher import Fetcher
from .workers import ignore_interrupts

log = logging.getLogger(__name__)


async def ascrape(
    url: str,
    *,
    options: FetchOptions | None = None,
    extract_options: ExtractOptions | None = None,
) -> Article:
    """Fetch and extract one article (async). Raises FetchError or ExtractError subclasses."""
    async with Fetcher(options) as fetcher:
        page = await fetcher.fetch(url)
    return await asyncio.to_thread(extract, page, options=extract_options)  # off the loop


def scrape(
    url: str,
    *,
    options: FetchOptions | None = None,
    extract_options: ExtractOptions | None = None,
) -> Article:
    """Fetch and extract one article. Raises FetchError or ExtractError subclasses.
    Works inside a running event loop too (a notebook): it then runs on a private loop in a
    worker thread; async code had better `await ascrape(...)`."""
    return blocking.run(ascrape(url, options=options, extract_options=extract_options))


async def _one(fetcher: Fetcher, url: str, extract_options: ExtractOptions | None,
               pool: Executor | None) -> Article | ErrorRecord:
    try:
        page = await fetcher.fetch(url)
    except CleannewsError as exc:
        exc.url = url  # the record answers for the URL asked for, even after redirects
        return ErrorRecord.from_exception(exc, url=url, stage=exc.stage, requested_url=url)
    except Exception as exc:  # a bug on one page must not end a batch of thousands
        log.exception("unexpected error fetching %s", url)
        error = FetchError(f"fetch crashed: {type(exc).__name__}: {exc}", url=url)
        return ErrorRecord.from_exception(error, url=url, stage=error.stage, requested_url=url)
    # Off the event loop (a thread, or `pool`), so that fetches in flight go on meanwhile.
    loop = asyncio.get_running_loop()
    try:
        result = await loop.run_in_executor(pool, partial(safe_extract, page, extract_options))
    except Exception as exc:  # the worker process died (BrokenProcessPool)
        error = WorkerCrashed(f"extraction worker failed: {type(exc).__name__}: {exc}", url=url)
        return ErrorRecord.from_exception(error, url=url, stage=error.stage, requested_url=url)
    if isinstance(result, ErrorRecord):
        return dataclasses.replace(result, url=url, requested_url=url)
    return result


async def _aiter(urls: Iterable[str] | AsyncIterable[str]) -> AsyncIterator[str]:
    if isinstance(urls, AsyncIterable):
        async for url in urls:
            yield url
    else:
        for url in urls:
            yield url


async def scrape_many(
    urls: Iterable[str] | AsyncIterable[str],
    *,
    options: FetchOptions | None = None,
    extract_options: ExtractOptions | None = None,
    workers: int = 0,
    headers: Mapping[str, str] | None = None,
    cookies: Mapping[str, str] | None = None,
    proxy: str | None = None,
) -> AsyncIterator[Article | ErrorRecord]:
    """Yield an Article or an ErrorRecord for every URL, in the order they complete.

    Concurrency is bounded by `options` (global and per host); URLs are read lazily, so a
    long list or an endless async source is fine. Never raises for one URL's failure.
    `workers` > 0 extracts in that many processes: extraction is CPU-bound and pure, so this
    pays where there are cores to spare (on 2 busy cores, inline measured faster).
    `headers` and `cookies` are added to those of `options` for every request; `proxy`
    replaces its proxy (see FetchOptions).
    """
    options = _with_request_settings(options, headers, cookies, proxy)
    window = max(options.concurrency, 1) * 2  # keep the fetch slots full while others extract
    pool = None
    if workers > 0:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"),
                                   initializer=ignore_interrupts)
    async with Fetcher(options) as fetcher:
        pending: set[asyncio.Task[Article | ErrorRecord]] = set()
        source = _aiter(urls)
        exhausted = False
        try:
            while pending or not exhausted:
                while not exhausted and len(pending) < window:
                    try:
                        url = await anext(source)
                    except StopAsyncIteration:
                        exhausted = True
                        break
                    pending.add(asyncio.ensure_future(_one(fetcher, url, extract_options, pool)))
                if not pending:
                    break
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    yield task.result()
        finally:
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
            if pool is not None:
                pool.shutdown(cancel_futures=True)


def scrape_all(
    urls: Iterable[str],
    *,
    options: FetchOptions | None = None,
    extract_options: ExtractOptions | None = None,
    workers: int = 0,
    headers: Mapping[str, str] | None = None,
    cookies: Mapping[str, str] | None = None,
    proxy: str | None = None,
) -> Iterator[Article | ErrorRecord]:
    """scrape_many for sync code: `for item in scrape_all(urls)` yields an Article or an
    ErrorRecord per URL, in the order they complete, with the same concurrency. Works with
    or without a running event loop; breaking out of the loop stops the fetching."""
    options = _with_request_settings(options, headers, cookies, proxy)
    return blocking.iterate(
        lambda: scrape_many(urls, options=options, extract_options=extract_options,
                            workers=workers),
        buffer=max(options.concurrency, 1) * 2,
    )


def _with_request_settings(
    options: FetchOptions | None, headers: Mapping[str, str] | None,
    cookies: Mapping[str, str] | None, proxy: str | None,
) -> FetchOptions:
    """`options` (or the defaults) with `headers` and `cookies` added and `proxy` set."""
    options = options or FetchOptions()
    if not (headers or cookies or proxy):
        return options
    return replace(options, headers={**options.headers, **(headers or {})},
                   cookies={**options.cookies, **(cookies or {})},
                   proxy=proxy or options.proxy)
