"""scrape_many: one record per URL whatever extraction does, and extraction off the loop."""

from __future__ import annotations

import asyncio
import threading

import cleannews
import cleannews.extraction.guarded as guarded
from cleannews import ErrorRecord, FetchOptions
from cleannews.config import ExtractOptions

STORY = (b"<html><head><title>Storm hits coast</title></head><body><article><h1>Storm hits coast"
         b"</h1>" + b"<p>The storm reached the coast on Monday night, officials said.</p>" * 4
         + b"</article></body></html>")
FAST = FetchOptions(allow_private=True, backoff=0.01, max_backoff=0.02, timeout=5.0,
                    connect_timeout=2.0, read_timeout=2.0)


def scrape_all(urls, **kwargs) -> dict:
    async def go():
        return [item async for item in cleannews.scrape_many(urls, options=FAST, **kwargs)]

    return {item.url: item for item in asyncio.run(go())}


def test_every_failure_is_one_typed_record_and_extraction_is_off_the_loop(http_server,
                                                                           monkeypatch):
    for name in ("good", "crash", "slow", "again"):
        http_server.route(f"/{name}", body=STORY)
    urls = [http_server.url(f"/{name}") for name in ("good", "crash", "slow", "again")]
    real, threads = guarded.extract, set()

    def extract(page, *, options=None):
        threads.add(threading.get_ident())
        if page.url.endswith("/crash"):
            raise IndexError("list index out of range")
        if page.url.endswith("/slow"):
            while True:  # stopped by the page's time budget
                pass
        return real(page, options=options)

    monkeypatch.setattr(guarded, "extract", extract)
    items = scrape_all(urls, extract_options=ExtractOptions(time_budget=0.2))
    assert set(items) == set(urls)
    assert items[urls[0]].headline == items[urls[3]].headline == "Storm hits coast"
    crash, slow = items[urls[1]], items[urls[2]]
    assert isinstance(crash, ErrorRecord) and isinstance(slow, ErrorRecord)
    assert (crash.stage, crash.type) == ("extract", "ExtractError")
    assert (slow.stage, slow.type) == ("extract", "TimeLimitExceeded")
    assert threading.get_ident() not in threads  # the event loop ran in this thread


def test_the_inputs_that_broke_extraction_give_one_record_each(http_server):
    from fuzzing import FOUND

    urls = []
    for n, page in enumerate(FOUND):
        http_server.route(f"/{n}", body=page.encode() if isinstance(page, str) else page)
        urls.append(http_server.url(f"/{n}"))
    items = scrape_all(urls)
    assert set(items) == set(urls)
    assert all(item.type == "DecodeError" for item in items.values()
               if isinstance(item, ErrorRecord))
