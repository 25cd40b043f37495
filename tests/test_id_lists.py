"""`column IN (ids)` and `NOT IN (ids)` with the ids as one parameter (core/id_lists.py)."""

import pytest
from django.db import connection

from articles.models import Position
from core.id_lists import in_ids, not_in_ids, rows_among
from initiatives.models import Initiative

from .factories import make_actor, make_initiative, make_position

pytestmark = pytest.mark.django_db


def test_the_ids_select_their_rows_and_the_others():
    made = [make_initiative(title=f"Id-lista {n}") for n in range(5)]
    everyone = Initiative.objects.filter(title__startswith="Id-lista ")
    chosen = [made[1].pk, made[3].pk, 10**9]

    assert set(everyone.filter(in_ids(Initiative, "id", chosen))) == {made[1], made[3]}
    assert set(everyone.filter(not_in_ids(Initiative, "id", chosen))) == {
        made[0],
        made[2],
        made[4],
    }
    assert set(everyone.filter(not_in_ids(Initiative, "id", []))) == set(made)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_postgresql_hashes_the_ids_left_out_even_in_a_prepared_statements_plan():
    """A prepared statement's generic plan cannot hash an array parameter: `NOT (id =
    ANY(array))` compared every row with every id (the browser by funding's last page
    at scale: 1.6 s). `NOT IN (SELECT unnest(array))` is hashed once."""
    query = Initiative.objects.filter(not_in_ids(Initiative, "id", range(1, 500)))
    sql, params = query.values_list("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute("PREPARE left_out AS " + sql.replace("%s", "$1"))
        (ids,) = params  # the array's literal, as id_lists writes it
        cursor.execute(f"EXPLAIN EXECUTE left_out('{ids}')")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("DEALLOCATE left_out")
    assert "hashed SubPlan" in plan, plan


def test_rows_among_groups_the_rows_of_the_ids_asked_for_in_the_querysets_order():
    asked, other, none = make_actor(), make_actor(), make_actor()
    second = make_position(actor=asked, title="Rektor")
    first = make_position(actor=asked, title="Biträdande rektor")
    make_position(actor=other, title="Skolchef")
    positions = Position.objects.filter(pk__in=[first.pk, second.pk]).order_by("title")

    grouped = rows_among(positions, "actor", [asked.pk, none.pk])

    assert grouped == {asked.pk: [first, second]}
    assert rows_among(Position.objects.all(), "actor", [none.pk]) == {}
