"""Researchers filter initiatives; every view is a shareable URL and bad input gets a message."""

import re
from urllib.parse import parse_qsl

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse

from actors.models import Actor
from articles.models import Article
from core.caching import bump_generation
from core.collation import sort_key
from core.publishing import PublicationState
from curation.scale_data import Sizes, build_scale_data
from initiatives import filters, suggestions
from initiatives.filters import InitiativeFilter
from initiatives.models import Funding, Initiative, InitiativeType, Participation
from initiatives.suggestions import busiest_names
from municipalities.models import Municipality

from .factories import (
    make_actor,
    make_article,
    make_funding,
    make_initiative,
    make_many_initiatives,
    make_participation,
)

pytestmark = pytest.mark.django_db
URL = reverse("initiatives:list")


def slugs(response):
    return {i.slug for i in response.context["page_obj"].object_list}


def test_it_lists_published_initiatives_newest_first(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["result_count"] == 11
    first = response.context["page_obj"].object_list[0]
    assert first.slug == "borlange-mot-segregation-tillvaxtverket"  # 2018, the newest year


def test_the_chosen_place_is_selected_in_the_form(client):
    html = client.get(reverse("initiatives:list"), {"municipality": "borlange", "county": "20"})
    html = html.content.decode()
    selected = re.findall(r'<option value="([^"]*)"\s*selected>', html)
    assert "borlange" in selected and "20" in selected
    assert "trollhattan" not in selected
    assert html.count('<option value="') > 290  # every municipality is offered


@pytest.mark.parametrize(
    "value", ["finns-inte", 'ale">Ale</option><option value="alingsas', "<script>alert(1)</script>"]
)
def test_an_unknown_place_selects_nothing_and_is_not_echoed_as_markup(client, value):
    response = client.get(reverse("initiatives:list"), {"municipality": value})
    assert response.status_code == 400  # the form says the value is not one of the choices
    html = response.content.decode()
    select = html[
        html.index('<select name="municipality"') : html.index(
            "</select>", html.index('<select name="municipality"')
        )
    ]
    assert re.findall(r"\bselected\b", select) == []
    assert select.count("<option") == 291  # "All municipalities" and the 290
    assert "<script>alert(1)" not in html


def test_it_filters_by_one_or_more_types(client):
    response = client.get(URL, {"type": "school-closure"})
    assert slugs(response) == {
        "trollhattan-avveckling-av-skolor",
        "orebro-stangning-av-vivallaskolans-hogstadium",
    }
    both = client.get(URL, {"type": ["school-closure", "tillvaxtverket-grant"]})
    assert len(slugs(both)) == 3


def test_it_filters_by_active_year_and_year_range(client):
    assert slugs(client.get(URL, {"year": 2017})) == {
        "borlange-kartlaggning-social-hallbarhet",
        "trollhattan-utvecklingsdag-folkets-hus",
    }
    assert slugs(client.get(URL, {"year": 2020})) == {"borlange-mot-segregation-tillvaxtverket"}
    assert len(slugs(client.get(URL, {"year_from": 2016, "year_to": 2018}))) == 3


def test_it_filters_by_municipality_county_actor_and_funder(client):
    assert len(slugs(client.get(URL, {"municipality": "trollhattan"}))) == 5
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
    assert counties["14"] == 5 and counties["18"] == 2  # county facet ignores its own filter
    assert "(5)" in response.content.decode()


def counted_facets(monkeypatch):
    """{facet: times counted}, counting each time the browser counts a facet."""
    counted = {"type": 0, "county": 0, "actor": 0, "funder": 0}

    def counting(name, method):
        original = getattr(InitiativeFilter, method)

        def count(self, *args, **kwargs):
            counted[args[0] if name is None else name] += 1
            return original(self, *args, **kwargs)

        monkeypatch.setattr(InitiativeFilter, method, count)

    counting("type", "type_counts")
    counting("county", "county_facets")
    counting(None, "actor_suggestions")
    return counted


def test_a_facet_is_counted_once_for_the_selections_that_differ_only_in_its_own_box(
    client, monkeypatch
):
    counted = counted_facets(monkeypatch)
    first = client.get(URL, {"county": "14"})
    first_facets = first.context["type_facets"]
    assert counted == {"type": 1, "county": 1, "actor": 1, "funder": 1}
    # Another county: the county box counts what the other filters select (none), as before.
    second = client.get(URL, {"county": "20", "order": "title"})
    assert counted == {"type": 2, "county": 1, "actor": 2, "funder": 2}
    assert second.context["county_facets"] == first.context["county_facets"]
    counties = {county.code: n for county, n in second.context["county_facets"]}
    assert counties["14"] == 5 and counties["20"] == 2
    # The type box's counts are kept; which types are ticked is the request's own.
    closures = client.get(URL, {"county": "14", "type": "school-closure"})
    studies = client.get(URL, {"type": ["research-study", "school-closure"], "county": "14"})
    # Each of them counted the type box once only, and its own county box (over its types).
    assert counted == {"type": 2, "county": 3, "actor": 4, "funder": 4}
    ticked = {kind.slug for kind, _n, selected in studies.context["type_facets"] if selected}
    assert ticked == {"research-study", "school-closure"}
    ticked = {kind.slug for kind, _n, selected in closures.context["type_facets"] if selected}
    assert ticked == {"school-closure"}
    assert [n for _k, n, _s in closures.context["type_facets"]] == [
        n for _k, n, _s in first.context["type_facets"]
    ]
    # Kept once for both languages, each showing its own names in its own order.
    english = client.get("/en" + URL, {"county": "14"}).context["type_facets"]
    assert counted["type"] == 2
    names = [kind.name_en for kind, _n, _s in english]
    assert names == sorted(names, key=sort_key) != [k.name_en for k, _n, _s in first_facets]
    # Another filter changes what every box counts.
    client.get(URL, {"county": "14", "year": "2015"})
    assert counted == {"type": 3, "county": 4, "actor": 5, "funder": 5}


def test_a_facet_kept_for_staff_is_not_shown_to_visitors(client, editor_client, monkeypatch):
    # A draft in Dalarnas län: staff's county box counts it, a visitor's never does.
    borlange = Municipality.objects.get(slug="borlange")
    make_initiative([borlange], publication_state=PublicationState.DRAFT)
    facets = editor_client.get(URL, {"county": "14"}).context["county_facets"]
    staff = {county.code: n for county, n in facets}
    editor_client.logout()
    facets = client.get(URL, {"county": "13"}).context["county_facets"]
    public = {county.code: n for county, n in facets}
    assert staff["20"] == public["20"] + 1


def test_the_facets_basis_is_the_other_filters_in_any_order():
    def basis(query, excluded):
        filterset = InitiativeFilter(QueryDict(query), queryset=Initiative.objects.all())
        filterset.is_valid()
        return filterset.basis_key(excluded)

    assert basis("year=2015&county=14&order=title", "type") == "county=14&year=2015"
    assert basis("county=14&year=2015", "type") == basis("year=2015&county=14", "type")
    assert basis("county=14&year=2015", "county") == "year=2015"
    assert basis("type=school-closure&type=research-study", "county") == basis(
        "type=research-study&type=school-closure", "county"
    )
    assert basis("type=school-closure&type=research-study", "type") == ""
    # An invalid value selects nothing, as in the facets themselves.
    assert basis("county=14&year=abc", "type") == "county=14"


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
    assert response.context["page_obj"].paginator.num_pages == 5
    beyond = client.get(URL, {"page_size": 10, "page": 999})
    assert beyond.status_code == 200
    assert beyond.context["page_obj"].number == 5  # the last page
    odd = client.get(URL, {"page_size": 7})
    assert len(odd.context["page_obj"].object_list) == 25  # unsupported size: the default
    assert "page_size=10" in response.content.decode()  # pagination keeps the query


def test_drafts_are_hidden_from_visitors_and_shown_to_staff(client, admin_client):
    make_initiative(title="Utkast om skolval", publication_state=PublicationState.DRAFT)
    assert "Utkast om skolval" not in client.get(URL).content.decode()
    assert "Utkast om skolval" in admin_client.get(URL).content.decode()


def test_browser_query_count_does_not_grow(client, django_assert_max_num_queries):
    params = {"type": "school-closure", "county": "14", "order": "funding"}
    # Seven of them are the actor and funder suggestions, the first after a change: the
    # selection's ids, and the public pairs kept per content change: each box's rows, and
    # which of their initiatives, actors and articles are public (and of the articles'
    # publishers and authors), each kind asked once for both boxes; a later new
    # selection reads its ids alone (test_a_new_selection_reads_only_its_own_ids_once...).
    # Four more are the funding order's (initiatives/funding_order.py): the order of
    # every funded initiative, kept per content change, the selection's funded ids in it,
    # those without funding in title order, and the page's totals, read for its rows
    # alone as in every other order (the page's rows are read by their ids).
    with django_assert_max_num_queries(26):
        client.get(URL, params)
    make_many_initiatives(40)
    with django_assert_max_num_queries(26):
        response = client.get(URL, params)
    assert response.context["result_count"] == 41


def test_the_chart_reflects_the_filters(client):
    def chart_years(municipality):
        html = str(client.get(URL, {"municipality": municipality}).context["chart_html"])
        return [int(year) for year in re.findall(r'<th scope="row">(\d{4})</th>', html)], html

    years, _html = chart_years("borlange")
    assert years == [2017, 2018]
    years, html = chart_years("malmo")
    assert years == [] and "Det finns ännu inga daterade uppgifter" in html


def test_the_charts_table_counts_each_type_in_each_year(client):
    kiruna = Municipality.objects.get(code="2584")
    closure = InitiativeType.objects.get(slug="school-closure")
    study = InitiativeType.objects.get(slug="research-study")
    for kind, year in ((closure, 2015), (closure, 2015), (study, 2015), (study, 2016)):
        make_initiative(municipalities=[kiruna], type=kind, start_year=year)
    html = str(client.get(URL, {"municipality": "kiruna"}).context["chart_html"])
    table = html[html.index("<table>") :]
    header = re.findall(r'<th scope="col" class="num">([^<]+)</th>', table)
    rows = {
        int(year): [int(n) for n in re.findall(r'<td class="num[^"]*">(\d+)</td>', cells)]
        for year, cells in re.findall(r'<th scope="row">(\d{4})</th>(.*?)</tr>', table, re.S)
    }
    assert header[:2] == sorted([closure.name, study.name], key=sort_key)
    closures, studies = (1, 0) if header[0] == study.name else (0, 1)
    assert rows[2015][closures] == 2 and rows[2015][studies] == 1 and rows[2015][2] == 3
    assert rows[2016][closures] == 0 and rows[2016][studies] == 1


def test_links_to_both_exports_keep_the_filters(client):
    page = client.get(URL, {"type": "school-closure", "page": 1}).content.decode()
    assert 'href="/initiatives/export.csv?type=school-closure"' in page
    assert 'href="/initiatives/export.json?type=school-closure"' in page
    assert Initiative.objects.count() >= 10


EN_URL = "/en" + URL


@pytest.mark.parametrize(
    "actor",
    ["Karin Falck", "karin-falck", "KARIN FALCK", "Karin Falcks", "  Karin   Falck "],
)
def test_an_actor_is_chosen_by_name_slug_genitive_or_any_case(client, actor):
    response = client.get(URL, {"actor": actor})
    assert response.status_code == 200
    assert slugs(response) == {"skr-natverksbesok-trollhattan"}


@pytest.mark.parametrize("funder", ["Skolverket", "skolverket", "Skolverkets", "SKOLVERKET"])
def test_a_funder_is_chosen_by_name_too(client, funder):
    assert slugs(client.get(URL, {"funder": funder})) == {
        "skolverket-stod-trollhattan-efter-dadet-pa-kronan",
        "samverkan-for-basta-skola-trollhattan",
    }


def test_an_organisation_is_found_by_its_genitive_with_a_colon(client):
    by_slug = slugs(client.get(URL, {"actor": "skr"}))
    assert by_slug and slugs(client.get(URL, {"actor": "SKR:s"})) == by_slug


def test_two_actors_with_one_name_get_a_message_naming_their_short_names(client):
    make_actor(name="Anna Andersson", slug="anna-andersson-1")
    make_actor(name="Anna Andersson", slug="anna-andersson-2")
    response = client.get(EN_URL, {"actor": "Anna Andersson"})
    assert response.status_code == 400
    assert "anna-andersson-1, anna-andersson-2" in response.content.decode()
    assert client.get(EN_URL, {"actor": "anna-andersson-2"}).status_code == 200


def test_the_actor_boxes_suggest_names_without_javascript(client):
    page = client.get(EN_URL).content.decode()
    assert re.search(r'<input[^>]*\bid="id_actor"[^>]*\blist="actor-suggestions"', page)
    actors = page[page.index('<datalist id="actor-suggestions">') :]
    actors = actors[: actors.index("</datalist>")]
    assert '<option value="Karin Falck">' in actors
    funders = page[page.index('<datalist id="funder-suggestions">') :]
    funders = funders[: funders.index("</datalist>")]
    assert re.findall(r'<option value="([^"]+)">', funders) == ["Skolverket", "Tillväxtverket"]


def make_selection_with_drafts():
    """A Tillväxtverket grant (the selection) whose roles and payments name public and
    unpublished records, and a school closure (not selected) with roles of its own."""
    grant = InitiativeType.objects.get(slug="tillvaxtverket-grant")
    selected = make_initiative(title="Skolskjuts i Dalsland", type=grant)
    make_participation(initiative=selected, actor=make_actor(name="Öppna förvaltningen"))
    draft = make_actor(name="Dold förvaltning", publication_state=PublicationState.DRAFT)
    make_participation(initiative=selected, actor=draft)
    draft_source = make_article(publication_state=PublicationState.DRAFT)
    make_participation(
        initiative=selected, actor=make_actor(name="Källa ej publicerad"), source=draft_source
    )
    make_funding(
        initiative=selected, funder=make_actor(name="Dalslands fond"), recipient_actor=draft
    )
    make_funding(
        initiative=selected,
        funder=make_actor(name="Vänersborgs fond"),
        recipient_municipality=Municipality.objects.get(code="1488"),
    )
    other = make_initiative(title="Annan insats")  # a school closure: not selected
    make_participation(initiative=other, actor=make_actor(name="Annan förvaltning"))
    make_funding(initiative=other, funder=make_actor(name="Annan fond"), recipient_actor=draft)
    return grant


@pytest.mark.parametrize("few", [0, 10**9], ids=["pairs by bisection", "every pair looked at"])
def test_suggestions_name_only_public_actors_of_the_selection(client, monkeypatch, few):
    # A small selection finds its pairs by bisection, a large one looks at all: the same.
    monkeypatch.setattr(suggestions, "FEW", few)
    grant = make_selection_with_drafts()
    context = client.get(URL, {"type": grant.slug}).context
    actors, funders = context["actor_suggestions"], context["funder_suggestions"]
    assert "Öppna förvaltningen" in actors
    assert "Dold förvaltning" not in actors  # a draft actor
    assert "Källa ej publicerad" not in actors  # its role is cited from a draft article
    assert "Annan förvaltning" not in actors  # not in the selection
    assert "Vänersborgs fond" in funders
    assert "Dalslands fond" not in funders  # paid a draft recipient
    assert "Annan fond" not in funders
    assert actors == sorted(actors, key=sort_key)


@pytest.mark.parametrize("by_ids", [10_000, 0], ids=["selection by ids", "as a subquery"])
def test_staff_suggestions_name_the_drafts_of_the_selection_too(admin_client, monkeypatch, by_ids):
    # Staff count in the database: a small selection by its ids, a large one as a subquery.
    monkeypatch.setattr(filters, "SELECTION_BY_IDS", by_ids)
    grant = make_selection_with_drafts()
    context = admin_client.get(URL, {"type": grant.slug}).context
    actors, funders = context["actor_suggestions"], context["funder_suggestions"]
    assert {"Öppna förvaltningen", "Dold förvaltning", "Källa ej publicerad"} <= set(actors)
    assert {"Vänersborgs fond", "Dalslands fond"} <= set(funders)
    assert "Annan förvaltning" not in actors and "Annan fond" not in funders


def busiest_in_the_database(model, name_field, ids, limit):
    """The suggestions as the database counts them through published(): distinct
    initiatives per name, most first, ties in Swedish order, the chosen in Swedish order."""
    counts = (
        model.objects.published()
        .filter(initiative__in=ids)
        .values_list(name_field)
        .annotate(n=Count("initiative", distinct=True))
    )
    ranked = sorted(counts, key=lambda row: (-row[1], sort_key(row[0])))[:limit]
    return sorted((name for name, _n in ranked), key=sort_key)


@pytest.mark.parametrize("few", [0, 10**9], ids=["pairs by bisection", "every pair looked at"])
def test_suggestions_count_what_the_database_counts_through_the_rule(monkeypatch, few):
    # Generated data with drafts among the initiatives, actors and articles, and actors
    # sharing a name: the kept pairs give what published() gives, ties at the limit too.
    monkeypatch.setattr(suggestions, "FEW", few)
    build_scale_data(
        Sizes(actors=60, initiatives=300, participations=900, funding=200, articles=300)
    )
    # Drafts among them (as a staff member's edit back to draft would leave them), and
    # two actors under one name.
    actors = list(Actor.objects.order_by("pk").values_list("pk", flat=True))
    Actor.objects.filter(pk__in=actors[::6]).update(publication_state=PublicationState.DRAFT)
    Actor.objects.filter(pk=actors[1]).update(name=Actor.objects.get(pk=actors[2]).name)
    articles = Article.objects.order_by("pk").values_list("pk", flat=True)
    Article.objects.filter(pk__in=list(articles)[::5]).update(
        publication_state=PublicationState.IN_REVIEW
    )
    bump_generation()
    published = list(Initiative.objects.published().order_by("pk").values_list("pk", flat=True))
    for ids in (set(published), set(published[::7]), set(published[:5])):
        for model, field, limit in ((Participation, "actor", 5), (Funding, "funder", 3)):
            expected = busiest_in_the_database(model, f"{field}__name", ids, limit)
            assert busiest_names(field, ids, limit) == expected
    assert Actor.objects.exclude(publication_state=PublicationState.PUBLISHED).exists()
    assert Article.objects.exclude(publication_state=PublicationState.PUBLISHED).exists()


def test_a_new_selection_reads_only_its_own_ids_once_for_both_boxes(
    client, django_assert_num_queries
):
    # The public pairs are read once per content change; after that, a selection the
    # browser has not seen before asks the database for its initiatives' ids alone, once
    # for both boxes while neither is filled in.
    grant = make_selection_with_drafts()
    client.get(URL)

    def filterset_for(query):
        request = RequestFactory().get(URL, query)
        request.user = AnonymousUser()
        filterset = InitiativeFilter(
            request.GET, queryset=Initiative.objects.published().for_listing(), request=request
        )
        assert filterset.is_valid()
        return filterset

    filterset = filterset_for({"type": grant.slug})
    with django_assert_num_queries(1):
        actors = filterset.actor_suggestions("actor")
    with django_assert_num_queries(0):
        funders = filterset.actor_suggestions("funder")
    assert "Öppna förvaltningen" in actors and "Vänersborgs fond" in funders
    # With a funder chosen, the actor box counts under it and the funder box without it.
    filterset = filterset_for({"type": grant.slug, "funder": "Vänersborgs fond"})
    with django_assert_num_queries(2):  # the funder box's selection, then the actor box's
        funders = filterset.actor_suggestions("funder")
        actors = filterset.actor_suggestions("actor")
    assert "Vänersborgs fond" in funders and "Öppna förvaltningen" in actors


def test_a_new_role_is_suggested_on_the_next_request(client):
    grant = make_selection_with_drafts()

    def suggested():
        return client.get(URL, {"type": grant.slug}).context["actor_suggestions"]

    assert "Ny förvaltning" not in suggested()
    initiative = Initiative.objects.get(title="Skolskjuts i Dalsland")
    make_participation(initiative=initiative, actor=make_actor(name="Ny förvaltning"))
    assert "Ny förvaltning" in suggested()


def test_empty_boxes_and_defaults_are_dropped_from_the_address(client):
    submitted = "type=school-closure&year=&year_from=&q=+&county=&order=newest&page_size=25"
    response = client.get(f"{URL}?{submitted}")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?type=school-closure"
    everything_empty = client.get(f"{URL}?year=&q=&order=newest&page_size=25")
    assert everything_empty["Location"] == URL
    # A clean address is answered at once; what is not a default stays.
    assert client.get(URL, {"type": "school-closure", "order": "title"}).status_code == 200
    assert client.get(URL, {"page_size": "50"}).status_code == 200


def test_active_filters_are_chips_each_removing_itself(client):
    response = client.get(
        EN_URL,
        {"type": ["school-closure", "tillvaxtverket-grant"], "county": "14", "order": "title"},
    )
    chips = [
        (chip["label"], chip["value"], sorted(parse_qsl(chip["remove_url"].lstrip("?"))))
        for chip in response.context["chips"]
    ]
    assert chips == [
        (
            "Type",
            "School closure or merger",
            [("county", "14"), ("order", "title"), ("type", "tillvaxtverket-grant")],
        ),
        (
            "Type",
            "Tillväxtverket grant",
            [("county", "14"), ("order", "title"), ("type", "school-closure")],
        ),
        (
            "County",
            "Västra Götalands län",
            [("order", "title"), ("type", "school-closure"), ("type", "tillvaxtverket-grant")],
        ),
    ]
    page = response.content.decode()
    assert "Filter (3 active)" in page
    chip = r'<span class="visually-hidden">Remove the filter</span>\s+County: Västra Götalands län'
    assert re.search(chip, page)
    only = client.get(EN_URL, {"municipality": "borlange"})
    assert only.context["chips"][0]["remove_url"] == EN_URL  # back to everything


def test_an_invalid_value_is_a_chip_too_so_it_can_be_removed(client):
    response = client.get(EN_URL, {"year": "abc", "type": "school-closure"})
    chips = {chip["label"]: chip for chip in response.context["chips"]}
    assert chips["Active in year"]["value"] == "abc"
    assert chips["Active in year"]["remove_url"] == "?type=school-closure"


def test_errors_are_summarised_at_the_top_by_label_and_point_to_their_fields(client):
    response = client.get(EN_URL, {"year_from": "2019", "year_to": "2018", "year": "abc"})
    assert response.status_code == 400
    page = response.content.decode()
    summary = page[page.index('<div class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert re.search(r'role="alert"\s+tabindex="-1"', summary) and "autofocus" in summary
    assert '<a href="#id_year_to">To year: It cannot be before “From year”.</a>' in summary
    assert '<a href="#id_year">Active in year: Enter a whole number.</a>' in summary
    assert "year_to:" not in page
    assert page.index('class="error-summary"') < page.index('class="layout-browse"')
    # Each field says its own error and points to it.
    assert (
        '<p class="field-error" id="id_year_to-error">It cannot be before “From year”.</p>' in page
    )
    field = re.search(r'<input [^>]*id="id_year_to"[^>]*>', page)[0]
    assert 'aria-invalid="true" aria-describedby="id_year_to-error"' in field
    assert re.search(r"<title>\s*Error:\s+Initiatives", page)


def test_the_facet_counts_stay_beside_an_error(client):
    response = client.get(EN_URL, {"county": "20", "year": "abc"})
    assert response.status_code == 400
    counts = {kind.slug: count for kind, count, _selected in response.context["type_facets"]}
    # What the valid filter (Dalarnas län) selects: Borlänge's two initiatives.
    assert counts["tillvaxtverket-grant"] == 1 and counts["needs-analysis"] == 1
    assert counts["school-closure"] == 0
    assert "(1)" in response.content.decode()


def test_the_browser_query_count_with_errors_and_names(client, django_assert_max_num_queries):
    # As test_browser_query_count_does_not_grow (eleven are the suggestions; twelve here,
    # as with an actor chosen each box reads its own selection), and one more for the
    # shown rows' funding totals, which that test's order by funding reads with the rows.
    with django_assert_max_num_queries(27):
        client.get(URL, {"actor": "Skolverket", "type": "school-closure", "year": "abc"})
    make_many_initiatives(40)
    with django_assert_max_num_queries(27):
        response = client.get(URL, {"actor": "Testfinansiär", "county": "14"})
    assert response.context["result_count"] == 40


def test_each_row_shows_its_public_funding_as_the_sources_state_it(client):
    # The seed's support agreement: "drygt 800 000 kronor", a lower bound.
    html = client.get(URL, {"municipality": "trollhattan"}).content.decode()
    assert "drygt 800\xa0000\xa0kr" in html
    # A payment from a funder not yet published is not summed into the row.
    initiative = make_initiative(title="Läxhjälp i Kalmar", start_year=2016)
    kalmar = Municipality.objects.get(slug="kalmar")
    make_funding(initiative=initiative, recipient_municipality=kalmar, amount_sek=1000)
    draft = make_actor(name="Ännu ej publicerad fond", publication_state=PublicationState.DRAFT)
    make_funding(
        initiative=initiative, recipient_municipality=kalmar, funder=draft, amount_sek=5000
    )
    response = client.get(URL, {"q": "Läxhjälp"})
    [row] = response.context["page_obj"].object_list
    assert (row.total_funding_sek, row.funding_is_lower_bound) == (1000, False)
    assert "1\xa0000\xa0kr" in response.content.decode()
    assert "6\xa0000\xa0kr" not in response.content.decode()
