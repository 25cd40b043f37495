"""Full-text search with Swedish stemming, on SQLite (FTS5) and PostgreSQL alike.

Every test here runs on whichever database the suite runs on; `make test` runs SQLite,
`DATABASE_URL=postgres://… make test` PostgreSQL.
"""

import pytest
from django.db import connection
from django.urls import reverse

from core.publishing import PublicationState
from core.search import title_fts_table
from core.text_search import fts_query, search_query
from front.views.search import SEARCH_LIMIT
from initiatives.models import Initiative
from tests.factories import make_actor, make_article, make_initiative

pytestmark = pytest.mark.django_db


def search_titles(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return [row["title"] for _label, rows, _more in response.context["groups"] for row in rows]


def browser_slugs(client, query):
    response = client.get(reverse("initiatives:list"), {"q": query})
    assert response.status_code == 200
    return {initiative.slug for initiative in response.context["page_obj"].object_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("segregationen", "Avveckling av skolor och flytt av elever i Trollhättan"),
        ("skolor", "Skolverkets stöd till Trollhättan efter dådet på Kronans skola"),
    ],
)
def test_swedish_stemming_finds_other_forms_of_a_word(client, query, expected):
    assert expected in search_titles(client, query)


def test_the_browser_q_filter_stems_too(client):
    make_initiative(title="Läxhjälp för elever", slug="laxhjalp", summary="Mot segregation.")
    assert "laxhjalp" in browser_slugs(client, "segregationen")
    assert "laxhjalp" in browser_slugs(client, "läxhjälpen")
    assert "laxhjalp" not in browser_slugs(client, "segregationen simhall")


def test_drafts_are_never_found(client):
    make_initiative(
        title="Hemlig plan för Zyxbergsskolan",
        slug="hemlig-plan",
        publication_state=PublicationState.DRAFT,
    )
    make_article(title="Zyxbergsskolan stängs", publication_state=PublicationState.IN_REVIEW)
    make_actor(name="Zyxbergsskolans vänner", publication_state=PublicationState.DRAFT)
    assert search_titles(client, "Zyxbergsskolan") == []
    assert browser_slugs(client, "Zyxbergsskolan") == set()
    make_initiative(title="Öppen plan för Zyxbergsskolan", slug="oppen-plan")
    assert search_titles(client, "Zyxbergsskolan") == ["Öppen plan för Zyxbergsskolan"]
    assert browser_slugs(client, "Zyxbergsskolan") == {"oppen-plan"}


def test_the_index_follows_edits_and_deletes(client):
    initiative = make_initiative(title="Kvällsbibliotek i Qwertyby", slug="kvallsbibliotek")
    assert "Kvällsbibliotek i Qwertyby" in search_titles(client, "Qwertyby")
    initiative.title = "Kvällsbibliotek i Asdfstad"
    initiative.save()
    assert search_titles(client, "Qwertyby") == []
    assert "Kvällsbibliotek i Asdfstad" in search_titles(client, "Asdfstad")
    Initiative.objects.filter(pk=initiative.pk).delete()
    assert search_titles(client, "Asdfstad") == []


def titled(model, word):
    """The pks of `model`'s rows whose title's own index (core.search) holds `word`:
    PostgreSQL's `title_vector`, SQLite's titles' FTS5 table."""
    if connection.vendor == "postgresql":
        found = model.objects.filter(title_vector=search_query(word))
        return list(found.values_list("pk", flat=True))
    table = title_fts_table(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [fts_query([word])])
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize(
    ("make", "title_field", "other_field"),
    [
        (make_initiative, "title", "summary"),
        (make_article, "title", "body"),
        (make_actor, "name", "aliases"),
    ],
)
def test_a_titles_own_index_follows_it(make, title_field, other_field):
    """The search's first stage finds and ranks titles (an actor's name) by an index of
    their words alone, which core.search keeps with the rest on every save and delete."""
    record = make(**{title_field: "Päronskolan får stöd", other_field: "Om Plommonskolan."})
    model, pk = type(record), record.pk
    assert titled(model, "Päronskolan") == [pk]
    assert titled(model, "Plommonskolan") == []  # the title's words alone
    setattr(record, title_field, "Äppelskolan får stöd")
    record.save()
    assert titled(model, "Äppelskolan") == [pk]
    assert titled(model, "Päronskolan") == []
    record.delete()
    assert titled(model, "Äppelskolan") == []


def test_title_matches_rank_first(client):
    make_initiative(title="Stöd till elever", slug="omnamnd", summary="Om Plommonskolan.")
    make_initiative(title="Plommonskolan får stöd", slug="i-titeln", summary="Ingenting.")
    response = client.get(reverse("search"), {"q": "Plommonskolan"})
    initiatives = response.context["groups"][0][1]
    assert [row["object"].slug for row in initiatives] == ["i-titeln", "omnamnd"]


def test_a_page_full_of_title_matches_does_not_look_further(client, django_assert_max_num_queries):
    for n in range(SEARCH_LIMIT):
        make_initiative(title=f"Krusbärsskolan {n}", slug=f"titel-{n}", summary="Ingenting.")
    make_initiative(title="Stöd till elever", slug="bara-i-texten", summary="Om Krusbärsskolan.")
    make_initiative(title="Hallonskolan", slug="hallon-titel", summary="Ingenting.")
    make_initiative(title="Stöd", slug="hallon-texten", summary="Om Hallonskolan.")
    with django_assert_max_num_queries(50) as few_titles:
        client.get(reverse("search"), {"q": "Hallonskolan"})

    # One stage fewer for the initiatives: the titles filled the page.
    with django_assert_max_num_queries(len(few_titles.captured_queries) - 1):
        response = client.get(reverse("search"), {"q": "Krusbärsskolan"})

    initiatives = response.context["groups"][0][1]
    assert len(initiatives) == SEARCH_LIMIT
    assert {row["object"].slug for row in initiatives} == {
        f"titel-{n}" for n in range(SEARCH_LIMIT)
    }
    assert "bara-i-texten" in browser_slugs(client, "Krusbärsskolan")  # still found there


@pytest.mark.parametrize("query", ['"', "AND", "NOT skola", "skola OR", "{title}:x", "NEAR(a b)"])
def test_operator_words_are_plain_words(client, query):
    assert client.get(reverse("search"), {"q": query}).status_code == 200
    assert client.get(reverse("initiatives:list"), {"q": query}).status_code == 200


@pytest.mark.parametrize("best_is", ["first", "last"])
def test_the_best_match_ranks_first_wherever_it_lies_among_the_matches(client, best_is):
    # The ranking reads only the candidates' stretch of the index (core.text_search):
    # the best match is found at either end of it, and a hidden one beside it is not.
    def best():
        make_article(title="Bästa", body="Blåbärsmodellen, " * 6 + "om blåbärsmodellen.")

    if best_is == "first":
        best()
    for n in range(3):
        make_article(title=f"Nämner {n}", body=f"Rapport {n} nämner blåbärsmodellen en gång.")
    if best_is == "last":
        best()
    make_article(
        title="Utkast",
        body="Blåbärsmodellen! " * 12,
        publication_state=PublicationState.DRAFT,
    )
    titles = search_titles(client, "blåbärsmodellen")
    assert titles[0] == "Bästa"
    assert sorted(titles[1:]) == ["Nämner 0", "Nämner 1", "Nämner 2"]
