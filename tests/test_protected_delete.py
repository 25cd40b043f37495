"""Deleting something that is cited is refused, saying what cites it; unpublishing hides it."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from actors.models import Actor
from articles.models import Article
from core.admin_base import CITED_REFUSAL, UNPUBLISH_ADVICE, VersionedAdmin
from core.publishing import PublicationState

from .admin_forms import admin_url, as_shown
from .factories import make_actor, make_article, make_initiative

pytestmark = pytest.mark.django_db

REFUSED = as_shown(CITED_REFUSAL).split("{}")[0]  # the words before the list of citers


DRAFT = PublicationState.DRAFT


def test_it_refuses_to_delete_a_cited_article_and_says_what_cites_it(editor_client):
    article = make_article(publication_state=DRAFT)
    make_initiative(title="Läxhjälp i Gävle", sources=[article])

    page = editor_client.get(admin_url(article, "delete")).content.decode()
    editor_client.post(admin_url(article, "delete"), {"post": "yes"})

    assert REFUSED in page
    assert "Läxhjälp i Gävle" in page
    assert as_shown(UNPUBLISH_ADVICE) in page
    assert Article.objects.filter(pk=article.pk).exists()


def test_it_refuses_to_delete_a_cited_actor_from_the_changelist(editor_client):
    actor = make_actor()
    make_article(publisher=actor, title="Ett pressmeddelande")
    changelist = reverse("admin:actors_actor_changelist")

    response = editor_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [actor.pk], "post": "yes"}
    )

    assert "Ett pressmeddelande" in response.content.decode()
    assert Actor.objects.filter(pk=actor.pk).exists()


def test_it_explains_instead_of_failing_when_a_citation_appears_after_confirmation(
    editor_client,
):
    article = make_article(publication_state=DRAFT)
    make_initiative(title="Ny insats", sources=[article])
    nothing_protected = mock.patch.object(
        VersionedAdmin,
        "get_deleted_objects",
        lambda self, objs, request: ([], {}, set(), []),
    )

    with nothing_protected:
        response = editor_client.post(admin_url(article, "delete"), {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "Ny insats" in response.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()


def test_it_deletes_what_nothing_cites(editor_client):
    article = make_article(publication_state=DRAFT)
    response = editor_client.post(admin_url(article, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_unpublishing_hides_a_cited_article_from_visitors(client, publisher):
    article = make_article()
    make_initiative(sources=[article])
    assert client.get(article.get_absolute_url()).status_code == 200
    staff = Client()
    staff.force_login(publisher)

    unpublish = reverse("admin:articles_article_review", args=[article.pk, "unpublish"])
    assert staff.post(unpublish).status_code == 302

    article.refresh_from_db()
    assert article.publication_state == PublicationState.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404
