"""Two staff members editing one record: the second save is refused, never silently lost."""

import contextlib
import itertools
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from actors.models import Actor
from core.admin_base import CONFLICT_MESSAGE, VersionedForm, claim_version
from core.concurrency import VersionConflict
from core.staff_groups import EDITORS

from .admin_forms import admin_url, as_shown, form_data
from .factories import make_actor, make_initiative, make_participation

CONFLICT = as_shown(CONFLICT_MESSAGE)


def open_change_form(client, obj):
    response = client.get(admin_url(obj))
    assert response.status_code == 200
    return form_data(response)


@pytest.mark.django_db
def test_it_refuses_the_second_of_two_overlapping_edits(editor_client, publisher, client):
    actor = make_actor(title="Rektor")
    first = Client()
    first.force_login(publisher)
    mine, theirs = open_change_form(editor_client, actor), open_change_form(first, actor)

    assert first.post(admin_url(actor), {**theirs, "title": "Skolchef"}).status_code == 302
    response = editor_client.post(admin_url(actor), {**mine, "title": "Utvecklingsledare"})

    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert 'value="Utvecklingsledare"' in response.content.decode()
    actor.refresh_from_db()
    assert (actor.title, actor.version) == ("Skolchef", 2)


@pytest.mark.django_db
def test_it_saves_on_a_second_deliberate_try_after_the_conflict(editor_client, publisher):
    actor = make_actor(title="Rektor")
    other = Client()
    other.force_login(publisher)
    mine, theirs = open_change_form(editor_client, actor), open_change_form(other, actor)
    other.post(admin_url(actor), {**theirs, "title": "Skolchef"})

    refused = editor_client.post(admin_url(actor), {**mine, "title": "Utvecklingsledare"})
    again = editor_client.post(admin_url(actor), form_data(refused))

    assert again.status_code == 302
    actor.refresh_from_db()
    assert (actor.title, actor.version) == ("Utvecklingsledare", 3)


@pytest.mark.django_db
def test_it_bumps_the_version_on_every_admin_save(editor_client):
    actor = make_actor()
    for expected in (2, 3):
        editor_client.post(admin_url(actor), open_change_form(editor_client, actor))
        actor.refresh_from_db()
        assert actor.version == expected


@pytest.mark.django_db
def test_it_refuses_a_change_posted_without_the_loaded_version(editor_client):
    actor = make_actor(title="Rektor")
    data = open_change_form(editor_client, actor)
    del data["loaded_version"]

    response = editor_client.post(admin_url(actor), {**data, "title": "Skolchef"})

    assert CONFLICT in response.content.decode()
    actor.refresh_from_db()
    assert actor.title == "Rektor"


@pytest.mark.django_db
def test_it_refuses_a_stale_inline_row(editor_client):
    """A participation edited on its own page, then through a stale initiative page."""
    initiative = make_initiative()
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
def test_a_stale_claim_changes_nothing():
    actor = make_actor(title="Rektor")
    claim_version(actor, 1)
    with pytest.raises(VersionConflict):
        claim_version(Actor.objects.get(pk=actor.pk), 1)
    assert Actor.objects.get(pk=actor.pk).version == 2


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
    reason="needs row locks across connections; SQLite serialises every writer",
)
def test_it_lets_exactly_one_of_two_simultaneous_saves_win(django_db_blocker, monkeypatch):
    """Both saves pass validation at the same moment; the conditional UPDATE decides.

    Runs outside the usual test transaction, so the request threads see the same rows,
    and puts back what it changed.
    """
    barrier, first_two = threading.Barrier(2, timeout=20), itertools.count()
    validate = VersionedForm.clean

    def validate_then_meet(form):
        cleaned_data = validate(form)
        if next(first_two) < 2:  # the loser's second validation must not wait
            barrier.wait()
        return cleaned_data

    with django_db_blocker.unblock(), committed_editors("racer1", "racer2") as editors:
        actor = Actor.objects.order_by("pk").first()
        before = Actor.objects.filter(pk=actor.pk).values("title", "version").get()
        try:
            posts = []
            for user in editors:
                client = Client()
                client.force_login(user)
                data = {**open_change_form(client, actor), "title": f"Titel {user.username}"}
                posts.append((user.username, client, admin_url(actor), data))
            monkeypatch.setattr(VersionedForm, "clean", validate_then_meet)

            responses = post_at_once(posts)

            assert sorted(r.status_code for r in responses.values()) == [200, 302]
            loser = next(name for name, r in responses.items() if r.status_code == 200)
            winner = next(name for name in responses if name != loser)
            page = responses[loser].content.decode()
            assert CONFLICT in page
            assert f'value="Titel {loser}"' in page
            actor.refresh_from_db()
            assert (actor.title, actor.version) == (f"Titel {winner}", before["version"] + 1)
        finally:
            Actor.objects.filter(pk=actor.pk).update(**before)
            Actor.history.filter(id=actor.pk, history_user__in=editors).delete()
