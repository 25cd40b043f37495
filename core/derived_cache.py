"""
Values derived from many rows (counts for the map, the charts, the start page's
figures), kept in the cache until any content changes.

The key carries the page cache's content generation (equity_site/caching.py), which
every save, delete and many-to-many change bumps, so a stale value is never served.
This stays on when the whole-page cache is switched off: it is what keeps aggregate
pages fast at scale without serving stale pages.
"""

import hashlib

from django.core.cache import cache

from .caching import current_generation

TIMEOUT = 24 * 60 * 60


def remember(name, compute):
    """`compute()`, or its stored result for the current content generation."""
    key = f"derived:{current_generation()}:{hashlib.sha256(name.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
