"""Similar names: the finder (trigrams on PostgreSQL, difflib elsewhere) and the admin warning."""

import pytest
from django.db import connection
from django.urls import reverse

from actors.models import Actor
from core.similarity import (
    CONFIRM_FIELD,
    likely_duplicates,
    records_with_alias,
    similar_records,
    uses_trigrams,
)
from initiatives.models import Initiative, InitiativeType
from municipalities.models import Municipality, School
from tests.admin_forms import add_form, form_data
from tests.factories import make_actor

pytestmark = pytest.mark.django_db


def names(records):
    return [str(record) for record in records]


def test_it_uses_trigrams_only_on_postgresql():
    assert uses_trigrams() is (connection.vendor == "postgresql")


def test_it_finds_a_name_that_differs_by_a_letter():
    found = similar_records(Actor, "name", "Karlstad universitet")
    assert names(found) == ["Karlstads universitet"]
    assert found[0].similarity > 0.6


def test_it_does_not_find_names_that_only_share_a_common_word():
    assert similar_records(Actor, "name", "Gävle kommun") == []


def test_it_leaves_out_the_record_being_edited():
    actor = Actor.objects.get(slug="karlstads-universitet")
    assert similar_records(Actor, "name", actor.name, exclude_pk=actor.pk) == []


def test_it_finds_a_school_and_an_initiative_by_title():
    assert names(similar_records(School, "name", "Kronan skola")) == ["Kronans skola"]
    found = similar_records(Initiative, "title", "Samverkan för bästa skola i Trollhätan")
    assert names(found) == ["Samverkan för bästa skola i Trollhättan"]


def test_it_finds_a_record_that_has_the_name_as_an_alias():
    assert names(records_with_alias(Actor, "skr")) == ["Sveriges Kommuner och Regioner"]
    assert records_with_alias(Actor, "SK") == []


def test_it_reports_pairs_of_likely_duplicates():
    make_actor(name="Karin Falk", slug="karin-falk")
    pairs = [(str(a), str(b)) for a, b, _score in likely_duplicates(Actor, "name")]
    assert ("Karin Falck", "Karin Falk") in pairs or ("Karin Falk", "Karin Falck") in pairs


def test_it_finds_no_duplicates_among_the_seed_actors():
    assert likely_duplicates(Actor, "name") == []


def test_it_leaves_load_test_records_out_of_the_duplicates():
    make_actor(name="Syntetisk aktör 1", slug="syntetisk-1", is_synthetic=True)
    make_actor(name="Syntetisk aktör 2", slug="syntetisk-2", is_synthetic=True)
    assert likely_duplicates(Actor, "name") == []


# The warning in the admin.


def _actor_form(name, **extra):
    return {"name": name, "slug": "ny-aktor", "kind": "university", **extra}


def test_it_warns_before_saving_an_actor_with_a_similar_name(editor_client):
    response = editor_client.post(
        reverse("admin:actors_actor_add"), _actor_form("Karlstad universitet")
    )
    assert response.status_code == 200
    assert not Actor.objects.filter(slug="ny-aktor").exists()
    [error] = response.context["adminform"].form.errors.as_data()["name"]
    assert error.code == "similar"
    existing = Actor.objects.get(slug="karlstads-universitet")
    change_url = reverse("admin:actors_actor_change", args=[existing.pk])
    assert f'href="{change_url}"' in response.content.decode()
    assert f'name="{CONFIRM_FIELD}"' in response.content.decode()


def test_it_saves_a_similar_name_once_the_editor_confirms(editor_client):
    response = editor_client.post(
        reverse("admin:actors_actor_add"),
        _actor_form("Karlstad universitet", **{CONFIRM_FIELD: "on"}),
    )
    assert response.status_code == 302
    assert Actor.objects.filter(slug="ny-aktor").exists()


def test_it_warns_about_a_name_that_is_another_actors_alias(editor_client):
    response = editor_client.post(reverse("admin:actors_actor_add"), _actor_form("SKR"))
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors


def test_it_saves_a_distinct_name_at_once_without_a_confirmation_box(editor_client):
    page = editor_client.get(reverse("admin:actors_actor_add"))
    assert CONFIRM_FIELD.encode() not in page.content
    response = editor_client.post(reverse("admin:actors_actor_add"), _actor_form("Umeå kommun"))
    assert response.status_code == 302


def test_it_warns_about_a_similar_school_name(editor_client):
    trollhattan = Municipality.objects.get(code="1488")
    data = {"name": "Paradiskolan", "slug": "paradiskolan", "municipality": trollhattan.pk}
    data["status"] = "unknown"
    response = editor_client.post(reverse("admin:municipalities_school_add"), data)
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert not School.objects.filter(slug="paradiskolan").exists()


def _initiative_form(client, title, **extra):
    return add_form(
        client,
        Initiative,
        title=title,
        slug="ny-insats",
        type=InitiativeType.objects.get(slug="samverkan-for-basta-skola").pk,
        status="unknown",
        **extra,
    )


def test_it_warns_about_a_similar_initiative_title_and_shows_the_box(editor_client):
    url = reverse("admin:initiatives_initiative_add")
    similar = "Samverkan för bästa skola i Trollhätan"
    response = editor_client.post(url, _initiative_form(editor_client, similar))
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    assert f'name="{CONFIRM_FIELD}"' in response.content.decode()
    confirmed = _initiative_form(editor_client, similar, **{CONFIRM_FIELD: "on"})
    assert editor_client.post(url, confirmed).status_code == 302
    assert Initiative.objects.filter(slug="ny-insats").exists()


def test_it_does_not_warn_when_an_existing_record_keeps_its_name(admin_client):
    actor = make_actor(name="Karlstad universitet", slug="karlstad-universitet-dubblett")
    url = reverse("admin:actors_actor_change", args=[actor.pk])
    data = form_data(admin_client.get(url))
    data["website"] = "https://www.kau.se/"
    assert admin_client.post(url, data).status_code == 302
