"""Scheduled collection: a first run over N new articles against a second run over the same,
already collected, site. The second run must cost a small fraction of the first.

    PYTHONPATH=src python benchmarks/collect.py [--articles 1000]
    PYTHONPATH=src python benchmarks/collect.py --session   # the three-run session


Everything runs on 127.0.0.1 (the test suite's loopback news site). Three second-run cases:
the server answers conditional requests (304), it does not (same bytes: the body hash
spares the parse), and its sitemap changed (every entry parsed and looked up in the state).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests")]

from cleannews.collect.run import Summary, run  # noqa: E402
from cleannews.collect.sources import load_sites  # noqa: E402
from cleannews.config import CollectOptions, FetchOptions  # noqa: E402
from newssite import NewsSite  # noqa: E402


def timed(sites_file: Path, work: Path) -> tuple[float, Summary]:
    options = CollectOptions(out_dir=work / "data", state_path=work / "state.db",
                             fetch=FetchOptions(allow_private=True))
    start = time.perf_counter()
    summary = run(load_sites(sites_file), options)
    return time.perf_counter() - start, summary


def session() -> None:
    """Three runs of the real command line: 12 new stories, nothing new, 3 new ones."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    with NewsSite() as site, tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        Path("sites.toml").write_text(f'[[site]]\nurl = "{site.url}/"\n')
        command = ["cleannews", "collect", "sites.toml", "--out", "data/", "--state", "state.db",
                   "--allow-private", "--json-summary"]
        print(f"$ cat sites.toml\n{Path('sites.toml').read_text()}", end="")
        for number, publish in enumerate((range(1, 13), (), range(13, 16)), 1):
            if publish:
                site.publish(*publish)
            print(f"# run {number}: the site now lists {len(site.articles)} stories")
            print("$ " + " ".join(command) + "; echo \"exit $?\"")
            done = subprocess.run([sys.executable, "-m", "cleannews", *command[1:]], env=env,
                                  capture_output=True, text=True)
            print(done.stderr + done.stdout + f"exit {done.returncode}")
        print("$ wc -l data/*.jsonl")
        for path in sorted(Path("data").glob("*.jsonl")):
            print(f"{len(path.read_text().splitlines()):>3} {path}")
        os.chdir(REPO)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--session", action="store_true",
                        help="show a three-run session of the command line instead")
    args = parser.parse_args()
    if args.session:
        return session()
    rows = []
    for case in ("304 Not Modified", "no ETag, same bytes", "sitemap changed (+1)"):
        with NewsSite() as site, tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            site.etags = case != "no ETag, same bytes"
            site.publish(*range(1, args.articles + 1))
            sites_file = work / "sites.toml"
            sites_file.write_text(f'[[site]]\nurl = "{site.url}/"\n')
            first, s1 = timed(sites_file, work)
            assert s1.fetched == args.articles, s1
            if case.startswith("sitemap changed"):
                site.publish(args.articles + 1)
            second, s2 = timed(sites_file, work)
            assert s2.fetched == (1 if case.startswith("sitemap changed") else 0), s2
            rows.append((case, s1, first, s2, second))
    print(f"\n{args.articles} articles on a loopback site; times in seconds\n")
    print("| second run's case | 1st run: fetched | 1st run | 2nd run: listed/fetched "
          "| 2nd run | 2nd / 1st |")
    print("|---|---:|---:|---:|---:|---:|")
    for case, s1, first, s2, second in rows:
        print(f"| {case} | {s1.fetched} | {first:.2f} | {s2.discovered}/{s2.fetched} "
              f"| {second:.3f} | {second / first:.1%} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the whole process (server included): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
