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

from .formats import FORMATS

_ARCHIVE_SUFFIX = ".warc.gz"  # the usual archive: its outputs drop it


@dataclass(frozen=True)
class Job:
    """One input file and the output file it becomes."""

    source: Path
    output: Path


def output_name(source: str | Path, fmt: str) -> str:
    """CC-NEWS-20240101-00000.warc.gz -> CC-NEWS-20240101-00000.jsonl (or .parquet); any other
    name keeps its suffix (x.warc -> x.warc.jsonl), so x.warc and x.warc.gz stay apart."""
    name = Path(source).name
    if name.endswith(_ARCHIVE_SUFFIX) and len(name) > len(_ARCHIVE_SUFFIX):
        name = name.removesuffix(_ARCHIVE_SUFFIX)
    return name + FORMATS[fmt].suffix


def plan_jobs(
    inputs: Iterable[str | Path], out_dir: Path, fmt: str, *, force: bool
) -> tuple[list[Job], list[Job]]:
    """(jobs to run, jobs already done). An output that ends in its archive's read failure
    (cut short, not a WARC file) is not done: a rerun redoes it, say once the file has been
    downloaded again. Raises ValueError when two inputs share an output."""
    todo: list[Job] = []
    done: list[Job] = []
    seen: dict[Path, Path] = {}
    for source in map(Path, inputs):
        output = out_dir / output_name(source, fmt)
        if output in seen:
            raise ValueError(f"{seen[output]} and {source} would both write {output.name}")
        seen[output] = source
        finished = output.exists() and not FORMATS[fmt].ends_in_read_failure(output, source)
        (done if finished and not force else todo).append(Job(source, output))
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
        self._writer = FORMATS[fmt].writer(self.path)

    def write(self, payload: Any) -> None:
        """A payload (see OutputFormat.payload) from one span."""
        self._writer.write(payload)

    def commit(self) -> None:
        self._writer.close()
        os.replace(self.path, self.output)

    def abort(self) -> None:
        """Drop the partial file (safe to call more than once)."""
        self._writer.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
