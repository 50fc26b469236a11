"""WARC throughput: records per second of the local and Ray engines with 1 and 2 workers.

cleannews is compared with trafilatura run through the same harness (same WARC reader, pool,
spans, limits and writer; only the Page -> record function differs), at the same worker
count. The WARC files hold the benchmark pages repeated under varied URIs. A local run
includes starting its pool. Ray keeps its worker processes between datasets, so each
Ray session first runs cleannews once untimed (printed as the first run, its workers
starting) and then times warm runs, as a long job on a cluster sees them. Memory is
sampled from /proc: the peak PSS of the processes the run started (pool or Ray), together,
and the peak RSS of the largest one.

    python benchmarks/warc.py [--pages 2000] [--files 4] [--workers 1,2] [--engines local,ray]
                              [--repeat N]   # N rounds: best run per row, median speed-up
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
HTML_DIR = ROOT.parent / "shared" / "bench" / "scrapinghub" / "html"

from cleannews import Article, ExtractError, Page, extract  # noqa: E402
from cleannews.config import WarcOptions  # noqa: E402
from cleannews.warc.jobs import Progress, plan_jobs  # noqa: E402
from cleannews.warc.pool import run_local  # noqa: E402


def trafilatura_extract(page: Page, options: object = None) -> Article:
    """trafilatura with metadata, as a Page -> Article function for the same harness."""
    import trafilatura

    doc = trafilatura.bare_extraction(page.content, url=page.url, with_metadata=True)
    if doc is None:
        raise ExtractError("trafilatura found no content", url=page.url)
    return Article(url=page.url, headline=doc.title, byline=doc.author,
                   published=doc.date, body=doc.text or "")


EXTRACTORS = {"cleannews": extract, "trafilatura": trafilatura_extract}


def build_warcs(folder: Path, pages: int, files: int) -> list[Path]:
    """`pages` responses over `files` WARC files: the benchmark pages, round robin."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    sources = sorted(HTML_DIR.glob("*.html.gz"))
    if not sources:
        sys.exit(f"no benchmark pages in {HTML_DIR}")
    bodies = [gzip.decompress(p.read_bytes()) for p in sources]
    paths = [folder / f"BENCH-{n:02d}.warc.gz" for n in range(files)]
    streams = [open(p, "wb") for p in paths]  # noqa: SIM115 - closed below
    writers = [WARCWriter(s, gzip=True) for s in streams]
    for i in range(pages):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        source = sources[i % len(sources)].name.split(".")[0]
        writer = writers[i * files // pages]
        writer.write_record(writer.create_warc_record(
            f"https://bench.example/{i // len(sources)}/{source[:16]}", "response",
            payload=io.BytesIO(bodies[i % len(bodies)]), http_headers=http))
    for stream in streams:
        stream.close()
    return paths


class Result(NamedTuple):
    records: int
    errors: int
    seconds: float
    pss_mib: float  # peak, the run's processes together (shared pages counted once)
    rss_mib: float  # peak of the largest of them


def run(engine: str, extractor: str, workers: int, warcs: list[Path], out: Path) -> Result:
    """One run into a fresh output folder, timed and its memory sampled."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    jobs, _ = plan_jobs(warcs, out, "jsonl", force=True)
    options = WarcOptions(extractor=EXTRACTORS[extractor])
    progress = Progress(len(jobs))
    with MemorySampler() as memory:
        start = time.perf_counter()
        if engine == "ray":
            from cleannews.warc.raydata import run_ray

            failed = run_ray(jobs, fmt="jsonl", options=options, progress=progress)
        else:
            failed = run_local(jobs, fmt="jsonl", workers=workers, options=options,
                               progress=progress)
        seconds = time.perf_counter() - start
    assert not failed, failed
    return Result(progress.records, progress.errors, seconds, memory.peak_pss / 1024,
                  memory.peak_rss / 1024)


class MemorySampler:
    """Peak memory of this process's descendants (the pool's processes, or Ray's daemons
    and workers), sampled from /proc every 0.2 s: the sum of PSS (shared pages counted
    once) and the largest single RSS. This process is left out: besides the engine's main
    loop it holds the harness. Linux only; elsewhere it reports nothing."""

    def __init__(self) -> None:
        self.peak_pss = self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            pss = rss = 0
            for pid in _descendants(os.getpid())[1:]:
                status = _read(f"/proc/{pid}/smaps_rollup")
                pss += _kib(status, "Pss:")
                rss = max(rss, _kib(status, "Rss:"))
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            if self._stop.wait(0.2):
                return


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _read(f"/proc/{entry}/stat")
            if stat:  # "pid (name) state ppid ...": the name may hold spaces
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def _read(path: str) -> str:
    try:
        with open(path) as stream:
            return stream.read()
    except OSError:  # the process ended meanwhile
        return ""


def _kib(status: str, key: str) -> int:
    for line in status.splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--files", type=int, default=4, help="WARC files (Ray: one per task)")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--engines", default="local,ray")
    parser.add_argument("--extractors", default="cleannews,trafilatura")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of every row: the fastest run of each row is shown, and "
                             "the median speed-up from 1 worker over the rounds")
    args = parser.parse_args()
    print(f"load before: {os.getloadavg()}, cores: {os.cpu_count()}", file=sys.stderr)
    temp = Path(tempfile.mkdtemp(prefix="cnbench-", dir="/tmp"))
    results: dict[tuple[str, str, int], list[Result]] = {}  # a run per round
    try:
        warcs = build_warcs(temp, args.pages, args.files)
        # Each round runs every row once, so a slow spell of this shared machine falls on
        # all rows alike rather than on one.
        for _ in range(args.repeat):
            for engine in args.engines.split(","):
                for workers in map(int, args.workers.split(",")):
                    ray = _start_ray(workers, temp) if engine == "ray" else None
                    try:
                        if ray is not None:  # Ray keeps its workers between datasets
                            cold = run(engine, "cleannews", workers, warcs, temp / "out")
                            print(f"ray cleannews x{workers}, first run, its workers "
                                  f"starting: {cold.seconds:.1f} s = "
                                  f"{cold.records / cold.seconds:.1f}/s", file=sys.stderr)
                        for extractor in args.extractors.split(","):
                            key = (engine, extractor, workers)
                            result = run(engine, extractor, workers, warcs, temp / "out")
                            print(f"{engine} {extractor} x{workers}: {result.records} records "
                                  f"({result.errors} errors) in {result.seconds:.1f} s = "
                                  f"{result.records / result.seconds:.1f}/s, peak PSS "
                                  f"{result.pss_mib:.0f} MiB", file=sys.stderr)
                            results.setdefault(key, []).append(result)
                    finally:
                        if ray is not None:
                            ray.shutdown()
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    print(f"load after: {os.getloadavg()}", file=sys.stderr)
    _table(results)


def _start_ray(workers: int, temp: Path):
    import ray

    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])
    ray.init(num_cpus=workers, include_dashboard=False, _temp_dir=str(temp / "ray"),
             logging_level="warning")
    return ray


def _table(results: dict[tuple[str, str, int], list[Result]]) -> None:
    """A row per engine, extractor and worker count: its fastest round, and for the
    speed-up from 1 worker also the median over rounds of the ratio within each round."""
    print("| engine | workers | extractor | records | errors | s | records/s | x trafilatura "
          "| x from 1 worker (best; median of rounds) | peak PSS, together "
          "| peak RSS, largest |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    best = {key: min(runs, key=lambda r: r.seconds) for key, runs in results.items()}
    for (engine, extractor, workers), result in best.items():
        rate = result.records / result.seconds
        vs = best.get((engine, "trafilatura", workers))
        ratio = f"{rate / _rate(vs):.2f}" if vs and extractor != "trafilatura" else ""
        scale = ""
        ones = results.get((engine, extractor, 1))
        if ones and workers != 1:
            rounds = zip(results[(engine, extractor, workers)], ones, strict=True)
            median = statistics.median(_rate(run) / _rate(one) for run, one in rounds)
            scale = f"{rate / _rate(best[(engine, extractor, 1)]):.2f}; {median:.2f}"
        print(f"| {engine} | {workers} | {extractor} | {result.records} | {result.errors} "
              f"| {result.seconds:.1f} | {rate:.1f} | {ratio} | {scale} "
              f"| {result.pss_mib:.0f} MiB | {result.rss_mib:.0f} MiB |")


def _rate(result: Result) -> float:
    return result.records / result.seconds

if __name__ == "__main__":
    main()
