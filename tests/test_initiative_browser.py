"""Researchers filter initiatives; every view is a shareable URL and bad input gets a message."""

import pytest
from django.urls import reverse

from core.collation import sort_key
from core.publishing import PublicationState
from initiatives.models import Initiative

from .factories import make_initiative, make_many_initiatives

pytestmark = pytest.mark.django_db
URL = reverse("initiatives:list")


def slugs(response):
    return {i.slug for i in response.context["page_obj"].object_list}


def test_it_lists_published_initiatives_newest_first(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["result_count"] == 10
    first = response.context["page_obj"].object_list[0]
    assert first.slug == "borlange-mot-segregation-tillvaxtverket"  # 2018, the newest year


def test_it_filters_by_one_or_more_types(client):
    response = client.get(URL, {"type": "school-closure"})
    assert slugs(response) == {
        "trollhattan-avveckling-av-skolor",
        "orebro-stangning-av-vivallaskolans-hogstadium",
    }
    both = client.get(URL, {"type": ["school-closure", "tillvaxtverket-grant"]})
    assert len(slugs(both)) == 3


def test_it_filters_by_active_year_and_year_range(client):
    assert slugs(client.get(URL, {"year": 2017})) == {"borlange-kartlaggning-social-hallbarhet"}
    assert slugs(client.get(URL, {"year": 2020})) == {"borlange-mot-segregation-tillvaxtverket"}
    assert len(slugs(client.get(URL, {"year_from": 2016, "year_to": 2018}))) == 2


def test_it_filters_by_municipality_county_actor_and_funder(client):
    assert len(slugs(client.get(URL, {"municipality": "trollhattan"}))) == 4
    assert len(slugs(client.get(URL, {"county": "18"}))) == 2
    assert slugs(client.get(URL, {"actor": "karin-falck"})) == {"skr-natverksbesok-trollhattan"}
    assert slugs(client.get(URL, {"funder": "skolverket"})) == {
        "skolverket-stod-trollhattan-efter-dadet-pa-kronan",
        "samverkan-for-basta-skola-trollhattan",
    }


def test_it_combines_filters_the_way_a_researcher_would(client):
    response = client.get(
        URL, {"county": "14", "type": "skolverket-support-agreement", "has_funding": "true"}
    )
    assert slugs(response) == {"skolverket-stod-trollhattan-efter-dadet-pa-kronan"}
    without = client.get(URL, {"municipality": "borlange", "has_funding": "false"})
    assert slugs(without) == {"borlange-kartlaggning-social-hallbarhet"}


def test_it_searches_text(client):
    assert slugs(client.get(URL, {"q": "Vivallaskolans"})) >= {
        "orebro-stangning-av-vivallaskolans-hogstadium"
    }


def test_facet_counts_show_what_each_option_would_give(client):
    response = client.get(URL, {"county": "14"})
    facets = {kind.slug: count for kind, count, _selected in response.context["type_facets"]}
    assert facets["school-closure"] == 1
    assert facets["samverkan-for-basta-skola"] == 1
    assert facets["research-study"] == 0
    counties = {county.code: n for county, n in response.context["county_facets"]}
    assert counties["14"] == 4 and counties["18"] == 2  # county facet ignores its own filter
    assert "(4)" in response.content.decode()


def test_it_orders_by_title_and_by_funding(client):
    by_title = [i.title for i in client.get(URL, {"order": "title"}).context["page_obj"]]
    # Swedish alphabetical order, case ignored: "Samverkan…" before "SKR:s…".
    assert by_title == sorted(by_title, key=sort_key)
    by_funding = client.get(URL, {"order": "funding"}).context["page_obj"].object_list
    assert by_funding[0].slug == "borlange-mot-segregation-tillvaxtverket"


@pytest.mark.parametrize(
    "params,field",
    [
        ({"year": "abc"}, "year"),
        ({"year": "99999"}, "year"),
        ({"type": "no-such-type"}, "type"),
        ({"municipality": "atlantis"}, "municipality"),
        ({"county": "99"}, "county"),
        ({"actor": "nobody"}, "actor"),
        ({"funder": "nobody"}, "funder"),
        ({"has_funding": "maybe"}, "has_funding"),
        ({"order": "sideways"}, "order"),
        ({"year_from": "2019", "year_to": "2018"}, "year_to"),
    ],
)
def test_an_invalid_value_answers_400_with_a_clear_message(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert field in response.context["filter"].form.errors
    assert "not valid" in response.content.decode() or "inte giltiga" in response.content.decode()


def test_page_size_and_pagination(client):
    make_many_initiatives(30)
    response = client.get(URL, {"page_size": 10})
    assert len(response.context["page_obj"].object_list) == 10
    assert response.context["page_obj"].paginator.num_pages == 4
    beyond = client.get(URL, {"page_size": 10, "page": 999})
    assert beyond.status_code == 200
    assert beyond.context["page_obj"].number == 4  # the last page
    odd = client.get(URL, {"page_size": 7})
    assert len(odd.context["page_obj"].object_list) == 25  # unsupported size: the default
    assert "page_size=10" in response.content.decode()  # pagination keeps the query


def test_drafts_are_hidden_from_visitors_and_shown_to_staff(client, admin_client):
    make_initiative(title="Utkast om skolval", publication_state=PublicationState.DRAFT)
    assert "Utkast om skolval" not in client.get(URL).content.decode()
    assert "Utkast om skolval" in admin_client.get(URL).content.decode()


def test_browser_query_count_does_not_grow(client, django_assert_max_num_queries):
    params = {"type": "school-closure", "county": "14", "order": "funding"}
    with django_assert_max_num_queries(14):
        client.get(URL, params)
    make_many_initiatives(40)
    with django_assert_max_num_queries(14):
        response = client.get(URL, params)
    assert response.context["result_count"] == 41


def test_the_chart_reflects_the_filters(client):
    chart = client.get(URL, {"municipality": "borlange"}).context["chart"]
    assert [column for column, _row, _total in chart.table] == [2017, 2018]
    assert client.get(URL, {"municipality": "trollhattan"}).context["chart"].is_empty


def test_links_to_both_exports_keep_the_filters(client):
    page = client.get(URL, {"type": "school-closure", "page": 1}).content.decode()
    assert 'href="/initiatives/export.csv?type=school-closure"' in page
    assert 'href="/initiatives/export.json?type=school-closure"' in page
    assert Initiative.objects.count() >= 10
