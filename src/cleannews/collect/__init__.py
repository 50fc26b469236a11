"""Scheduled collection: feeds and sitemaps in, new articles out, state in SQLite."""
