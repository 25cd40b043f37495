"""
Values derived from many rows (counts for the map, the charts, the start page's
figures), kept in the cache until any content changes.

The key carries the page cache's content generation (equity_site/caching.py), which
every save, delete and many-to-many change bumps, so a stale value is never served.
This stays on when the whole-page cache is switched off: it is what keeps aggregate
pages fast at scale without serving stale pages.
"""

import hashlib
import re

from django.core.cache import cache

from .caching import current_generation
from .db_routing import replica_may_be_behind

TIMEOUT = 24 * 60 * 60


def remember(name, compute):
    """`compute()`, or its stored result for the current content generation."""
    generation = current_generation()
    key = f"derived:{generation}:{hashlib.sha256(name.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        # Read from a read replica that may not have the latest change yet: use, not keep.
        if not replica_may_be_behind(generation):
            cache.set(key, value, TIMEOUT)
    return value


# Two or more whitespace characters in a row (see remember_markup).
WHITESPACE_RUN = re.compile(r"\s{2,}")


def remember_markup(name, render):
    """`remember` for a rendered fragment of a page (a map, a chart), kept with each run of
    whitespace cut to one space.

    Their templates are indented for reading, and a run of whitespace shows as one space
    anyway (the fragments hold no `<pre>`, `<textarea>` or script): the indentation of 290
    map shapes and a chart's bars was two fifths of the start page (423 KB, 251 KB
    without). Cut once per content change, not on every request.
    """
    return remember(name, lambda: WHITESPACE_RUN.sub(" ", render()))
