"""
Text matching for the browser's `q` filter and the search page, on the full-text indexes
kept by core/search.py: PostgreSQL's GIN-indexed `search_vector` (`swedish`), SQLite's
FTS5 tables of Swedish-stemmed words. On both, "segregationen" finds "segregation" and
"skolor" finds "skola"; every word must occur (in any of the fields).

The indexes hold every row; the public sees only what the queryset passed in allows
(`published()` / `visible_to()`), which is applied to every match.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Func
from django.db.models.expressions import RawSQL

from .search import CONFIG, fts_table, search_fields, stemmed_words, title_fts_table

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8
CANDIDATES = 500
# bm25 weights on SQLite: a hit in the title (the first field) counts ten times.
TITLE_WEIGHT = 10.0


def words(text):
    return WORD.findall(text or "")[:MAX_WORDS]


def uses_full_text_search():
    return connection.vendor == "postgresql"


def written_into_the_sql(connection, sql, params):
    """An expression's SQL with its values (the words, the configuration) written into the
    statement's text instead of being passed as parameters.

    PostgreSQL keeps a statement a connection runs often prepared, and runs it with one
    generic plan for any parameters (settings.DB_GENERIC_PLANS). How a search should run
    depends on how many rows its words match: with the words in the text, each search is
    its own statement, planned for its words. The values are quoted by the database
    driver (`compose_sql`); the only ones are the configuration's name and the search's
    words (`\\w+`)."""
    # `%` is the driver's placeholder mark: a written value's own must be doubled.
    return connection.ops.compose_sql(sql, params).replace("%", "%%"), []


class WrittenSearchQuery(SearchQuery):
    """SearchQuery, its words written into the SQL (`written_into_the_sql`)."""

    def as_sql(self, compiler, connection, function=None, template=None):  # type: ignore[override]
        return written_into_the_sql(
            connection, *super().as_sql(compiler, connection, function, template)
        )


def search_query(text):
    return WrittenSearchQuery(text, config=CONFIG, search_type="websearch")


def fts_query(terms):
    """An FTS5 MATCH expression: every stemmed term (quoted: no operators)."""
    stems = [stem for term in terms for stem in stemmed_words(term)]
    return " ".join(f'"{stem}"' for stem in stems)


def fts_rowids(model, match, limit=None, table=None):
    """SQL for the pks of `model`'s rows whose FTS5 entry matches `match` (the first
    `limit` in pk order, when given), in `table` (`fts_table`'s unless given)."""
    table = table or fts_table(model._meta.db_table)
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"
    if limit is None:
        return RawSQL(sql, [match])
    return RawSQL(f"{sql} LIMIT %s", [match, limit])


def matching(queryset, text, fields=None):
    """Rows of `queryset` that match `text` (`fields`: unused, the model's index decides)."""
    terms = words(text)
    if not terms:
        return queryset.none()
    if uses_full_text_search():
        return queryset.filter(search_vector=search_query(" ".join(terms)))
    # `+pk IN (…)`: the matches as a set each row is checked against, not a list of rows
    # to look up one by one. A common word matches a third of the table ("skol": 15 000
    # of 50 000); looking each up and sorting them all for a page of 25 took 10 ms, while
    # reading the rows in the page's order through an index, checking each, took 2 ms.
    # A word that matches nothing costs that index scan, 3 ms at most (SQLite, full scale).
    return queryset.alias(fts_pk=Unindexed("pk")).filter(
        fts_pk__in=fts_rowids(queryset.model, fts_query(terms))
    )


class Unindexed(Func):
    """`+column` on SQLite: the same value, which the planner will not look up by index."""

    template = "(+%(expressions)s)"


def ranked(queryset, text, fields=None, limit=10):
    """The best `limit` matches, best first (a list).

    Rows whose title (the first field, weight A) matches are ranked first; if there are
    too few, other matches are ranked after them. Each stage ranks at most CANDIDATES
    rows found through the index: ranking every match of a common word ("skola" is in
    most articles) would rank tens of thousands of rows for ten results. The second stage
    runs only when the titles gave fewer than `limit`: its results would come after
    theirs and be cut off. So a page's query count never grows with the data; a common
    word, which fills the page with title matches, saves the dearest query (finding
    other matches of "skola" read 600 articles' stored vectors, 25 of 50 ms).
    """
    terms = words(text)
    if not terms:
        return []
    if not uses_full_text_search():
        return _ranked_sqlite(queryset, terms, limit)
    query = search_query(" ".join(terms))
    rank = SearchRank(F("search_vector"), query)
    # The title's own stored vector, GIN-indexed (core.search, initiatives 0019): matching
    # and ranking titles reads no row's whole stored vector (an article's holds its body),
    # nor makes each candidate's vector again from its title to rank it (500 candidates:
    # at scale, 2-3 ms of each stage's 5-8 ms).
    title_vector = F("title_vector")
    title_matches = queryset.filter(title_vector=query)
    best = best_ranked(queryset, title_matches, SearchRank(title_vector, query), limit)
    if len(best) >= limit:
        return best
    candidates = queryset.filter(search_vector=query).exclude(pk__in=[row.pk for row in best])
    return (best + best_ranked(queryset, candidates, rank, limit))[:limit]


def best_ranked(queryset, matches, rank, limit):
    """The `limit` rows of `queryset` that rank highest among the first CANDIDATES of
    `matches` (visible rows matching the words), best first, in one query.

    The candidates are ranked as they are found, in the same pass (each candidate row
    read once, for its match and its rank), and only the best `limit` are read whole:
    ranking them again, looked up by pk, read 500 rows twice ("segregationen" at scale:
    the articles' second stage 10.6-12.1 -> 8.0-8.9 ms, the initiatives' titles 5.2-8.7
    -> 4.2-4.6 ms; the search page, in one process, 62-68 -> 41-50 ms). The ORM has no
    query over a subquery's rows, so the candidates' query (made by the ORM) is wrapped
    in one line of SQL that orders them by rank.
    """
    candidates = (
        matches.annotate(search_rank=rank).order_by().values("pk", "search_rank")[:CANDIDATES]
    )
    sql, params = candidates.query.get_compiler(candidates.db).as_sql()
    top = RawSQL(
        f"SELECT pk FROM ({sql}) AS candidates ORDER BY search_rank DESC, pk LIMIT %s",
        (*params, limit),
    )
    return list(queryset.filter(pk__in=top).annotate(rank=rank).order_by("-rank", "pk"))


def _ranked_sqlite(queryset, terms, limit):
    """SQLite: bm25 over each stage's candidates: the titles' by their own words (their
    own FTS5 table, core.search), then all fields' with title hits weighted TITLE_WEIGHT.

    A stage's candidates are the visible rows among the first 2 x CANDIDATES index
    matches (in pk order, read straight from the index); `+rowid` keeps SQLite from
    re-running the MATCH once per candidate, so only the candidates are scored.

    The titles' table holds their words alone: bm25 counts the rows that hold a word,
    and a column filter on the whole table (`{title} : …`) counted them by reading every
    row holding the word in any field ("segregation": 58 000 articles' texts, 2 titles).
    """
    model = queryset.model
    fields = search_fields(model)
    db_table = model._meta.db_table
    weights = ", ".join([str(TITLE_WEIGHT)] + ["1.0"] * (len(fields) - 1))
    match = fts_query(terms)
    found: list[int] = []
    for table, ranking in (
        (title_fts_table(db_table), f"bm25({title_fts_table(db_table)})"),
        (fts_table(db_table), f"bm25({fts_table(db_table)}, {weights})"),
    ):
        if len(found) >= limit:
            break  # the titles filled the page (see ranked)
        candidates = (
            queryset.filter(pk__in=fts_rowids(model, match, 2 * CANDIDATES, table))
            .exclude(pk__in=found)
            .order_by()
            .values("pk")[:CANDIDATES]
        )
        # The candidates are asked inside the ranking statement (not read into Python and
        # sent back as 500 parameters), once (MATERIALIZED). They lie between their
        # lowest and highest rowid, a range FTS5 seeks to in the word's list of rows:
        # without it the MATCH walked every row holding the word ("skol" in the
        # articles' texts: 13.8 -> 3.7 ms), each then checked against the candidates.
        sql, params = candidates.query.get_compiler(queryset.db).as_sql()
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH candidates AS MATERIALIZED ({sql})"
                f" SELECT rowid FROM {table} WHERE {table} MATCH %s"
                " AND rowid >= (SELECT min(pk) FROM candidates)"
                " AND rowid <= (SELECT max(pk) FROM candidates)"
                " AND +rowid IN (SELECT pk FROM candidates)"
                f" ORDER BY {ranking}, rowid LIMIT %s",
                [*params, match, limit - len(found)],
            )
            found += [row[0] for row in cursor.fetchall()]
    rows = queryset.in_bulk(found)
    return [rows[pk] for pk in found if pk in rows]


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
