"""Every change is traced: who changed what and when, shown as a diff, revertible."""

import pytest
from django.contrib import admin
from django.urls import reverse

from actors.models import Actor
from core.admin_base import CONFLICT_MESSAGE, VersionedAdmin

from .admin_forms import admin_url, as_shown, form_data
from .factories import make_actor

pytestmark = pytest.mark.django_db

CONTENT_APPS = {"municipalities", "initiatives", "articles"}


def edit_title(client, actor, title):
    data = form_data(client.get(admin_url(actor)))
    response = client.post(admin_url(actor), {**data, "title": title})
    assert response.status_code == 302
    actor.refresh_from_db()


def test_every_content_model_has_history_in_the_admin():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in CONTENT_APPS:
            assert isinstance(model_admin, VersionedAdmin), model
            assert hasattr(model, "history"), model


def test_it_records_who_changed_what_and_when(editor_client, editor):
    actor = make_actor(title="Rektor")
    edit_title(editor_client, actor, "Skolchef")

    latest, previous = actor.history.all()[:2]
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert latest.history_date is not None
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("title", "Rektor", "Skolchef")]


def test_the_history_page_shows_the_change_as_a_diff(editor_client, editor):
    actor = make_actor(title="Rektor")
    edit_title(editor_client, actor, "Skolchef")

    page = editor_client.get(admin_url(actor, "history")).content.decode()

    assert "Rektor" in page and "Skolchef" in page
    assert editor.username in page


def test_it_reverts_to_an_earlier_version_from_the_history(editor_client, editor):
    actor = make_actor(title="Rektor")
    edit_title(editor_client, actor, "Skolchef")
    original = actor.history.earliest()
    revert_url = reverse("admin:actors_actor_simple_history", args=[actor.pk, original.history_id])

    revert_form = editor_client.get(revert_url)
    assert revert_form.status_code == 200
    response = editor_client.post(revert_url, form_data(revert_form))

    assert response.status_code == 302
    actor.refresh_from_db()
    assert (actor.title, actor.version) == ("Rektor", 3)
    assert actor.history.first().history_user == editor


def test_a_revert_from_a_stale_page_is_refused(editor_client):
    actor = make_actor(title="Rektor")
    edit_title(editor_client, actor, "Skolchef")
    revert_url = reverse(
        "admin:actors_actor_simple_history", args=[actor.pk, actor.history.earliest().pk]
    )
    stale = form_data(editor_client.get(revert_url))
    edit_title(editor_client, actor, "Utvecklingsledare")

    response = editor_client.post(revert_url, stale)

    assert response.status_code == 200
    assert as_shown(CONFLICT_MESSAGE) in response.content.decode()
    assert Actor.objects.get(pk=actor.pk).title == "Utvecklingsledare"


def test_it_traces_deletions(editor_client):
    actor = make_actor()
    response = editor_client.post(admin_url(actor, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert Actor.history.filter(id=actor.pk).first().history_type == "-"
