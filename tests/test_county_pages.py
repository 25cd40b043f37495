"""Visitors see the country by county: the list of counties and each county's page."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from actors.models import Actor
from core.publishing import PublicationState
from front.views.municipalities import MAX_INITIATIVES
from initiatives.models import InitiativeType
from municipalities.models import Municipality

from .factories import make_funding, make_initiative

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def county_page(client, code, query="", language="en"):
    """A county's page, in English unless told otherwise: the text tests read English."""
    return client.get(url("municipalities:county-detail", code, language=language) + query)


def by_code(counties):
    return {county.code: county for county in counties}


def test_it_lists_the_21_counties_with_their_totals(client, django_assert_max_num_queries):
    # The first view after a change counts the totals (4 GROUP BY queries, then cached).
    with django_assert_max_num_queries(5):
        response = client.get(url("municipalities:county-list"))
    with django_assert_max_num_queries(1):
        client.get(url("municipalities:county-list"))
    assert response.status_code == 200
    counties = by_code(response.context["counties"])
    assert len(counties) == 21
    assert sum(county.municipality_count for county in counties.values()) == 290
    assert (counties["14"].municipality_count, counties["14"].initiative_count) == (49, 5)
    assert counties["14"].funding_sek == Decimal("800000")
    assert counties["14"].funding_is_lower_bound  # "drygt 800 000 kr"
    assert counties["20"].initiative_count == 2
    assert counties["20"].funding_sek == Decimal("8800000")
    assert (counties["18"].initiative_count, counties["12"].initiative_count) == (2, 1)
    assert counties["25"].initiative_count == 0 and counties["25"].funding_sek == 0
    assert (
        counties["14"].municipalities_with_records,
        counties["25"].municipalities_with_records,
    ) == (1, 0)
    page = response.content.decode()
    assert 'href="/en/counties/14/"' in page
    assert "SEK 8,800,000" in page
    assert "just over SEK 800,000" in page


def test_counties_with_records_lead_and_zeros_are_muted(client):
    response = client.get(url("municipalities:county-list"))
    names = [county.name for county in response.context["counties"]]
    # Most initiatives first, ties by name in Swedish order.
    assert names[:4] == ["Västra Götalands län", "Dalarnas län", "Örebro län", "Skåne län"]
    assert names[4:6] == ["Blekinge län", "Gotlands län"]
    page = response.content.decode()
    norrbotten = page[page.index(">Norrbottens län<") :]
    assert norrbotten[: norrbotten.index("</tr>")].count("zero") == 3
    assert re.search(r"1 of 49\s*</td>", page)
    by_name = client.get(url("municipalities:county-list"), {"sort": "name"})
    assert [c.name for c in by_name.context["counties"]][-1] == "Östergötlands län"


def test_it_counts_an_initiative_in_two_municipalities_once_for_the_county(client):
    trollhattan, vanersborg = Municipality.objects.filter(code__in=["1488", "1487"])
    make_initiative(municipalities=[trollhattan, vanersborg])
    counties = by_code(client.get(url("municipalities:county-list")).context["counties"])
    assert counties["14"].initiative_count == 6
    response = county_page(client, "14")
    assert response.context["initiative_count"] == 6
    assert len(response.context["initiatives"]) == 6
    counts = {m.name: m.initiative_count for m in response.context["municipalities"]}
    assert (counts["Trollhättan"], counts["Vänersborg"]) == (6, 1)


def test_an_initiatives_places_are_named_in_swedish_order(client):
    # By the letters' codes Ä (U+00C4) comes before Å (U+00C5); in Swedish after it.
    places = Municipality.objects.filter(name__in=["Ängelholm", "Åstorp"])
    make_initiative(title="Gemensam skolskjuts", municipalities=places)
    page = client.get(reverse("municipalities:county-detail", args=["12"])).content.decode()
    row = page[page.index("Gemensam skolskjuts") :]
    row = row[: row.index("</tr>")]
    assert row.index(">Åstorp<") < row.index(">Ängelholm<")


