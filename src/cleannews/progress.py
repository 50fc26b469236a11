"""Progress bars on stderr (tqdm), shown only on a terminal; tqdm loads only then."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import IO, Any


class _NoBar:
    """What a verb talks to when no progress bar is shown (not a terminal, -q)."""

    def update(self, n: int = 1) -> None:
        pass

    @staticmethod
    def write(text: str, file: IO[str] | None = None) -> None:
        print(text, file=file or sys.stderr)


@contextlib.contextmanager
def progress_bar(total: int, unit: str, show: bool) -> Iterator[Any]:
    """A tqdm bar on stderr when `show` and stderr is a terminal (tqdm loads only then);
    its write() prints a line above the bar."""
    if not (show and sys.stderr.isatty()):
        yield _NoBar()
        return
    from tqdm import tqdm

    with tqdm(total=total, unit=unit, file=sys.stderr) as bar:
        yield bar
