"""The sync API where people call it: plain scripts, and code already inside an event loop
(a notebook, an async web handler)."""

from __future__ import annotations

import asyncio
import threading
import time

import cleannews
from cleannews import Article, ErrorRecord, FetchOptions

ARTICLE = (b"<html><head><title>Flood</title></head><body><article><h1>River floods town</h1>"
           + b"<p>The river rose overnight and flooded the old town, officials said. </p>" * 5
           + b"</article></body></html>")
LOCAL = FetchOptions(allow_private=True, retries=0, timeout=5)


def test_scrape_and_fetch_inside_a_running_loop(http_server):
    http_server.route("/a", body=ARTICLE)

    async def notebook_cell() -> tuple[Article, int | None]:
        article = cleannews.scrape(http_server.url("/a"), options=LOCAL)
        page = cleannews.fetch(http_server.url("/a"), options=LOCAL)
        return article, page.status

    article, status = asyncio.run(notebook_cell())
    assert article.headline == "River floods town" and status == 200


def test_scrape_all_is_a_sync_iterator_in_and_out_of_a_loop(http_server):
    http_server.route("/a", body=ARTICLE)
    urls = [http_server.url("/a"), http_server.url("/missing")]
    items = list(cleannews.scrape_all(urls, options=LOCAL))
    assert {i.requested_url for i in items} == set(urls)
    kinds = {i.requested_url: type(i) for i in items}
    assert kinds == {urls[0]: Article, urls[1]: ErrorRecord}

    async def in_loop() -> list:
        return list(cleannews.scrape_all(urls, options=LOCAL))

    assert {i.requested_url for i in asyncio.run(in_loop())} == set(urls)


def test_leaving_scrape_all_early_stops_the_fetching(http_server, monkeypatch):
    crashed: list = []
    monkeypatch.setattr(threading, "excepthook", crashed.append)

    def slow(req):
        time.sleep(0.3)
        http_server.send(req, 200, ARTICLE)

    http_server.route("/slow", slow)
    urls = [http_server.url(f"/slow?{n}") for n in range(40)]
    before = threading.active_count()
    started = time.monotonic()
    for _item in cleannews.scrape_all(urls, options=FetchOptions(
            allow_private=True, retries=0, concurrency=2, per_host_concurrency=2)):
        break
    assert time.monotonic() - started < 5  # 40 pages two at a time would take 6 s
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() <= before
    assert sum(http_server.hits.values()) < 40
    assert crashed == []  # the worker thread ended quietly
