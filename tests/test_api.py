"""The read-only JSON API (/api/v1/): every endpoint, published data only, hyperlinks,
pagination, problem+json errors, caching with ETag, CORS and throttling."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.publishing import PublicationState
from initiatives.models import Initiative
from municipalities.models import Municipality

from .factories import (
    make_actor,
    make_article,
    make_claim,
    make_funding,
    make_initiative,
    make_many_initiatives,
    make_participation,
    make_quote,
    make_school,
    make_school_link,
)

pytestmark = pytest.mark.django_db

SEED_INITIATIVE = "skolverket-stod-trollhattan-efter-dadet-pa-kronan"
SEED_ARTICLE = "overenskommelse-om-stod-till-trollhattan"
DRAFT = PublicationState.DRAFT
LISTS = [
    "api:initiative-list",
    "api:municipality-list",
    "api:county-list",
    "api:actor-list",
    "api:article-list",
    "api:type-list",
]
DETAILS = [
    ("api:initiative-detail", SEED_INITIATIVE),
    ("api:municipality-detail", "trollhattan"),
    ("api:county-detail", "14"),
    ("api:actor-detail", "skolverket"),
    ("api:article-detail", SEED_ARTICLE),
    ("api:type-detail", "school-closure"),
]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    return response.json()


def every_url_in(value):
    """Every absolute address in a JSON value, however deeply nested."""
    if isinstance(value, dict):
        for item in value.values():
            yield from every_url_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from every_url_in(item)
    elif isinstance(value, str) and value.startswith("http://testserver/"):
        yield value


# Every endpoint answers, with hyperlinks that lead somewhere.


@pytest.mark.parametrize("name", LISTS)
def test_every_list_is_paginated_json_with_links_that_resolve(client, name):
    page = get_json(client, reverse(name))
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] > 0 and page["results"]
    first = page["results"][0]
    # The record's own address answers, with the same record.
    detail = client.get(first["url"])
    assert detail.status_code == 200
    assert detail.json()["url"] == first["url"]
    assert client.get(first["html_url"]).status_code == 200


@pytest.mark.parametrize(("name", "key"), DETAILS)
def test_every_detail_links_only_to_addresses_that_answer(client, name, key):
    record = get_json(client, reverse(name, args=[key]))
    links = set(every_url_in(record))
    assert links
    for url in links:
        assert client.get(url).status_code == 200, url


def test_an_initiative_carries_its_facts_with_their_evidence(client):
    record = get_json(client, reverse("api:initiative-detail", args=[SEED_INITIATIVE]))
    assert record["type"]["slug"] == "skolverket-support-agreement"
    assert record["municipalities"][0]["code"] == "1488"
    assert record["part_of"].endswith("/api/v1/initiatives/samverkan-for-basta-skola-trollhattan/")
    assert record["status"] == "ongoing"
    assert record["status_evidence"]["passage"]
    assert record["status_evidence"]["source"].endswith(f"/api/v1/articles/{SEED_ARTICLE}/")
    assert {school["school"]["slug"] for school in record["schools"]} == {"kronans-skola"}
    funder = next(p for p in record["participations"] if p["role"] == "funder")
    assert funder["actor"]["slug"] == "skolverket"
    assert (
        funder["passage"] == "Totalt bidrar Skolverket i ett första skede med drygt 800 000 kronor"
    )
    assert funder["basis"] == "stated"
    assert record["funding"][0]["amount_sek"] == 800000
    assert record["funding"][0]["is_lower_bound"] is True
    assert record["total_funding_sek"] == 800000 and record["funding_is_lower_bound"] is True
    assert [source["slug"] for source in record["sources"]] == [SEED_ARTICLE]


def test_an_initiative_lists_its_public_parts(client):
    parent = get_json(
        client, reverse("api:initiative-detail", args=["samverkan-for-basta-skola-trollhattan"])
    )
    assert SEED_INITIATIVE in [part["slug"] for part in parent["parts"]]


def test_an_initiative_lists_its_quotes(client):
    initiative = Initiative.objects.get(slug=SEED_INITIATIVE)
    article = make_article(body="Rektorn säger: Vi gör det tillsammans.")
    quote = make_quote(initiative, article=article, speaker=make_actor(), text="Vi gör det")
    record = get_json(client, reverse("api:initiative-detail", args=[SEED_INITIATIVE]))
    [shown] = [q for q in record["quotes"] if q["quote"]["uid"] == str(quote.uid)]
    assert shown["quote"]["text"] == "Vi gör det"
    assert shown["quote"]["article"].endswith(f"/api/v1/articles/{article.slug}/")
    assert shown["basis"] == "stated"


def test_an_article_gives_metadata_and_cited_passages_never_the_full_text(client):
    article = make_article(body="Början. Hela texten har en mening som ingen fakta citerar.")
    initiative = make_initiative(sources=[article])
    make_participation(initiative=initiative, actor=make_actor(), source=article, passage="Början.")
    response = client.get(reverse("api:article-detail", args=[article.slug]))
    record = response.json()
    assert "ingen fakta citerar" not in response.content.decode()
    assert "body" not in record
    [cited] = record["cited_passages"]
    assert cited["fact"] == "participation" and cited["passage"] == "Början."
    assert cited["initiative"].endswith(f"/api/v1/initiatives/{initiative.slug}/")
    assert [i["slug"] for i in record["initiatives"]] == [initiative.slug]


def test_municipalities_carry_counts_and_funding_totals(client):
    page = get_json(client, reverse("api:municipality-list"), page_size=100, county="14")
    trollhattan = next(m for m in page["results"] if m["slug"] == "trollhattan")
    assert page["count"] == Municipality.objects.filter(county__code="14").count()
    assert (
        trollhattan["initiative_count"]
        == Initiative.objects.published().filter(municipalities__slug="trollhattan").count()
    )
    assert trollhattan["funding_received_sek"] == 800000
    assert trollhattan["funding_is_lower_bound"] is True
    listed = get_json(client, trollhattan["initiatives"])
    assert listed["count"] == trollhattan["initiative_count"]


def test_counties_are_identified_by_code(client):
    county = get_json(client, reverse("api:county-detail", args=["14"]))
    assert county["code"] == "14" and county["initiative_count"] >= 1
    assert "trollhattan" in [m["slug"] for m in county["municipalities"]]
    page = get_json(client, reverse("api:county-list"))
    assert page["count"] == 21


def test_types_count_published_initiatives_and_link_to_them(client):
    kind = get_json(client, reverse("api:type-detail", args=["school-closure"]))
    make_initiative(publication_state=DRAFT)  # a school closure nobody may see yet
    cache.clear()
    again = get_json(client, reverse("api:type-detail", args=["school-closure"]))
    assert again["initiative_count"] == kind["initiative_count"]
    assert get_json(client, kind["initiatives"])["count"] == kind["initiative_count"]


def test_actors_filter_by_kind(client):
    page = get_json(client, reverse("api:actor-list"), kind="person", page_size=100)
    assert page["results"] and {a["kind"] for a in page["results"]} == {"person"}
    problem = get_json(client, reverse("api:actor-list"), status=400, kind="alien")
    assert problem["errors"][0]["field"] == "kind"


# Only published data, nested lists too.


def test_a_draft_never_appears_not_even_nested(client):
    trollhattan = Municipality.objects.get(code="1488")
    published = Initiative.objects.get(slug=SEED_INITIATIVE)
    draft_article = make_article(title="Utkastartikel", slug="utkast", publication_state=DRAFT)
    draft_actor = make_actor(name="Utkastaktör", slug="utkastaktor", publication_state=DRAFT)
    draft = make_initiative(
        title="Utkastinsats",
        slug="utkastinsats",
        municipalities=[trollhattan],
        publication_state=DRAFT,
    )
    make_participation(initiative=published, actor=draft_actor, role="partner")
    make_participation(initiative=published, actor=make_actor(), source=draft_article)
    make_funding(
        initiative=published,
        funder=draft_actor,
        recipient_municipality=trollhattan,
        amount_sek=Decimal("5"),
    )
    make_school_link(initiative=published, school=make_school(publication_state=DRAFT))
    make_claim(initiative=published, aspect="years", source=draft_article)
    published.sources.add(draft_article)
    make_initiative(title="Delinsats", slug="delinsats", part_of=published, publication_state=DRAFT)
    child = make_initiative(slug="barn-till-utkast", part_of=draft)

    urls = [reverse(name) + "?page_size=100" for name in LISTS]
    urls += [reverse(name, args=[key]) for name, key in DETAILS]
    urls += [reverse("api:initiative-detail", args=[child.slug])]
    for url in urls:
        text = client.get(url).content.decode()
        for hidden in ("utkast", "Utkast", "delinsats", "Delinsats"):
            assert hidden not in text.replace("barn-till-utkast", ""), url
    assert get_json(client, reverse("api:initiative-detail", args=[child.slug]))["part_of"] is None
    for name, key in [
        ("api:initiative-detail", "utkastinsats"),
        ("api:actor-detail", "utkastaktor"),
        ("api:article-detail", "utkast"),
    ]:
        response = client.get(reverse(name, args=[key]))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_a_logged_in_editor_sees_only_published_data_too(editor_client):
    make_initiative(title="Utkastinsats", slug="utkastinsats", publication_state=DRAFT)
    text = editor_client.get(reverse("api:initiative-list"), {"page_size": 100}).content
    assert b"utkastinsats" not in text
    assert (
        editor_client.get(reverse("api:initiative-detail", args=["utkastinsats"])).status_code
        == 404
    )


# Pagination.


def test_pages_link_to_the_next_and_previous_page(client):
    make_many_initiatives(5)
    first = get_json(client, reverse("api:initiative-list"), page_size=2)
    assert first["previous"] is None and "page=2" in first["next"]
    second = get_json(client, first["next"])
    assert second["previous"] and second["results"][0]["slug"] != first["results"][0]["slug"]
    assert get_json(client, second["previous"])["results"] == first["results"]


def test_a_page_holds_at_most_the_maximum_page_size(client, settings):
    make_many_initiatives(settings.API_MAX_PAGE_SIZE + 5)
    page = get_json(client, reverse("api:initiative-list"), page_size=10_000)
    assert len(page["results"]) == settings.API_MAX_PAGE_SIZE


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        data = get_json(client, url, **params)
    return data["count"], sum("COUNT(" in query["sql"] for query in queries.captured_queries)


def test_a_selections_count_is_counted_once_per_content_change(client):
    make_many_initiatives(3)
    url = reverse("api:initiative-list")
    selection = {"municipality": "trollhattan", "page_size": 2}
    count, counted = count_queries(client, url, selection)
    assert count == Initiative.objects.published().filter(municipalities__code="1488").count()
    assert counted == 1

    # The same selection, another page or order: the kept count, no COUNT.
    assert count_queries(client, url, selection) == (count, 0)
    assert count_queries(client, url, {**selection, "page": 2, "order": "title"}) == (count, 0)
    # Another selection has a count of its own.
    assert count_queries(client, url, {"municipality": "borlange"})[1] == 1
    # A change is counted at once.
    make_initiative(municipalities=[Municipality.objects.get(code="1488")])
    assert count_queries(client, url, selection) == (count + 1, 1)


def test_a_page_past_the_end_is_a_404_problem(client):
    response = client.get(reverse("api:initiative-list"), {"page": 999})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


# Errors: problem+json with the browser's messages.


@pytest.mark.parametrize(
    "query",
    [
        "year_from=2020&year_to=2010",
        "municipality=atlantis",
        "type=no-such-type",
        "year=12",
        "actor=Ingen+alls",
        "order=random",
    ],
)
def test_invalid_filters_answer_400_with_the_browsers_messages(client, query):
    response = client.get(f"{reverse('api:initiative-list')}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "about:blank" and problem["status"] == 400
    assert problem["title"] == "Bad Request"
    browser = client.get(f"{reverse('initiatives:list')}?{query}")
    assert browser.status_code == 400
    assert [(e["field"], e["message"]) for e in problem["errors"]] == [
        (e["field"], str(e["message"])) for e in browser.context["errors"]
    ]
    export = client.get(f"{reverse('initiatives:export-csv')}?{query}")
    lines = export.content.decode().splitlines()
    assert lines[0] == problem["detail"]
    assert lines[2:] == [f"{e['label']}: {e['message']}" for e in problem["errors"]]


def test_the_messages_follow_the_language_asked_for(client):
    url = f"{reverse('api:initiative-list')}?year_from=2020&year_to=2010"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["errors"] == [
        {"field": "year_to", "label": "To year", "message": "It cannot be before “From year”."}
    ]


def test_an_unknown_slug_is_a_404_problem(client):
    for name in ("api:initiative-detail", "api:municipality-detail", "api:county-detail"):
        response = client.get(reverse(name, args=["no-such-thing"]))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["title"] == "Not Found"


def test_an_unknown_address_is_a_404_problem_and_a_missing_slash_is_added(client):
    response = client.get("/api/v1/no-such-list/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "/api/v1/docs/" in response.json()["detail"]
    response = client.get("/api/v1/initiatives?type=school-closure")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/initiatives/?type=school-closure"


def test_the_api_only_reads(client):
    response = client.post(reverse("api:initiative-list"), {"title": "Ny"})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


# Caching, conditional GET and CORS.


def test_answers_carry_an_etag_and_revalidate_with_304(client):
    url = reverse("api:initiative-list") + "?type=school-closure"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"


def test_a_content_change_is_seen_at_once(client, django_assert_num_queries):
    url = reverse("api:initiative-detail", args=[SEED_INITIATIVE])
    first = client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content  # stored
    initiative = Initiative.objects.get(slug=SEED_INITIATIVE)
    initiative.title = "Ny rubrik"
    initiative.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["title"] == "Ny rubrik"


def test_any_origin_may_read_without_credentials(client):
    response = client.get(reverse("api:type-list"), HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    problem = client.get(reverse("api:initiative-list") + "?year=1")
    assert problem["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        reverse("api:type-list"),
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get(reverse("initiatives:list"))


# Throttling.


def test_too_many_requests_answer_429_with_retry_after(client, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    url = reverse("api:initiative-list")
    # Different pages, so none is answered from the page cache.
    statuses = [client.get(url, {"page_size": size}).status_code for size in range(1, 6)]
    assert statuses == [200, 200, 200, 429, 429]
    response = client.get(url, {"page_size": 9})
    assert response["Content-Type"] == "application/problem+json"
    assert 0 < int(response["Retry-After"]) <= 60
    assert response["Access-Control-Allow-Origin"] == "*"
    # Another address has its own allowance.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.get(url, {"page_size": 20}).status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    url = reverse("api:initiative-list")
    statuses = [
        client.get(url, {"page_size": n}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(1, 4)
    ]
    assert statuses == [200, 200, 429]


# Query counts: constant in the size of the data.


@pytest.mark.parametrize("name", LISTS)
def test_lists_take_a_fixed_number_of_queries(client, name, django_assert_max_num_queries):
    # A count and the rows; initiatives also fetch their municipalities and public parents;
    # municipalities and counties count their totals once per content change (four GROUP
    # BY queries, initiatives.totals), which each block here pays since the data changed.
    limit = {"api:initiative-list": 4, "api:municipality-list": 6, "api:county-list": 6}.get(
        name, 2
    )
    make_many_initiatives(30)
    with django_assert_max_num_queries(limit):
        client.get(reverse(name), {"page_size": 100})
    make_many_initiatives(60)
    cache.clear()
    with django_assert_max_num_queries(limit):
        client.get(reverse(name), {"page_size": 100})


def busy_records():
    """Records with many facts each, for the detail pages."""
    make_many_initiatives(20)
    initiative = Initiative.objects.get(slug=SEED_INITIATIVE)
    article = Initiative.objects.get(slug=SEED_INITIATIVE).sources.get()
    for _ in range(10):
        actor = make_actor()
        make_participation(
            initiative=initiative,
            actor=actor,
            source=article,
            passage="Skolverket och Trollhättans kommun har slutit",
        )
        make_funding(
            initiative=initiative,
            funder=actor,
            recipient_municipality_id=(Municipality.objects.get(code="1488").pk),
            source=article,
            passage="Skolverket och Trollhättans kommun har slutit",
        )
        make_initiative(part_of=initiative, municipalities=[])


@pytest.mark.parametrize(("name", "key"), DETAILS)
def test_details_take_a_fixed_number_of_queries(client, name, key, django_assert_max_num_queries):
    limits = {
        "api:initiative-detail": 12,  # the record and one query per kind of fact
        "api:article-detail": 8,  # the article and one query per kind of cited passage
        # and its schools, and the totals once per content change (initiatives.totals)
        "api:municipality-detail": 6,
        # and its municipalities, and the totals likewise
        "api:county-detail": 6,
    }
    limit = limits.get(name, 1)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(name, args=[key])).status_code == 200
    busy_records()
    cache.clear()
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(name, args=[key])).status_code == 200


# The schema and its documentation.


def test_the_schema_is_openapi_3_in_english(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT_LANGUAGE="sv")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert response["ETag"]  # stored like a page: generated once per content change
    assert "/api/v1/initiatives/" in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/v1/initiatives/"]["get"]["parameters"]}
    assert {"type", "year", "year_from", "year_to", "municipality", "county", "actor"} <= names
    assert {"funder", "has_funding", "q", "order", "page", "page_size"} <= names
    kind = next(
        p for p in schema["paths"]["/api/v1/actors/"]["get"]["parameters"] if p["name"] == "kind"
    )
    assert "National agency" in kind["description"]


def test_the_docs_page_is_served_from_our_own_static_files(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<script>" not in page and "<style" not in page  # nothing inline: the CSP stays
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get(reverse("api:docs") + "?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in script.content.decode()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        static = client.get(f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}")
        assert static.status_code == 200


def test_a_nul_in_the_address_is_a_400_problem(client):
    response = client.get(reverse("api:initiative-list") + "?q=a%00b")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert client.get(reverse("initiatives:list") + "?q=a%00b").status_code == 400
