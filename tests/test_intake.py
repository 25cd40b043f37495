"""Article intake: mention suggestions for Swedish text, and the admin flow that confirms them."""

import pytest
from django.urls import reverse

from actors.models import Actor
from articles.intake import (
    ACTOR,
    MUNICIPALITY,
    SCHOOL,
    Candidate,
    find_mentions,
    known_candidates,
    needs_context,
    url_variants,
)
from articles.models import Article
from municipalities.models import Municipality, School
from tests.admin_forms import form_data
from tests.factories import make_article

TROLLHATTAN = Candidate(MUNICIPALITY, 1, "Trollhättan")
BORLANGE = Candidate(MUNICIPALITY, 2, "Borlänge")
VARA = Candidate(MUNICIPALITY, 3, "Vara")
MARK = Candidate(MUNICIPALITY, 4, "Mark")
ARE = Candidate(MUNICIPALITY, 5, "Åre")
TIBRO = Candidate(MUNICIPALITY, 6, "Tibro")
KRONAN = Candidate(SCHOOL, 10, "Kronans skola", ("Kronan",), municipality_pk=1)
SKR = Candidate(ACTOR, 20, "Sveriges Kommuner och Regioner", ("SKR",))
BOARD = Candidate(ACTOR, 21, "Barn- och bildningsnämnd", municipality_pk=2)
ADMINISTRATION = Candidate(ACTOR, 22, "Trollhättans Stad", ("Trollhättans kommun",), 1)
PERSON = Candidate(ACTOR, 23, "Karin Falck", is_person=True)
ALL = [TROLLHATTAN, BORLANGE, VARA, MARK, ARE, TIBRO, KRONAN, SKR, BOARD, ADMINISTRATION, PERSON]


def found(text, candidates=ALL):
    return {mention.candidate.name for mention in find_mentions(text, candidates)}


# The matcher, on made-up sentences.


@pytest.mark.parametrize(
    "text",
    ["Besök i Trollhättan.", "Trollhättans skolor.", "TROLLHÄTTAN", "Trollhättan-modellen"],
)
def test_it_finds_a_municipality_in_its_forms(text):
    assert found(text) == {"Trollhättan"}


def test_it_finds_the_genitive_of_a_name_ending_in_a_vowel():
    assert found("Hela Borlänges skolväsende.") == {"Borlänge"}


def test_it_does_not_find_a_name_inside_a_compound():
    assert found("Stora skillnader mellan Borlängebor.") == set()


def test_it_wants_a_capital_letter_on_a_municipality():
    assert found("tibro") == set()
    assert found("Eleverna i Tibro.") == {"Tibro"}


@pytest.mark.parametrize(
    "text",
    [
        "Det kan vara bra att bygga på egen mark.",
        "Under de senaste åren har mycket hänt.",
        "Vara med och påverka!",  # capitalised, but starting a sentence
        "Mark Andersson talade på mötet.",
        "Åre och vintersporten.",
    ],
)
def test_it_ignores_short_names_used_as_ordinary_words(text):
    assert found(text) == set()


@pytest.mark.parametrize(
    "text,name",
    [
        ("Vara kommun satsar på skolan.", "Vara"),
        ("Vara kommuns skolor.", "Vara"),
        ("Marks kommun har stängt en skola.", "Mark"),
        ("Eleverna i Åre fick ny skola.", "Åre"),
        ("Lärare från Vara deltog.", "Vara"),
        ("I Mark finns sju skolor.", "Mark"),
    ],
)
def test_it_finds_short_names_in_a_municipal_context(text, name):
    assert found(text) == {name}


def test_it_decides_which_municipality_names_need_context():
    for name in ["Mark", "Bjuv", "Åre", "Ale", "Vara", "Sala", "Boden", "Skara", "Klippan"]:
        assert needs_context(name), name
    for name in ["Trollhättan", "Borlänge", "Örebro", "Malmö", "Tibro", "Stockholm"]:
        assert not needs_context(name), name


@pytest.mark.parametrize(
    "text", ["Trollhättans Stad", "Trollhättans stad", "trollhättans stads arbete"]
)
def test_it_ignores_case_in_organisation_names(text):
    assert "Trollhättans Stad" in found(text)


def test_it_finds_definite_forms_of_organisation_names():
    assert "Barn- och bildningsnämnd" in found("Barn- och bildningsnämnden i Borlänge.")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("SKR samordnar nätverket.", True),
        ("SKR:s besök.", True),
        ("SKR-nätverk mot segregation.", True),
        ("Sveriges kommuner och regioners nätverk.", True),
        ("skr", False),
    ],
)
def test_it_finds_an_acronym_only_in_capitals(text, expected):
    assert ("Sveriges Kommuner och Regioner" in found(text)) is expected


