import cleannews


def test_all_is_the_public_contract():
    for name in cleannews.__all__:
        assert hasattr(cleannews, name), name
    for name in ("extract", "explain", "Article", "Page", "ErrorRecord", "ExtractOptions",
                 "__version__"):
        assert name in cleannews.__all__


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
