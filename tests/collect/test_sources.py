import gzip
import json
from datetime import UTC, datetime

import pytest

from cleannews.collect.sources import (
    SourceError,
    canonical_url,
    feed_links,
    inflate,
    load_sites,
    parse_date,
    read_source,
    usual_sitemaps,
)
from cleannews.errors import InputError
from cleannews.net.robots import robots_sitemaps

BASE = "https://news.example.com/"


# --- canonical URLs --------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("https://News.Example.com/a?utm_source=rss&utm_medium=feed", "https://news.example.com/a"),
    ("https://news.example.com:443/a#comments", "https://news.example.com/a"),
    ("http://news.example.com:80/a?b=2&a=1&fbclid=x", "http://news.example.com/a?a=1&b=2"),
    ("https://news.example.com/a?id=7&gclid=abc", "https://news.example.com/a?id=7"),
    ("https://news.example.com", "https://news.example.com/"),
])
def test_canonical_url_drops_tracking_and_fragment(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_keeps_what_tells_articles_apart():
    assert canonical_url(BASE + "story?id=1") != canonical_url(BASE + "story?id=2")
    assert canonical_url(BASE + "a/b") != canonical_url(BASE + "a/c")


# --- the sites file --------------------------------------------------------------------------

def test_load_sites_reads_every_key(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text("""
[[site]]
url = "https://news.example.com/"
feeds = ["https://news.example.com/rss"]
sitemaps = ["https://news.example.com/sm.xml"]
include = ["/news/"]
exclude = ["/video/"]

[[site]]
url = "https://other.example.org/"
""")
    first, second = load_sites(path)
    assert first.feeds == ("https://news.example.com/rss",)
    assert first.sitemaps == ("https://news.example.com/sm.xml",)
    assert first.wants(BASE + "news/1.html")
    assert not first.wants(BASE + "sport/1.html")
    assert not first.wants(BASE + "news/video/1.html")
    assert second.url == "https://other.example.org/" and second.wants("https://x/anything")


@pytest.mark.parametrize(("text", "message"), [
    ("[[site]\nurl=", "not valid TOML"),
    ("", "no [[site]]"),
    ("site = 3", "no [[site]]"),
    ("[[sites]]\nurl = 'https://a.example/'", "unknown top-level"),
    ("[[site]]\nfeeds = []", "'url' is required"),
    ("[[site]]\nurl = 'ftp://a.example/'", "not an http(s) URL"),
    ("[[site]]\nurl = 'https://a.example/'\nfeeds = 'https://a.example/rss'", "list of strings"),
    ("[[site]]\nurl = 'https://a.example/'\nfeeds = ['/rss']", "not an http(s) URL"),
    ("[[site]]\nurl = 'https://a.example/'\ninclude = ['(']", "bad regular expression"),
    ("[[site]]\nurl = 'https://a.example/'\nfeed = []", "unknown key(s) ['feed']"),
])
def test_load_sites_says_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "sites.toml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_sites(path)
    assert message.lower() in str(caught.value).lower()


def test_load_sites_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read sites file"):
        load_sites(tmp_path / "nope.toml")


# --- discovery -------------------------------------------------------------------------------

def test_feed_links_from_home_page():
    html = b"""<html><head>
    <link rel="alternate" type="application/rss+xml" href="/rss.xml">
    <link rel="alternate" type="application/atom+xml" href="https://news.example.com/atom">
    <link rel="alternate" type="application/feed+json" href="feed.json">
    <link rel="alternate" hreflang="fr" href="/fr/">
    <link rel="stylesheet" type="text/css" href="/s.css">
    <link rel="alternate" type="application/rss+xml" href="/rss.xml">
    </head><body></body></html>"""
    assert feed_links(html, BASE) == [BASE + "rss.xml", BASE + "atom", BASE + "feed.json"]


def test_feed_links_none_on_a_page_without_feeds():
    assert feed_links(b"<html><body>plain</body></html>", BASE) == []
    assert feed_links(b"", BASE) == []


def test_robots_sitemaps_and_usual_paths():
    text = ("User-agent: *\nDisallow: /x\nSitemap: https://news.example.com/s1.xml\n"
            "sitemap:/s2.xml # relative\nSITEMAP: https://news.example.com/s1.xml\n")
    assert robots_sitemaps(text, BASE) == [BASE + "s1.xml", BASE + "s2.xml"]
    assert BASE + "sitemap.xml" in usual_sitemaps(BASE)
    assert BASE + "news-sitemap.xml" in usual_sitemaps(BASE + "section/")


# --- feeds -----------------------------------------------------------------------------------

RSS2 = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>https://news.example.com/a</link>
<pubDate>Tue, 24 Nov 2026 08:30:00 +0100</pubDate></item>
<item><title>B</title><link>/b</link></item>
<item><title>no link</title></item>
</channel></rss>"""

RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>T</title>
<item><title>A</title><link>https://news.example.com/old</link></item></channel></rss>"""

RSS1 = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example.com/"><title>T</title></channel>
<item rdf:about="https://news.example.com/r1"><title>R</title>
<link>https://news.example.com/r1</link><dc:date>2026-11-24T07:00:00Z</dc:date></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>T</title><id>urn:x</id><updated>2026-11-24T07:00:00Z</updated>
<entry><title>E</title><id>urn:e</id><link rel="alternate" href="https://news.example.com/e"/>
<published>2026-11-23T07:00:00Z</published><updated>2026-11-24T07:00:00Z</updated></entry>
</feed>"""


def test_rss2_entries_resolved_and_dated():
    listing = read_source(RSS2, BASE + "rss")
    assert listing.kind == "feed"
    assert [e.url for e in listing.entries] == [BASE + "a", BASE + "b"]
    assert listing.entries[0].published == datetime(2026, 11, 24, 7, 30, tzinfo=UTC)
    assert listing.entries[1].published is None


@pytest.mark.parametrize(("data", "url", "published"), [
    (RSS091, BASE + "old", None),
    (RSS1, BASE + "r1", datetime(2026, 11, 24, 7, 0, tzinfo=UTC)),
    (ATOM, BASE + "e", datetime(2026, 11, 23, 7, 0, tzinfo=UTC)),
])
def test_other_feed_dialects(data, url, published):
    (entry,) = read_source(data, BASE + "feed").entries
    assert entry.url == url
    assert entry.published == published


def test_json_feed():
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
        {"id": "1", "url": "https://news.example.com/j1", "date_published": "2026-11-24T10:00:00Z"},
        {"id": "2", "external_url": "/j2"},
        {"id": "3"}, "junk"]}
    listing = read_source(json.dumps(doc).encode(), BASE + "feed.json")
    assert [e.url for e in listing.entries] == [BASE + "j1", BASE + "j2"]
    assert listing.entries[0].published == datetime(2026, 11, 24, 10, tzinfo=UTC)


def test_empty_feed_is_not_an_error():
    listing = read_source(b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                          b"</channel></rss>", BASE + "rss")
    assert listing.kind == "feed" and listing.entries == []


# --- sitemaps --------------------------------------------------------------------------------

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.com/s1</loc><lastmod>2026-11-20</lastmod></url>
<url><loc> https://news.example.com/s2 </loc>
  <news:news><news:publication><news:name>N</news:name><news:language>en</news:language>
  </news:publication><news:publication_date>2026-11-24T09:00:00+01:00</news:publication_date>
  <news:title>T</news:title></news:news></url>
<url><lastmod>2026-11-20</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example.com/sm-2026-11.xml.gz</loc><lastmod>2026-11-24</lastmod></sitemap>
<sitemap><loc>/sm-2026-10.xml</loc></sitemap></sitemapindex>"""


def test_sitemap_with_google_news_dates():
    listing = read_source(URLSET, BASE + "sitemap.xml")
    assert listing.kind == "sitemap"
    assert [e.url for e in listing.entries] == [BASE + "s1", BASE + "s2"]
    assert listing.entries[0].published == datetime(2026, 11, 20, tzinfo=UTC)
    assert listing.entries[1].published == datetime(2026, 11, 24, 8, tzinfo=UTC)


def test_sitemap_index_lists_sitemaps():
    listing = read_source(INDEX, BASE + "sitemap_index.xml")
    assert listing.kind == "sitemapindex"
    assert listing.entries == []
    assert [e.url for e in listing.sitemaps] == [BASE + "sm-2026-11.xml.gz",
                                                 BASE + "sm-2026-10.xml"]


def test_gzipped_sitemap_and_feed():
    assert len(read_source(gzip.compress(URLSET), BASE + "s.xml.gz").entries) == 2
    assert len(read_source(gzip.compress(RSS2), BASE + "rss.gz").entries) == 2


def test_plain_text_sitemap():
    listing = read_source(b"https://news.example.com/t1\n\nhttps://news.example.com/t2\n",
                          BASE + "sitemap.txt")
    assert [e.url for e in listing.entries] == [BASE + "t1", BASE + "t2"]


def test_sitemap_cut_short_keeps_the_urls_before_the_cut():
    listing = read_source(URLSET[: URLSET.index(b"<url><lastmod>")] + b"<url><loc>https://n",
                          BASE + "sitemap.xml")
    assert [e.url for e in listing.entries] == [BASE + "s1", BASE + "s2"]


# --- broken, empty, huge, not XML ------------------------------------------------------------

@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"  \n\t ", "empty"),
    (b"<html><body><p>Just a page</p></body></html>", "not a feed"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "not a feed"),
    (b"{not json", "broken JSON"),
    (b'{"version": "1", "items": []}', "not a JSON Feed"),
    (b"[1, 2]", "not a JSON Feed"),
    (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>',
     "broken XML"),
    (b"\x1f\x8b\x08\x00garbage", "broken gzip"),
])
def test_broken_sources_raise_source_error(data, message):
    with pytest.raises(SourceError, match=message) as caught:
        read_source(data, BASE + "x")
    assert caught.value.url == BASE + "x"


