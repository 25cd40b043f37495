"""Links built without a reverse() per row, and SQLite's plans for the lookups that were
slow at scale (issue 14)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse, set_script_prefix, set_urlconf
from django.utils import translation

from actors.models import Actor
from articles.models import Article
from core.links import link_state, slug_url, view_url
from core.publishing import PublicIds
from curation.scale_data import Sizes, build_scale_data
from initiatives.models import Initiative
from municipalities.models import Municipality


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "model, viewname",
    [
        (Initiative, "initiatives:detail"),
        (Actor, "actors:detail"),
        (Article, "articles:detail"),
        (Municipality, "municipalities:detail"),
    ],
)
def test_record_links_are_what_reverse_gives(model, viewname, language):
    with translation.override(language):
        for record in model.objects.all()[:20]:
            assert record.get_absolute_url() == reverse(viewname, kwargs={"slug": record.slug})


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_county_links_are_what_reverse_gives(language):
    from municipalities.models import County

    with translation.override(language):
        counties = list(County.objects.all())
        assert len(counties) == 21
        for county in counties:
            expected = reverse("municipalities:county-detail", kwargs={"code": county.code})
            assert county.get_absolute_url() == expected


def test_links_follow_the_language_and_the_script_prefix():
    with translation.override("en"):
        assert slug_url("actors:detail", "skolverket") == "/en/actors/skolverket/"
        assert view_url("articles:list") == "/en/articles/"
    with translation.override("sv"):
        assert slug_url("actors:detail", "skolverket") == "/actors/skolverket/"
        assert view_url("articles:list") == "/articles/"
    set_script_prefix("/kb/")  # the site served under a path, as behind a proxy
    try:
        assert slug_url("actors:detail", "skolverket") == "/kb/actors/skolverket/"
        assert view_url("articles:list") == "/kb/articles/"
    finally:
        set_script_prefix("/")


@pytest.mark.django_db
def test_links_made_together_take_the_state_they_were_read_in():
    """A list's tag reads the language, script prefix and URL configuration once
    (link_state) and makes its links in them, a model's address too."""
    skolverket = Actor.objects.get(slug="skolverket")
    with translation.override("en"):
        english = link_state()
        assert skolverket.get_absolute_url(english) == "/en/actors/skolverket/"
    set_urlconf("tests.links_urlconf")
    try:
        # Read under another language and configuration: the state given decides.
        assert slug_url("actors:detail", "skolverket", state=english) == "/en/actors/skolverket/"
        assert skolverket.get_absolute_url(english) == "/en/actors/skolverket/"
        with translation.override("sv"):
            assert skolverket.get_absolute_url(link_state()) == "/people/skolverket/"
    finally:
        set_urlconf(None)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_view_links_are_what_reverse_gives(language):
    with translation.override(language):
        for name in ["home", "search", "municipalities:list", "initiatives:export-csv"]:
            assert view_url(name) == reverse(name)
    with pytest.raises(NoReverseMatch):
        view_url("actors:detail")  # it takes a slug


@pytest.mark.django_db
def test_a_page_reverses_each_kind_of_link_once_not_once_per_record(client, monkeypatch):
    from core import links

    calls = []
    real = links.reverse
    monkeypatch.setattr(links, "reverse", lambda *a, **k: calls.append((a, k)) or real(*a, **k))
    links._url_with_placeholder.cache_clear()
    links._url_of_view.cache_clear()
    response = client.get(reverse("initiatives:list"), {"page_size": 100})
    rows = response.context["page_obj"].object_list
    assert len(rows) > 5
    assert f'href="/initiatives/{rows[0].slug}/"' in response.content.decode()
    # One reverse() per kind of record linked, however many records the page lists.
    record_links = [args for args, kwargs in calls if kwargs.get("kwargs")]
    assert len(record_links) <= 4, record_links
    # The menu, the footer and the forms: each view once, then kept for the language.
    views = [args[0] for args, kwargs in calls if not kwargs.get("kwargs")]
    assert "articles:list" in views and len(views) == len(set(views)), views
    calls.clear()
    again = client.get(reverse("initiatives:list"), {"page_size": 100}).content.decode()
    assert calls == [] and 'href="/articles/"' in again


