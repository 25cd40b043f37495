"""Every public page runs as many SQL queries with ~10 rows as with a hundred times more.

Two synthetic data sets from generate_scale_data's builder, each page rendered once on
each (page caching off, so the view really runs), the query counts compared page by
page. A count that grows with the data is an N+1 somewhere.
"""

from contextlib import contextmanager
from unittest.mock import patch

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Actor
from articles.models import Article
from core import derived_cache
from curation.scale_data import Sizes, build_scale_data
from front.views import initiatives as initiative_views
from initiatives.models import Initiative

# The mark also tells pytest-django to set up the test database for the module fixture.
pytestmark = pytest.mark.django_db

TEN_ROWS = Sizes(actors=10, initiatives=10, participations=30, funding=10, articles=10)
HUNDREDFOLD = Sizes(actors=300, initiatives=1000, participations=3000, funding=1000, articles=600)
PAGE_TYPES = [
    "home", "municipality list", "municipality detail", "county list", "county detail",
    "compare", "initiative browser", "initiative browser filtered", "initiative browser with q",
    "initiative browser by funding", "initiative detail", "actor list", "actor detail",
    "article list", "article detail", "search", "sitemap index", "sitemap section",
]  # fmt: skip


def richest(queryset, *relations):
    """The synthetic record with the most related rows: the page with most to show."""
    counts = {f"n_{name}": Count(name, distinct=True) for name in relations}
    ordering = [f"-{name}" for name in counts] + ["slug"]
    return queryset.filter(is_synthetic=True).annotate(**counts).order_by(*ordering).first()


def page_urls():
    """{page type: URL} for the data now in the database."""
    initiative = richest(Initiative.objects.published(), "participations", "funding")
    actor = richest(Actor.objects.all(), "participations", "funding_given")
    article = richest(Article.objects.published(), "initiatives", "participations")
    browser = reverse("initiatives:list")
    return {
        "home": reverse("home"),
        "municipality list": reverse("municipalities:list"),
        "municipality detail": reverse("municipalities:detail", args=["trollhattan"]),
        "county list": reverse("municipalities:county-list"),
        "county detail": reverse("municipalities:county-detail", args=["14"]),
        "compare": reverse("municipalities:compare") + "?m=trollhattan&m=borlange",
        "initiative browser": browser,
        # The richest initiative's type: the filtered page is never empty.
        "initiative browser filtered": f"{browser}?type={initiative.type.slug}&year_from=1995",
        "initiative browser with q": browser + "?q=skola",
        "initiative browser by funding": browser + "?order=funding",
        "initiative detail": initiative.get_absolute_url(),
        "actor list": reverse("actors:list"),
        "actor detail": actor.get_absolute_url(),
        "article list": reverse("articles:list"),
        "article detail": article.get_absolute_url(),
        "search": reverse("search") + "?q=skola",
        "sitemap index": reverse("sitemap"),
        "sitemap section": reverse("sitemap-section", args=["initiatives"]),
    }


@contextmanager
def lists_left_out(counted):
    """Appends to `counted` how many lists a record page left out because its record has
    no rows in them (core.derived_cache.without_rows): each is a query not run."""
    ask = derived_cache.without_rows

    def counting(*args):
        empty = ask(*args)
        counted.append(len(empty))
        return empty

    with (
        patch.object(derived_cache, "without_rows", counting),
        patch.object(initiative_views, "without_rows", counting),
    ):
        yield


def query_counts(sizes):
    """{page type: (queries run, lists left out)}."""
    build_scale_data(sizes)
    counts = {}
    client = Client()
    for name, url in page_urls().items():
        left_out: list[int] = []
        with CaptureQueriesContext(connection) as queries, lists_left_out(left_out):
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = (len(queries), sum(left_out))
    assert list(counts) == PAGE_TYPES
    return counts


@pytest.fixture(scope="module")
def counts_at_both_sizes(django_db_setup, django_db_blocker):
    # Built once for the module (two builds take seconds), inside a transaction that is
    # rolled back, so the other tests never see the synthetic rows.
    with (
        django_db_blocker.unblock(),
        override_settings(PAGE_CACHE_ENABLED=False),
        transaction.atomic(),
    ):
        small = query_counts(TEN_ROWS)
        large = query_counts(HUNDREDFOLD)
        transaction.set_rollback(True)
    return small, large


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_it_runs_as_many_queries_at_scale_as_with_ten_rows(counts_at_both_sizes, page_type):
    (small_run, small_left_out), (large_run, large_left_out) = (
        sizes[page_type] for sizes in counts_at_both_sizes
    )
    measured = (
        f"{small_run} queries with ten rows ({small_left_out} lists left out), "
        f"{large_run} at scale ({large_left_out} left out)"
    )

    if page_type in ("search", "initiative browser by funding"):
        # Search skips its second stage when the titles fill the page (core.text_search
        # .ranked), which a common word does in more data; the funding order reads the
        # initiatives without funding only when the page reaches them, which it does
        # with ten rows and not at scale: never more queries, maybe fewer.
        assert large_run <= small_run, measured
        return
    # A record page asks only for the lists its record has rows in, and the richest record
    # of each size may have other kinds of facts (payments with ten rows, none at scale):
    # each list left out is one query fewer, never a query per row.
    assert large_run + large_left_out == small_run + small_left_out, measured