def test_it_shows_a_countys_municipalities_with_their_numbers(client):
    response = county_page(client, "14")
    assert response.status_code == 200
    municipalities = {m.name: m for m in response.context["municipalities"]}
    assert len(municipalities) == 49
    assert municipalities["Trollhättan"].initiative_count == 5
    assert municipalities["Trollhättan"].funding_sek == Decimal("800000")
    assert municipalities["Göteborg"].initiative_count == 0
    assert response.context["municipalities_with_records"] == 1
    page = response.content.decode()
    assert "<h1>Västra Götalands län</h1>" in page
    assert page.count("<h1") == 1
    assert 'href="/en/municipalities/trollhattan/"' in page


def test_municipalities_with_records_lead_then_the_rest_in_swedish_order(client):
    goteborg = Municipality.objects.get(code="1480")
    make_initiative(municipalities=[goteborg])
    response = county_page(client, "14", language="sv")
    names = [m.name for m in response.context["municipalities"]]
    assert names[:4] == ["Trollhättan", "Göteborg", "Ale", "Alingsås"]
    assert names.index("Gullspång") < names.index("Götene") < names.index("Hjo")
    assert names.index("Vänersborg") < names.index("Åmål") < names.index("Öckerö")
    page = response.content.decode()
    ale = page[page.index(">Ale<") :]
    assert ale[: ale.index("</tr>")].count('class="num zero"') == 2
    by_name = county_page(client, "14", "?sort=name", language="sv")
    assert [m.name for m in by_name.context["municipalities"]][:2] == ["Ale", "Alingsås"]


def test_it_lists_only_the_newest_initiatives_with_a_link_to_all(client):
    closure = InitiativeType.objects.get(slug="school-closure")
    places = list(Municipality.objects.filter(county__code="14"))
    for index in range(60):
        make_initiative(
            municipalities=[places[index % len(places)]], type=closure, start_year=1960 + index
        )
    response = county_page(client, "14")
    assert response.context["initiative_count"] == 65
    listed = response.context["initiatives"]
    assert len(listed) == MAX_INITIATIVES == 25
    # The 25 newest: 2019 down to 1996, with the seed's development day (2017) among them.
    assert listed[0].start_year == 2019 and listed[-1].start_year == 1996
    page = response.content.decode()
    assert "The 25 newest of 65 initiatives are listed here." in page
    assert 'href="/en/initiatives/?county=14"' in page
    # The table by type and year still counts them all.
    assert response.context["year_totals"][1] == 65


def test_it_draws_the_countys_map(client):
    response = county_page(client, "14")
    shapes = response.context["map"]["shapes"]
    assert len(shapes) == 49
    trollhattan = next(shape for shape in shapes if shape.name == "Trollhättan")
    assert trollhattan.value == 5
    assert trollhattan.url == "/en/municipalities/trollhattan/"
    page = response.content.decode()
    assert page.count("<path ") == 49
    assert 'aria-label="Trollhättan: 5 initiatives"' in page


def test_its_map_switches_to_funding(client):
    response = county_page(client, "20", "?map=funding", language="sv")
    borlange = next(s for s in response.context["map"]["shapes"] if s.name == "Borlänge")
    assert borlange.label == "Borlänge: 8\xa0800\xa0000\xa0kr"


def test_it_shows_initiatives_by_type_and_year(client):
    response = county_page(client, "20")
    assert response.context["years"] == [2017, 2018]
    rows = {kind.slug: (counts, total) for kind, counts, total in response.context["type_rows"]}
    assert rows == {"needs-analysis": ([1, 0], 1), "tillvaxtverket-grant": ([0, 1], 1)}
    assert response.context["year_totals"] == ([1, 1], 2)
    response = county_page(client, "14")
    assert response.context["years"] == [2017, None]  # most sources give no years
    assert response.context["year_totals"] == ([1, 4], 5)
    assert "Year not known" in response.content.decode()


