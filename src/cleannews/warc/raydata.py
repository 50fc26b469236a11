"""The Ray engine: Ray Data reads each WARC file in one task and writes its records through
its own file writers (Parquet's, and a file datasink that writes our JSON lines). Ray
schedules; we only name the files and move them into place once Ray has written them, so
that outputs stay atomic and a rerun resumes."""

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
from ray.data.block import BlockAccessor, BlockMetadata
from ray.data.datasource import BlockBasedFileDatasink, Datasource, FilenameProvider, ReadTask

from ..config import WarcOptions
from ..errors import InputError
from ..models import Article, ErrorRecord
from .jobs import Job, PartialOutput, Progress
from .reader import arrow_schema, extract_page, iter_pages, to_row

_OUTPUT_KEY = "cleannews_output"
_LINE = "line"  # the one column of a JSON Lines block
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
    before = context.max_errored_blocks, context.op_resource_reservation_enabled
    context.max_errored_blocks = len(jobs)  # a task that fails fails its file, not the run
    # The plan is one fused read->write operator whose tasks send back almost nothing:
    # reserving budget for downstream operators only held back all but one task for the
    # first second, and each task start after it (two workers: 10.0 s -> 7.9 s).
    context.op_resource_reservation_enabled = False
    try:
        _write_dataset(jobs, fmt=fmt, options=options, staging=staging)
    finally:
        context.max_errored_blocks, context.op_resource_reservation_enabled = before


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
        ds = ray.data.read_datasource(_WarcSource(jobs, options, fmt),
                                      override_num_blocks=len(jobs), ray_remote_args=remote)
        if fmt == "parquet":
            ds.write_parquet(staging, schema=arrow_schema(), **write_args)
        else:
            sink = _JsonLines(staging, filename_provider=names, mode=ray.data.SaveMode.OVERWRITE)
            ds.write_datasink(sink, ray_remote_args=remote)


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
                # Only an error record has the key "error": a quote inside a JSON string
                # is escaped, so an article's text cannot contain this.
                if '"error": {' in line:
                    errors.append(json.loads(line))
    broke_off = any(row["url"] == source and row["error"]["stage"] == "read" for row in errors)
    return records, len(errors), broke_off


def _blocks(index: int, job: Job, options: WarcOptions, fmt: str) -> Iterator[pa.Table]:
    """The read task of one file: record blocks; the file's index noted for the writer.

    For JSON Lines a block is one column of finished lines, the very lines the local engine
    writes; for Parquet it is the fixed-column rows of `to_row`.
    """
    context = TaskContext.get_current()
    if context is not None:
        context.kwargs[_OUTPUT_KEY] = index
    items: list[Article | ErrorRecord] = []
    try:
        for item in iter_pages(job.source, options):
            items.append(extract_page(item, options))
            if len(items) >= _BLOCK_ROWS:
                yield _block(items, fmt)
                items = []
    except InputError as exc:
        items.append(ErrorRecord.from_exception(exc, url=str(job.source), stage="read"))
    if items:
        yield _block(items, fmt)


def _block(items: list[Article | ErrorRecord], fmt: str) -> pa.Table:
    if fmt == "parquet":
        return pa.Table.from_pylist([to_row(item) for item in items], schema=arrow_schema())
    return pa.table({_LINE: pa.array([item.to_json() for item in items], pa.string())})


class _JsonLines(BlockBasedFileDatasink):
    """Ray's file datasink writing each record's JSON line as it is: Ray's own JSON writer
    would give every row every column (an article with `"error": null`)."""

    def write_block_to_file(self, block: BlockAccessor, file: Any) -> None:
        lines = block.to_arrow().column(_LINE).to_pylist()
        file.write("".join(line + "\n" for line in lines).encode("utf-8"))


class _WarcSource(Datasource):
    """One read task per WARC file."""

    def __init__(self, jobs: list[Job], options: WarcOptions, fmt: str):
        self._jobs = jobs
        self._limits = options
        self._fmt = fmt

    def estimate_inmemory_data_size(self) -> int | None:
        return None

    def get_read_tasks(self, parallelism: int, **_: Any) -> list[ReadTask]:
        options, fmt = self._limits, self._fmt
        return [
            ReadTask(
                lambda index=index, job=job: _blocks(index, job, options, fmt),
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
