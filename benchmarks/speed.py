"""Extraction speed and peak memory on ../shared/bench/scrapinghub: cleannews vs trafilatura.

    python benchmarks/speed.py [--passes 5]

Time: one process, single core, the same page bytes for every extractor; a warm-up pass, then
several timed passes, the median pass reported. The ratio is against trafilatura's default
(the body only); trafilatura asked for its metadata too, the same job as cleannews's record,
is reported beside it. The floor is selectolax parsing the same (decoded) pages and nothing
else: no extractor built on it can be faster.

Memory: each extractor runs alone in a fresh child process over all pages; its peak RSS is
read by the child itself, and the baseline of a child that only loaded the pages and imported
cleannews is reported beside it.
"""

from __future__ import annotations

import argparse
import gzip
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import _common as common
import cleannews
from cleannews.extraction.dom import parse


def _cleannews(html: bytes) -> object:
    return cleannews.extract(html).body


def _trafilatura(html: bytes) -> object:
    import trafilatura

    return trafilatura.extract(html, include_comments=False)


def _trafilatura_with_metadata(html: bytes) -> object:
    # The same job as cleannews's record: the body and the page's title, author, date, site.
    import trafilatura

    return trafilatura.extract(html, include_comments=False, with_metadata=True)


def _floor(html: bytes) -> object:
    # Decoding is excluded: the floor is the parse alone, the least any extractor must do.
    # The bytes go to the parser as they are (read as UTF-8), as cleannews does for pages
    # in UTF-8; a str would first be encoded to UTF-8 by the parser, which is not a floor.
    return parse(html)


SUBJECTS: dict[str, Callable[[bytes], object]] = {
    "cleannews": _cleannews,
    "trafilatura": _trafilatura,
    "trafilatura+meta": _trafilatura_with_metadata,
    "floor": _floor,
}


def _pass(func: Callable[[bytes], object], pages: list[bytes]) -> float:
    start = time.perf_counter()
    for html in pages:
        func(html)
    return time.perf_counter() - start


def timings(pages: list[bytes], passes: int) -> dict[str, float]:
    """Median seconds per pass for each subject; passes are interleaved so that background
    load on the machine hits every subject alike."""
    for func in SUBJECTS.values():
        _pass(func, pages)  # warm-up: imports, caches, first-touch memory
    runs: dict[str, list[float]] = {name: [] for name in SUBJECTS}
    for _ in range(passes):
        for name, func in SUBJECTS.items():
            runs[name].append(_pass(func, pages))
    return {name: statistics.median(values) for name, values in runs.items()}


def _child_peak(subject: str) -> float:
    """Peak RSS in MiB of a fresh interpreter running one subject over all pages."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", subject],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.split()[-1])


def child(subject: str) -> None:
    """Run one subject over all pages and print this process's peak RSS in MiB."""
    for path in sorted((common.BENCH / "html").glob("*.html.gz")):
        html = gzip.decompress(path.read_bytes())  # one page in memory at a time
        if subject != "baseline":  # the baseline only reads the pages and imports cleannews
            SUBJECTS[subject](html)
    print(_own_peak_mib())


def _own_peak_mib() -> float:
    """This process's peak RSS. VmHWM belongs to this program image alone; ru_maxrss can carry
    the parent's peak across fork and exec, so it is only the fallback off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="timed passes (median reported)")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-RSS children")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    if not common.BENCH.exists():
        print(f"benchmark pages not found at {common.BENCH}", file=sys.stderr)
        return 2
    pages = list(common.load_pages().values())
    medians = timings(pages, args.passes)
    n = len(pages)
    ms = {name: 1000 * seconds / n for name, seconds in medians.items()}
    print(f"{n} pages, median of {args.passes} passes, single process\n")
    print(f"{'':<12} {'ms/page':>8} {'pages/s':>8}  notes")
    print(f"{'cleannews':<12} {ms['cleannews']:8.2f} {1000 / ms['cleannews']:8.1f}"
          f"  {ms['trafilatura'] / ms['cleannews']:.1f}x trafilatura,"
          f" {ms['cleannews'] / ms['floor']:.1f}x the parse floor")
    print(f"{'trafilatura':<12} {ms['trafilatura']:8.2f} {1000 / ms['trafilatura']:8.1f}"
          "  the body only (its default): the ratio above")
    meta = ms["trafilatura+meta"]
    print(f"{'  +metadata':<12} {meta:8.2f} {1000 / meta:8.1f}  body and metadata, as cleannews"
          f" gives them: {meta / ms['cleannews']:.1f}x cleannews's time")
    print(f"{'floor':<12} {ms['floor']:8.2f} {1000 / ms['floor']:8.1f}  selectolax parse only")
    if not args.no_memory:
        print("\npeak RSS, each in its own fresh process over all pages (MiB)")
        for subject in ("baseline", "cleannews", "trafilatura"):
            print(f"{subject:<12} {_child_peak(subject):8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
