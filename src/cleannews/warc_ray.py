"""The Ray engine: Ray Data reads each WARC file in one task and writes its records with its
own JSON Lines / Parquet writers. Ray schedules; we only name the files and move them into
place once Ray has written them, so that outputs stay atomic and a rerun resumes."""

from __future__ import annotations

import json
import os
import shutil
import sys
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import ray
import ray.data
from ray.data._internal.execution.interfaces import TaskContext
from ray.data.block import BlockMetadata
from ray.data.datasource import Datasource, FilenameProvider, ReadTask

from .errors import InputError
from .models import ErrorRecord
from .warc import WarcOptions, arrow_schema, extract_page, iter_pages, to_row
from .warc_jobs import Job, PartialOutput, Progress

_OUTPUT_KEY = "cleannews_output"
_BLOCK_ROWS = 256
_MAX_RETRIES = 2


def run_ray(
    jobs: list[Job],
    *,
    fmt: str,
    options: WarcOptions,
    progress: Progress,
    address: str | None = None,
    log: IO[str] | None = None,
) -> list[Job]:
    """Run jobs on Ray (the running one, `address`, $RAY_ADDRESS or a new local one).

    Returns the jobs that failed. Input and output paths must be visible to every node
    (a shared folder) when Ray runs on a cluster.
    """
    log = log or sys.stderr
    failed = [job for job in jobs if not _openable(job, log)]
    for _ in failed:
        progress.file_done()
    jobs = [job for job in jobs if job not in failed]
    if not jobs:
        return failed
    started = not ray.is_initialized()
    if started:
        local = address is None and not os.environ.get("RAY_ADDRESS")
        ray.init(address=address, **({"include_dashboard": False} if local else {}))
    staging = jobs[0].output.parent / f".ray-{uuid.uuid4().hex[:12]}"
    try:
        try:
            _write(jobs, fmt=fmt, options=options, staging=str(staging))
        except Exception as exc:  # the run as a whole failed: no file can be trusted
            print(f"cleannews: error: the Ray run failed: {type(exc).__name__}: {exc}",
                  file=log)
            return failed + jobs
        for index, job in enumerate(jobs):
            staged = staging / _OutputNames(fmt).staged_name(index)
            if not _finish(job, staged, fmt=fmt, options=options, progress=progress, log=log):
                failed.append(job)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if started:
            ray.shutdown()
    return failed


def _openable(job: Job, log: IO[str]) -> bool:
    try:
        with open(job.source, "rb"):
            return True
    except OSError as exc:
        print(f"cleannews: error: {job.source}: cannot read: {exc.strerror or exc}", file=log)
        return False


def _write(jobs: list[Job], *, fmt: str, options: WarcOptions, staging: str) -> None:
    context = ray.data.DataContext.get_current()
    before = context.max_errored_blocks
    context.max_errored_blocks = len(jobs)  # a task that fails fails its file, not the run
    try:
        _write_dataset(jobs, fmt=fmt, options=options, staging=staging)
    finally:
        context.max_errored_blocks = before


def _write_dataset(jobs: list[Job], *, fmt: str, options: WarcOptions, staging: str) -> None:
    # Ray Data retries a task whose worker died without end: a page that crashes its worker
    # (C code, the OOM killer) would stall the run. A few retries, then the file fails.
    # Read and write get the same remote args, so that Ray fuses them into one task.
    # (Ray 2.60 names no parameter for max_retries and warns that ray_remote_args will go.)
    remote = {"max_retries": _MAX_RETRIES}
    names = _OutputNames(fmt)
    # The staging folder is new and ours: "overwrite" only waives Ray's check that file
    # names carry the write's uuid.
    write_args = {"filename_provider": names, "mode": ray.data.SaveMode.OVERWRITE,
                  "ray_remote_args": remote}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*ray_remote_args.* is deprecated")
        ds = ray.data.read_datasource(_WarcSource(jobs, options),
                                      override_num_blocks=len(jobs), ray_remote_args=remote)
        if fmt == "parquet":
            ds.write_parquet(staging, schema=arrow_schema(), **write_args)
        else:
            ds.write_json(staging, force_ascii=False, **write_args)


