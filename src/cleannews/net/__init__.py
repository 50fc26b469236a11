"""Fetching over HTTP: address guard, payload caps, retries, robots.txt and the Fetcher."""
