"""Running `python -m cleannews` as a user would, in a child process with this checkout's
code, and waiting for what it writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def run_cli(*args: str, **kwargs) -> subprocess.Popen:
    """Start the CLI in a process group of its own (as a shell job is); stdout and stderr
    are pipes unless kwargs say otherwise."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([sys.executable, "-m", "cleannews", *args], env=ENV,
                            start_new_session=True, **kwargs)


def ctrl_c(proc: subprocess.Popen) -> None:
    """What a terminal's Ctrl-C does: SIGINT to every process of the job, workers included."""
    os.killpg(proc.pid, signal.SIGINT)


def wait_for_a_record(path: Path, proc: subprocess.Popen, seconds: float = 30) -> None:
    """Until `path` holds at least one whole line (the process must still be running)."""
    deadline = time.monotonic() + seconds
    while not (path.exists() and path.read_text().endswith("\n")):
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
