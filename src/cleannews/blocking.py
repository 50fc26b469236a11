"""The sync entry points over the async core, usable with or without a running event loop.

asyncio.run() refuses to start inside a running loop (a notebook, an async web handler), so
there the coroutine runs on a private loop in a worker thread while the caller waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to its end and return its result (or raise its error)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1, thread_name_prefix="cleannews-sync") as pool:
        return pool.submit(asyncio.run, coro).result()


def iterate(make: Callable[[], AsyncIterator[T]], *, buffer: int = 32) -> Iterator[T]:
    """Iterate the async iterator `make()` returns, from sync code.

    It runs on a private loop in a worker thread and hands items over through a bounded
    queue, so a slow consumer holds the producer back (memory stays bounded) without
    blocking the producer's loop: its connections and timeouts keep running. Leaving the
    loop early (break, an exception) cancels the producer and waits for it to clean up.
    """
    items: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=max(buffer, 1))
    started: queue.Queue[tuple[asyncio.AbstractEventLoop, asyncio.Task[None]]] = queue.Queue()

    async def pump() -> None:
        task = asyncio.current_task()
        assert task is not None
        started.put((asyncio.get_running_loop(), task))
        try:
            async for item in make():
                await asyncio.to_thread(items.put, ("item", item))
        except asyncio.CancelledError:
            return  # the consumer left; asyncio.run closes the generator on its way out
        except BaseException as exc:  # handed to the consumer, raised there
            items.put(("error", exc))
            return
        items.put(("end", None))

    worker = threading.Thread(target=asyncio.run, args=(pump(),), daemon=True,
                              name="cleannews-iterate")
    worker.start()
    loop, task = started.get()
    try:
        while True:
            kind, value = items.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        if worker.is_alive():
            # RuntimeError: the loop closed meanwhile, nothing is left to cancel
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(task.cancel)
            while worker.is_alive():  # drain, so that a producer blocked on a put gets out
                with contextlib.suppress(queue.Empty):
                    items.get(timeout=0.05)
        worker.join()
