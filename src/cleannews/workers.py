"""Set-up shared by the workers of cleannews' process pools."""

from __future__ import annotations

import signal


def ignore_interrupts() -> None:
    """A worker leaves Ctrl-C to the main process, which stops the pool in order; else a
    terminal's Ctrl-C, sent to every process of the job, makes each worker print its own
    KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
