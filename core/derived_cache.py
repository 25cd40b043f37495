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
from django.db.models import Exists

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


def without_rows(name, record, selections):
    """The keys of `selections` ({key: queryset}, the lists of `record`'s page, or a
    function that makes them, called only when they are asked) whose querysets have no
    rows, asked in one query once per content change and kept under `name` (which must
    say whose rows they are: staff see drafts)."""

    def empty():
        lists = selections() if callable(selections) else selections
        asked = {f"has_{n}": Exists(rows) for n, rows in enumerate(lists.values())}
        found = (
            type(record)
            ._base_manager.filter(pk=record.pk)
            .annotate(**asked)
            .values_list(*asked)
            .order_by()
        )
        [has] = found or [[False] * len(asked)]
        return [key for key, any_rows in zip(lists, has, strict=True) if not any_rows]

    return set(remember(name, empty))


def with_rows(name, record, makers):
    """The rows of each of `record`'s lists, as lists: `makers` is {key: a function that
    makes the list's queryset}. Which lists have no rows is found once per content change
    (`without_rows`, under `name`); their querysets are not made at all, and their rows
    are [].

    A record page lists several kinds of facts, and most records have few of them (the
    article in the benchmark: roles, and no payments, positions, schools, claims or
    quotes). Each empty list was a query built, compiled and run on every request; then
    one built, its filters, joins and columns put together, and not run (`none()`): at
    scale an article's page 35.5 -> 30.9 million instructions a request (callgrind,
    SQLite) with them not made."""
    empty = without_rows(name, record, lambda: {key: make() for key, make in makers.items()})
    return {key: [] if key in empty else list(make()) for key, make in makers.items()}


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
