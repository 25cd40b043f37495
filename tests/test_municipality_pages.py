"""Visitors browse municipalities: the list by county and each municipality's page."""

import pytest
from django.urls import reverse

from core.publishing import PublicationState
from initiatives.models import Initiative

from .factories import make_many_initiatives

pytestmark = pytest.mark.django_db


def test_it_lists_all_290_municipalities_grouped_by_county(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("municipalities:list"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 290
    assert len(response.context["counties"]) == 21
    trollhattan = next(m for m in response.context["object_list"] if m.code == "1488")
    assert trollhattan.initiative_count == 5
    assert "Västra Götalands län" in response.content.decode()


def test_it_filters_to_municipalities_with_records(client):
    response = client.get(reverse("municipalities:list"), {"with_records": "1"})
    names = {m.name for m in response.context["object_list"]}
    assert names == {"Trollhättan", "Örebro", "Malmö", "Borlänge"}


def test_municipality_page_shows_county_timeline_funding_quotes_and_sources(client):
    response = client.get(reverse("municipalities:detail", args=["trollhattan"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Trollhättan</h1>" in page
    assert "Västra Götalands län" in page
    assert "Samverkan för bästa skola i Trollhättan" in page
    assert "Kronans skola" in page  # schools
    assert "Karin Falck" in page  # actors and roles
    assert "800\xa0000\xa0kr" in page  # funding in Swedish money format
    assert "Ni i Trollhättan ska vara stolta" in page  # quotes
    assert "Överenskommelse om stöd till Trollhättan" in page  # sources
    assert reverse("articles:detail", args=["overenskommelse-om-stod-till-trollhattan"]) in page


def test_borlange_page_shows_the_grant_total_and_per_year(client):
    page = client.get(reverse("municipalities:detail", args=["borlange"])).content.decode()
    assert "8\xa0800\xa0000\xa0kr" in page
    assert "Tillväxtverket" in page
    assert "<svg" in page  # funding per year chart, with a table beside it
    assert '<th scope="row">2018</th>' in page


def test_a_municipality_without_records_gets_a_helpful_empty_state(client):
    response = client.get(reverse("municipalities:detail", args=["kiruna"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Norrbottens län" in page
    assert "?county=25" in page  # points to initiatives nearby


def test_the_scb_code_redirects_permanently_to_the_slug(client):
    response = client.get("/municipalities/1488/")
    assert response.status_code == 301
    assert response["Location"] == "/municipalities/trollhattan/"


def test_unknown_slugs_and_codes_are_404(client):
    assert client.get("/municipalities/atlantis/").status_code == 404
    assert client.get("/municipalities/9999/").status_code == 404


def test_drafts_stay_off_the_public_page(client):
    Initiative.objects.filter(slug="samverkan-for-basta-skola-trollhattan").update(
        publication_state=PublicationState.DRAFT
    )
    page = client.get(reverse("municipalities:detail", args=["trollhattan"])).content.decode()
    assert "Samverkan för bästa skola i Trollhättan" not in page


def test_municipality_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    url = reverse("municipalities:detail", args=["trollhattan"])
    with django_assert_max_num_queries(16):
        client.get(url)
    make_many_initiatives(30)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.context["initiative_count"] == 35


def test_english_version_lives_under_en(client):
    response = client.get("/en/municipalities/trollhattan/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