def _finish(
    job: Job, staged: Path, *, fmt: str, options: WarcOptions, progress: Progress, log: IO[str]
) -> bool:
    """Move a file Ray wrote into place and count it; False when the file failed."""
    if staged.exists():
        records, errors, broke_off = _count(staged, fmt, str(job.source))
        os.replace(staged, job.output)
        progress.add(records, errors)
        progress.file_done()
        if broke_off:
            print(f"cleannews: error: {job.source}: the archive breaks off; the records "
                  f"before the break are in {job.output.name}", file=log)
        return not broke_off
    # Ray writes no file for a task without rows: a file with no HTML response, or a task
    # that died (Ray logged why). Tell them apart by looking for one HTML response.
    try:
        empty = next(iter(iter_pages(job.source, options)), None) is None
    except InputError:
        empty = False
    progress.file_done()
    if not empty:
        print(f"cleannews: error: {job.source}: its Ray task failed (see Ray's log above)",
              file=log)
        return False
    out = PartialOutput(job.output, fmt)
    out.commit()
    return True


def _count(path: Path, fmt: str, source: str) -> tuple[int, int, bool]:
    """(records, error records, whether the archive broke off) of a written output."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(path, columns=["url", "error"]).to_pylist()
        errors = [row for row in rows if row["error"]]
        records = len(rows)
    else:
        records, errors = 0, []
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                records += 1
                if not line.rstrip().endswith('"error":null}'):  # parse error rows only
                    row = json.loads(line)
                    errors += [row] if row.get("error") else []
    broke_off = any(row["url"] == source and row["error"]["stage"] == "read" for row in errors)
    return records, len(errors), broke_off


def _rows(index: int, job: Job, options: WarcOptions) -> Iterator[Any]:
    """The read task of one file: record blocks; the file's index noted for the writer."""
    context = TaskContext.get_current()
    if context is not None:
        context.kwargs[_OUTPUT_KEY] = index
    schema = arrow_schema()
    rows: list[dict[str, Any]] = []
    try:
        for item in iter_pages(job.source, options):
            rows.append(to_row(extract_page(item, options)))
            if len(rows) >= _BLOCK_ROWS:
                yield pa.Table.from_pylist(rows, schema=schema)
                rows = []
    except InputError as exc:
        rows.append(to_row(ErrorRecord.from_exception(exc, url=str(job.source), stage="read")))
    if rows:
        yield pa.Table.from_pylist(rows, schema=schema)


class _WarcSource(Datasource):
    """One read task per WARC file."""

    def __init__(self, jobs: list[Job], options: WarcOptions):
        self._jobs = jobs
        self._limits = options

    def estimate_inmemory_data_size(self) -> int | None:
        return None

    def get_read_tasks(self, parallelism: int, **_: Any) -> list[ReadTask]:
        options = self._limits
        return [
            ReadTask(
                lambda index=index, job=job: _rows(index, job, options),
                BlockMetadata(num_rows=None, size_bytes=None,
                              input_files=[str(job.source)], exec_stats=None),
            )
            for index, job in enumerate(self._jobs)
        ]


class _OutputNames(FilenameProvider):
    """Names each written file after the index of the WARC file its task read.

    Ray fuses a file's read and write into one task; the read notes the index in the
    task's context. A write that finds none fails loudly rather than guess.
    """

    def __init__(self, fmt: str):
        self._fmt = fmt

    def get_filename_for_task(self, write_uuid: str, task_index: int) -> str:
        context = TaskContext.get_current()
        index = context.kwargs.get(_OUTPUT_KEY) if context is not None else None
        if index is None:
            raise RuntimeError("cleannews: a Ray write task does not know its WARC file")
        # Parquet files are named from a template: {i} numbers the parts (one here).
        return f"part{index:06d}-{{i}}.parquet" if self._fmt == "parquet" else (
            f"part{index:06d}.jsonl")

    def staged_name(self, index: int) -> str:
        """The name Ray gives the file of the index-th input."""
        name = f"part{index:06d}.jsonl"
        return name if self._fmt != "parquet" else f"part{index:06d}-0.parquet"
