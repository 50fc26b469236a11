"""End-to-end crawl benchmark: fetch + extract + write, cleannews against trafilatura.

The 181 benchmark pages are served from a loopback server (a separate process) under
--urls URLs spread over 8 loopback addresses (127.0.0.1-8, so per-host limits apply as on
the web). Each tool then fetches, extracts and writes them all in its own subprocess, at the
same parallelism: cleannews with `scrape_many` (concurrency N, its default per-host limit),
trafilatura with `fetch_url` + `extract` on N threads (its SSRF protection switched off for
loopback). Pages are served gzip-encoded when the client asks, as news sites do.

    python benchmarks/crawl.py [--urls 1000] [--parallel 32] [--rounds 1]

Reports pages/s for both, the ratio, and the peak RSS of each tool's whole process tree
(sampled from /proc, so worker processes count) next to the main process's ru_maxrss.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO.parent / "shared" / "bench" / "scrapinghub"
HOSTS = [f"127.0.0.{i}" for i in range(1, 9)]
TOOLS = ("cleannews", "trafilatura")


# --- the loopback server (its own process, so it does not share the tools' GIL) ----------


def serve(bench: Path) -> None:
    """Serve /robots.txt and /page/<n> (page n mod 181) over HTTP/1.1 keep-alive."""
    compressed = [p.read_bytes() for p in sorted((bench / "html").glob("*.html.gz"))]
    plain = [gzip.decompress(b) for b in compressed]
    robots = b"User-agent: *\nAllow: /\n"

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                gz = b"gzip" in head.lower().split(b"accept-encoding:", 1)[-1].split(b"\r\n")[0]
                extra = b""
                if path.startswith("/page/"):
                    n = int(path.rsplit("/", 1)[1]) % len(plain)
                    body = compressed[n] if gz else plain[n]
                    kind = b"text/html; charset=utf-8"
                    extra = b"Content-Encoding: gzip\r\n" if gz else b""
                    status = b"200 OK"
                elif path == "/robots.txt":
                    body, kind, status = robots, b"text/plain", b"200 OK"
                else:
                    body, kind, status = b"not found", b"text/plain", b"404 Not Found"
                writer.write(
                    b"HTTP/1.1 " + status + b"\r\nContent-Type: " + kind + b"\r\n" + extra
                    + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        first = await asyncio.start_server(handle, HOSTS[0], 0, backlog=1024)
        port = first.sockets[0].getsockname()[1]
        others = [await asyncio.start_server(handle, host, port, backlog=1024)
                  for host in HOSTS[1:]]
        print(port, flush=True)
        await asyncio.gather(*(s.serve_forever() for s in (first, *others)))

    asyncio.run(main())


# --- the tools, each run in its own subprocess ---------------------------------------------


def run_cleannews(urls: list[str], out: Path, parallel: int, workers: int) -> tuple[int, int]:
    sys.path.insert(0, str(REPO / "src"))
    from cleannews import ErrorRecord, FetchOptions, scrape_many
    from cleannews.jsonl import JsonLinesWriter

    options = FetchOptions(
        allow_private=True, concurrency=parallel,
        per_host_concurrency=max(1, parallel // len(HOSTS)),
    )

    async def crawl() -> tuple[int, int]:
        ok = failed = 0
        with out.open("w", encoding="utf-8") as stream:
            writer = JsonLinesWriter(stream)
            async for item in scrape_many(urls, options=options, workers=workers):
                writer.write(item)
                if isinstance(item, ErrorRecord):
                    failed += 1
                else:
                    ok += 1
        return ok, failed

    return asyncio.run(crawl())


def run_trafilatura(urls: list[str], out: Path, parallel: int, workers: int) -> tuple[int, int]:
    from concurrent.futures import ThreadPoolExecutor

    from trafilatura import extract, fetch_url
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "SSRF_PROTECTION", "off")
    lock = threading.Lock()
    counts = [0, 0]

    with out.open("w", encoding="utf-8") as stream:

        def one(url: str) -> None:
            html = fetch_url(url, config=config)
            result = None
            if html:
                result = extract(html, url=url, output_format="json", with_metadata=True,
                                 config=config)
            with lock:
                if result:
                    stream.write(result.replace("\n", " ") + "\n")
                    stream.flush()
                    counts[0] += 1
                else:
                    stream.write(json.dumps({"url": url, "error": "failed"}) + "\n")
                    counts[1] += 1

        with ThreadPoolExecutor(parallel) as pool:
            list(pool.map(one, urls))
    return counts[0], counts[1]


def child(tool: str, url_file: Path, out: Path, parallel: int, workers: int) -> None:
    urls = url_file.read_text().split()
    runner = run_cleannews if tool == "cleannews" else run_trafilatura
    started = time.perf_counter()
    ok, failed = runner(urls, out, parallel, workers)
    seconds = time.perf_counter() - started
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"ok": ok, "failed": failed, "seconds": seconds, "maxrss_kb": rss_kb}))


# --- the parent: server up, each tool in turn, peak RSS of each process tree ---------------


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def measure(tool: str, url_file: Path, out: Path, parallel: int, workers: int) -> dict:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", tool, "--url-file", str(url_file),
         "--out", str(out), "--parallel", str(parallel), "--workers", str(workers)],
        stdout=subprocess.PIPE, text=True,
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(0.02)
    stdout, _ = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"{tool} run failed with status {proc.returncode}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["tree_peak_kb"] = max(peak, result["maxrss_kb"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--parallel", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=1, help="runs per tool; medians reported")
    parser.add_argument("--workers", type=int, default=0,
                        help="cleannews extraction processes (0: in the fetching process)")
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--url-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.bench)
        return
    if args.child:
        child(args.child, args.url_file, args.out, args.parallel, args.workers)
        return

    if not (args.bench / "html").is_dir():
        raise SystemExit(f"benchmark pages not found under {args.bench}")
    server = subprocess.Popen([sys.executable, __file__, "--serve", "--bench", str(args.bench)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        with tempfile.TemporaryDirectory() as tmp:
            url_file = Path(tmp) / "urls.txt"
            url_file.write_text("\n".join(
                f"http://{HOSTS[i % len(HOSTS)]}:{port}/page/{i}" for i in range(args.urls)
            ))
            results: dict[str, list[dict]] = {tool: [] for tool in TOOLS}
            for _ in range(args.rounds):
                for tool in TOOLS:
                    out = Path(tmp) / f"{tool}.jsonl"
                    results[tool].append(measure(tool, url_file, out, args.parallel, args.workers))
                    lines = sum(1 for _ in out.open(encoding="utf-8"))
                    assert lines == args.urls, f"{tool} wrote {lines} lines for {args.urls} URLs"
    finally:
        server.terminate()
        server.wait()
    report(results, args)


def report(results: dict[str, list[dict]], args: argparse.Namespace) -> None:
    rows = {}
    for tool, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        rows[tool] = {
            "pages_per_s": args.urls / seconds,
            "seconds": seconds,
            "ok": runs[-1]["ok"],
            "failed": runs[-1]["failed"],
            "peak_rss_mb": max(r["tree_peak_kb"] for r in runs) / 1024,
            "main_maxrss_mb": max(r["maxrss_kb"] for r in runs) / 1024,
        }
    print(f"{args.urls} URLs, parallelism {args.parallel}, {args.rounds} round(s), "
          f"cleannews workers {args.workers}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| tool | pages/s | seconds | records ok | failed | peak RSS tree MB | main RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for tool, row in rows.items():
        print(f"| {tool} | {row['pages_per_s']:.1f} | {row['seconds']:.2f} | {row['ok']} | "
              f"{row['failed']} | {row['peak_rss_mb']:.0f} | {row['main_maxrss_mb']:.0f} |")
    ratio = rows["cleannews"]["pages_per_s"] / rows["trafilatura"]["pages_per_s"]
    rss = rows["cleannews"]["peak_rss_mb"] / rows["trafilatura"]["peak_rss_mb"]
    print(f"\nspeed ratio cleannews/trafilatura: {ratio:.2f}x   peak RSS ratio: {rss:.2f}")


if __name__ == "__main__":
    main()
