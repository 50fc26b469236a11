"""A site's own proxy (the sites file's `proxy`): its requests go through it, others not."""

from __future__ import annotations

import json

from cleannews.cli.main import main
from cleannews.collect.sources import load_sites

SITE = "http://news.example"  # does not resolve: only the proxy can reach it
RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>'
       b"<item><title>A</title><link>http://news.example/a</link></item></channel></rss>")
ARTICLE = (b"<html><head><title>Flood</title></head><body><article><h1>River floods town</h1>"
           + b"<p>The river rose overnight and flooded the old town, officials said. </p>" * 5
           + b"</article></body></html>")


def test_site_proxy_carries_the_sites_requests(http_server, tmp_path, capsys, monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    http_server.route(f"{SITE}/", body=b'<html><head><link rel="alternate" '
                      b'type="application/rss+xml" href="/rss.xml"></head></html>')
    http_server.route(f"{SITE}/rss.xml", body=RSS, content_type="application/rss+xml")
    http_server.route(f"{SITE}/a", body=ARTICLE)
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[[site]]\nurl = "{SITE}/"\nproxy = "{http_server.url("")}"\n')
    assert load_sites(sites)[0].proxy_mount() == {"all://news.example": http_server.url("")}
    code = main(["collect", str(sites), "--out", str(tmp_path / "data"), "--state",
                 str(tmp_path / "state.db"), "--allow-private", "--retries", "0",
                 "--json-summary"])
    summary = json.loads(capsys.readouterr().out)
    assert (code, summary["fetched"]) == (0, 1)
    assert http_server.hits[f"{SITE}/a"] == 1
