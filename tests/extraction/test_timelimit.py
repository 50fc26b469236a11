"""Time limits on Python code: one watchdog thread per process, any calling thread."""

from __future__ import annotations

import threading
import time

import pytest

from cleannews.errors import TimeLimitExceeded
from cleannews.extraction.timelimit import time_limit


def spin(seconds: float) -> None:
    """Busy Python code; fails the test instead of hanging it if a limit never fires."""
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        pass
    raise AssertionError("the time limit did not fire")


def test_stops_a_busy_loop_and_spares_fast_code():
    with time_limit(5):
        total = sum(range(1000))
    assert total == 499500
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded), time_limit(0.05):
        spin(10)
    assert time.monotonic() - started < 5


def test_no_limit_for_zero_or_none():
    for seconds in (0, None, -1):
        with time_limit(seconds):
            time.sleep(0.01)


def test_one_watchdog_thread_serves_every_limit():
    with time_limit(5):
        pass
    before = threading.active_count()
    for _ in range(200):
        with time_limit(5):
            pass
    assert threading.active_count() == before


def test_limits_nest_and_the_inner_one_fires_first():
    with time_limit(5):
        with pytest.raises(TimeLimitExceeded), time_limit(0.05):
            spin(10)
        assert sum(range(10)) == 45  # the outer limit is still quiet
    with pytest.raises(TimeLimitExceeded), time_limit(0.05), time_limit(5):
        spin(10)


def test_each_thread_gets_its_own_limit():
    outcomes: dict[str, str] = {}

    def work(name: str, limit: float, seconds: float) -> None:
        try:
            with time_limit(limit):
                time.sleep(0)
                if seconds:
                    spin(seconds)
            outcomes[name] = "finished"
        except TimeLimitExceeded:
            outcomes[name] = "stopped"

    threads = [threading.Thread(target=work, args=("slow", 0.1, 10)),
               threading.Thread(target=work, args=("fast", 5, 0))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert outcomes == {"slow": "stopped", "fast": "finished"}


def test_a_limit_that_ends_in_time_fires_nothing_later():
    for _ in range(20):
        with time_limit(0.1):
            pass
    time.sleep(0.3)  # past every deadline: a limit left armed would raise here
    assert sum(range(10)) == 45


def test_fires_again_when_the_code_swallows_the_first_firing():
    # trafilatura catches every Exception around each of its steps and goes on.
    swallowed = 0
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded), time_limit(0.05):
        for _ in range(3):
            try:
                spin(10)
            except TimeLimitExceeded:
                swallowed += 1
        spin(10)
    assert swallowed == 3
    assert time.monotonic() - started < 5


def test_keeps_firing_until_the_block_ends(monkeypatch):
    import cleannews.extraction.timelimit as timelimit

    monkeypatch.setattr(timelimit, "_REFIRE", 0.001)
    swallowed = 0
    with pytest.raises(TimeLimitExceeded), time_limit(0.01):
        while swallowed < 200:  # code that swallows every firing, then would run on
            try:
                spin(10)
            except TimeLimitExceeded:
                swallowed += 1
        spin(10)
    assert swallowed == 200
