"""Visitors compare two to four municipalities side by side at a shareable address."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from actors.models import Actor
from core.publishing import PublicationState
from initiatives.models import Participation
from municipalities.models import Municipality

from .factories import make_article, make_funding, make_initiative, make_participation

pytestmark = pytest.mark.django_db


def compare(client, *slugs, language="en"):
    """The compare page, in English unless told otherwise: the text tests read English."""
    with translation.override(language):
        path = reverse("municipalities:compare")
    return client.get(f"{path}?{'&'.join(f'm={slug}' for slug in slugs)}")


def names(response):
    return [column["municipality"].name for column in response.context["columns"]]


def test_it_compares_two_municipalities_side_by_side(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        response = compare(client, "trollhattan", "borlange")
    assert response.status_code == 200
    assert names(response) == ["Trollhättan", "Borlänge"]
    assert response.context["initiative_counts"] == [5, 2]
    totals = response.context["funding_totals"]
    assert totals[0] == {"total": Decimal("800000"), "lower_bound": True}
    assert totals[1] == {"total": Decimal("8800000"), "lower_bound": False}
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "just over SEK 800,000" in page
    swedish = compare(client, "trollhattan", "borlange", language="sv").content.decode()
    assert "drygt 800\xa0000\xa0kr" in swedish
    assert "8\xa0800\xa0000\xa0kr" in swedish


def test_it_puts_their_initiatives_on_one_time_axis(client):
    rows = compare(client, "trollhattan", "borlange").context["initiative_years"]
    assert [year for year, _cells in rows] == [2017, 2018, None]
    cells = {
        year: [[i.slug for i in cell["initiatives"]] if cell else [] for cell in row]
        for year, row in rows
    }
    assert cells[2017] == [
        ["trollhattan-utvecklingsdag-folkets-hus"],
        ["borlange-kartlaggning-social-hallbarhet"],
    ]
    assert cells[2018] == [[], ["borlange-mot-segregation-tillvaxtverket"]]
    # Trollhättan has four without a known year: three by title, and a link to the rest.
    assert cells[None][0] == [
        "trollhattan-avveckling-av-skolor",
        "samverkan-for-basta-skola-trollhattan",
        "skolverket-stod-trollhattan-efter-dadet-pa-kronan",
    ]
    assert cells[None][1] == []
    undated = rows[-1][1][0]
    assert undated["more"] == 1
    assert undated["more_url"] == "/en/initiatives/?municipality=trollhattan"
    page = compare(client, "trollhattan", "borlange").content.decode()
    assert 'href="/en/initiatives/?municipality=trollhattan"' in page
    assert "and 1 more" in page


def test_its_lists_stay_the_same_size_however_many_records_there_are(client):
    trollhattan = Municipality.objects.get(slug="trollhattan")
    borlange = Municipality.objects.get(slug="borlange")
    for number in range(8):
        make_initiative(
            municipalities=[trollhattan, borlange], title=f"Insats {number:02}", start_year=2020
        )
    response = compare(client, "trollhattan", "borlange")
    [row_2020] = [row for year, row in response.context["initiative_years"] if year == 2020]
    assert [len(cell["initiatives"]) for cell in row_2020] == [3, 3]
    assert [cell["more"] for cell in row_2020] == [5, 5]
    assert row_2020[0]["more_url"] == "/en/initiatives/?municipality=trollhattan&year=2020"


def test_it_counts_their_initiatives_by_type(client):
    by_type = compare(client, "trollhattan", "orebro").context["initiatives_by_type"]
    counts = {kind.slug: counts for kind, counts in by_type}
    assert counts["school-closure"] == [1, 1]
    assert counts["research-study"] == [0, 1]
    assert counts["skr-network-visit"] == [1, 0]


def test_it_shows_funding_per_year(client):
    rows = compare(client, "trollhattan", "borlange").context["funding_years"]
    assert [year for year, _cells in rows] == [2018, None]
    assert rows[0][1] == [None, {"total": Decimal("8800000"), "lower_bound": False}]
    assert rows[1][1] == [{"total": Decimal("800000"), "lower_bound": True}, None]


def test_it_finds_actors_in_common(client):
    response = compare(client, "trollhattan", "orebro")
    [(actor, roles)] = response.context["actors"]
    assert actor["slug"] == "skr"
    assert roles == [["Coordinator"], ["Comments on it"]]
    response = compare(client, "trollhattan", "borlange")
    assert response.context["actors"] == []
    assert "No actor takes part in initiatives in more than one" in response.content.decode()


def test_actors_roles_are_named_and_ordered_in_each_visitors_language(client):
    # SKR coordinates an initiative in Trollhättan; now it funds it too. "Coordinator"
    # comes before "Funder", "Finansiär" before "Samordnare": the roles kept for the
    # selection are named and ordered for each request, not for the first visitor's.
    skr = Actor.objects.get(slug="skr")
    coordinated = Participation.objects.get(
        actor=skr,
        role=Participation.Role.COORDINATOR,
        initiative__municipalities__slug="trollhattan",
    )
    make_participation(initiative=coordinated.initiative, actor=skr, role=Participation.Role.FUNDER)
    english = compare(client, "trollhattan", "orebro").content.decode()
    swedish = compare(client, "trollhattan", "orebro", language="sv").content.decode()
    assert "<td>Coordinator, Funder</td>" in english
    assert "<td>Finansiär, Samordnare</td>" in swedish
    assert "<td>Uttalar sig om den</td>" in swedish


def test_it_lists_each_municipalitys_sources(client):
    response = compare(client, "trollhattan", "borlange")
    trollhattan, borlange = (column["sources"] for column in response.context["columns"])
    assert "overenskommelse-om-stod-till-trollhattan" in {a["slug"] for a in trollhattan}
    assert len(borlange) >= 1
    assert not {a["slug"] for a in trollhattan} & {a["slug"] for a in borlange}


def test_it_compares_up_to_four(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        response = compare(client, "trollhattan", "borlange", "orebro", "malmo")
    assert response.status_code == 200
    assert response.context["initiative_counts"] == [5, 2, 2, 1]
    assert response.context["can_add"] is False
    assert "Four is the most" in response.content.decode()


def test_it_explains_unknown_addresses_and_compares_the_rest(client):
    response = compare(client, "trollhattan", "atlantis", "orebro")
    assert response.status_code == 400
    page = response.content.decode()
    assert "No municipality has the address “atlantis”." in page
    assert names(response) == ["Trollhättan", "Örebro"]
    assert response.context["initiative_counts"] == [5, 2]


def test_it_refuses_a_fifth_municipality_with_a_message(client):
    response = compare(client, "trollhattan", "borlange", "orebro", "malmo", "lund")
    assert response.status_code == 400
    assert "Compare at most four municipalities at a time." in response.content.decode()
    assert names(response) == ["Trollhättan", "Borlänge", "Örebro", "Malmö"]


def test_it_escapes_hostile_input(client):
    response = compare(client, "%3Cscript%3Ealert(1)%3C/script%3E", "trollhattan")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_it_does_not_look_up_hundreds_of_values(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        response = compare(client, *[f"nowhere-{n}" for n in range(500)])
    assert response.status_code == 400
    assert response.content.decode().count("No municipality has the address") == 20


def test_it_ignores_repeats_and_blanks_and_asks_for_one_more(client):
    response = compare(client, "trollhattan", "trollhattan", "")
    assert response.status_code == 200
    assert names(response) == ["Trollhättan"]
    assert "compared" not in response.context
    assert "Choose one more municipality to compare." in response.content.decode()


def test_it_offers_the_form_without_parameters(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/en/compare/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<label for="id_add">Add a municipality</label>' in page
    assert page.count("<option value=") == 291  # a blank choice and 290 municipalities


def test_adding_repeats_the_current_choice_and_removing_drops_one(client):
    response = compare(client, "trollhattan", "borlange", "orebro")
    page = response.content.decode()
    assert '<input type="hidden" name="m" value="trollhattan">' in page
    assert '<input type="hidden" name="m" value="orebro">' in page
    assert 'value="trollhattan">Trollhättan</option>' not in page  # already chosen
    removals = [column["remove_url"] for column in response.context["columns"]]
    assert removals == [
        "?m=borlange&m=orebro",
        "?m=trollhattan&m=orebro",
        "?m=trollhattan&m=borlange",
    ]


def test_it_leaves_drafts_out(client):
    trollhattan = Municipality.objects.get(code="1488")
    draft = make_initiative(municipalities=[trollhattan], publication_state=PublicationState.DRAFT)
    make_funding(initiative=draft, recipient_municipality=trollhattan, amount_sek=Decimal("5"))
    make_participation(initiative=draft, actor=Actor.objects.get(slug="tillvaxtverket"))
    response = compare(client, "trollhattan", "borlange")
    assert response.context["initiative_counts"] == [5, 2]
    assert response.context["funding_totals"][0]["total"] == Decimal("800000")
    assert response.context["actors"] == []
    assert draft.title not in response.content.decode()


def test_it_keeps_unpublished_sources_out(client):
    trollhattan = Municipality.objects.get(code="1488")
    draft_article = make_article(publication_state=PublicationState.DRAFT)
    make_initiative(municipalities=[trollhattan], sources=[draft_article])
    response = compare(client, "trollhattan", "borlange")
    slugs = {a["slug"] for a in response.context["columns"][0]["sources"]}
    assert draft_article.slug not in slugs


def test_its_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as before:
        compare(client, "trollhattan", "borlange")
    trollhattan, borlange = Municipality.objects.filter(slug__in=["trollhattan", "borlange"])
    shared = Actor.objects.get(slug="skolverket")
    for year in range(2000, 2015):
        article = make_article()
        initiative = make_initiative(
            municipalities=[trollhattan, borlange], sources=[article], start_year=year
        )
        make_funding(initiative=initiative, recipient_municipality=borlange, year=year)
        make_participation(initiative=initiative, actor=shared, role=Participation.Role.FUNDER)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = compare(client, "trollhattan", "borlange")
    assert response.context["initiative_counts"] == [20, 17]
    assert [actor["slug"] for actor, _roles in response.context["actors"]] == ["skolverket"]


def test_its_timeline_and_funding_are_kept_until_something_changes(client, settings):
    """Counted once per content change and selection (core.derived_cache), with the
    timeline's links in each visitor's language."""
    settings.PAGE_CACHE_ENABLED = False  # each page made afresh: only the aggregates kept
    compare(client, "trollhattan", "borlange")
    with CaptureQueriesContext(connection) as again:
        compare(client, "trollhattan", "borlange")
    read = " ".join(query["sql"] for query in again.captured_queries)
    assert "initiatives_funding" not in read and "initiative_municipalities" not in read
    swedish = compare(client, "trollhattan", "borlange", language="sv")
    assert swedish.context["initiative_years"][-1][1][0]["more_url"] == (
        "/initiatives/?municipality=trollhattan"
    )
    trollhattan = Municipality.objects.get(slug="trollhattan")
    added = make_initiative(municipalities=[trollhattan], title="Helt ny insats", start_year=2017)
    make_funding(
        initiative=added, recipient_municipality=trollhattan, year=2017, amount_sek=Decimal("5")
    )
    response = compare(client, "trollhattan", "borlange")
    assert response.context["initiative_counts"] == [6, 2]
    assert response.context["funding_totals"][0]["total"] == Decimal("800005")
    assert "Helt ny insats" in response.content.decode()


def test_it_works_in_swedish(client):
    response = compare(client, "trollhattan", "malmo", language="sv")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/municipalities/malmo/"' in page
    assert "Jämför kommuner" in page


def test_it_says_how_many_more_actors_and_sources_there_are(client, monkeypatch):
    from front.views import compare as view

    full = compare(client, "trollhattan", "orebro")
    actors, sources = len(full.context["actors"]), len(full.context["columns"][0]["sources"])
    assert actors and sources
    monkeypatch.setattr(view, "MAX_ACTORS", 0)
    monkeypatch.setattr(view, "MAX_SOURCES", 0)
    cache.clear()  # the same address again, rendered afresh
    response = compare(client, "trollhattan", "orebro")
    assert response.context["actors"] == [] and response.context["more_actors"] == actors
    column = response.context["columns"][0]
    assert column["sources"] == [] and column["more_sources"] == sources
    page = response.content.decode()
    assert f"and {actors} more actor" in page
    assert 'href="/en/municipalities/trollhattan/#sources"' in page
