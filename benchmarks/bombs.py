"""Peak RSS of the command line on compression bombs: served from 127.0.0.1 to `scrape`,
and as files (and stdin) to `extract`. Each run is its own process; its peak RSS comes from
wait4(), so the numbers are the command's own, beside a run on a small page for scale.

    python benchmarks/bombs.py            # 1 GB of zeros per bomb (as issue 13 measured)
    python benchmarks/bombs.py --mb 200   # quicker
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import zlib
from pathlib import Path

import _common

PAGE = b"<html><body><article><h1>Small</h1>" + b"<p>A short story.</p>" * 50 + b"</article>"


def gzipped_zeros(megabytes: int, layers: int = 1) -> bytes:
    """`megabytes` MB of zeros gzipped `layers` times, compressed as a stream."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1 << 20)
    data = b"".join(z.compress(chunk) for _ in range(megabytes)) + z.flush()
    for _ in range(layers - 1):
        data = gzip.compress(data, compresslevel=9)
    return data


def serve(routes: dict[str, tuple[bytes, str | None]]) -> tuple[http.server.HTTPServer, int]:
    """path -> (body, Content-Encoding) on a loopback port, in a daemon thread."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, coding = routes.get(self.path, (b"", None))
            self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            if coding:
                self.send_header("Content-Encoding", coding)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def peak_rss(argv: list[str], stdin: Path | None = None) -> tuple[float, int, str]:
    """(peak RSS in MB, exit status, last stderr line) of one cleannews command."""
    env = {**os.environ, "PYTHONPATH": str(_common.REPO / "src")}
    with tempfile.TemporaryFile() as err, open(stdin or os.devnull, "rb") as source:
        proc = subprocess.Popen([sys.executable, "-m", "cleannews", *argv], stdin=source,
                                stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    return usage.ru_maxrss / 1024, proc.returncode, (lines[-1] if lines else "")[:110]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=1024, help="zeros per bomb, in MB")
    args = parser.parse_args()
    once, twice = gzipped_zeros(args.mb), gzipped_zeros(args.mb, layers=2)
    server, port = serve({"/page": (PAGE, None), "/gzip": (once, "gzip"),
                          "/gzip-gzip": (twice, "gzip, gzip")})
    print(f"bombs: {args.mb} MB of zeros; gzip once {len(once):,} B, twice {len(twice):,} B")
    print(f"{'command':<46} {'peak RSS':>9}  exit  last message")
    flags = ["--allow-private", "--no-robots", "--retries", "0", "--no-progress"]
    runs = [(f"scrape {path}", ["scrape", *flags, f"http://127.0.0.1:{port}{path}"], None)
            for path in ("/page", "/gzip", "/gzip-gzip")]
    with tempfile.TemporaryDirectory() as tmp:
        small, bomb = Path(tmp, "page.html.gz"), Path(tmp, "big.html.gz")
        small.write_bytes(gzip.compress(PAGE))
        bomb.write_bytes(once)
        runs += [("extract page.html.gz", ["extract", str(small)], None),
                 ("extract big.html.gz", ["extract", str(bomb)], None),
                 ("extract - < big.html.gz", ["extract", "-"], bomb)]
        for name, argv, stdin in runs:
            rss, code, message = peak_rss(argv, stdin)
            print(f"{name:<46} {rss:>6.0f} MB  {code:>4}  {message}")
    server.shutdown()


if __name__ == "__main__":
    main()
