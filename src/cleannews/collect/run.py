"""One scheduled collection run: discover -> filter -> fetch -> extract -> durable write -> state.

Crash safety rests on one order of steps per article: the state marks it `writing` (with the
run and its final URL), the record is written and fsync'd to the run's output, then the
state marks it `collected`. A run that was killed leaves `writing` rows and maybe a torn
last line; the next run cuts the torn line, marks `collected` every row whose record is in
the file and sends the others back to `pending`. Every article thus ends up in exactly one
output line, whenever the process is killed.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..config import CollectOptions
from ..errors import CleannewsError, FetchError, StateMismatch
from ..extraction.guarded import safe_extract
from ..models import Article, ErrorRecord, Page, parse_timestamp
from ..net.fetcher import Fetcher
from ..progress import progress_bar
from .files import RunLock, RunOutput, count_records, repair, run_outputs
from .sources import (
    Entry,
    Listing,
    Site,
    SourceError,
    canonical_url,
    feed_links,
    read_source,
    usual_sitemaps,
)
from .state import Candidate, Item, State, Validators, now

log = logging.getLogger(__name__)

# What extracting a fetched page gave (None where the fetch failed).
Extracted = Article | ErrorRecord | None

# A sitemap index is followed this deep, and this many of its sitemaps (newest first).
MAX_INDEX_DEPTH = 2
MAX_INDEX_CHILDREN = 50


@dataclass
class Summary:
    """The run in numbers: printed as one line, or as JSON with --json-summary."""

    discovered: int = 0  # distinct article URLs the sources listed this run
    new: int = 0  # of those, never seen before
    fetched: int = 0  # articles fetched, extracted and written
    failed: int = 0  # articles whose fetch or extraction failed
    # of those, the ones the server answered for good without an article (404, 410, not
    # HTML, robots): recorded and never fetched again, they do not make a run "all failed"
    gone: int = 0
    skipped: int = 0  # ruled out (include/exclude, --since) or the same article again
    pending: int = 0  # left for a later run (--max-items, --time-budget)
    sources: int = 0  # feeds and sitemaps read
    source_errors: int = 0  # feeds, sitemaps and home pages that could not be read
    output: str | None = None  # the file written this run (none when nothing new)
    seconds: float = 0.0
    recovered: int = 0  # records of a killed run found in its output and marked collected

    def line(self) -> str:
        return (f"collect: discovered {self.discovered}, new {self.new}, "
                f"fetched {self.fetched}, failed {self.failed}, skipped {self.skipped} "
                f"(pending {self.pending}, sources {self.sources}, "
                f"source errors {self.source_errors}) in {self.seconds:.1f}s"
                + (f" -> {self.output}" if self.output else ""))

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def outcome(self) -> tuple[int, int]:
        """(settled, failed) for the exit status. A run is all failed when every article
        tried failed (a 404 and the like is an answer, not a failure of the run) or no
        source could be read at all; then nothing counts as settled."""
        failed = self.failed + self.source_errors
        all_failed = ((self.failed > self.gone and not self.fetched)
                      or (self.source_errors and not self.sources))
        return (0 if all_failed else self.fetched + self.gone + self.sources, failed)


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> float:
    """'90', '90s', '15m', '6h', '2d', '1w' -> seconds. ValueError otherwise."""
    text = text.strip().lower()
    unit = _UNITS.get(text[-1:])
    number = float(text[:-1] if unit else text)
    if number < 0 or number != number:  # negative or NaN
        raise ValueError(text)
    return number * (unit or 1)


def parse_since(text: str, *, now: datetime | None = None) -> datetime:
    """An ISO date or datetime (UTC unless it says), or a duration back from now ('36h')."""
    when = parse_timestamp(text)
    if when is not None:
        return when
    return (now or datetime.now(UTC)) - timedelta(seconds=parse_duration(text))


def output_name(started: datetime) -> str:
    """The run's file: its start time in UTC, then its number ("{run}" is filled in by the
    state), e.g. 20261125T130500Z-run7.jsonl; names sort in the order the runs started."""
    return started.strftime("%Y%m%dT%H%M%SZ") + "-run{run}.jsonl"


def run(sites: Sequence[Site], options: CollectOptions) -> Summary:
    """Run one collection; raises AlreadyRunning when another run holds the state, and
    OSError, before anything is fetched, when the output folder cannot be one."""
    options.state_path.parent.mkdir(parents=True, exist_ok=True)
    options.out_dir.mkdir(parents=True, exist_ok=True)  # a file there fails here, not at the end
    site_proxies = {k: v for site in sites for k, v in site.proxy_mount().items()}
    if site_proxies:
        fetch = replace(options.fetch, proxies={**options.fetch.proxies, **site_proxies})
        options = replace(options, fetch=fetch)
    with RunLock(options.state_path):
        earlier = _earlier_outputs(options)
        with State(options.state_path) as state:
            if earlier:
                state.adopt(_collected_rows(earlier))
            return asyncio.run(_Run(sites, options, state).go())


def _earlier_outputs(options: CollectOptions) -> list[Path]:
    """The run files to rebuild a new or empty state from: StateMismatch if there are
    records and no --rebuild-state (they would all be collected again); [] otherwise."""
    path = options.state_path
    if path.exists() and path.stat().st_size > 0:
        return []
    outputs = run_outputs(options.out_dir)
    records = count_records(outputs)
    if records and not options.rebuild_state:
        raise StateMismatch(
            f"the state {path} is {'empty' if path.exists() else 'new'} but {options.out_dir} "
            f"holds {records} records of earlier runs, which would all be collected again. "
            "Give the state file those runs used, or --rebuild-state to take them as collected."
        )
    return outputs if records else []


def _collected_rows(outputs: list[Path]) -> Iterator[tuple[str, str, str, str | None]]:
    """(key, url, final key, content hash) of every record in `outputs`."""
    for path in outputs:
        for record in repair(path):
            url = record.get("url")
            if not isinstance(url, str):
                continue
            requested = record.get("requested_url")  # what the state keys on
            key = canonical_url(requested if isinstance(requested, str) else url)
            final = canonical_url(record.get("canonical_url") or url)
            article = Article(headline=record.get("headline"), body=record.get("body") or "")
            yield key, url, final, content_hash(article)


class _Run:
    def __init__(self, sites: Sequence[Site], options: CollectOptions, state: State):
        self.sites = sites
        self.options = options
        # A site's own [site.rules] first: for its host it is the more specific word.
        own = tuple(site.rules for site in sites if site.rules is not None)
        self.extract_options = replace(options.extract, rules=own + options.extract.rules)
        self.state = state
        self.summary = Summary()
        self.started = time.monotonic()
        self.deadline = (self.started + options.time_budget
                         if options.time_budget is not None else None)
        self.headers = {site.url: dict(site.headers) for site in sites}  # per site, as asked
        self.seen: set[str] = set()  # article keys listed so far this run
        self.read: set[str] = set()  # feeds and sitemaps read so far this run

    def remaining(self) -> float | None:
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    async def go(self) -> Summary:
        self.summary.recovered = reconcile(self.state)
        out_dir = self.options.out_dir.resolve()
        run_id, path = self.state.begin_run(str(out_dir / output_name(datetime.now(UTC))))
        output = RunOutput(path)
        try:
            async with Fetcher(self.options.fetch) as fetcher:
                try:
                    await asyncio.wait_for(self._discover_all(fetcher), self.remaining())
                except TimeoutError:
                    log.warning("time budget spent during discovery")
                items = self.state.due(self.options.since)
                if self.options.max_items is not None:
                    items = items[: self.options.max_items]
                with output:
                    await self._fetch_all(fetcher, items, run_id, output)
        finally:
            self.summary.pending = self.state.count("pending")
            # Shown under the --out the user gave; the state keeps the absolute path.
            written = self.options.out_dir / output.path.name
            self.summary.output = str(written) if output.written else None
            self.summary.seconds = round(time.monotonic() - self.started, 3)
            self.state.finish_run(run_id, self.summary.to_dict())
        return self.summary

    # --- discovery -----------------------------------------------------------------------

    async def _discover_all(self, fetcher: Fetcher) -> None:
        await asyncio.gather(*(self._discover(fetcher, site) for site in self.sites))

    async def _discover(self, fetcher: Fetcher, site: Site) -> None:
        """Read the site's sources. Discovery (its home page's feeds, robots.txt's sitemaps,
        the usual sitemap paths) runs on the site's first run or when asked (--discover);
        later runs read the sources it found, which the state remembers."""
        named = list(dict.fromkeys(site.feeds + site.sitemaps))
        remembered = None if self.options.discover else self.state.discovered(site.url)
        if remembered is not None:
            await asyncio.gather(*(self._source(fetcher, site, url)
                                   for url in dict.fromkeys(named + list(remembered))))
            return
        feeds: list[str] = []
        home_read = False
        try:
            home = await fetcher.fetch(site.url, headers=self.headers[site.url])
            feeds = feed_links(home.content, home.url or site.url, home.content_type)
            home_read = True
        except CleannewsError as exc:
            self._source_failed(site.url, site.url, exc)
        sitemaps = await fetcher.robots_sitemaps(site.url)
        found = [u for u in dict.fromkeys(feeds + sitemaps) if u not in named]
        probes = [] if site.sitemaps or sitemaps else usual_sitemaps(site.url)
        outcomes = await asyncio.gather(
            *(self._source(fetcher, site, url) for url in named + found),
            *(self._source(fetcher, site, url, probe=True) for url in probes),
        )
        if home_read:  # else the next run tries discovery again
            answered = [u for u, ok in zip(probes, outcomes[len(named) + len(found):],
                                           strict=True) if ok]
            self.state.remember_discovered(site.url, found + answered)

    async def _source(self, fetcher: Fetcher, site: Site, url: str, *, probe: bool = False,
                      depth: int = 0) -> bool:
        """Read one feed or sitemap (conditionally) and record its entries; False when it
        could not be read."""
        if url in self.read:  # named twice, or a sitemap index that lists itself
            return True
        self.read.add(url)
        old = self.state.validators(url)
        headers = dict(self.headers[site.url])
        if old.etag:
            headers["If-None-Match"] = old.etag
        if old.last_modified:
            headers["If-Modified-Since"] = old.last_modified
        try:
            page = await fetcher.fetch(url, headers=headers, html_only=False)
        except CleannewsError as exc:
            self._source_failed(site.url, url, exc, probe=probe)
            return False
        body_hash = hashlib.sha256(page.content).hexdigest()
        if page.status == 304 or body_hash == old.body_hash:
            log.debug("%s: not modified", url)
            self.state.record_source(url, site.url, _validators(page, old, body_hash),
                                     "not modified")
            children = list(old.children)
        else:
            try:
                listing = read_source(page.content, page.url or url)
            except SourceError as exc:
                self._source_failed(site.url, url, exc, probe=probe)
                return False
            children = self._children(listing)
            candidates = self._candidates(site, listing.entries)
            self.summary.new += self.state.record_source(
                url, site.url, _validators(page, old, body_hash, tuple(children)),
                f"{listing.kind}: {len(listing.entries)} entries", candidates)
        self.summary.sources += 1
        if children and depth < MAX_INDEX_DEPTH:
            await asyncio.gather(*(self._source(fetcher, site, child, depth=depth + 1)
                                   for child in children))
        return True

    def _children(self, listing: Listing) -> list[str]:
        """The sitemaps of an index worth reading: newest first, none older than --since."""
        since = self.options.since
        fresh = [e for e in listing.sitemaps
                 if since is None or e.published is None or e.published >= since]
        fresh.sort(key=lambda e: e.published or datetime.min.replace(tzinfo=UTC),
                   reverse=True)
        return [e.url for e in fresh[:MAX_INDEX_CHILDREN]]

    def _candidates(self, site: Site, entries: list[Entry]) -> list[Candidate]:
        since = self.options.since
        out = []
        for entry in entries:
            key = canonical_url(entry.url)
            if key in self.seen:
                continue
            self.seen.add(key)
            self.summary.discovered += 1
            too_old = since is not None and entry.published is not None and entry.published < since
            # Kept as 'skipped': seen again by a run whose filters want it, it becomes pending.
            wanted = site.wants(key) and not too_old
            self.summary.skipped += not wanted
            out.append(Candidate(key, entry.url, entry.published, wanted))
        return out

    def _source_failed(self, site: str, url: str, exc: CleannewsError, *,
                       probe: bool = False) -> None:
        if probe:  # a usual path we guessed, not a source the site named: no error
            log.debug("%s: no sitemap at %s: %s", site, url, exc)
            return
        self.summary.source_errors += 1
        log.warning("source %s: %s: %s", url, type(exc).__name__, exc)
        self.state.record_source(url, site, None, f"{type(exc).__name__}: {exc}")

    # --- articles ------------------------------------------------------------------------

    async def _fetch_all(self, fetcher: Fetcher, items: list[Item], run_id: int,
                         output: RunOutput) -> None:
        limit = asyncio.Semaphore(max(1, self.options.fetch.concurrency))

        async def one(item: Item) -> tuple[Item, Page | CleannewsError, Extracted]:
            async with limit:
                try:
                    page = await fetcher.fetch(  # tracking parameters off
                        item.key, headers=self.headers.get(item.site))
                except CleannewsError as exc:
                    return item, exc, None
            # In a thread, under the page's time budget: fetches in flight go on meanwhile.
            return item, page, await asyncio.to_thread(safe_extract, page, self.extract_options)

        pending = {asyncio.ensure_future(one(item)) for item in items}
        try:
            with progress_bar(len(items), "article", self.options.progress) as bar:
                while pending:
                    done, pending = await asyncio.wait(pending, timeout=self.remaining(),
                                                       return_when=asyncio.FIRST_COMPLETED)
                    if not done:
                        log.warning("time budget spent: %d articles left for the next run",
                                    len(pending))
                        break
                    self._store([task.result() for task in done], run_id, output)
                    bar.update(len(done))
        finally:
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    def _store(self, results: list[tuple[Item, Page | CleannewsError, Extracted]], run_id: int,
               output: RunOutput) -> None:
        """Settle the articles that completed together: one `writing` commit, their lines
        and one fsync, then one `collected` commit (the crash-safe order, batched)."""
        fetched_at = now()
        ready: list[tuple[Item, Article]] = []
        with self.state.transaction():
            for item, result, extracted in results:
                article = self._accept(item, result, extracted, run_id, fetched_at)
                if article is not None:
                    ready.append((item, article))
        if ready:
            output.write_all([article for _, article in ready])
            self.state.mark_collected([item.key for item, _ in ready])
            self.summary.fetched += len(ready)

    def _accept(self, item: Item, result: Page | CleannewsError, article: Extracted,
                run_id: int, fetched_at: str) -> Article | None:
        """Mark the article `writing` unless it failed or is one already kept."""
        if isinstance(result, CleannewsError):
            return self._failed(item, result, fetched_at)
        assert article is not None  # every fetched page was extracted
        if isinstance(article, ErrorRecord):
            return self._failed(item, article, fetched_at)
        final_key = canonical_url(result.url or item.url)
        digest = content_hash(article)
        twin = self.state.duplicate_of(item.key, final_key, digest)
        if twin is None and article.canonical_url:
            twin = self.state.duplicate_of(item.key, canonical_url(article.canonical_url), None)
        if twin is not None:
            log.info("%s: same article as %s, not emitted again", item.url, twin)
            self.state.mark_duplicate(item.key, twin, final_key, digest, fetched_at)
            self.summary.skipped += 1
            return None
        self.state.mark_writing(item.key, final_key, digest, fetched_at, run_id)
        return article

    def _failed(self, item: Item, failure: CleannewsError | ErrorRecord,
                fetched_at: str) -> None:
        if isinstance(failure, CleannewsError):
            kind, message, final = type(failure).__name__, str(failure), failure.permanent
        else:  # extraction is a pure function of the page: another try fails the same way
            kind, message, final = failure.type, failure.message, True
        self.summary.gone += final and isinstance(failure, FetchError)
        log.warning("%s: %s: %s", item.url, kind, message)
        self.state.mark_failed(item.key, f"{kind}: {message}", final=final,
                               fetched_at=fetched_at)
        self.summary.failed += 1


def _validators(page: Page, old: Validators, body_hash: str,
                children: tuple[str, ...] | None = None) -> Validators:
    headers = {k.lower(): v for k, v in page.headers.items()}
    return Validators(
        etag=headers.get("etag") or old.etag,
        last_modified=headers.get("last-modified") or old.last_modified,
        body_hash=body_hash if page.status != 304 else old.body_hash,
        children=old.children if children is None else children,
    )


# Bodies shorter than this (teasers, "watch the video", consent walls) are alike across
# different articles: they do not make two URLs the same story.
MIN_HASHED_BODY = 200


def content_hash(article: Article) -> str | None:
    """What makes two URLs the same article: headline and body, white space folded.
    None for a body too short to tell one story from another."""
    body = " ".join(article.body.split())
    if len(body) < MIN_HASHED_BODY:
        return None
    text = " ".join((article.headline or "").split()) + "\n" + body
    return hashlib.sha256(text.encode()).hexdigest()


def reconcile(state: State) -> int:
    """Settle the runs that were killed: cut torn lines, then mark `collected` the articles
    whose records reached their output and send the rest back to `pending`."""
    recovered = 0
    for run_id, path in state.unfinished_runs():
        writing = state.writing(run_id)
        how = "stopped on an error" if state.run_finished(run_id) else "was killed"
        present = {canonical_url(r["url"]) for r in repair(path)
                   if isinstance(r.get("url"), str)}
        done = [key for key, final_key in writing if final_key in present]
        state.mark_collected(done)
        state.mark_pending([key for key, final_key in writing if final_key not in present])
        state.close_run(run_id)
        recovered += len(done)
        if writing:
            log.warning("run %d %s: %d records recovered from %s, %d to fetch again",
                        run_id, how, len(done), path, len(writing) - len(done))
    return recovered
