"""The long run of the fuzz suite, for before a release: the strategy of
tests/extraction/test_fuzz.py (tests/fuzzing.py) for N minutes instead of a few seconds.

    python benchmarks/fuzz.py --minutes 10 [--out findings/]

Each failure hypothesis finds is shrunk to a small input, printed, and (with --out) written
as a file; turn each into a regression test in tests/extraction/test_fuzz.py (FOUND).
The run goes on after a failure, in rounds, until the time is up.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import traceback
from pathlib import Path

import _common  # puts the checkout's src/ on the path

sys.path.insert(0, str(_common.REPO / "tests"))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import check, mutated_pages, seed_pages

ROUND = 200  # examples per round; a failure ends a round, not the run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--out", type=Path, help="write each shrunk failing input here")
    args = parser.parse_args()
    seeds = seed_pages()
    found: list[bytes | str] = []
    examples = 0

    @settings(max_examples=ROUND, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(mutated_pages(seeds) | st.binary(max_size=4000) | st.text(max_size=4000))
    def one(page: bytes | str) -> None:
        nonlocal examples
        examples += 1
        try:
            check(page)
        except Exception:
            last[0] = page
            raise

    last: list[bytes | str | None] = [None]
    end = time.monotonic() + args.minutes * 60
    rounds = 0
    while time.monotonic() < end:
        rounds += 1
        try:
            one()
        except Exception as exc:  # hypothesis re-raises the shrunk failure
            page = last[0]
            found.append(page if page is not None else b"")
            print(f"FOUND {type(exc).__name__}: {str(exc).splitlines()[0][:200]}", flush=True)
            traceback.print_exception(exc, limit=-3, file=sys.stdout)
            if args.out is not None and page is not None:
                args.out.mkdir(parents=True, exist_ok=True)
                data = page.encode("utf-8", "surrogatepass") if isinstance(page, str) else page
                name = hashlib.sha256(data).hexdigest()[:12] + (".txt" if isinstance(page, str)
                                                                  else ".html")
                (args.out / name).write_bytes(data)
    print(f"{examples} examples in {rounds} rounds, {args.minutes} min: {len(found)} failures")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
