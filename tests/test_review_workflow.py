"""Review and publishing: the state machine, who may do what, and the admin actions."""

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from articles.models import Article
from core.publishing import PublicationState
from core.review import (
    PUBLISH,
    RETURN_TO_DRAFT,
    SUBMIT,
    UNPUBLISH,
    TransitionNotAllowed,
    apply_transition,
    available_transitions,
)
from initiatives.models import Initiative
from tests.admin_forms import form_data
from tests.factories import make_article, make_initiative

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
IN_REVIEW = PublicationState.IN_REVIEW
PUBLISHED = PublicationState.PUBLISHED
MAKERS = {"initiative": make_initiative, "article": make_article}


@pytest.fixture(params=["initiative", "article"])
def model_name(request):
    return request.param


def make_record(model_name, state):
    return MAKERS[model_name](publication_state=state)


def app_label(model_name):
    return "initiatives" if model_name == "initiative" else "articles"


def admin_url(model_name, view, *args):
    return reverse(f"admin:{app_label(model_name)}_{model_name}_{view}", args=args)


# The state machine.


def test_an_editor_submits_a_draft_for_review(editor, model_name):
    record = make_record(model_name, DRAFT)
    apply_transition(record, SUBMIT, editor)
    record.refresh_from_db()
    assert record.publication_state == IN_REVIEW
    assert record.published_at is None


def test_an_editor_may_not_publish(editor, model_name):
    record = make_record(model_name, IN_REVIEW)
    with pytest.raises(PermissionDenied):
        apply_transition(record, PUBLISH, editor)
    record.refresh_from_db()
    assert record.publication_state == IN_REVIEW


def test_a_publisher_publishes_and_is_recorded_with_the_time(publisher, model_name):
    record = make_record(model_name, IN_REVIEW)
    apply_transition(record, PUBLISH, publisher)
    record.refresh_from_db()
    assert record.publication_state == PUBLISHED
    assert record.published_by == publisher
    assert record.published_at is not None


def test_a_draft_cannot_skip_review(publisher, model_name):
    record = make_record(model_name, DRAFT)
    with pytest.raises(TransitionNotAllowed):
        apply_transition(record, PUBLISH, publisher)


def test_a_publisher_unpublishes_back_to_draft(publisher, model_name):
    record = make_record(model_name, IN_REVIEW)
    apply_transition(record, PUBLISH, publisher)
    apply_transition(record, UNPUBLISH, publisher)
    record.refresh_from_db()
    assert record.publication_state == DRAFT
    assert record.published_by is None and record.published_at is None


def test_an_editor_returns_a_record_in_review_to_draft(editor, model_name):
    record = make_record(model_name, IN_REVIEW)
    apply_transition(record, RETURN_TO_DRAFT, editor)
    assert record.publication_state == DRAFT


def test_a_viewer_may_do_nothing(viewer, model_name):
    for state in [DRAFT, IN_REVIEW, PUBLISHED]:
        assert available_transitions(viewer, make_record(model_name, state)) == []


def test_each_group_is_offered_exactly_its_transitions(editor, publisher, model_name):
    draft, in_review = make_record(model_name, DRAFT), make_record(model_name, IN_REVIEW)
    published = make_record(model_name, PUBLISHED)
    assert available_transitions(editor, draft) == [SUBMIT]
    assert available_transitions(editor, in_review) == [RETURN_TO_DRAFT]
    assert available_transitions(editor, published) == []
    assert available_transitions(publisher, in_review) == [RETURN_TO_DRAFT, PUBLISH]
    assert available_transitions(publisher, published) == [UNPUBLISH]


# Bulk actions in the changelist.


def run_action(client, model_name, action, records):
    return client.post(
        admin_url(model_name, "changelist"),
        {"action": action, helpers.ACTION_CHECKBOX_NAME: [r.pk for r in records]},
    )


def offered_actions(client, model_name):
    response = client.get(admin_url(model_name, "changelist"))
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


def test_editors_are_offered_review_but_not_publishing_actions(client, editor, model_name):
    client.force_login(editor)
    actions = offered_actions(client, model_name)
    assert {"submit_for_review", "return_to_draft"} <= actions
    assert not {"publish", "unpublish"} & actions


