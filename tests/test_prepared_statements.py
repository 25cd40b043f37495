"""PostgreSQL keeps the statements a connection runs again and again prepared, so their
plans are made once per connection rather than on every request (settings:
DB_PREPARED_STATEMENTS), each with one generic plan (DB_GENERIC_PLANS), while a text
search writes its words into the statement, so it is planned for them. Nor does
it compile statements to machine code before running them (DB_JIT), nor start worker
processes to share one (DB_PARALLEL), and its scans start at a table's first page
(DB_SYNC_SCANS)."""

import pytest
from django.db import connection
from django.db.models import CharField
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from core.publishing import SqlConstant
from core.search import CONFIG
from core.text_search import WrittenSearchQuery
from equity_site import settings as site_settings
from initiatives.models import Initiative
from tests.factories import make_article

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def test_postgresql_connections_prepare_what_they_run_five_times():
    options = site_settings.database_from_url("postgres://someone@db.example/equity")["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_prepared_statements_can_be_turned_off_for_a_pooler(monkeypatch):
    monkeypatch.setattr(site_settings, "DB_PREPARED_STATEMENTS", False)
    options = site_settings.database_from_url("postgres://someone@db.example/equity")["OPTIONS"]
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options
    # Nothing is kept prepared, so no plan is kept either.
    assert "plan_cache_mode" not in options["options"]


def test_plans_made_for_each_run_can_be_turned_back_on(monkeypatch):
    monkeypatch.setattr(site_settings, "DB_GENERIC_PLANS", False)
    options = site_settings.database_from_url("postgres://someone@db.example/equity")["OPTIONS"]
    assert options["server_side_binding"] is True
    assert "plan_cache_mode" not in options["options"]


def test_sqlite_gets_no_postgresql_options():
    options = site_settings.database_from_url("sqlite:///db.sqlite3").get("OPTIONS", {})
    assert "server_side_binding" not in options
    assert "options" not in options


GENERIC_PLANS = "-c plan_cache_mode=force_generic_plan"
STEADY_SCANS = "-c synchronize_seqscans=off"
NO_JIT_NOR_PARALLEL = (
    f"{GENERIC_PLANS} -c jit=off -c max_parallel_workers_per_gather=0 {STEADY_SCANS}"
)


def test_postgresql_connections_run_statements_without_compiling_or_sharing_them(monkeypatch):
    # The defaults.
    monkeypatch.setattr(site_settings, "DB_JIT", False)
    monkeypatch.setattr(site_settings, "DB_PARALLEL", False)
    options = site_settings.database_from_url("postgres://someone@db.example/equity")["OPTIONS"]
    assert options["options"] == NO_JIT_NOR_PARALLEL


def test_compiling_can_be_turned_back_on(monkeypatch):
    monkeypatch.setattr(site_settings, "DB_JIT", True)
    monkeypatch.setattr(site_settings, "DB_PARALLEL", False)
    options = site_settings.database_from_url("postgres://someone@db.example/equity")["OPTIONS"]
    assert options["options"] == (
        f"{GENERIC_PLANS} -c max_parallel_workers_per_gather=0 {STEADY_SCANS}"
    )


def test_parallel_workers_can_be_turned_back_on(monkeypatch):
    monkeypatch.setattr(site_settings, "DB_JIT", False)
    monkeypatch.setattr(site_settings, "DB_PARALLEL", True)
    options = site_settings.database_from_url("postgres://someone@db.example/equity")["OPTIONS"]
    assert options["options"] == f"{GENERIC_PLANS} -c jit=off {STEADY_SCANS}"


def test_with_both_turned_on_only_steady_scans_are_asked_for(monkeypatch):
    monkeypatch.setattr(site_settings, "DB_JIT", True)
    monkeypatch.setattr(site_settings, "DB_PARALLEL", True)
    options = site_settings.database_from_url("postgres://someone@db.example/equity")["OPTIONS"]
    assert options["options"] == f"{GENERIC_PLANS} {STEADY_SCANS}"


def test_with_all_three_turned_on_no_startup_options_are_sent(monkeypatch):
    # For a pooler that refuses startup options: the database is set instead (README).
    # Behind a pooler nothing is kept prepared either.
    monkeypatch.setattr(site_settings, "DB_PREPARED_STATEMENTS", False)
    monkeypatch.setattr(site_settings, "DB_JIT", True)
    monkeypatch.setattr(site_settings, "DB_PARALLEL", True)
    monkeypatch.setattr(site_settings, "DB_SYNC_SCANS", True)
    options = site_settings.database_from_url("postgres://someone@db.example/equity")["OPTIONS"]
    assert "options" not in options


def test_startup_options_from_the_url_are_kept(monkeypatch):
    monkeypatch.setattr(site_settings, "DB_JIT", False)
    monkeypatch.setattr(site_settings, "DB_PARALLEL", False)
    url = "postgres://someone@db.example/equity?options=-c%20statement_timeout%3D5000"
    options = site_settings.database_from_url(url)["OPTIONS"]
    assert options["options"] == f"-c statement_timeout=5000 {NO_JIT_NOR_PARALLEL}"


@on_postgresql
@pytest.mark.django_db
def test_the_site_connection_has_jit_and_parallel_workers_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


@on_postgresql
@pytest.mark.django_db
def test_a_scan_that_stops_early_starts_at_the_first_page_every_time():
    # What the search's candidates rely on (core/text_search.py: the first matches
    # found). PostgreSQL synchronises the scans of a table larger than a quarter of its
    # buffers: by default a scan starts where the last one stopped, so the same LIMIT
    # without ORDER BY gave other rows after another scan had run.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_bytes(current_setting('shared_buffers'))")
        rows = cursor.fetchone()[0] * 3 // 4 // 100  # some three times the threshold
        cursor.execute(
            "CREATE TABLE scan_probe AS"
            " SELECT n AS id, repeat('x', 64) AS pad FROM generate_series(1, %s) n",
            [rows],
        )
        first = "SELECT min(id), max(id) FROM (SELECT id FROM scan_probe LIMIT 500) AS s"
        cursor.execute(first)
        assert cursor.fetchone() == (1, 500)
        cursor.execute(
            "SELECT count(*) FROM (SELECT id FROM scan_probe LIMIT %s) AS s", [rows // 2]
        )
        cursor.execute(first)
        assert cursor.fetchone() == (1, 500)


@on_postgresql
@pytest.mark.django_db
def test_a_statement_run_again_and_again_is_prepared_once():
    def prepared():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements"
                " WHERE statement LIKE %s AND statement LIKE %s",
                [
                    '%SELECT "initiatives_initiative"."end_date" AS "end_date" FROM%',
                    '%"start_year" = %',
                ],
            )
            return cursor.fetchone()[0]

    assert prepared() == 0
    for _ in range(6):
        list(Initiative.objects.filter(start_year=1999).values_list("end_date", flat=True))
    assert prepared() == 1


@on_postgresql
@pytest.mark.django_db
def test_a_search_writes_its_words_into_its_statements(client):
    make_article(title="Skolval i Borås", body="Om segregationen i skolorna.")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), {"q": "segregationen"})
    assert "Skolval i Borås" in response.content.decode()
    searches = [query["sql"] for query in queries.captured_queries if " @@ " in query["sql"]]
    # The article matches in its body, not its title: found by the whole-text stage. Every
    # stage's statement holds the words, so a kept statement's one plan is made for them.
    assert any('"articles_article"."search_vector" @@' in sql for sql in searches)
    assert all("'segregationen'" in sql for sql in searches)