def test_it_uses_a_local_alias_only_when_its_municipality_is_named():
    assert "Kronans skola" not in found("Dialogen med Kronan fortsätter.")
    assert "Kronans skola" in found("Dialogen med Kronan i Trollhättan fortsätter.")
    assert "Trollhättans Stad" in found("Trollhättans kommun har beslutat.")


def test_it_counts_a_place_matched_by_name_and_alias_once():
    [school] = [
        m
        for m in find_mentions("Besök på Kronans skola i Trollhättan.", ALL)
        if m.candidate == KRONAN
    ]
    assert school.count == 1
    assert school.forms == ["Kronans skola"]


def test_it_gives_the_forms_found_and_the_words_around_the_first():
    text = (
        "Inledning. " * 20 + "Karin Falck besökte Trollhättan. Karin Falcks ord. " + "Slut. " * 20
    )
    [person] = [m for m in find_mentions(text, ALL) if m.candidate == PERSON]
    assert person.count == 2
    assert person.forms == ["Karin Falck", "Karin Falcks"]
    assert person.excerpt.found == "Karin Falck"
    assert person.excerpt.after.startswith("besökte Trollhättan.")
    assert str(person.excerpt).startswith("… Inledning.") and str(person.excerpt).endswith("…")


def test_it_lists_municipalities_then_schools_then_actors():
    mentions = find_mentions("SKR besökte Kronans skola i Trollhättan.", ALL)
    assert [m.candidate.kind for m in mentions] == [MUNICIPALITY, SCHOOL, ACTOR]


def test_it_treats_http_www_and_trailing_slash_as_one_address():
    variants = url_variants("https://www.skolverket.se/press/stod/")
    assert "http://skolverket.se/press/stod" in variants
    assert "https://www.skolverket.se/press/stod/" in variants
    assert url_variants("not a url") == {"not a url"}


# The five seed documents, against every known municipality, school and actor.

# Named in the text but not linked by the seed, and reasonably suggested.
SEED_EXTRAS = {
    "skr-natverk-mot-segregation-besoker-trollhattans-skolor": {(ACTOR, "kronans-skola")},
    "overenskommelse-om-stod-till-trollhattan": {(MUNICIPALITY, "0180")},  # Stockholm address
    "larare-forskolechefer-och-rektorer-samverkar-for-basta-skolan": {
        (MUNICIPALITY, "1780"),  # Karlstad, in "Karlstad Universitet"
        (ACTOR, "kronans-skola"),
    },
    "att-bryta-segregationen-vad-kan-huvudmannen-gora": set(),
    "skolan-ar-en-angelagenhet-for-hela-borlange": set(),
}


def _keys(article):
    return (
        {(MUNICIPALITY, code) for code in article.municipalities.values_list("code", flat=True)}
        | {(SCHOOL, slug) for slug in article.schools.values_list("slug", flat=True)}
        | {(ACTOR, slug) for slug in article.actors.values_list("slug", flat=True)}
    )


def _suggested_keys(text):
    codes = dict(Municipality.objects.values_list("pk", "code"))
    schools = dict(School.objects.values_list("pk", "slug"))
    actors = dict(Actor.objects.values_list("pk", "slug"))
    lookup = {MUNICIPALITY: codes, SCHOOL: schools, ACTOR: actors}
    return {
        (m.candidate.kind, lookup[m.candidate.kind][m.candidate.pk])
        for m in find_mentions(text, known_candidates())
    }


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(SEED_EXTRAS))
def test_it_suggests_everything_a_seed_document_names_and_nothing_absurd(slug):
    article = Article.objects.get(slug=slug)
    suggested = _suggested_keys(f"{article.title}\n{article.body}")
    linked = _keys(article)
    assert linked <= suggested, linked - suggested
    assert suggested - linked == SEED_EXTRAS[slug]


@pytest.mark.django_db
def test_it_finds_no_municipality_in_ordinary_swedish():
    text = (
        "Det ska vara lätt att hitta mark för nya skolor. Under åren har kommunen byggt "
        "om lokalerna, och berget bakom skolan är en del av lunden. Alla elever ska ha "
        "samma chans; en skara lärare och rektorer arbetar för det. Sala, kil och ale."
    )
    assert not [
        m for m in find_mentions(text, known_candidates()) if m.candidate.kind == MUNICIPALITY
    ]


# The admin flow.


def _article_form(publisher, **fields):
    data = {
        "title": "Ny artikel om Trollhättan",
        "slug": "ny-artikel-om-trollhattan",
        "publisher": publisher.pk,
        "url": "https://example.org/ny-artikel",
        "language": "sv",
        "body": "Karin Falck från SKR besökte Kronans skola i Trollhättan.",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    return {**data, **fields}


@pytest.fixture
def skolverket():
    return Actor.objects.get(slug="skolverket")


@pytest.mark.django_db
def test_it_suggests_mentions_after_adding_an_article_and_links_nothing_yet(
    editor_client, skolverket
):
    response = editor_client.post(reverse("admin:articles_article_add"), _article_form(skolverket))
    article = Article.objects.get(slug="ny-artikel-om-trollhattan")
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("admin:articles_article_mentions", args=[article.pk])
    )
    assert not article.municipalities.exists()
    assert not article.schools.exists()
    assert not article.actors.exists()


