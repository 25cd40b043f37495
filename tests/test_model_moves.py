"""
Moving models between apps loses no row: a database holding the seed data is migrated
back to before the moves and forward again.

- Actor moved from initiatives to actors (actors/0001, state only: the table stays);
  its content types, and so the staff groups' permissions, follow it.
- Which initiative a quote speaks of moved from articles.Quote to
  initiatives.InitiativeQuote (initiatives/0004, articles/0005).
- The school links became InitiativeSchool rows in the same table.

Runs on a committed database (migrations cannot run inside the test transaction), so
it runs last with the browser tests; the seed is loaded again afterwards.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection

from core.staff_groups import EDITORS

pytestmark = [pytest.mark.flushes_database, pytest.mark.django_db(transaction=True)]

TABLES = [
    "initiatives_actor",
    "initiatives_historicalactor",
    "articles_article",
    "articles_article_actors",
    "articles_quote",
    "initiatives_initiative",
    "initiatives_initiative_schools",
    "initiatives_participation",
    "initiatives_funding",
]


def rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted(cursor.fetchall())


def row_counts():
    return {table: rows(f"SELECT COUNT(*) FROM {table}")[0][0] for table in TABLES}


def actors():
    return rows("SELECT slug, name, kind FROM initiatives_actor")


def school_links():
    return rows("SELECT initiative_id, school_id FROM initiatives_initiative_schools")


def editors_may_change_actors():
    return Group.objects.get(name=EDITORS).permissions.filter(codename="change_actor").exists()


@pytest.fixture
def seeded_database():
    call_command("load_seed", verbosity=0)
    yield
    call_command("migrate", verbosity=0)


def test_migrating_back_and_forth_keeps_every_row(seeded_database):
    counts, names, links = row_counts(), actors(), school_links()
    quote_links = rows(
        "SELECT q.uid, i.slug FROM initiatives_initiativequote l "
        "JOIN articles_quote q ON q.id = l.quote_id JOIN initiatives_initiative i "
        "ON i.id = l.initiative_id"
    )
    with_positions = rows("SELECT DISTINCT actor_id FROM articles_position")
    assert counts["initiatives_actor"] == 26 and quote_links and with_positions
    permission = Permission.objects.get(codename="change_actor")

    call_command("migrate", "actors", "zero", verbosity=0)

    assert row_counts() == counts
    assert actors() == names
    assert school_links() == links
    # The quote's own column holds one initiative: one of its links comes back there.
    old_links = rows(
        "SELECT q.uid, i.slug FROM articles_quote q JOIN initiatives_initiative i "
        "ON i.id = q.initiative_id"
    )
    assert {uid for uid, _slug in old_links} == {uid for uid, _slug in quote_links}
    assert set(old_links) <= set(quote_links)
    # Every actor that had a position has its title or affiliation back.
    titled = rows(
        "SELECT id FROM initiatives_actor WHERE title <> '' OR affiliation_id IS NOT NULL"
    )
    assert [pk for (pk,) in titled] == [pk for (pk,) in with_positions]
    permission.refresh_from_db()
    assert permission.content_type.app_label == "initiatives"

    call_command("migrate", verbosity=0)

    assert row_counts() == counts
    assert actors() == names
    assert school_links() == links
    assert set(old_links) <= set(
        rows(
            "SELECT q.uid, i.slug FROM initiatives_initiativequote l "
            "JOIN articles_quote q ON q.id = l.quote_id JOIN initiatives_initiative i "
            "ON i.id = l.initiative_id"
        )
    )
    assert rows("SELECT DISTINCT actor_id FROM articles_position") == with_positions
    permission.refresh_from_db()
    assert permission.content_type.app_label == "actors"
    assert editors_may_change_actors()
