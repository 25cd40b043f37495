"""Every change is traced: who changed what and when, shown as a diff, revertible."""

import pytest
from django.contrib import admin
from django.urls import reverse

from actors.models import Actor
from core.admin_base import VersionedAdmin
from core.content import content_app_labels
from core.forms import CONFLICT_MESSAGE
from core.publishing import PublicationState

from .admin_forms import admin_url, as_shown, form_data
from .factories import make_actor

pytestmark = pytest.mark.django_db

OLD, NEW, NEWER = "https://gammal.example", "https://ny.example", "https://nyare.example"


def draft_actor():
    """Editors save drafts directly; a live record's changes wait for review instead."""
    return make_actor(website=OLD, publication_state=PublicationState.DRAFT)


def edit_website(client, actor, website):
    data = form_data(client.get(admin_url(actor)))
    response = client.post(admin_url(actor), {**data, "website": website})
    assert response.status_code == 302
    actor.refresh_from_db()


def test_every_content_model_has_history_in_the_admin():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in content_app_labels():
            assert isinstance(model_admin, VersionedAdmin), model
            assert hasattr(model, "history"), model


def test_it_records_who_changed_what_and_when(editor_client, editor):
    actor = draft_actor()
    edit_website(editor_client, actor, NEW)

    latest, previous = actor.history.all()[:2]
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert latest.history_date is not None
    delta = latest.diff_against(previous, excluded_fields=["version", "updated_at"])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("website", OLD, NEW)]


def test_the_history_page_shows_the_change_as_a_diff(editor_client, editor):
    actor = draft_actor()
    edit_website(editor_client, actor, NEW)

    page = editor_client.get(admin_url(actor, "history")).content.decode()

    assert OLD in page and NEW in page
    assert editor.username in page


def test_it_reverts_to_an_earlier_version_from_the_history(editor_client, editor):
    actor = draft_actor()
    edit_website(editor_client, actor, NEW)
    original = actor.history.earliest()
    revert_url = reverse("admin:actors_actor_simple_history", args=[actor.pk, original.history_id])

    revert_form = editor_client.get(revert_url)
    assert revert_form.status_code == 200
    response = editor_client.post(revert_url, form_data(revert_form))

    assert response.status_code == 302
    actor.refresh_from_db()
    assert (actor.website, actor.version) == (OLD, 3)
    assert actor.history.first().history_user == editor


def test_a_revert_from_a_stale_page_is_refused(editor_client):
    actor = draft_actor()
    edit_website(editor_client, actor, NEW)
    revert_url = reverse(
        "admin:actors_actor_simple_history", args=[actor.pk, actor.history.earliest().pk]
    )
    stale = form_data(editor_client.get(revert_url))
    edit_website(editor_client, actor, NEWER)

    response = editor_client.post(revert_url, stale)

    assert response.status_code == 200
    assert as_shown(CONFLICT_MESSAGE) in response.content.decode()
    assert Actor.objects.get(pk=actor.pk).website == NEWER


def test_it_traces_deletions(editor_client):
    actor = draft_actor()
    response = editor_client.post(admin_url(actor, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert Actor.history.filter(id=actor.pk).first().history_type == "-"