def test_it_shows_funding_by_funder(client):
    response = county_page(client, "20")
    [row] = response.context["funders"]
    assert (row["funder__name"], row["total"], row["first_year"]) == (
        "Tillväxtverket",
        Decimal("8800000"),
        2018,
    )
    page = county_page(client, "14", language="sv").content.decode()
    assert "Skolverket" in page
    assert "drygt 800\xa0000\xa0kr" in page  # as the source says


def test_it_lists_the_largest_funders_with_a_link_to_all(client, monkeypatch):
    from front.views import counties

    monkeypatch.setattr(counties, "MAX_FUNDERS", 2)
    borlange = Municipality.objects.get(slug="borlange")
    for amount in (5, 7):
        make_funding(
            initiative=make_initiative(municipalities=[borlange]),
            recipient_municipality=borlange,
            amount_sek=Decimal(amount),
        )
    response = county_page(client, "20", "?sort=name", language="sv")
    names = [row["funder__name"] for row in response.context["funders"]]
    assert len(names) == 2 and names[0] == "Tillväxtverket"  # the largest first
    assert response.context["funding_total"] == Decimal("8800012")  # all of them
    page = response.content.decode()
    assert "De 2 största av 3 finansiärer visas här." in page
    link = re.search(r'<a href="([^"]+)">Visa alla finansiärer</a>', page).group(1)
    assert link == "?sort=name&amp;funders=all#funders"
    every = county_page(client, "20", "?sort=name&funders=all", language="sv")
    assert len(every.context["funders"]) == 3
    assert "Visa alla finansiärer" not in every.content.decode()
    assert 'id="funders"' in every.content.decode()


def test_it_leaves_drafts_out(client):
    trollhattan = Municipality.objects.get(code="1488")
    draft = make_initiative(municipalities=[trollhattan], publication_state=PublicationState.DRAFT)
    make_funding(initiative=draft, recipient_municipality=trollhattan, amount_sek=Decimal("1"))
    response = county_page(client, "14")
    assert response.context["initiative_count"] == 5
    assert response.context["funding_total"] == Decimal("800000")
    assert draft.title not in response.content.decode()
    counties = by_code(client.get(url("municipalities:county-list")).context["counties"])
    assert counties["14"].initiative_count == 5


def test_it_links_to_compare_the_busiest_municipalities(client):
    goteborg = Municipality.objects.get(code="1480")
    make_initiative(municipalities=[goteborg])
    response = county_page(client, "14")
    assert response.context["compare_url"] == "/en/compare/?m=trollhattan&m=goteborg"
    assert county_page(client, "20").context["compare_url"] == ""  # only Borlänge has any


def test_it_says_so_when_a_county_has_nothing_yet(client):
    response = county_page(client, "25")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No published initiative is recorded in Norrbottens län yet." in page
    assert "No funding to these municipalities is recorded yet." in page


def test_unknown_counties_are_404(client):
    assert county_page(client, "99").status_code == 404
    assert county_page(client, "x").status_code == 404


def test_it_works_in_swedish(client):
    response = county_page(client, "14", language="sv")
    assert response.status_code == 200
    assert 'href="/municipalities/trollhattan/"' in response.content.decode()


def test_its_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as before:
        county_page(client, "14")
    closure = InitiativeType.objects.get(slug="school-closure")
    funder = Actor.objects.get(slug="skolverket")
    for year, municipality in enumerate(Municipality.objects.filter(county__code="14")[:20]):
        initiative = make_initiative(
            municipalities=[municipality], type=closure, start_year=2000 + year
        )
        make_funding(initiative=initiative, recipient_municipality=municipality, funder=funder)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = county_page(client, "14")
    assert response.context["initiative_count"] == 25
    # 9, and 4 more on the first view after a change, which counts the cached totals.
    assert len(before.captured_queries) <= 13
    with django_assert_max_num_queries(9):
        county_page(client, "14", "?map=funding")
    with django_assert_max_num_queries(3):
        client.get(url("municipalities:county-list"))
