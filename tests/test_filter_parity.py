"""One FilterSet, three readers: for the same query string the browser page, the CSV and
JSON exports and the JSON API select the same initiatives, in the same order, and refuse
the same invalid values."""

import csv
import io
import json

import pytest
from django.urls import reverse

from municipalities.models import Municipality

from .factories import make_actor, make_funding, make_initiative, make_participation

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "type=school-closure",
    "type=school-closure&type=tillvaxtverket-grant",
    "year=2018",
    "year_from=2015&year_to=2019",
    "year_to=2016&order=oldest",
    "municipality=trollhattan",
    "county=14&has_funding=true",
    "county=20&order=title",
    "actor=skolverket",
    "actor=Skolverkets",
    "funder=skolverket&order=funding",
    "has_funding=false",
    "q=skola",
    "q=Borlänge",
    "order=funding",
    # What a submitted form sends: every box, filled or not.
    "type=&year=&year_from=2017&year_to=&municipality=&q=&order=newest",
]
INVALID = [
    "year_from=2020&year_to=2010",
    "municipality=atlantis",
    "county=99",
    "actor=Ingen+alls",
    "type=no-such-type&year=99999",
]


@pytest.fixture
def more_initiatives(db):
    """A few more initiatives, so orderings and filters have something to tell apart."""
    funder = make_actor(name="Parfinansiär", slug="parfinansiar")
    trollhattan = Municipality.objects.get(slug="trollhattan")
    for year, title in [(2016, "Bättre skola"), (2016, "Annan skola"), (None, "Odaterad")]:
        initiative = make_initiative(title=title, start_year=year, municipalities=[trollhattan])
        make_participation(initiative=initiative, actor=funder, role="funder")
        make_funding(initiative=initiative, funder=funder, recipient_municipality=trollhattan)


def browser_slugs(client, query):
    response = client.get(f"{reverse('initiatives:list')}?{query}&page_size=100", follow=True)
    assert response.status_code == 200
    assert response.context["paginator"].count < 100
    return [initiative.slug for initiative in response.context["page_obj"].object_list]


def csv_slugs(client, query):
    response = client.get(f"{reverse('initiatives:export-csv')}?{query}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    return [row["slug"] for row in csv.DictReader(io.StringIO(text))]


def json_slugs(client, query):
    response = client.get(f"{reverse('initiatives:export-json')}?{query}")
    assert response.status_code == 200
    return [row["slug"] for row in json.loads(b"".join(response.streaming_content))]


def api_slugs(client, query):
    """Every page of the API's answer, following `next`."""
    slugs, url = [], f"{reverse('api:initiative-list')}?{query}&page_size=4"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        slugs += [initiative["slug"] for initiative in page["results"]]
        url = page["next"]
    return slugs


@pytest.mark.parametrize("query", QUERIES)
def test_browser_exports_and_api_select_the_same_initiatives(client, more_initiatives, query):
    expected = browser_slugs(client, query)
    assert csv_slugs(client, query) == expected
    assert json_slugs(client, query) == expected
    assert api_slugs(client, query) == expected


def test_the_queries_tell_initiatives_apart(client, more_initiatives):
    """The parity above means something only if the queries select different rows."""
    selections = {tuple(browser_slugs(client, query)) for query in QUERIES}
    assert len(selections) >= len(QUERIES) - 4
    assert all(selection for selection in selections)


@pytest.mark.parametrize("query", INVALID)
def test_browser_exports_and_api_refuse_the_same_values_with_the_same_messages(client, query):
    browser = client.get(f"{reverse('initiatives:list')}?{query}")
    assert browser.status_code == 400
    expected = [(error["field"], str(error["message"])) for error in browser.context["errors"]]
    api = client.get(f"{reverse('api:initiative-list')}?{query}")
    assert api.status_code == 400
    assert [(e["field"], e["message"]) for e in api.json()["errors"]] == expected
    for export in ("initiatives:export-csv", "initiatives:export-json"):
        response = client.get(f"{reverse(export)}?{query}")
        assert response.status_code == 400
        lines = response.content.decode().splitlines()[2:]
        assert lines == [f"{e['label']}: {e['message']}" for e in api.json()["errors"]]
