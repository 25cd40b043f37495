"""An index added by a migration to a table SQLite has statistics for gets its own
(core/index_statistics.py), so the planner does not take it to match ten rows."""

import pytest
from django.db import connection

from core.index_statistics import refresh_statistics
from curation.scale_data import Sizes, build_scale_data

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner statistics"),
    pytest.mark.django_db,
]

TABLE = "initiatives_initiative"


def statistics_of(index):
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = %s", [index])
        row = cursor.fetchone()
    return row and row[0]


def execute(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)


def test_an_index_added_to_an_analyzed_table_gets_its_statistics():
    build_scale_data(Sizes(actors=20, initiatives=300, participations=300, funding=10, articles=30))
    execute("ANALYZE")
    execute(f"CREATE INDEX test_new_idx ON {TABLE} (publication_state, end_year)")
    assert statistics_of("test_new_idx") is None  # what the planner would plan without

    assert refresh_statistics(connection, TABLE)

    rows, *per_column = statistics_of("test_new_idx").split()
    assert int(rows) >= 300
    assert int(per_column[0]) > 10  # an equality on the state matches many rows, not ten


def test_a_table_never_analyzed_is_left_without_statistics():
    execute("DROP TABLE IF EXISTS sqlite_stat1")  # in the test's transaction
    execute(f"CREATE INDEX test_new_idx ON {TABLE} (publication_state, end_year)")

    assert not refresh_statistics(connection, TABLE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone() is None
