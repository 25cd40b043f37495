"""Exports hold exactly the rows the browser shows, streamed, in UTF-8, safe in spreadsheets."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from core.publishing import PublicationState
from municipalities.models import Municipality

from .factories import make_funding, make_initiative, make_many_initiatives

pytestmark = pytest.mark.django_db

QUERIES = [
    {},
    {"type": "school-closure"},
    {"county": "14", "has_funding": "true"},
    {"year_from": "2017", "order": "title"},
    {"funder": "skolverket"},
    {"q": "Borlänge"},
]


def csv_rows(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def json_rows(response):
    assert response.streaming
    return json.loads(b"".join(response.streaming_content).decode("utf-8"))


def browser_slugs(client, params):
    response = client.get(reverse("initiatives:list"), {**params, "page_size": 100})
    return [i.slug for i in response.context["page_obj"].object_list]


@pytest.mark.parametrize("params", QUERIES)
def test_exports_return_exactly_the_browser_rows_in_order(client, params):
    expected = browser_slugs(client, params)
    from_csv = [
        row["slug"] for row in csv_rows(client.get(reverse("initiatives:export-csv"), params))
    ]
    from_json = [
        row["slug"] for row in json_rows(client.get(reverse("initiatives:export-json"), params))
    ]
    assert from_csv == expected
    assert from_json == expected


def test_a_csv_row_has_everything_a_researcher_needs(client):
    rows = csv_rows(client.get(reverse("initiatives:export-csv"), {"municipality": "borlange"}))
    grant = next(r for r in rows if r["slug"] == "borlange-mot-segregation-tillvaxtverket")
    assert grant["type"] == "tillvaxtverket-grant"
    assert grant["start_year"] == "2018" and grant["end_year"] == ""
    assert grant["municipality_codes"] == "2081"
    assert grant["municipality_names"] == "Borlänge"
    assert grant["county_names"] == "Dalarnas län"
    assert "Tillväxtverket (funder)" in grant["actors_with_roles"]
    assert grant["total_funding_sek"] == "8800000"
    assert "/articles/skolan-ar-en-angelagenhet-for-hela-borlange/" in grant["source_urls"]


def test_amounts_with_ore_are_summed_exactly(client):
    """4 113.19 + 2 150.49 + 1 493.32 kr is 7 757 kr; summed as floats (in any order) it
    comes to 7 756.999…, which would be written 7756."""
    borlange = Municipality.objects.get(slug="borlange")
    initiative = make_initiative(title="Öresbelopp", municipalities=[borlange])
    for amount in ["4113.19", "2150.49", "1493.32"]:
        make_funding(
            initiative=initiative, recipient_municipality=borlange, amount_sek=Decimal(amount)
        )
    query = {"q": "Öresbelopp"}
    (row,) = csv_rows(client.get(reverse("initiatives:export-csv"), query))
    assert row["total_funding_sek"] == "7757"
    (item,) = json_rows(client.get(reverse("initiatives:export-json"), query))
    assert item["total_funding_sek"] == 7757


def test_json_keeps_lists_and_numbers(client):
    rows = json_rows(
        client.get(reverse("initiatives:export-json"), {"type": "skolverket-support-agreement"})
    )
    assert rows[0]["municipality_codes"] == ["1488"]
    assert rows[0]["total_funding_sek"] == 800000
    funder = next(r for r in rows[0]["actors_with_roles"] if r["role"] == "funder")
    assert (funder["slug"], funder["basis"]) == ("skolverket", "stated")
    assert funder["evidence"].startswith("Totalt bidrar Skolverket i ett första skede med drygt")
    assert rows[0]["amount_is_lower_bound"] is True  # "drygt 800 000 kronor"


def test_csv_cells_that_look_like_formulas_are_neutralised(client):
    make_initiative(title='=HYPERLINK("http://evil")', slug="formel")
    make_initiative(title="@SUM(1)", slug="formel-2")
    rows = {r["slug"]: r for r in csv_rows(client.get(reverse("initiatives:export-csv")))}
    assert rows["formel"]["title"].startswith("'=")
    assert rows["formel-2"]["title"].startswith("'@")


def test_exports_never_include_drafts(admin_client):
    make_initiative(title="Hemligt utkast", slug="utkast", publication_state=PublicationState.DRAFT)
    slugs = [r["slug"] for r in csv_rows(admin_client.get(reverse("initiatives:export-csv")))]
    assert "utkast" not in slugs


def test_an_invalid_filter_answers_400_in_plain_text(client):
    response = client.get(reverse("initiatives:export-csv"), {"year": "abc"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Pågående år: Fyll i ett heltal." in response.content.decode()


@pytest.mark.parametrize("export", ["initiatives:export-csv", "initiatives:export-json"])
def test_an_invalid_export_says_what_the_browser_says_by_the_fields_label(client, export):
    params = {"year_from": "2019", "year_to": "2018", "actor": "nobody"}
    with translation.override("en"):
        browser = client.get(reverse("initiatives:list"), params)
        response = client.get(reverse(export), params)
        browser_lines = browser.context["filter"].error_lines()
    assert response.status_code == browser.status_code == 400
    text = response.content.decode()
    assert "To year: It cannot be before “From year”." in text
    assert "Actor: No actor is called “nobody”." in text
    assert "year_to" not in text
    # The same lines as the browser's summary.
    assert len(browser_lines) == 2
    for line in browser_lines:
        assert line in text


def test_an_actor_given_by_name_exports_the_rows_the_browser_lists(client):
    params = {"actor": "Karin Falck"}
    expected = browser_slugs(client, params)
    assert expected == ["skr-natverksbesok-trollhattan"]
    rows = csv_rows(client.get(reverse("initiatives:export-csv"), params))
    assert [row["slug"] for row in rows] == expected


def test_csv_is_utf8_with_swedish_letters(client):
    response = client.get(reverse("initiatives:export-csv"), {"municipality": "orebro"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "Örebro" in b"".join(response.streaming_content).decode("utf-8")


def test_export_query_count_does_not_grow(client, django_assert_max_num_queries):
    make_many_initiatives(60)
    # The rows and the 290 municipalities, then per chunk: places, roles, payments, claims,
    # parents, citations, the articles, whether their publishers and authors are public,
    # and the actors the rows show (front.exports.Lookups).
    with django_assert_max_num_queries(11):
        rows = csv_rows(client.get(reverse("initiatives:export-csv")))
    assert len(rows) == 71


@pytest.mark.parametrize("query", ["type=", "type=&year=&q=+", "year=+&order="])
def test_empty_boxes_filter_nothing_in_exports_as_in_the_browser(client, query):
    """A submitted form sends every box; the browser redirects to the address without the
    empty ones, and an export of the same query string holds the same rows."""
    everything = json_rows(client.get(reverse("initiatives:export-json")))
    response = client.get(f"{reverse('initiatives:export-json')}?{query}")
    assert response.status_code == 200
    assert [row["slug"] for row in json_rows(response)] == [row["slug"] for row in everything]


@pytest.mark.parametrize("export", ["initiatives:export-csv", "initiatives:export-json"])
def test_an_export_in_many_chunks_and_pieces_is_the_same_file(client, monkeypatch, export):
    make_many_initiatives(5)
    whole = b"".join(client.get(reverse(export), {"type": "school-closure"}).streaming_content)
    monkeypatch.setattr("front.exports.CHUNK_SIZE", 2)
    monkeypatch.setattr("front.exports.LINES_PER_PIECE", 3)
    response = client.get(reverse(export), {"type": "school-closure"})
    assert b"".join(response.streaming_content) == whole