@pytest.mark.django_db
def test_it_shows_each_suggestion_with_a_checkbox_left_unticked(editor_client):
    article = make_article(body="Karin Falck från SKR besökte Kronans skola i Trollhättan.")
    response = editor_client.get(reverse("admin:articles_article_mentions", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ["Trollhättan", "Kronans skola", "Sveriges Kommuner och Regioner", "Karin Falck"]:
        assert name in html
    assert 'type="checkbox"' in html
    assert "checked" not in html
    assert "SKR" in html  # the form found, to judge the suggestion by


@pytest.mark.django_db
def test_it_links_only_the_ticked_suggestions(editor_client):
    article = make_article(body="Karin Falck från SKR besökte Kronans skola i Trollhättan.")
    trollhattan = Municipality.objects.get(code="1488")
    skr = Actor.objects.get(slug="skr")
    response = editor_client.post(
        reverse("admin:articles_article_mentions", args=[article.pk]),
        {"municipalities": [trollhattan.pk], "actors": [skr.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert list(article.municipalities.all()) == [trollhattan]
    assert list(article.actors.all()) == [skr]
    assert not article.schools.exists()


@pytest.mark.django_db
def test_it_refuses_to_link_a_record_that_was_not_suggested(editor_client):
    article = make_article(body="Karin Falck besökte Trollhättan.")
    malmo = Municipality.objects.get(code="1280")
    response = editor_client.post(
        reverse("admin:articles_article_mentions", args=[article.pk]),
        {"municipalities": [malmo.pk]},
    )
    assert response.status_code == 200
    assert not article.municipalities.exists()


@pytest.mark.django_db
def test_it_returns_to_where_the_save_button_was_going(editor_client):
    article = make_article(body="Karin Falck besökte Trollhättan.")
    changelist = reverse("admin:articles_article_changelist")
    response = editor_client.post(
        reverse("admin:articles_article_mentions", args=[article.pk]) + f"?next={changelist}",
        {},
    )
    assert response["Location"] == changelist
    assert not article.municipalities.exists()


@pytest.mark.django_db
def test_it_ignores_a_next_address_on_another_site(editor_client):
    article = make_article(body="Trollhättan.")
    url = reverse("admin:articles_article_mentions", args=[article.pk])
    response = editor_client.post(url + "?next=https://evil.example/", {})
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])


@pytest.mark.django_db
def test_it_does_not_ask_again_when_the_text_did_not_change(admin_client):
    article = Article.objects.get(slug="overenskommelse-om-stod-till-trollhattan")
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    data = form_data(page)
    data["last_reviewed_by"] = "Någon"
    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_changelist")


@pytest.mark.django_db
def test_it_asks_again_when_the_text_changes(admin_client):
    article = Article.objects.get(slug="overenskommelse-om-stod-till-trollhattan")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(admin_client.get(url))
    data["body"] += "\nSkolverket besökte också Borlänge."
    response = admin_client.post(url, data)
    assert response["Location"].startswith(
        reverse("admin:articles_article_mentions", args=[article.pk])
    )
    assert not article.municipalities.filter(code="2081").exists()


@pytest.mark.django_db
def test_it_refuses_a_known_url_and_links_to_the_existing_article(editor_client, skolverket):
    existing = make_article(url="https://www.skolverket.se/stod-till-trollhattan")
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        _article_form(skolverket, url="http://skolverket.se/stod-till-trollhattan/"),
    )
    assert response.status_code == 200
    assert not Article.objects.filter(slug="ny-artikel-om-trollhattan").exists()
    [error] = response.context["adminform"].form.errors.as_data()["url"]
    assert error.code == "duplicate_url"
    html = response.content.decode()
    assert f'href="{reverse("admin:articles_article_change", args=[existing.pk])}"' in html


@pytest.mark.django_db
def test_it_allows_several_articles_without_a_url(editor_client, skolverket):
    make_article(url="")
    response = editor_client.post(
        reverse("admin:articles_article_add"), _article_form(skolverket, url="")
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_viewers_cannot_open_the_suggestions(viewer_client):
    article = make_article(body="Trollhättan.")
    response = viewer_client.get(reverse("admin:articles_article_mentions", args=[article.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_it_offers_suggestions_from_the_change_page(editor_client):
    article = make_article(body="Trollhättan.")
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert reverse("admin:articles_article_mentions", args=[article.pk]) in page.content.decode()
