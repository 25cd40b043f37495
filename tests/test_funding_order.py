"""The browser's order by funding (and so its exports' and the API's, test_filter_parity):
the largest public total first, ties by title, then the initiatives with no public
payment by title, page after page, and a change to the money shown at once."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pagination
from core.collation import swedish
from core.publishing import PublicationState
from initiatives import funding_order
from initiatives.models import Initiative
from municipalities.models import Municipality

from .factories import make_actor, make_funding, make_initiative

pytestmark = pytest.mark.django_db

URL = reverse("initiatives:list")


def totals_order(queryset):
    """The funding order as the database sorts every row by its public total: what the
    browser did on every request before the order was kept per content change."""
    return list(
        queryset.with_total_funding()
        .order_by(F("total_funding_sek").desc(nulls_last=True), *swedish("title"), "pk")
        .values_list("slug", flat=True)
    )


def browser_pages(client, page_size, **params):
    """Every page of the browser in the funding order, as one list of slugs."""
    slugs, page = [], 1
    while True:
        response = client.get(
            URL, {"order": "funding", "page_size": page_size, "page": page, **params}
        )
        assert response.status_code == 200
        page_obj = response.context["page_obj"]
        slugs += [initiative.slug for initiative in page_obj.object_list]
        if not page_obj.has_next():
            return slugs
        page += 1


@pytest.fixture
def money():
    """Totals that tie, a payment a visitor may not see, and initiatives with none."""
    funder = make_actor(name="Finansiären")
    hidden = make_actor(name="Utkastfinansiären", publication_state=PublicationState.DRAFT)
    amounts = {"oe": ("Ö-skolan", [300]), "aa": ("Å-skolan", [100, 200]), "a": ("A-skolan", [50])}
    amounts["b"] = ("B-skolan", [5000])
    for slug, (title, paid) in amounts.items():
        initiative = make_initiative(title=title, slug=f"pengar-{slug}")
        for amount in paid:
            pay(initiative, funder, amount)
    # Paid only by a draft funder: no public total, so among those with none.
    pay(make_initiative(title="C-skolan", slug="pengar-hemlig"), hidden, 10**9)
    for slug, title in [("d", "D-skolan"), ("e", "E-skolan"), ("ae", "Ä-skolan")]:
        make_initiative(title=title, slug=f"utan-{slug}")


def pay(initiative, funder, amount):
    trollhattan = Municipality.objects.get(slug="trollhattan")
    make_funding(
        initiative=initiative,
        funder=funder,
        recipient_municipality=trollhattan,
        amount_sek=Decimal(amount),
    )


def test_the_browser_lists_the_largest_public_totals_first_then_the_rest_by_title(client, money):
    slugs = browser_pages(client, page_size=100)
    assert slugs == totals_order(Initiative.objects.published())
    # B 5 000; then the two of 300 by title ("Å-skolan" 100 + 200 and "Ö-skolan"); A 50.
    assert slugs.index("pengar-b") < slugs.index("pengar-aa") < slugs.index("pengar-oe")
    assert slugs.index("pengar-oe") < slugs.index("pengar-a")
    # The draft funder's billion neither ranks the initiative nor shows.
    assert slugs.index("pengar-hemlig") > slugs.index("pengar-a")
    page = client.get(URL, {"order": "funding", "q": "C-skolan"}).content.decode()
    assert "1\xa0000\xa0000\xa0000" not in page


def test_pages_of_ten_run_on_from_the_funded_into_the_rest(client, money):
    everything = totals_order(Initiative.objects.published())
    funded = totals_order(Initiative.objects.published().with_funding())
    # The seed data and the fixture: pages of ten where one page holds both kinds.
    assert len(funded) % 10 and len(everything) > len(funded) + 10
    assert browser_pages(client, page_size=10) == everything


def test_a_filtered_selection_keeps_the_order(client, money):
    selection = Initiative.objects.published().filter(type__slug="school-closure")
    assert browser_pages(client, page_size=10, type="school-closure") == totals_order(selection)


def test_a_new_payment_moves_an_initiative_up_at_once(client, money):
    before = browser_pages(client, page_size=100)
    assert before.index("utan-ae") > before.index("pengar-a")
    pay(Initiative.objects.get(slug="utan-ae"), make_actor(), 10**10)
    assert browser_pages(client, page_size=100)[0] == "utan-ae"


def test_staff_see_drafts_among_the_initiatives_without_public_funding(editor_client, money):
    draft = make_initiative(
        title="Bb-utkastet", slug="utkastet", publication_state=PublicationState.DRAFT
    )
    pay(draft, make_actor(), 10**7)
    slugs = browser_pages(editor_client, page_size=100)
    assert slugs == totals_order(Initiative.objects.all())
    assert slugs.index("utkastet") > slugs.index("pengar-a")


def test_a_page_past_the_end_shows_the_last_and_junk_the_first(client, money):
    last = client.get(URL, {"order": "funding", "page_size": 10, "page": 999})
    assert last.context["page_obj"].number == last.context["paginator"].num_pages
    first = client.get(URL, {"order": "funding", "page": "x"})
    assert first.context["page_obj"].number == 1


def test_the_page_runs_a_bounded_number_of_queries(client, money, django_assert_max_num_queries):
    client.get(URL, {"order": "funding"})  # the order and the aggregates, once per change
    # Each page: the selection's funded ids, those without funding in title order (where
    # the page reaches them), the page's rows by their ids, their places and their
    # totals (with_funding_totals), and the map's names of the municipalities.
    for page in (1, 2):
        with django_assert_max_num_queries(6):
            response = client.get(URL, {"order": "funding", "page": page, "page_size": 10})
        assert response.context["page_obj"].number == page
    everything = Initiative.objects.published().count()
    assert len(response.context["page_obj"].object_list) == everything - 10


@pytest.fixture(params=["walked", "walked in steps", "left out by the database"])
def deep(request, monkeypatch):
    """Every page past the first row counts as deep (core.pagination.DEEP_OFFSET), so
    the pages past the funded initiatives are read as a deep page at scale is: the
    funded ones counted, the rest from the nearer end. Each way of finding the rest:
    walked from that end with the funded ones skipped (a page near an end, as the last
    page at scale; "in steps": a few rows a query), or with the funded ones left out by
    the database (a page farther in)."""
    monkeypatch.setattr(pagination, "DEEP_OFFSET", 1)
    if request.param == "walked in steps":
        monkeypatch.setattr(funding_order, "FIRST_LOOK", 1)
        monkeypatch.setattr(funding_order, "LOOK_AHEAD", 0)
        monkeypatch.setattr(funding_order, "GROWTH", 2)
    elif request.param == "left out by the database":
        monkeypatch.setattr(funding_order, "WALK_LIMIT", 0)
    return request.param


def test_deep_pages_run_on_from_the_funded_into_the_rest(client, money, deep):
    everything = totals_order(Initiative.objects.published())
    assert browser_pages(client, page_size=10) == everything
    selection = Initiative.objects.published().filter(type__slug="school-closure")
    assert browser_pages(client, page_size=10, type="school-closure") == totals_order(selection)


def test_deep_pages_for_staff_hold_the_drafts_too(editor_client, money, deep):
    make_initiative(title="Bb-utkastet", slug="utkastet", publication_state=PublicationState.DRAFT)
    assert browser_pages(editor_client, page_size=10) == totals_order(Initiative.objects.all())


def test_the_last_page_counts_the_funded_instead_of_reading_them(
    client, settings, money, deep, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False  # each request made, as for staff
    params = {"order": "funding", "page_size": 10, "page": 999}
    client.get(URL, params)  # the order, the count and the aggregates, once per change
    # The rest's ids (read in the order reversed), their rows, places and totals: the
    # number of funded ones is kept per change, like the selection's count. Walked in
    # steps of one, two, four… ids, the rest's ids took up to four queries more.
    most = 4 + (4 if deep == "walked in steps" else 0)
    with django_assert_max_num_queries(most):
        response = client.get(URL, params)
    rows = [initiative.slug for initiative in response.context["page_obj"].object_list]
    everything = totals_order(Initiative.objects.published())
    assert rows == everything[(len(everything) - 1) // 10 * 10 :]


def test_the_last_page_is_walked_to_without_leaving_out_every_funded_id(
    client, settings, money, deep
):
    # At scale the funded ids were 19 000 (7 of the last page's 21 ms on SQLite): near
    # an end of the rest the page's ids are read from that end and the funded skipped;
    # only a page farther in (here: every page, WALK_LIMIT 0) has them left out.
    settings.PAGE_CACHE_ENABLED = False
    params = {"order": "funding", "page_size": 10, "page": 999}
    client.get(URL, params)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, params)
    left_out = any("NOT IN" in query["sql"] for query in queries.captured_queries)
    assert left_out == (deep == "left out by the database")