def test_a_request_with_its_own_url_configuration_gets_its_links():
    with translation.override("sv"):
        assert slug_url("actors:detail", "skolverket") == "/actors/skolverket/"
        set_urlconf("tests.links_urlconf")
        try:
            assert slug_url("actors:detail", "skolverket") == "/people/skolverket/"
            assert view_url("actors:list") == "/people/"
        finally:
            set_urlconf(None)
        assert slug_url("actors:detail", "skolverket") == "/actors/skolverket/"
        assert view_url("actors:list") == "/actors/"


def test_a_slug_outside_the_plain_alphabet_goes_through_reverse():
    # reverse() refuses what the slug converter does not match, as before.
    with pytest.raises(NoReverseMatch):
        slug_url("actors:detail", "två ord")


def query_plan(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_sqlite_finds_an_initiatives_parts_through_the_index_without_nulls():
    parts = Initiative.objects.published().filter(part_of_id__in=[1]).order_by("title")
    sql, params = parts.query.sql_with_params()
    assert "USING INDEX initiative_part_of_idx" in query_plan(sql, params)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's schema")
def test_the_rebuilt_initiative_table_keeps_the_indexes_made_outside_the_model_state():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
            ["initiatives_initiative"],
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"initiative_part_of_idx", "initiative_published_newest_idx"} <= names


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_sqlite_reads_the_browsers_newest_first_page_in_order_from_an_index():
    """The browser's (and the API's) default order, newest first, for the published
    initiatives: read in order off an index and stopped at the page's 25, not every
    published initiative of the newest years sorted by title first, once the planner
    has statistics (2.5 ms -> 0.1 ms of the browser's page at scale)."""
    build_scale_data(
        Sizes(actors=40, initiatives=300, participations=100, funding=10, articles=100)
    )
    page = Initiative.objects.published().select_related("type").newest_first()[:25]
    sql, params = page.query.sql_with_params()
    plan = query_plan(sql, params)
    assert "USING INDEX initiative_published_newest_idx" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_sqlite_reads_the_articles_a_large_read_cites_from_the_index_alone():
    """An article's row holds its whole text: the export's look-up of the articles it
    cites (public or not, slug, address) reads the covering index, not the table, once
    the planner has statistics (build_scale_data runs ANALYZE, as a site's data has)."""
    build_scale_data(
        Sizes(actors=40, initiatives=100, participations=100, funding=10, articles=400)
    )
    ids = list(Article.objects.values_list("pk", flat=True)[:50])
    with CaptureQueriesContext(connection) as queries:
        PublicIds().read(Article, ids, "slug", "url")
    # The articles, then whether their publishers and authors are public.
    articles, actors = queries.captured_queries
    assert "USING COVERING INDEX article_reference_idx" in query_plan(articles["sql"])
    assert '"initiatives_actor"' in actors["sql"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_sqlite_reads_the_exports_rows_and_their_facts_from_indexes_alone(rf):
    """A role's or payment's row holds its passage: the full export reads the initiatives,
    their roles, payments and citations from indexes holding every column it reads
    (initiatives 0018), not the tables, once the planner has statistics."""
    from django.contrib.auth.models import AnonymousUser

    from front import exports

    build_scale_data(
        Sizes(actors=40, initiatives=300, participations=300, funding=60, articles=200)
    )
    request = rf.get("/initiatives/export.csv")
    request.user = AnonymousUser()
    _filterset, rows = exports.export_queryset(request)
    with CaptureQueriesContext(connection) as queries:
        exports.read_chunk(exports.export_chunks(rows), exports.Lookups(), evidence=False)
    plans = [query_plan(query["sql"]) for query in queries.captured_queries]
    for index in (
        "initiative_published_newest_idx",
        "participation_export_idx",
        "funding_export_idx",
        "initiative_source_export_idx",
    ):
        assert [plan for plan in plans if f"USING COVERING INDEX {index}" in plan], index
