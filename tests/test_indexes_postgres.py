"""On PostgreSQL at scale, the browser's filtered query and search use their indexes.

A synthetic set large enough that a sequential scan would be the planner's worse choice
(build_scale_data runs ANALYZE), then EXPLAIN on the queries the pages run. Search uses
a selective term (a municipality's name): for a word in most rows, such as "skola" in
this corpus, reading the table is rightly the planner's cheaper choice.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from core import text_search
from curation.scale_data import Sizes, build_scale_data
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans of PostgreSQL"),
    pytest.mark.django_db,
]

AT_SCALE = Sizes(actors=300, initiatives=10_000, participations=10_000, funding=500, articles=3_000)
SEQ_SCAN_ON_INITIATIVES = re.compile(r"Seq Scan on initiatives_initiative\b")


def browser_page(query_string):
    """The page of rows the initiative browser shows for `query_string`."""
    base = Initiative.objects.published().for_listing()
    filterset = InitiativeFilter(QueryDict(query_string), queryset=base)
    assert filterset.is_valid(), filterset.errors
    return filterset.results[:25]


def plans_of_search(model, fields):
    """EXPLAIN of every query the search page's ranking runs for one model: both stages,
    as the limit is more than the titles match (with ten, titles alone fill the page)."""
    visible = model.objects.visible_to(AnonymousUser())
    with CaptureQueriesContext(connection) as queries:
        list(text_search.ranked(visible, "Trollhättan", fields, limit=1000))
    # Its SELECTs: the savepoint and plan mode around the whole-text stage are no query.
    return "\n".join(
        explain(query["sql"])
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
    )


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture(scope="module")
def plans(django_db_setup, django_db_blocker):
    # Other tests' scale data, rolled back, leaves the tables full of dead rows (and their
    # GIN indexes of dead entries), which the planner counts as pages to read: run after
    # test_query_counts_at_scale, the article search was planned as a sequential scan.
    # VACUUM clears them, as on a site autovacuum looks after.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("VACUUM")
    with django_db_blocker.unblock(), transaction.atomic():
        build_scale_data(AT_SCALE)
        found = {
            "browser": browser_page("type=school-closure&year=2015").explain(),
            "browser with q": browser_page("year=2015&q=Trollhättan").explain(),
            "browser by title": browser_page("order=title").explain(),
            "start page's latest": Initiative.objects.published().latest_first()[:5].explain(),
            "initiative search": plans_of_search(Initiative, ["title", "summary"]),
            "article search": plans_of_search(Article, ["title", "body"]),
        }
        transaction.set_rollback(True)
    return found


def test_it_filters_the_browser_without_reading_the_whole_table(plans):
    assert not SEQ_SCAN_ON_INITIATIVES.search(plans["browser"]), plans["browser"]
    assert "Index" in plans["browser"], plans["browser"]


def test_it_reads_the_browser_in_swedish_title_order_from_its_index(plans):
    """From an index of the titles in Swedish order: of every initiative, or since
    migration 0017 of the published ones, which the planner takes where it has both."""
    plan = plans["browser by title"]
    assert re.search(r"initiative_(pub_)?title_swedish", plan) and "Sort" not in plan, plan


def test_it_reads_the_start_pages_latest_additions_from_the_published_ones_index(plans):
    """Not through an index of every initiative in that order, where the drafts, whose
    empty publication dates come first on DESC, were read past before the five."""
    plan = plans["start page's latest"]
    assert "initiative_pub_latest_idx" in plan and "Sort" not in plan, plan


def test_it_matches_the_browser_text_filter_through_the_gin_index(plans):
    assert not SEQ_SCAN_ON_INITIATIVES.search(plans["browser with q"]), plans["browser with q"]
    assert "initiative_search_gin" in plans["browser with q"], plans["browser with q"]


def test_it_searches_initiatives_through_the_gin_index(plans):
    plan = plans["initiative search"]
    assert "initiative_title_vector_gin" in plan, plan  # the titles' stage
    # Their stored vectors ranked: no candidate's vector is made again from its title.
    assert "to_tsvector" not in plan, plan
    assert "initiative_search_gin" in plan, plan  # the other fields'

    assert not SEQ_SCAN_ON_INITIATIVES.search(plan), plan


def test_it_searches_articles_through_the_gin_index(plans):
    plan = plans["article search"]
    assert "article_title_vector_gin" in plan, plan
    assert "article_search_gin" in plan, plan
    assert "to_tsvector" not in plan, plan
    assert "Seq Scan on articles_article " not in plan, plan
