"""
Full-text search indexes, kept up to date on write, with Swedish stemming on both databases.

A searchable model declares `search_weights`, e.g. `[("title", "A"), ("summary", "B")]`
(weight A ranks highest; the first field is the title), and the fields `search_vector`
and `title_vector` (KEPT_VECTORS).

- PostgreSQL: the stored, GIN-indexed `search_vector` of every field (`swedish`
  configuration), and `title_vector`, the title's alone, also GIN-indexed: the search's
  first stage finds and ranks titles by it (core/text_search.py) without making each
  candidate's vector again from its title.
- SQLite: an FTS5 table `<db_table>_fts` with one column per field, whose rowid is the
  row's pk, holding the fields' words stemmed by the Swedish Snowball stemmer (PyStemmer);
  queries are stemmed the same way (`stemmed_words`), so "segregationen" finds
  "segregation" and "skolor" finds "skola". Beside it `<db_table>_title_fts`, the title's
  words alone, which the search's first stage reads as PostgreSQL's reads `title_vector`.
  The tables are created and filled by migrations (initiatives 0007 and 0020; no-ops on
  PostgreSQL).

Its app connects `refresh_search_vector` to the model's post_save signal and
`remove_from_search` to post_delete in its own `AppConfig.ready()`, so every save or
delete through the ORM updates the row's index entry. Bulk inserts send no signal: bulk
loaders (scale data, snapshot restore) call `update_search_vectors` themselves.
"""

import functools
import re

import Stemmer
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models.expressions import CombinedExpression

CONFIG = "swedish"
WORD = re.compile(r"\w+", re.UNICODE)
FILL_CHUNK = 2_000
# The columns kept here from a searchable model's fields. Made again from the fields
# whenever they change, they are neither listed, nor kept in a record's history or a
# snapshot.
KEPT_VECTORS = ("search_vector", "title_vector")


def search_vector_expression(model):
    vector: CombinedExpression | SearchVector | None = None
    for field, weight in model.search_weights:
        part = SearchVector(field, weight=weight, config=CONFIG)
        vector = part if vector is None else vector + part
    return vector


def title_vector_expression(model):
    """The title's words alone (the first of `search_weights`' fields), unweighted."""
    return SearchVector(search_fields(model)[0], config=CONFIG)


@functools.cache
def _stemmer():
    stemmer = Stemmer.Stemmer("swedish")
    stemmer.maxCacheSize = 100_000
    return stemmer


def stemmed_words(text):
    """The words of `text`, lower-cased and stemmed for Swedish (PostgreSQL's `swedish`)."""
    return _stemmer().stemWords(WORD.findall((text or "").lower()))


def fts_table(db_table):
    return f"{db_table}_fts"


def title_fts_table(db_table):
    return f"{db_table}_title_fts"


def search_fields(model):
    return [field for field, _weight in model.search_weights]


def create_fts_table(cursor, db_table, fields, table=None):
    """The SQLite FTS5 table for `db_table` (`table`: `fts_table`'s name unless given),
    filled from its rows (used by the migrations)."""
    table = table or fts_table(db_table)
    columns = ", ".join(fields)
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
        f"{columns}, tokenize='unicode61 remove_diacritics 0')"
    )
    fill_fts_table(cursor, db_table, fields, table=table)


def drop_fts_table(cursor, db_table, table=None):
    cursor.execute(f"DROP TABLE IF EXISTS {table or fts_table(db_table)}")


def fill_fts_table(cursor, db_table, fields, pks=None, table=None):
    """(Re)index `pks` of `db_table` (every row when None) in its FTS5 table (`table`:
    `fts_table`'s name unless given).

    `cursor` is a Django cursor (%s placeholders). Rows are read in chunks by pk, so
    memory stays flat on the full table."""
    table = table or fts_table(db_table)
    columns = ", ".join(fields)
    marks = ", ".join(["%s"] * (len(fields) + 1))
    insert = f"INSERT INTO {table} (rowid, {columns}) VALUES ({marks})"

    def index(rows):
        cursor.executemany(
            insert,
            [(row[0], *(" ".join(stemmed_words(value)) for value in row[1:])) for row in rows],
        )
        return len(rows)

    done = 0
    if pks is None:
        cursor.execute(f"DELETE FROM {table}")
        last = -1
        while True:
            cursor.execute(
                f"SELECT id, {columns} FROM {db_table} WHERE id > %s ORDER BY id LIMIT %s",
                [last, FILL_CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                return done
            done += index(rows)
            last = rows[-1][0]
    pks = sorted(set(pks))
    for start in range(0, len(pks), FILL_CHUNK):
        chunk = pks[start : start + FILL_CHUNK]
        in_chunk = ", ".join(["%s"] * len(chunk))
        cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({in_chunk})", chunk)
        cursor.execute(f"SELECT id, {columns} FROM {db_table} WHERE id IN ({in_chunk})", chunk)
        done += index(cursor.fetchall())
    return done


def update_search_vectors(model, pks=None):
    """Recompute the search index entries of `pks` (all rows when None)."""
    if connection.vendor == "sqlite":
        db_table, fields = model._meta.db_table, search_fields(model)
        with connection.cursor() as cursor:
            fill_fts_table(cursor, db_table, fields[:1], pks, table=title_fts_table(db_table))
            return fill_fts_table(cursor, db_table, fields, pks)
    if connection.vendor != "postgresql":
        return 0
    queryset = model._default_manager.all()
    if pks is not None:
        queryset = queryset.filter(pk__in=list(pks))
    return queryset.update(
        search_vector=search_vector_expression(model),
        title_vector=title_vector_expression(model),
    )


def refresh_search_vector(sender, instance, raw=False, **kwargs):
    """post_save receiver: the saved row's index entry, unless loaddata is saving raw rows."""
    if raw:
        return
    update_search_vectors(sender, [instance.pk])


def remove_from_search(sender, instance, **kwargs):
    """post_delete receiver: the row leaves the SQLite index (PostgreSQL's goes with it)."""
    if connection.vendor != "sqlite" or instance.pk is None:
        return
    db_table = sender._meta.db_table
    with connection.cursor() as cursor:
        for table in (fts_table(db_table), title_fts_table(db_table)):
            cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [instance.pk])


def searchable(models):
    """The models among `models` that keep a search vector."""
    return [model for model in models if hasattr(model, "search_weights")]
