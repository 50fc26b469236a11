"""Time limits on a block of Python code, kept by one watchdog thread per process.

A watchdog rather than SIGALRM: it works in any thread (pool workers, Ray tasks, a caller's
own threads) and leaves the caller's signal handlers alone. One thread serves every limit:
starting a timer thread per record cost about 0.4 ms, several percent of an extraction.
Like a signal, the watchdog stops Python code, not a C call in progress (hence the linear
regexes), and it fires again until the block ends, as code may catch one firing.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import threading
import time
from collections.abc import Iterator

from ..errors import TimeLimitExceeded


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the calling thread once `seconds` have passed.

    0 or None means no limit. Limits may nest.
    """
    if not seconds or seconds <= 0:
        yield
        return
    watchdog = _watchdog()
    token = watchdog.arm(threading.get_ident(), seconds)
    try:
        yield
    finally:
        fired = False
        while True:  # a re-firing may land here, before the limit is disarmed
            try:
                fired = watchdog.disarm(token) or fired
                break
            except _Expired:
                fired = True
        if fired:  # replaces whatever the interrupted code raised
            raise TimeLimitExceeded(f"time limit of {seconds} s reached")


# A limit fires again every _REFIRE seconds until its block ends: library code that catches
# every Exception (trafilatura does, around each of its steps; a gc callback ignores what it
# is handed) swallows a firing and goes on.
_REFIRE = 0.05


class _Expired(TimeLimitExceeded):
    """What the watchdog raises in a thread: it can only name a class, built without
    arguments. time_limit() turns it into a TimeLimitExceeded with a message."""

    def __init__(self) -> None:
        super().__init__("time limit reached")


class _Watchdog:
    """Deadlines of the running limits; its thread raises in the threads that pass theirs."""

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._deadlines: dict[object, tuple[int, float]] = {}  # token -> (thread, deadline)
        self._fired: set[object] = set()
        threading.Thread(target=self._watch, name="cleannews-time-limit", daemon=True).start()

    def arm(self, thread_id: int, seconds: float) -> object:
        token = object()
        with self._wake:
            self._deadlines[token] = (thread_id, time.monotonic() + seconds)
            self._wake.notify()
        return token

    def disarm(self, token: object) -> bool:
        """End a limit; True when it fired (its exception withdrawn if still pending)."""
        with self._wake:
            self._deadlines.pop(token, None)
            fired = token in self._fired
            self._fired.discard(token)
        if fired:
            _raise_in_thread(threading.get_ident(), None)
        return fired

    def _watch(self) -> None:
        with self._wake:
            while True:
                now = time.monotonic()
                for token, (thread_id, deadline) in list(self._deadlines.items()):
                    if deadline <= now:  # fire, and again until disarm() ends the limit
                        self._fired.add(token)
                        self._deadlines[token] = (thread_id, now + _REFIRE)
                        _raise_in_thread(thread_id, _Expired)
                soonest = min((deadline for _, deadline in self._deadlines.values()),
                              default=None)
                self._wake.wait(None if soonest is None else soonest - now)


_instance: _Watchdog | None = None
_instance_lock = threading.Lock()


def _watchdog() -> _Watchdog:
    """This process's watchdog, started on first use."""
    global _instance
    with _instance_lock:
        if _instance is None:
            _instance = _Watchdog()
        return _instance


def _forget_after_fork() -> None:
    """Threads do not survive fork(): a child starts its own watchdog when it needs one."""
    global _instance, _instance_lock
    _instance, _instance_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)


def _raise_in_thread(thread_id: int, exc_type: type[BaseException] | None) -> None:
    exc = ctypes.py_object(exc_type) if exc_type is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), exc)
