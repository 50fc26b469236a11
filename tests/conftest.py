"""Shared fixtures: the benchmark pages beside the repo, and a schema validator."""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
BENCH = REPO.parent / "shared" / "bench" / "scrapinghub"


@pytest.fixture(scope="session")
def record_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("cleannews").joinpath("schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def validate_record(record_validator):
    """Assert a record dict is valid against the shipped JSON Schema."""

    def check(record: dict) -> dict:
        record_validator.validate(record)
        return record

    return check


def bench_page(page_id: str) -> bytes:
    """The raw bytes of one benchmark page (skip when the benchmark is not beside the repo)."""
    path = BENCH / "html" / f"{page_id}.html.gz"
    if not path.exists():
        pytest.skip("../shared/bench is not beside this checkout")
    return gzip.decompress(path.read_bytes())


# --- A real HTTP server on 127.0.0.1 that misbehaves on request (fetch integration tests) ---


class LoopbackServer:
    """A threaded HTTP/1.1 server on 127.0.0.1. Tests register a handler per path: a function
    taking the BaseHTTPRequestHandler, free to send anything (or nothing). `hits` counts the
    requests per path and `requests` keeps (path, headers, monotonic time) of each."""

    def __init__(self) -> None:
        import http.server
        import threading
        import time

        self.routes: dict[str, object] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, dict[str, str], float]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                with server._lock:
                    server.hits[path] = server.hits.get(path, 0) + 1
                    server.requests.append((path, dict(self.headers), time.monotonic()))
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                self.answered = False
                try:
                    route = server.routes.get(path)
                    if route is None:
                        server.send(self, 404, b"not found", "text/plain")
                    else:
                        route(self)  # type: ignore[operator]
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                finally:
                    self.mark_answered()

            def mark_answered(self) -> None:
                """The request leaves the in-flight count once, before its last bytes go out:
                a client that reads them may send its next request at once, and must not be
                counted twice."""
                with server._lock:
                    if not self.answered:
                        self.answered = True
                        server.in_flight -= 1

            def log_message(self, *args: object) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # clients hanging up on purpose (size caps, timeouts) are expected

        self._httpd = Server(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, handler=None, **static):
        """Register `handler(request)`, or a static answer: status, body, content_type, headers."""
        if handler is None:
            def handler(req, _s=static):
                self.send(req, _s.get("status", 200), _s.get("body", b""),
                          _s.get("content_type", "text/html; charset=utf-8"), _s.get("headers"))
        self.routes[path] = handler
        return handler

    @staticmethod
    def send(req, status: int, body: bytes, content_type: str | None = "text/html",
             headers: dict[str, str] | None = None) -> None:
        req.send_response(status)
        if content_type:
            req.send_header("Content-Type", content_type)
        req.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            req.send_header(key, value)
        req.end_headers()
        req.mark_answered()
        req.wfile.write(body)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def http_server():
    """A fresh loopback server per test; see LoopbackServer."""
    server = LoopbackServer()
    yield server
    server.close()
