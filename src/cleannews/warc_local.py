"""The local engine: WARC files through one process pool.

With at least as many files as workers, each worker reads, extracts and writes whole files:
the main process only hands out paths, so it never becomes the bottleneck. With fewer files,
records are shared out in small chunks, so one big file still uses every core. Outputs are
written in input order and committed file by file. A worker that dies costs one error line:
files it interrupted are redone chunk by chunk, which isolates the page that killed it.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import IO, Any

from .errors import InputError
from .models import ErrorRecord, Page
from .warc import WarcOptions, extract_page, iter_pages, to_row
from .warc_jobs import Job, PartialOutput, Progress

_CHUNK_RECORDS = 16


def extract_chunk(
    items: list[Page | ErrorRecord], options: WarcOptions, fmt: str
) -> tuple[Any, int]:
    """Worker side: extract a chunk of records -> (output payload, number of error records)."""
    results = [extract_page(item, options) for item in items]
    errors = sum(isinstance(r, ErrorRecord) for r in results)
    if fmt == "parquet":
        return [to_row(r) for r in results], errors
    return "".join(r.to_json() + "\n" for r in results), errors


@dataclass(frozen=True)
class _FileResult:
    records: int
    errors: int
    open_error: str | None  # the file could not be opened: no output
    broke_off: bool  # the archive ended midway: its records before the break are kept


def extract_file(job: Job, options: WarcOptions, fmt: str) -> _FileResult:
    """Worker side: read, extract and write one whole file, committing its output."""
    try:
        chunks = _Chunks(job, options)
    except InputError as exc:
        return _FileResult(0, 0, str(exc), False)
    out = PartialOutput(job.output, fmt)
    records = errors = 0
    try:
        for chunk in chunks:
            payload, chunk_errors = extract_chunk(chunk, options, fmt)
            out.write(payload)
            records, errors = records + len(chunk), errors + chunk_errors
    except BaseException:
        out.abort()
        raise
    out.commit()
    return _FileResult(records, errors, None, chunks.error is not None)


class _Chunks:
    """Chunks of a file's records; remembers whether the archive broke off midway."""

    def __init__(self, job: Job, options: WarcOptions):
        self._pages = iter_pages(job.source, options)  # raises InputError if unopenable
        self._source = str(job.source)
        self.error: InputError | None = None

    def __iter__(self) -> Iterator[list[Page | ErrorRecord]]:
        chunk: list[Page | ErrorRecord] = []
        try:
            for item in self._pages:
                chunk.append(item)
                if len(chunk) >= _CHUNK_RECORDS:
                    yield chunk
                    chunk = []
        except InputError as exc:
            self.error = exc
            chunk.append(ErrorRecord.from_exception(exc, url=self._source, stage="read"))
        if chunk:
            yield chunk


@dataclass
class _Pending:
    job: Job
    out: PartialOutput
    chunk: list[Page | ErrorRecord]  # kept to redo one by one if its worker dies
    future: Future[tuple[Any, int]] | None  # None marks "all of the file's chunks are in"
    generation: int = 0  # which pool ran it
    broke_off: bool = False


class _Pool:
    """A process pool replaced when a worker dies (a crash in C code, the OOM killer)."""

    def __init__(self, workers: int):
        self._workers = workers
        self._context = multiprocessing.get_context("forkserver")  # safe beside threads
        # Workers fork from a server that has cleannews loaded: a replaced pool starts fast.
        self._context.set_forkserver_preload(["cleannews.warc_local"])
        self.generation = 0
        self._pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self._workers, mp_context=self._context)

    def submit(self, *args: Any) -> Future[tuple[Any, int]]:
        return self._pool.submit(*args)

    def replace(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new()
        self.generation += 1

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _LocalRun:
    """Chunks of every file through one pool; outputs written and committed in order."""

    def __init__(self, *, fmt: str, workers: int, options: WarcOptions, progress: Progress,
                 log: IO[str]):
        self.fmt, self.workers, self.options = fmt, workers, options
        self.progress, self.log = progress, log
        self.failed: list[Job] = []
        self.pending: deque[_Pending] = deque()
        self.pool = _Pool(workers)

    def run(self, jobs: list[Job]) -> list[Job]:
        try:
            if len(jobs) >= self.workers:
                jobs = self._whole_files(jobs)
            for job in jobs:
                self._read(job)
            while self.pending:
                self._drain_one()
        except BaseException:
            for entry in self.pending:
                if entry.future is not None:
                    entry.future.cancel()
                entry.out.abort()
            raise
        finally:
            self.pool.close()
        return self.failed

    def _whole_files(self, jobs: list[Job]) -> list[Job]:
        """One task per file; returns the files a dying worker interrupted, to redo in chunks."""
        futures = {self.pool.submit(extract_file, job, self.options, self.fmt): job
                   for job in jobs}
        interrupted: list[Job] = []
        try:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    result = future.result()
                except BrokenProcessPool:
                    interrupted.append(job)
                    continue
                self._file_finished(job, result)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        if interrupted:
            self.pool.replace()
        return [job for job in jobs if job in interrupted]  # input order

    def _file_finished(self, job: Job, result: _FileResult) -> None:
        if result.open_error is not None:
            print(f"cleannews: error: {job.source}: {result.open_error}", file=self.log)
            self.failed.append(job)
        else:
            self.progress.add(result.records, result.errors)
            if result.broke_off:
                self._report_broke_off(job)
        self.progress.file_done()

    def _report_broke_off(self, job: Job) -> None:
        print(f"cleannews: error: {job.source}: the archive breaks off; the records before "
              f"the break are in {job.output.name}", file=self.log)
        self.failed.append(job)

    def _read(self, job: Job) -> None:
        try:
            chunks = _Chunks(job, self.options)
        except InputError as exc:
            print(f"cleannews: error: {job.source}: {exc}", file=self.log)
            self.failed.append(job)
            self.progress.file_done()
            return
        out = PartialOutput(job.output, self.fmt)
        for chunk in chunks:
            future = self.pool.submit(extract_chunk, chunk, self.options, self.fmt)
            self.pending.append(_Pending(job, out, chunk, future, self.pool.generation))
            while len(self.pending) > self.workers * 4:
                self._drain_one()
        self.pending.append(_Pending(job, out, [], None, broke_off=chunks.error is not None))

    def _drain_one(self) -> None:
        entry = self.pending[0]
        if entry.future is None:
            entry.out.commit()
            if entry.broke_off:
                self._report_broke_off(entry.job)
            self.progress.file_done()
        else:
            try:
                payload, errors = entry.future.result()
            except BrokenProcessPool:
                payload, errors = self._one_by_one(entry)
            entry.out.write(payload)
            count = len(payload) if isinstance(payload, list) else payload.count("\n")
            self.progress.add(count, errors)
        self.pending.popleft()

    def _one_by_one(self, entry: _Pending) -> tuple[Any, int]:
        """Redo a chunk whose worker died, a record at a time: only the culprit is lost."""
        if entry.generation == self.pool.generation:
            self.pool.replace()
        parts: list[tuple[Any, int]] = []
        for item in entry.chunk:
            try:
                parts.append(self.pool.submit(extract_chunk, [item], self.options,
                                              self.fmt).result())
            except BrokenProcessPool:
                self.pool.replace()
                crashed = ErrorRecord(
                    url=item.url, stage="extract", type="WorkerCrashed",
                    message="the worker process died on this page (a crash or out of memory)",
                    status=item.status,
                )
                parts.append(extract_chunk([crashed], self.options, self.fmt))
        if self.fmt == "parquet":
            return [row for rows, _ in parts for row in rows], sum(n for _, n in parts)
        return "".join(text for text, _ in parts), sum(n for _, n in parts)


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
