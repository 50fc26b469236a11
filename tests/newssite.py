"""A news site on 127.0.0.1 for collection tests and the benchmark: a home page that
announces its feed, robots.txt with a Sitemap line, RSS/Atom/JSON feeds and sitemaps built
from the articles it currently publishes, ETag / 304 on every document, and a count of the
requests each path received. Publish or move articles between runs to test what changes."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections import Counter
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

HTML = "text/html; charset=utf-8"


def article_html(n: int, *, words: int = 60) -> str:
    """A page whose body is unique to `n`, long enough to be extracted as an article."""
    sentences = " ".join(f"Story {n} sentence {i} tells readers what happened on day {n}."
                         for i in range(words // 10))
    return (f"<!doctype html><html lang=en><head><title>Story {n}</title>"
            f'<meta property="og:title" content="Headline number {n}"></head><body>'
            f"<header><nav><a href='/'>Home</a></nav></header><article>"
            f"<h1>Headline number {n}</h1><p>By Reporter {n}</p>"
            f"<p>{sentences}</p><p>{sentences} More on {n}.</p></article>"
            f"<footer>Copyright</footer></body></html>")


class NewsSite:
    """Serve `routes` (path -> (content type, body, extra headers)); thread-safe enough for
    tests: routes are replaced whole, never edited in place while serving."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[str, bytes]] = {}
        self.delays: dict[str, float] = {}
        self.hits: Counter[str] = Counter()
        self.headers_seen: dict[str, Message] = {}  # path -> its last request's headers
        self.not_modified: Counter[str] = Counter()  # 304 answers per path
        self.articles: dict[str, int] = {}  # path -> story number, in publishing order
        self.etags = True
        self.last_modified = False  # send Last-Modified, honour If-Modified-Since
        self._stamps: dict[bytes, str] = {}  # body -> its Last-Modified
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                site.hits[path] += 1
                site.headers_seen[path] = self.headers  # looked up case-insensitively
                time.sleep(site.delays.get(path, 0.0))
                route = site.routes.get(path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                kind, body = route
                tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                stamp = site.stamp(body)
                if (site.etags and self.headers.get("If-None-Match") == tag) or (
                        site.last_modified and self.headers.get("If-Modified-Since") == stamp):
                    site.not_modified[path] += 1
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if site.etags:
                    self.send_header("ETag", tag)
                if site.last_modified:
                    self.send_header("Last-Modified", stamp)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> NewsSite:
        self._thread.start()
        self.publish_home()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def stamp(self, body: bytes) -> str:
        """A Last-Modified date that changes whenever the body does."""
        if body not in self._stamps:
            minute, second = divmod(len(self._stamps) % 3600, 60)
            self._stamps[body] = f"Wed, 25 Nov 2026 10:{minute:02d}:{second:02d} GMT"
        return self._stamps[body]

    # --- content -----------------------------------------------------------------------

    def publish_home(self) -> None:
        self.routes["/"] = (HTML, (
            b"<html><head><title>Home</title>"
            b'<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
            b"</head><body><h1>News</h1></body></html>"))
        self.routes["/robots.txt"] = ("text/plain", (
            f"User-agent: *\nDisallow: /private/\nSitemap: {self.url}/sitemap_index.xml\n"
        ).encode())

    def publish(self, *numbers: int, section: str = "news") -> list[str]:
        """Put stories online and list them in the feeds and sitemaps; returns their URLs."""
        urls = []
        for n in numbers:
            path = f"/{section}/story-{n}.html"
            self.routes[path] = (HTML, article_html(n).encode())
            self.articles[path] = n
            urls.append(self.url + path)
        self.rebuild()
        return urls

    def move(self, old_path: str, new_path: str) -> None:
        """The same story under a new URL (the old one gone), as sites do when renaming."""
        self.routes[new_path] = self.routes.pop(old_path)
        self.articles[new_path] = self.articles.pop(old_path)
        self.rebuild()

    def rebuild(self) -> None:
        """Feeds list the 20 newest stories, with tracking parameters as real feeds have;
        the sitemaps list them all (the news sitemap gzipped, behind an index)."""
        paths = list(self.articles)
        newest = paths[::-1][:20]
        items = "".join(
            f"<item><title>Story {self.articles[p]}</title>"
            f"<link>{self.url}{p}?utm_source=rss&amp;utm_medium=feed</link>"
            f"<pubDate>Wed, 25 Nov 2026 10:{self.articles[p] % 60:02d}:00 GMT</pubDate></item>"
            for p in newest)
        self.routes["/rss.xml"] = ("application/rss+xml", (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
            f"<link>{self.url}/</link>{items}</channel></rss>").encode())
        urls = "".join(
            f"<url><loc>{escape(self.url + p)}</loc><news:news><news:publication>"
            f"<news:name>News</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>2026-11-25T10:{self.articles[p] % 60:02d}:00Z"
            f"</news:publication_date><news:title>Story {self.articles[p]}</news:title>"
            f"</news:news></url>" for p in paths)
        news = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
                f"{urls}</urlset>").encode()
        self.routes["/news-sitemap.xml.gz"] = ("application/gzip", gzip.compress(news))
        self.routes["/sitemap_index.xml"] = ("application/xml", (
            '<?xml version="1.0"?><sitemapindex '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{self.url}/news-sitemap.xml.gz</loc></sitemap>"
            "</sitemapindex>").encode())
        feed = {"version": "https://jsonfeed.org/version/1.1", "title": "News",
                "items": [{"id": p, "url": self.url + p} for p in newest]}
        self.routes["/feed.json"] = ("application/feed+json", json.dumps(feed).encode())


def sites_toml(site: NewsSite, **extra: str) -> str:
    """A sites file for `site`; keyword arguments add raw TOML lines (include = [...])."""
    lines = [f"url = {json.dumps(site.url + '/')}"]
    lines += [f"{key} = {value}" for key, value in extra.items()]
    return "[[site]]\n" + "\n".join(lines) + "\n"
