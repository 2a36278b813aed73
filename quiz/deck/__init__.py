"""Deck files: the format, loading, the cache and the checks."""
