import cleannews

PUBLIC = [
    "Article", "BlockedAddress", "CleannewsError", "DecodeError", "ErrorRecord", "ExtractError",
    "ExtractOptions", "FetchError", "FetchOptions", "Fetcher", "HTTPStatusError", "InputError",
    "NotHTML", "Page", "RobotsDisallowed", "TimeLimitExceeded", "TooLarge", "TooManyRedirects",
    "UnsupportedURL",
    "__version__", "afetch", "ascrape", "explain", "extract", "fetch", "scrape", "scrape_all",
    "scrape_many",
    "warc",
]


def test_all_is_the_public_contract():
    assert cleannews.__all__ == PUBLIC
    for name in cleannews.__all__:
        assert hasattr(cleannews, name), name


def test_extract_returns_article_with_fields():
    html = "<html><head><title>T</title></head><body><article><h1>Big news</h1>" + (
        "<p>" + "Words of the story go here. " * 20 + "</p>") * 3 + "</article></body></html>"
    art = cleannews.extract(html, url="https://example.com/news/1")
    assert art.headline == "Big news"
    assert art.body.startswith("Words of the story")
    assert art.word_count == 3 * 20 * 6
    assert art.url == "https://example.com/news/1"


def test_warc_module_is_reachable_from_the_package():
    assert "warc" in cleannews.__all__
    assert callable(cleannews.warc.extract_warc)


def test_every_error_the_library_raises_is_exported():
    from cleannews import errors

    for name in ("TimeLimitExceeded", "DecodeError", "BlockedAddress"):
        assert getattr(cleannews, name) is getattr(errors, name)
    assert cleannews.warc.__all__ == ["WarcOptions", "extract_warc"]
