"""The machine's own ceiling for scaling: the same work in 1 process, then in 2 at once.

An engine's speed-up from 1 to 2 workers can reach at most what the machine gives two
processes doing the same work with no engine around them. This runs three kinds of work
from a plain fork, each alone and twice side by side, and prints 2 x (time alone) / (time
side by side): 2.00 is perfect; less means the cores slow each other down (shared caches,
memory bandwidth, a host's hyperthreads).

    python benchmarks/cores.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from collections.abc import Callable

from _common import load_pages

PAGES = list(load_pages().values())


def python_loop(count: int) -> float:
    """Pure interpreter work: no memory traffic to speak of."""
    start = time.perf_counter()
    total = 0
    for i in range(count):
        total += i * i % 7
    return time.perf_counter() - start


def parse(count: int) -> float:
    """selectolax parsing the benchmark pages: allocation- and memory-heavy C code."""
    from selectolax.lexbor import LexborHTMLParser

    start = time.perf_counter()
    for i in range(count):
        _ = LexborHTMLParser(PAGES[i % len(PAGES)]).body
    return time.perf_counter() - start


def extract(count: int) -> float:
    """cleannews.extract on the benchmark pages, after a warm-up."""
    import cleannews

    for page in PAGES[:20]:
        cleannews.extract(page)
    start = time.perf_counter()
    for i in range(count):
        cleannews.extract(PAGES[i % len(PAGES)])
    return time.perf_counter() - start


WORK: list[tuple[str, Callable[[int], float], int]] = [
    ("python loop", python_loop, 20_000_000),
    ("selectolax parse", parse, 3000),
    ("cleannews.extract", extract, 1000),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    context = multiprocessing.get_context("fork")
    print("| work | 2 side by side / 1 alone, each round |")
    print("|---|---|")
    for name, work, count in WORK:
        ratios = []
        for _ in range(args.rounds):
            with context.Pool(1) as pool:
                alone = pool.apply(work, (count,))
            with context.Pool(2) as pool:
                together = max(pool.map(work, [count, count]))
            ratios.append(2 * alone / together)
        print(f"| {name} | {', '.join(f'{r:.2f}' for r in ratios)} |")


if __name__ == "__main__":
    main()
