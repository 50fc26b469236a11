"""The local engine: WARC files through one process pool.

Workers read the archives themselves. Each file is cut into byte spans that start where a
record does (see warc_split), and a worker reads, extracts and serialises one span at a
time. The main process only plans the spans and writes their results in input order, so
it never becomes the bottleneck, the last files do not leave workers idle, and even one big
file keeps every worker busy. Outputs are committed file by file. A worker that dies costs
one error line: the span it was on is redone a record at a time, which isolates the page
that killed it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..config import WarcOptions
from ..errors import InputError
from ..models import Article, ErrorRecord, Page
from .jobs import Job, PartialOutput, Progress
from .reader import extract_page, iter_pages, to_row
from .split import WHOLE, Span, split_archive

# Spans are sized so that every worker gets several (the last ones finish together), within
# bounds: small spans cost a file open and a seek each, big ones memory in the main process.
_SPANS_PER_WORKER = 8
_MIN_SPAN_BYTES = 1 << 20
_MAX_SPAN_BYTES = 64 << 20


@dataclass(frozen=True)
class SpanResult:
    """What a worker sends back for one span: its output and what it counted."""

    payload: Any  # jsonl: the lines as one string; parquet: a list of rows
    records: int
    errors: int
    read_error: str | None = None  # the archive (or the span) broke off: why


def extract_span(source: Path, span: Span, options: WarcOptions, fmt: str) -> SpanResult:
    """Worker side: read one span of an archive and extract every HTML response in it."""
    results: list[Article | ErrorRecord] = []
    read_error = None
    try:
        for item in iter_pages(source, options, span):
            results.append(extract_page(item, options))
    except InputError as exc:  # cannot open, or breaks off: the records before are kept
        read_error = str(exc)
        results.append(ErrorRecord.from_exception(exc, url=str(source), stage="read"))
    return _result(results, fmt, read_error)


def extract_pages(items: list[Page | ErrorRecord], options: WarcOptions, fmt: str) -> SpanResult:
    """Worker side: extract pages the main process read (to isolate a crashing page)."""
    return _result([extract_page(item, options) for item in items], fmt, None)


def _result(results: list[Article | ErrorRecord], fmt: str, read_error: str | None) -> SpanResult:
    errors = sum(isinstance(r, ErrorRecord) for r in results)
    if fmt == "parquet":
        payload: Any = [to_row(r) for r in results]
    else:
        payload = "".join(r.to_json() + "\n" for r in results)
    return SpanResult(payload, len(results), errors, read_error)


@dataclass
class _File:
    """One input file on its way to its output."""

    job: Job
    out: PartialOutput
    records: int = 0  # shown in the progress so far, taken back if the file starts over
    errors: int = 0
    abandoned: bool = False  # started over as one span (a cut fell inside a record)


@dataclass
class _Pending:
    file: _File
    span: Span | None  # None marks "all of the file's spans are in": commit
    future: Future[SpanResult] | None = None
    generation: int = 0  # which pool ran it
    last: bool = False  # the file's last span: the only one allowed to break off


class _Pool:
    """A process pool replaced when a worker dies (a crash in C code, the OOM killer)."""

    def __init__(self, workers: int):
        self._workers = workers
        self._context = multiprocessing.get_context("forkserver")  # safe beside threads
        # Workers fork from a server that has cleannews loaded: a replaced pool starts fast.
        self._context.set_forkserver_preload(["cleannews.warc.pool"])
        self.generation = 0
        self._pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self._workers, mp_context=self._context)

    def submit(self, *args: Any) -> Future[SpanResult]:
        return self._pool.submit(*args)

    def replace(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new()
        self.generation += 1

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _LocalRun:
    """Spans of every file through one pool; outputs written and committed in order."""

    def __init__(self, *, fmt: str, workers: int, options: WarcOptions, progress: Progress,
                 log: IO[str]):
        self.fmt, self.workers, self.options = fmt, workers, options
        self.progress, self.log = progress, log
        self.failed: list[Job] = []
        self.pending: deque[_Pending] = deque()
        self.pool = _Pool(workers)

    def run(self, jobs: list[Job]) -> list[Job]:
        span_bytes = _span_bytes(jobs, self.workers)
        try:
            for job in jobs:
                self._submit(job, span_bytes)
            while self.pending:
                self._drain_one()
        except BaseException:
            for entry in self.pending:
                if entry.future is not None:
                    entry.future.cancel()
                entry.file.out.abort()
            raise
        finally:
            self.pool.close()
        return self.failed

    def _submit(self, job: Job, span_bytes: int) -> None:
        try:
            spans = split_archive(job.source, span_bytes)
        except OSError as exc:
            print(f"cleannews: error: {job.source}: cannot read: {exc.strerror or exc}",
                  file=self.log)
            self.failed.append(job)
            self.progress.file_done()
            return
        file = _File(job, PartialOutput(job.output, self.fmt))
        for index, span in enumerate(spans):
            future = self.pool.submit(extract_span, job.source, span, self.options, self.fmt)
            self.pending.append(_Pending(file, span, future, self.pool.generation,
                                         last=index == len(spans) - 1))
            while len(self.pending) > self.workers * 4:  # bounds results held in memory
                self._drain_one()
                if file.abandoned:  # started over as one span: its other spans are moot
                    return
        self.pending.append(_Pending(file, None))

    def _drain_one(self) -> None:
        entry = self.pending.popleft()
        file = entry.file
        if entry.span is None:
            file.out.commit()
            self.progress.file_done()
            return
        result = self._wait(entry)
        if result.read_error is not None and not entry.last:
            self._read_whole(file)  # the span ended inside a record: the cut was wrong
            return
        self._write(file, result)

    def _wait(self, entry: _Pending) -> SpanResult:
        assert entry.future is not None and entry.span is not None
        try:
            return entry.future.result()
        except BrokenProcessPool:
            if entry.generation == self.pool.generation:
                self.pool.replace()
            return self._one_by_one(entry.file.job, entry.span)

    def _write(self, file: _File, result: SpanResult) -> None:
        file.out.write(result.payload)
        file.records += result.records
        file.errors += result.errors
        self.progress.add(result.records, result.errors)
        if result.read_error is not None:
            print(f"cleannews: error: {file.job.source}: {result.read_error}; the records "
                  f"before it are in {file.job.output.name}", file=self.log)
            self.failed.append(file.job)

    def _read_whole(self, file: _File) -> None:
        """Start the file over as one span, dropping what its spans gave so far."""
        while self.pending and self.pending[0].file is file:
            dropped = self.pending.popleft()
            if dropped.future is not None:
                dropped.future.cancel()
        file.out.abort()
        file.abandoned = True
        self.progress.add(-file.records, -file.errors)
        file = _File(file.job, PartialOutput(file.job.output, self.fmt))
        future = self.pool.submit(extract_span, file.job.source, WHOLE, self.options,
                                  self.fmt)
        self.pending.extendleft([_Pending(file, None),
                                 _Pending(file, WHOLE, future, self.pool.generation, True)])

    def _one_by_one(self, job: Job, span: Span) -> SpanResult:
        """Redo a span whose worker died, a record at a time: only the culprit is lost."""
        parts: list[SpanResult] = []
        read_error = None
        try:
            for item in iter_pages(job.source, self.options, span):
                parts.append(self._isolated(item))
        except InputError as exc:
            read_error = str(exc)
            error = ErrorRecord.from_exception(exc, url=str(job.source), stage="read")
            parts.append(_result([error], self.fmt, None))
        return SpanResult(
            [row for part in parts for row in part.payload] if self.fmt == "parquet"
            else "".join(part.payload for part in parts),
            sum(part.records for part in parts), sum(part.errors for part in parts),
            read_error,
        )

    def _isolated(self, item: Page | ErrorRecord) -> SpanResult:
        try:
            return self.pool.submit(extract_pages, [item], self.options, self.fmt).result()
        except BrokenProcessPool:
            self.pool.replace()
            crashed = ErrorRecord(
                url=item.url, stage="extract", type="WorkerCrashed",
                message="the worker process died on this page (a crash or out of memory)",
                status=item.status,
            )
            return _result([crashed], self.fmt, None)


def _span_bytes(jobs: list[Job], workers: int) -> int:
    """How big the spans are cut (whole files when one worker reads them anyway)."""
    if workers < 2:
        return sys.maxsize
    total = 0
    for job in jobs:
        with contextlib.suppress(OSError):  # an unreadable file is reported in its turn
            total += os.path.getsize(job.source)
    share = total // (workers * _SPANS_PER_WORKER)
    return min(max(share, _MIN_SPAN_BYTES), _MAX_SPAN_BYTES)


def run_local(
    jobs: list[Job],
    *,
    fmt: str,
    workers: int,
    options: WarcOptions,
    progress: Progress,
    log: IO[str] | None = None,
) -> list[Job]:
    """Run jobs on a process pool, records in input order; returns the jobs that failed.

    A file that cannot be opened fails without output; one that breaks off midway keeps
    what it held plus an error line, and counts as failed. A worker that dies costs one
    error line for the page it was on.
    """
    run = _LocalRun(fmt=fmt, workers=workers, options=options, progress=progress,
                    log=log or sys.stderr)
    return run.run(jobs)