def test_publishers_are_offered_every_action(client, publisher, model_name):
    client.force_login(publisher)
    actions = offered_actions(client, model_name)
    assert {"submit_for_review", "return_to_draft", "publish", "unpublish"} <= actions


def test_a_publisher_publishes_in_bulk_and_skips_records_not_in_review(
    client, publisher, model_name
):
    client.force_login(publisher)
    ready = [make_record(model_name, IN_REVIEW) for _ in range(2)]
    draft = make_record(model_name, DRAFT)
    response = run_action(client, model_name, "publish", [*ready, draft])
    assert response.status_code == 302
    for record in ready:
        record.refresh_from_db()
        assert record.publication_state == PUBLISHED
        assert record.published_by == publisher
    draft.refresh_from_db()
    assert draft.publication_state == DRAFT


def test_an_editor_submits_in_bulk(editor_client, model_name):
    drafts = [make_record(model_name, DRAFT) for _ in range(2)]
    run_action(editor_client, model_name, "submit_for_review", drafts)
    assert all(type(r).objects.get(pk=r.pk).publication_state == IN_REVIEW for r in drafts)


def test_an_editor_cannot_post_the_publish_action(editor_client, model_name):
    record = make_record(model_name, IN_REVIEW)
    run_action(editor_client, model_name, "publish", [record])
    record.refresh_from_db()
    assert record.publication_state == IN_REVIEW


# One record, from its change page.


def test_the_change_page_offers_the_users_transitions(client, editor, publisher, model_name):
    record = make_record(model_name, IN_REVIEW)
    publish_url = admin_url(model_name, "review", record.pk, "publish")
    client.force_login(editor)
    assert (
        publish_url not in client.get(admin_url(model_name, "change", record.pk)).content.decode()
    )
    client.force_login(publisher)
    assert publish_url in client.get(admin_url(model_name, "change", record.pk)).content.decode()


def test_a_publisher_confirms_then_publishes_one_record(client, publisher, model_name):
    client.force_login(publisher)
    record = make_record(model_name, IN_REVIEW)
    url = admin_url(model_name, "review", record.pk, "publish")
    assert client.get(url).status_code == 200
    record.refresh_from_db()
    assert record.publication_state == IN_REVIEW  # a GET changes nothing
    response = client.post(url)
    assert response["Location"] == admin_url(model_name, "change", record.pk)
    record.refresh_from_db()
    assert record.publication_state == PUBLISHED


def test_an_editor_is_refused_the_publish_page(editor_client, model_name):
    record = make_record(model_name, IN_REVIEW)
    url = admin_url(model_name, "review", record.pk, "publish")
    assert editor_client.post(url).status_code == 403
    record.refresh_from_db()
    assert record.publication_state == IN_REVIEW


def test_a_stale_transition_link_changes_nothing(client, publisher, model_name):
    client.force_login(publisher)
    record = make_record(model_name, DRAFT)
    response = client.post(admin_url(model_name, "review", record.pk, "publish"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.publication_state == DRAFT


def test_the_state_cannot_be_changed_through_the_form(editor_client):
    initiative = make_initiative(publication_state=DRAFT)
    url = admin_url("initiative", "change", initiative.pk)
    data = form_data(editor_client.get(url))
    data["publication_state"] = PUBLISHED
    assert editor_client.post(url, data).status_code == 302
    initiative.refresh_from_db()
    assert initiative.publication_state == DRAFT


# Only published records reach visitors.


@pytest.mark.parametrize("model", [Initiative, Article])
def test_only_published_records_reach_visitors(publisher, model):
    record = make_record(model._meta.model_name, IN_REVIEW)
    visitor = Client()
    assert visitor.get(record.get_absolute_url()).status_code == 404
    assert record not in model.objects.published()
    apply_transition(record, PUBLISH, publisher)
    assert visitor.get(record.get_absolute_url()).status_code == 200
    assert record in model.objects.published()


def test_a_transition_gives_the_record_a_new_version(publisher):
    from core.review import UNPUBLISH, apply_transition
    from initiatives.models import Initiative

    initiative = Initiative.objects.get(slug="samverkan-for-basta-skola-trollhattan")
    before = initiative.version
    apply_transition(initiative, UNPUBLISH, publisher)
    initiative.refresh_from_db()
    assert initiative.version == before + 1
    assert initiative.publication_state == "draft"
