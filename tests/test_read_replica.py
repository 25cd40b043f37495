"""With a read replica, visitors' pages read from it; writes, the admin and staff never do.

The `replica` alias is a test mirror of the default database (equity_site/test_settings.py),
so both hold the same committed rows: the seed data. Each test switches the router on.
"""

import pytest
from django.db import connections, router
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Actor
from core.caching import bump_generation
from core.db_routing import ReplicaRouter

pytestmark = pytest.mark.django_db(databases=["default", "replica"])

SEED_INITIATIVE = "/initiatives/trollhattan-avveckling-av-skolor/"


@pytest.fixture(autouse=True)
def replica_on(settings):
    settings.DATABASE_REPLICA = "replica"
    settings.DATABASE_ROUTERS = ["core.db_routing.ReplicaRouter"]
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 0


class Queries:
    """Counts the queries sent to each database (or those named) while it is open."""

    def __init__(self, *aliases):
        self.aliases = aliases or ("default", "replica")

    def __enter__(self):
        self.captured = {alias: CaptureQueriesContext(connections[alias]) for alias in self.aliases}
        for context in self.captured.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.captured.values():
            context.__exit__(*exc)

    def on(self, alias):
        return len(self.captured[alias])


def consumed(response):
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize(
    "path",
    ["/", "/en/municipalities/trollhattan/", "/initiatives/?type=school-closure", SEED_INITIATIVE],
)
def test_a_visitor_s_page_reads_from_the_replica_only(path):
    with Queries() as queries:
        response = Client().get(path)

    assert response.status_code == 200
    assert queries.on("replica") > 0
    assert queries.on("default") == 0


def test_a_streamed_export_reads_from_the_replica_to_its_last_row():
    with Queries() as queries:
        response = consumed(Client().get(reverse("initiatives:export-csv")))

    assert response.status_code == 200
    assert queries.on("replica") > 0
    assert queries.on("default") == 0


# Tests where staff log in write to the default database, and SQLite's shared in-memory
# test database would lock the mirror out of those tables. These allow the default
# database only, so a single query sent to the replica fails them.
@pytest.mark.django_db(databases=["default"])
def test_logged_in_staff_read_from_the_primary(editor_client):
    with Queries("default") as queries:
        assert editor_client.get("/initiatives/").status_code == 200
        assert editor_client.get(reverse("admin:index")).status_code == 200

    assert queries.on("default") > 0


@pytest.mark.django_db(databases=["default"])
def test_the_admin_login_and_posts_use_the_primary(editor):
    visitor = Client()
    with Queries("default") as queries:
        assert visitor.get(reverse("admin:login")).status_code == 200
        login = {"username": "editor", "password": "pw", "next": "/admin/"}
        assert visitor.post(reverse("admin:login"), login).status_code == 302

    assert queries.on("default") > 0


def test_outside_a_request_everything_uses_the_primary():
    Client().get("/")  # a visitor's request has come and gone

    assert router.db_for_read(Actor) == "default"
    assert router.db_for_write(Actor) == "default"


def test_migrations_run_on_the_primary_only():
    assert ReplicaRouter().allow_migrate("default", "actors") is True
    assert ReplicaRouter().allow_migrate("replica", "actors") is False


def test_a_page_read_from_the_replica_just_after_a_change_is_not_kept(settings):
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 3600
    bump_generation()  # a change the replica may not have yet
    visitor = Client()
    visitor.get("/")

    with Queries() as queries:
        visitor.get("/")

    assert queries.on("replica") > 0  # rendered again, aggregates included


def test_once_the_replica_has_caught_up_pages_are_kept_again():
    visitor = Client()
    visitor.get("/")

    with Queries() as queries:
        visitor.get("/")

    assert queries.on("replica") == queries.on("default") == 0