@on_postgresql
@pytest.mark.django_db
def test_a_search_kept_prepared_is_planned_for_its_own_words():
    make_article(title="Skolval i Borås", body="Om kvarnbäcksmodellen.")
    make_article(title="Ny skola i Gävle", body="Om lilleskogsplanen.")

    def titles(words):
        found = Article.objects.filter(search_vector=WrittenSearchQuery(words, config=CONFIG))
        return list(found.order_by("title").values_list("title", flat=True))

    for _ in range(6):
        assert titles("kvarnbäcksmodellen") == ["Skolval i Borås"]
    # Another word is another statement, not the first one's plan run with a new value.
    assert titles("lilleskogsplanen") == ["Ny skola i Gävle"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%'kvarnbäcksmodellen'%"],
        )
        assert cursor.fetchone()[0] == 1


@on_postgresql
@pytest.mark.django_db
def test_written_words_are_quoted_by_the_driver():
    # The search page passes only \w+ words; whatever reaches the expression is quoted as
    # a string, a quote doubled, a `%` not taken for a parameter's mark.
    make_article(title="Hälften, 4711%", body="Rektorns svar: it's fine.")
    for words in ("it's", "4711%", "x' OR 'a'='a"):
        found = Article.objects.filter(search_vector=WrittenSearchQuery(words, config=CONFIG))
        titles = list(found.values_list("title", flat=True))
        assert titles == ([] if words.startswith("x'") else ["Hälften, 4711%"]), words


@on_postgresql
@pytest.mark.django_db
def test_the_publication_rule_is_planned_once_not_on_every_run():
    # The rule's state is written into the statement, not sent as a parameter that
    # might change the plan: PostgreSQL planned such a statement again on every run
    # (the browser's payment totals: 2.4 ms planning, 0.1 ms running).
    make_article(title="Skolval i Borås")
    for _ in range(8):
        assert list(Article.objects.published().order_by("pk").values_list("slug", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ['%"articles_article"."slug" AS "slug" FROM "articles_article"%'],
        )
        generic, custom = cursor.fetchone()
    assert custom == 0 and generic >= 3


def test_only_a_plain_word_is_written_into_a_statement():
    assert SqlConstant("published", CharField()).as_sql(None, connection) == ("'published'", [])
    for value in ("x'; DROP TABLE articles_article; --", "å", "", 1):
        with pytest.raises(ValueError):
            SqlConstant(value, CharField())
