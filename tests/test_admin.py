"""Staff curate in the admin: every page renders, and each group may do exactly its share."""

import pytest
from django.contrib import admin
from django.urls import reverse

from core.content import content_app_labels, content_models

pytestmark = pytest.mark.django_db


def keys(models):
    return {(model._meta.app_label, model._meta.model_name) for model in models}


REFERENCE_MODELS = keys(m for m in content_models() if getattr(m, "reference_data", False))
CONTENT_MODELS = keys(content_models()) - REFERENCE_MODELS
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in content_app_labels()
)


def first_pk(app_label, model_name):
    model = admin.site._registry and next(
        m
        for m in admin.site._registry
        if (m._meta.app_label, m._meta.model_name) == (app_label, model_name)
    )
    return model.objects.order_by("pk").values_list("pk", flat=True).first()


def test_every_content_model_is_registered():
    # Facts edited only as rows of their initiative's form.
    inline_only = {
        ("initiatives", name)
        for name in ["initiativesource", "initiativeschool", "initiativeclaim", "initiativequote"]
    }
    assert (CONTENT_MODELS | REFERENCE_MODELS) - inline_only <= set(REGISTERED)


@pytest.mark.parametrize("app_label,model_name", REGISTERED)
def test_superuser_sees_changelist_add_and_change_pages(admin_client, app_label, model_name):
    base = f"admin:{app_label}_{model_name}"
    assert admin_client.get(reverse(f"{base}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"{base}_changelist"), {"q": "Trollhättan"}).status_code == 200
    assert admin_client.get(reverse(f"{base}_add")).status_code == 200
    pk = first_pk(app_label, model_name)
    assert admin_client.get(reverse(f"{base}_change", args=[pk])).status_code == 200


@pytest.mark.parametrize("app_label,model_name", REGISTERED)
def test_editor_sees_every_page_and_adds_only_content(editor_client, app_label, model_name):
    base = f"admin:{app_label}_{model_name}"
    assert editor_client.get(reverse(f"{base}_changelist")).status_code == 200
    pk = first_pk(app_label, model_name)
    change = editor_client.get(reverse(f"{base}_change", args=[pk]))
    assert change.status_code == 200
    assert b'name="_save"' in change.content
    expected_add = 200 if (app_label, model_name) in CONTENT_MODELS else 403
    assert editor_client.get(reverse(f"{base}_add")).status_code == expected_add


def test_editor_cannot_manage_users_or_groups(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_add")).status_code == 403


@pytest.mark.parametrize("app_label,model_name", REGISTERED)
def test_viewer_reads_but_cannot_change(viewer_client, app_label, model_name):
    base = f"admin:{app_label}_{model_name}"
    assert viewer_client.get(reverse(f"{base}_changelist")).status_code == 200
    pk = first_pk(app_label, model_name)
    change_url = reverse(f"{base}_change", args=[pk])
    page = viewer_client.get(change_url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert viewer_client.post(change_url, {}).status_code == 403
    assert viewer_client.get(reverse(f"{base}_add")).status_code == 403
    assert viewer_client.get(reverse(f"{base}_delete", args=[pk])).status_code == 403


def test_editor_adds_an_actor_through_the_admin(editor_client):
    response = editor_client.post(
        reverse("admin:actors_actor_add"),
        {"name": "Gävle kommun", "slug": "gavle-kommun", "kind": "municipal_administration"},
    )
    assert response.status_code == 302
    from actors.models import Actor

    assert Actor.objects.get(slug="gavle-kommun").name == "Gävle kommun"


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("admin:initiatives_initiative_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
