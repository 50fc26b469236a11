"""WARC files to output files, for either engine.

One output file per input, written under a temporary name and renamed into place when
complete, so a rerun skips the files already done and an interrupted run resumes.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .reader import arrow_schema

FORMATS = {"jsonl": ".jsonl", "parquet": ".parquet"}
_ARCHIVE_SUFFIXES = (".warc.gz", ".warc", ".arc.gz", ".arc", ".gz")
_ROW_GROUP = 2000


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
        self._parquet: Any = None
        self._stream: IO[Any] | None = None
        self._rows: list[dict[str, Any]] = []  # parquet: buffered into sizeable row groups
        if fmt == "parquet":
            import pyarrow.parquet as pq

            self._parquet = pq.ParquetWriter(self.path, arrow_schema())
        else:
            self._stream = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - commit()/abort()

    def write(self, payload: Any) -> None:
        """Lines (jsonl: one string) or rows (parquet: a list of dicts) from one span."""
        if self._parquet is not None:
            self._rows.extend(payload)
            if len(self._rows) >= _ROW_GROUP:
                self._flush_rows()
        elif self._stream is not None:
            self._stream.write(payload)

    def _flush_rows(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._parquet.write_table(pa.Table.from_pylist(self._rows, schema=arrow_schema()))
            self._rows = []

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
            self._flush_rows()
            self._parquet.close()
            self._parquet = None
        if self._stream is not None:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
            self._stream = None
