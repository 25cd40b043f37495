"""
Text matching for the browser's `q` filter and the search page.

PostgreSQL: full-text search on the stored, GIN-indexed `search_vector` with the
`swedish` configuration, so "segregationen" finds "segregation" and "skolor" finds
"skola". SQLite: a simpler fallback that matches whole words (every word must occur
in one of the fields), case-insensitively.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q

from .search import CONFIG

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8
CANDIDATES = 500


def words(text):
    return WORD.findall(text or "")[:MAX_WORDS]


def uses_full_text_search():
    return connection.vendor == "postgresql"


def search_query(text):
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def word_pattern(word):
    # Python's re runs SQLite's REGEXP; \b is Unicode-aware, so å/ä/ö are word letters.
    return rf"\b{re.escape(word)}\b"


def matching(queryset, text, fields):
    """Rows of `queryset` that match `text`; `fields` are used by the SQLite fallback."""
    terms = words(text)
    if not terms:
        return queryset.none()
    if uses_full_text_search():
        return queryset.filter(search_vector=search_query(" ".join(terms)))
    condition = Q()
    for term in terms:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__iregex": word_pattern(term)})
        condition &= any_field
    return queryset.filter(condition)


def ranked(queryset, text, fields, limit=10):
    """The best `limit` matches, best first (a list).

    PostgreSQL: rows whose title (weight A) matches are ranked first; if there are
    too few, other matches are ranked after them. Each stage ranks at most CANDIDATES
    rows found through the GIN index: ranking every match of a common word ("skola"
    is in most articles) would rank tens of thousands of rows for ten results.
    SQLite: title hits first, then the rest.
    """
    terms = words(text)
    if not terms:
        return []
    if not uses_full_text_search():
        title_hit = Q()
        for term in terms:
            title_hit |= Q(**{f"{fields[0]}__iregex": word_pattern(term)})
        found = matching(queryset, text, fields).annotate(
            rank=ExpressionWrapper(title_hit, output_field=BooleanField())
        )
        return list(found.order_by("-rank", "pk")[:limit])
    query = search_query(" ".join(terms))
    rank = SearchRank(F("search_vector"), query)
    # Weight A holds the title (see the models' `search_weights`); words are \w+ only, so safe.
    in_title = SearchQuery(
        " & ".join(f"{term}:A" for term in terms), config=CONFIG, search_type="raw"
    )
    title_candidates = queryset.filter(search_vector=in_title).order_by().values("pk")[:CANDIDATES]
    best = list(
        queryset.filter(pk__in=title_candidates).annotate(rank=rank).order_by("-rank", "pk")[:limit]
    )
    # Always run the second stage (even when it cannot add anything), so the page's
    # query count does not depend on the data.
    candidates = (
        queryset.filter(search_vector=query)
        .exclude(pk__in=[row.pk for row in best])
        .order_by()
        .values("pk")[:CANDIDATES]
    )
    rest = list(
        queryset.filter(pk__in=candidates).annotate(rank=rank).order_by("-rank", "pk")[:limit]
    )
    return (best + rest)[:limit]


def highlight(text, query_text, width=220):
    """An escaped snippet of `text` around the first hit, each matching word in <mark>.

    Done in Python on the handful of rows shown, so no raw database text is ever
    marked safe without escaping.
    """
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    terms = [t for t in words(query_text) if t]
    text = text or ""
    if not terms:
        return escape(text[:width])
    stems = [re.escape(t[: max(4, len(t) - 2)]) for t in terms]
    pattern = re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - width // 3)
    snippet = text[start : start + width]
    pieces: list[str] = []
    last = 0
    for hit in pattern.finditer(snippet):
        pieces.append(escape(snippet[last : hit.start()]))
        pieces.append(f"<mark>{escape(hit.group(0))}</mark>")
        last = hit.end()
    pieces.append(escape(snippet[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)
