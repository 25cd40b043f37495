"""A page far down a list (core.pagination.Paginator) holds the rows Django's plain slice
would, in the same order, while the database no longer walks every row before it: the
last page of the articles took 1.4 s at scale on PostgreSQL, the first 8 ms."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator as PlainPaginator
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from core import pagination
from core.pagination import Paginator
from front.views.actors import ActorListView
from front.views.articles import ArticleListView
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative

from .factories import make_actor, make_article, make_initiative

pytestmark = pytest.mark.django_db

OFFSET = re.compile(r"\bOFFSET (\d+)")


@pytest.fixture
def deep(monkeypatch):
    """Every page past the first row counts as deep, so that lists of a few dozen rows
    take the paths a list of 100 000 takes."""
    monkeypatch.setattr(pagination, "DEEP_OFFSET", 1)


@pytest.fixture
def ties():
    """Rows only the order's last term (the id) tells apart: the same title, name or
    start year, and start years missing (the browser's newest and oldest first put
    those last, so the reverse must put them first)."""
    for index in range(9):
        make_initiative(title="Samma titel", start_year=None if index % 2 else 2015)
        make_article(title="Samma rubrik")
        make_actor(name="Samma namn")


def anonymous_request(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    return request


def browser_rows(rf, order):
    request = anonymous_request(rf)
    base = Initiative.objects.published().for_listing()
    filterset = InitiativeFilter({"order": order} if order else {}, queryset=base, request=request)
    return filterset.results


def list_rows(rf, view_class):
    view = view_class()
    view.request = anonymous_request(rf)
    return view.get_queryset()


def pages(paginator_class, rows, per_page, *values):
    paginator = paginator_class(rows, per_page)
    return [
        [(row.pk, *(getattr(row, name) for name in values)) for row in paginator.page(n)]
        for n in paginator.page_range
    ]


@pytest.mark.parametrize("order", ["", "oldest", "title"])
@pytest.mark.parametrize("per_page", [3, 4])
def test_every_page_of_the_browser_holds_the_plain_slices_rows(rf, deep, ties, order, per_page):
    rows = browser_rows(rf, order)
    assert rows.count() > 4 * per_page
    assert pages(Paginator, rows, per_page) == pages(PlainPaginator, rows, per_page)


@pytest.mark.parametrize(
    ("view_class", "shown"),
    [(ArticleListView, "title"), (ActorListView, "name")],
)
def test_every_page_of_the_sources_and_actors_holds_the_plain_slices_rows(
    rf, deep, ties, view_class, shown
):
    rows = list_rows(rf, view_class)
    assert rows.count() > 12
    # With the figure the list shows for each row: it comes with the rows read by id.
    assert pages(Paginator, rows, 4, shown) == pages(PlainPaginator, rows, 4, shown)
    assert any(row[1] for page in pages(Paginator, rows, 4, shown) for row in page)


@pytest.mark.parametrize(
    ("url", "params", "rows"),
    [
        ("articles:list", {}, lambda rf: list_rows(rf, ArticleListView)),
        ("initiatives:list", {"page_size": 10}, lambda rf: browser_rows(rf, "")),
        (
            "initiatives:list",
            {"page_size": 10, "order": "oldest"},
            lambda rf: browser_rows(rf, "oldest"),
        ),
    ],
)
def test_the_last_page_is_read_from_the_end_not_past_every_row(
    client, rf, settings, deep, ties, url, params, rows, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False  # each request made, as for staff
    for index in range(40):
        make_article(title=f"Rubrik {index:02}")
        make_initiative(title=f"Titel {index:02}", start_year=2000 + index % 3)
    expected = rows(rf)
    count = expected.count()
    client.get(reverse(url), {**params, "page": 999})  # the count, kept per change
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(url), {**params, "page": 999})
    page = response.context["page_obj"]
    assert page.number == page.paginator.num_pages > 2
    plain = PlainPaginator(expected, page.paginator.per_page).page(page.number)
    assert [row.pk for row in page.object_list] == [row.pk for row in plain]
    sql = [query["sql"] for query in queries.captured_queries]
    offsets = [int(n) for query in sql for n in OFFSET.findall(query)]
    assert all(offset < count // 2 for offset in offsets), offsets
    with django_assert_max_num_queries(len(sql)):
        client.get(reverse(url), {**params, "page": 999})


@pytest.mark.parametrize(
    ("api_list", "order"),
    [
        ("api:initiative-list", "oldest"),
        ("api:initiative-list", "funding"),
        ("api:article-list", ""),
    ],
)
def test_the_apis_pages_are_read_the_same_way(client, rf, deep, ties, api_list, order):
    """Every page of the API's lists, in turn: each row once, in the list's order."""
    params = {"page_size": 4, **({"order": order} if order else {})}
    slugs, page = [], 1
    while True:
        data = client.get(reverse(api_list), {**params, "page": page}).json()
        slugs += [row["slug"] for row in data["results"]]
        if not data["next"]:
            break
        page += 1
    assert page > 3
    if api_list == "api:article-list":
        expected = list_rows(rf, ArticleListView)
    else:
        expected = browser_rows(rf, order)
    assert slugs == [row.slug for row in PlainPaginator(expected, len(slugs)).page(1)]


def test_the_admins_lists_read_deep_pages_the_same_way(admin_client, monkeypatch, deep, ties):
    """Staff's changelists (core.admin_base.VersionedAdmin) page through every row once,
    in the changelist's order, and the last page is read from the end."""
    monkeypatch.setattr(admin.site._registry[Article], "list_per_page", 4)
    url = reverse("admin:articles_article_changelist")
    first = admin_client.get(url)
    everything = [article.pk for article in first.context["cl"].queryset]
    pages = first.context["cl"].paginator.num_pages
    assert pages > 3
    shown = []
    for number in range(1, pages + 1):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url, {"p": number})
        shown += [article.pk for article in response.context["cl"].result_list]
        offsets = [
            int(n) for query in queries.captured_queries for n in OFFSET.findall(query["sql"])
        ]
        assert all(offset <= len(everything) // 2 for offset in offsets), (number, offsets)
    assert shown == everything


def test_a_deep_page_is_a_queryset_as_djangos_is(rf, deep, ties):
    """Views (and the admin's list_editable formsets) may go on filtering a page's rows."""
    rows = list_rows(rf, ArticleListView)
    paginator = Paginator(rows, 4)
    last = paginator.page(paginator.num_pages).object_list
    assert isinstance(last, QuerySet)
    assert list(last.values_list("pk", flat=True)) == [
        row.pk for row in PlainPaginator(rows, 4).page(paginator.num_pages)
    ]
