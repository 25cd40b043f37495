"""Two staff members editing one record: the second save is refused, never silently lost.

The records here are drafts, which Editors save directly (a change to a live record waits
for review instead: tests/test_moderation.py); the website field stands for any edit.
"""

import contextlib
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from actors.models import Actor
from core.concurrency import VersionConflict
from core.forms import CONFLICT_MESSAGE, VersionedForm
from core.publishing import PublicationState
from core.staff_groups import EDITORS

from .admin_forms import admin_url, as_shown, form_data
from .factories import make_actor, make_initiative, make_participation

CONFLICT = as_shown(CONFLICT_MESSAGE)


DRAFT = PublicationState.DRAFT
OLD, THEIRS, MINE = "https://gammal.example", "https://deras.example", "https://min.example"


def draft_actor():
    return make_actor(website=OLD, publication_state=DRAFT)


def open_change_form(client, obj):
    response = client.get(admin_url(obj))
    assert response.status_code == 200
    return form_data(response)


@pytest.mark.django_db
def test_it_refuses_the_second_of_two_overlapping_edits(editor_client, publisher, client):
    actor = draft_actor()
    first = Client()
    first.force_login(publisher)
    mine, theirs = open_change_form(editor_client, actor), open_change_form(first, actor)

    assert first.post(admin_url(actor), {**theirs, "website": THEIRS}).status_code == 302
    response = editor_client.post(admin_url(actor), {**mine, "website": MINE})

    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert f'value="{MINE}"' in response.content.decode()
    actor.refresh_from_db()
    assert (actor.website, actor.version) == (THEIRS, 2)


@pytest.mark.django_db
def test_it_saves_on_a_second_deliberate_try_after_the_conflict(editor_client, publisher):
    actor = draft_actor()
    other = Client()
    other.force_login(publisher)
    mine, theirs = open_change_form(editor_client, actor), open_change_form(other, actor)
    other.post(admin_url(actor), {**theirs, "website": THEIRS})

    refused = editor_client.post(admin_url(actor), {**mine, "website": MINE})
    again = editor_client.post(admin_url(actor), form_data(refused))

    assert again.status_code == 302
    actor.refresh_from_db()
    assert (actor.website, actor.version) == (MINE, 3)


@pytest.mark.django_db
def test_it_bumps_the_version_on_every_admin_save(editor_client):
    actor = draft_actor()
    for expected in (2, 3):
        editor_client.post(admin_url(actor), open_change_form(editor_client, actor))
        actor.refresh_from_db()
        assert actor.version == expected


@pytest.mark.django_db
def test_it_refuses_a_change_posted_without_the_loaded_version(editor_client):
    actor = draft_actor()
    data = open_change_form(editor_client, actor)
    del data["loaded_version"]

    response = editor_client.post(admin_url(actor), {**data, "website": MINE})

    assert CONFLICT in response.content.decode()
    actor.refresh_from_db()
    assert actor.website == OLD


@pytest.mark.django_db
def test_it_refuses_a_stale_inline_row(editor_client):
    """A participation edited on its own page, then through a stale initiative page."""
    initiative = make_initiative(publication_state=DRAFT)
    participation = make_participation(initiative=initiative, actor=make_actor(), note="a")
    stale_initiative_page = open_change_form(editor_client, initiative)
    own_page = open_change_form(editor_client, participation)
    editor_client.post(admin_url(participation), {**own_page, "note": "edited alone"})

    note_key = "participations-0-note"
    assert stale_initiative_page["participations-0-id"] == str(participation.pk)
    response = editor_client.post(
        admin_url(initiative), {**stale_initiative_page, note_key: "edited on the initiative"}
    )

    assert CONFLICT in response.content.decode()
    participation.refresh_from_db()
    assert participation.note == "edited alone"


@pytest.mark.django_db
def test_a_stale_save_changes_nothing():
    actor = draft_actor()
    actor.website = THEIRS
    actor.save(expected_version=1)
    stale = Actor.objects.get(pk=actor.pk)
    stale.website = MINE
    with pytest.raises(VersionConflict):
        stale.save(expected_version=1)
    actor.refresh_from_db()
    assert (actor.website, actor.version) == (THEIRS, 2)


@pytest.mark.django_db
def test_every_save_moves_the_version_whatever_the_path(editor):
    """Imports and plain model code too, so an open form notices any change."""
    actor = draft_actor()
    actor.save()
    Actor.objects.get(pk=actor.pk).save(update_fields=["website"])
    actor.refresh_from_db()
    assert actor.version == 3


@contextlib.contextmanager
def committed_editors(*names):
    """Editors saved outside any test transaction, so other threads can log them in."""
    users = [get_user_model().objects.create_user(name, is_staff=True) for name in names]
    try:
        for user in users:
            user.groups.add(Group.objects.get(name=EDITORS))
        yield users
    finally:
        for user in users:
            user.delete()


def post_at_once(posts):
    """Send each (name, client, url, data) from its own thread; returns name -> response."""
    responses = {}

    def send(name, client, url, data):
        try:
            responses[name] = client.post(url, data)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return responses


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two connections to one database; the SQLite test database is in memory",
)
def test_it_lets_exactly_one_of_two_simultaneous_saves_win(django_db_blocker, monkeypatch):
    """Two saves sent at the same moment: the version check holds the row until the first
    save commits, so the second sees the new version and shows the conflict.

    Runs outside the usual test transaction, so the request threads see the same rows,
    and removes what it made.
    """
    validate = VersionedForm.clean

    def validate_slowly(form):
        cleaned_data = validate(form)
        time.sleep(0.3)  # the other request arrives while this one holds the row
        return cleaned_data

    with django_db_blocker.unblock(), committed_editors("racer1", "racer2") as editors:
        actor = draft_actor()
        try:
            posts = []
            for user in editors:
                client = Client()
                client.force_login(user)
                site = f"https://{user.username}.example"
                data = {**open_change_form(client, actor), "website": site}
                posts.append((user.username, client, admin_url(actor), data))
            monkeypatch.setattr(VersionedForm, "clean", validate_slowly)

            responses = post_at_once(posts)

            assert sorted(r.status_code for r in responses.values()) == [200, 302]
            loser = next(name for name, r in responses.items() if r.status_code == 200)
            winner = next(name for name in responses if name != loser)
            page = responses[loser].content.decode()
            assert CONFLICT in page
            assert f'value="https://{loser}.example"' in page
            actor.refresh_from_db()
            assert (actor.website, actor.version) == (f"https://{winner}.example", 2)
        finally:
            Actor.history.filter(id=actor.pk).delete()
            Actor.objects.filter(pk=actor.pk).delete()