def test_oversized_source_refused():
    with pytest.raises(SourceError, match="larger than"):
        read_source(b"<rss>" + b" " * 2000, BASE + "x", limit=1000)


def test_gzip_bomb_refused_without_inflating_it_all():
    bomb = gzip.compress(b"\0" * 20_000_000)
    with pytest.raises(SourceError, match="once inflated"):
        inflate(bomb, BASE + "x", limit=1_000_000)


def test_entity_expansion_bomb_is_not_expanded():
    lol = (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "' + b"a" * 1000 + b'">'
           + b"".join(b'<!ENTITY %c "%s">' % (ord("b") + i, (b"&%c;" % (ord("a") + i)) * 20)
                      for i in range(8))
           + b']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>https://news.example.com/&i;</loc></url>"
           b"<url><loc>https://news.example.com/ok</loc></url></urlset>")
    try:
        listing = read_source(lol, BASE + "s.xml")
    except SourceError:
        return  # refused outright: fine too
    assert all(len(e.url) < 200 for e in listing.entries)
    assert BASE + "ok" in [e.url for e in listing.entries]


def test_external_entities_are_not_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           "<url><loc>https://news.example.com/&x;</loc></url></urlset>").encode()
    try:
        listing = read_source(xxe, BASE + "s.xml")
    except SourceError:
        return
    assert not any("TOPSECRET" in e.url for e in listing.entries)


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-24", datetime(2026, 11, 24, tzinfo=UTC)),
    ("2026-11-24T10:00:00Z", datetime(2026, 11, 24, 10, tzinfo=UTC)),
    ("2026-11-24T10:00:00+02:00", datetime(2026, 11, 24, 8, tzinfo=UTC)),
    ("yesterday", None), ("", None), (None, None), (42, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected
