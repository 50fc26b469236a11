"""The local engine: chunks of records from every file through one process pool.

Records are shared out in small chunks, so one big file still uses every core; outputs are
written in input order and committed file by file. A worker that dies costs one error line.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
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
                print(f"cleannews: error: {entry.job.source}: the archive breaks off; the "
                      f"records before the break are in {entry.out.output.name}", file=self.log)
                self.failed.append(entry.job)
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
