"""WARC files to output files, and the local engine.

One output file per input, written under a temporary name and renamed into place when
complete, so a rerun skips the files already done and an interrupted run resumes. The local
engine spreads chunks of records over a process pool, so one big file still uses every core.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .errors import InputError
from .models import ErrorRecord, Page
from .warc import WarcOptions, arrow_schema, extract_page, iter_pages, to_row

FORMATS = {"jsonl": ".jsonl", "parquet": ".parquet"}
_ARCHIVE_SUFFIXES = (".warc.gz", ".warc", ".arc.gz", ".arc", ".gz")
_CHUNK_RECORDS = 16


@dataclass(frozen=True)
class Job:
    """One input file and the output file it becomes."""

    source: Path
    output: Path


def output_name(source: str | Path, fmt: str) -> str:
    """CC-NEWS-20240101-00000.warc.gz -> CC-NEWS-20240101-00000.jsonl (or .parquet)."""
    name = Path(source).name
    for suffix in _ARCHIVE_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return name + FORMATS[fmt]


def plan_jobs(
    inputs: Iterable[str | Path], out_dir: Path, fmt: str, *, force: bool
) -> tuple[list[Job], list[Job]]:
    """(jobs to run, jobs already done). Raises ValueError when two inputs share an output."""
    todo: list[Job] = []
    done: list[Job] = []
    seen: dict[Path, Path] = {}
    for source in map(Path, inputs):
        output = out_dir / output_name(source, fmt)
        if output in seen:
            raise ValueError(f"{seen[output]} and {source} would both write {output.name}")
        seen[output] = source
        (done if output.exists() and not force else todo).append(Job(source, output))
    return todo, done


def partial_path(output: Path) -> Path:
    """Where an output is written until it is complete (hidden, beside the final name)."""
    return output.with_name(f".{output.name}.partial")


class Progress:
    """Files done, records per second and errors on stderr, at most every `every` seconds."""

    def __init__(self, files: int, *, stream: IO[str] | None = None, every: float = 2.0):
        self.files = files
        self.files_done = self.records = self.errors = 0
        self._stream = stream
        self._every = every
        self._start = self._last = time.monotonic()

    def add(self, records: int, errors: int) -> None:
        self.records += records
        self.errors += errors
        if time.monotonic() - self._last >= self._every:
            self.report()

    def file_done(self) -> None:
        self.files_done += 1
        self.report()

    @property
    def rate(self) -> float:
        return self.records / max(time.monotonic() - self._start, 1e-9)

    def report(self) -> None:
        self._last = time.monotonic()
        if self._stream is not None:
            print(
                f"cleannews: warc: {self.files_done}/{self.files} files, "
                f"{self.records} records ({self.rate:.1f}/s), {self.errors} errors",
                file=self._stream,
                flush=True,
            )


class PartialOutput:
    """An output file under its partial name; commit() renames it into place atomically."""

    def __init__(self, output: Path, fmt: str):
        self.output = output
        self.path = partial_path(output)
        self._fmt = fmt
        self._parquet: Any = None
        self._stream: IO[Any] | None = None
        if fmt == "parquet":
            import pyarrow.parquet as pq

            self._parquet = pq.ParquetWriter(self.path, arrow_schema())
        else:
            self._stream = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - commit()/abort()

    def write(self, payload: Any) -> None:
        """Lines (jsonl: one string) or rows (parquet: a list of dicts) from one chunk."""
        if self._parquet is not None:
            if payload:
                import pyarrow as pa

                self._parquet.write_table(pa.Table.from_pylist(payload, schema=arrow_schema()))
        elif self._stream is not None:
            self._stream.write(payload)

    def commit(self) -> None:
        self._close()
        os.replace(self.path, self.output)

    def abort(self) -> None:
        """Drop the partial file (safe to call more than once)."""
        self._close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None
        if self._stream is not None:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
            self._stream = None


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
    future: Future[tuple[Any, int]] | None  # None marks "all of the file's chunks are in"
    broke_off: bool = False


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
    what it held plus an error line, and counts as failed.
    """
    log = log or sys.stderr
    failed: list[Job] = []
    pending: deque[_Pending] = deque()
    context = multiprocessing.get_context("forkserver")  # safe beside threads, cheap per worker
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        try:
            for job in jobs:
                try:
                    chunks = _Chunks(job, options)
                except InputError as exc:
                    print(f"cleannews: error: {job.source}: {exc}", file=log)
                    failed.append(job)
                    progress.file_done()
                    continue
                out = PartialOutput(job.output, fmt)
                for chunk in chunks:
                    future = pool.submit(extract_chunk, chunk, options, fmt)
                    pending.append(_Pending(job, out, future))
                    while len(pending) > workers * 4:
                        _drain_one(pending, progress, failed, log)
                pending.append(_Pending(job, out, None, broke_off=chunks.error is not None))
            while pending:
                _drain_one(pending, progress, failed, log)
        except BaseException:
            for entry in pending:
                if entry.future is not None:
                    entry.future.cancel()
                entry.out.abort()
            raise
    return failed


def _drain_one(
    pending: deque[_Pending], progress: Progress, failed: list[Job], log: IO[str]
) -> None:
    entry = pending[0]
    if entry.future is None:
        entry.out.commit()
        if entry.broke_off:
            print(f"cleannews: error: {entry.job.source}: the archive breaks off; "
                  f"the records before the break are in {entry.out.output.name}", file=log)
            failed.append(entry.job)
        progress.file_done()
    else:
        payload, errors = entry.future.result()
        entry.out.write(payload)
        progress.add(len(payload) if isinstance(payload, list) else payload.count("\n"), errors)
    pending.popleft()
