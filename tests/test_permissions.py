"""Who may see and do what, one rule per test (tests/test_admin.py covers the basics)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from actors.models import Actor
from core.publishing import PublicationState
from initiatives.models import Initiative
from municipalities.models import Municipality

from .admin_forms import admin_url, form_data
from .factories import make_actor, make_article, make_initiative

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Hemlig utkastinsats om skolval"


# Anonymous visitors ----------------------------------------------------------------


@pytest.fixture
def draft():
    trollhattan = Municipality.objects.get(code="1488")
    source = make_article(title=f"{DRAFT_TITLE} (källa)", publication_state=PublicationState.DRAFT)
    return make_initiative(
        title=DRAFT_TITLE,
        municipalities=[trollhattan],
        sources=[source],
        start_year=2020,
        publication_state=PublicationState.DRAFT,
    )


PUBLIC_LISTINGS = [
    "/",
    "/initiatives/",
    "/initiatives/?q=utkastinsats",
    "/initiatives/?year=2020",
    "/initiatives/export.csv",
    "/initiatives/export.json",
    "/search/?q=utkastinsats",
    "/municipalities/trollhattan/",
    "/articles/",
    "/sitemap-initiatives.xml",
    "/en/initiatives/",
]


def test_anonymous_visitors_never_see_a_draft_in_any_listing(client, draft):
    for path in PUBLIC_LISTINGS:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        body = b"".join(response) if response.streaming else response.content
        assert DRAFT_TITLE not in body.decode(), path


def test_anonymous_visitors_get_404_for_a_draft_page(client, draft):
    article = draft.sources.get()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 404


def admin_site_urls():
    """Every named admin URL, with placeholder ids: anonymous visitors are turned away first."""
    names = set()
    stack = list(admin.site.get_urls())
    while stack:
        pattern = stack.pop()
        if isinstance(pattern, URLResolver):
            stack.extend(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    for name in sorted(names - {"login", "logout"}):
        for args in ([], ["1"], ["1", "1"], ["1", "publish"], ["1", "1", "1"]):
            try:
                yield reverse(f"admin:{name}", args=args)
                break
            except NoReverseMatch:
                continue


def other_admin_paths():
    """Staff pages outside the admin site but under /admin/ (e.g. data quality)."""
    for pattern in get_resolver().url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLPattern) and route.startswith("admin/") and "<" not in route:
            yield "/" + route


def test_anonymous_visitors_never_see_an_admin_page(client):
    urls = [*admin_site_urls(), *other_admin_paths()]
    assert len(urls) > 50
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


# Viewers ---------------------------------------------------------------------------


def test_viewers_cannot_revert_from_the_history(viewer_client):
    actor = make_actor(website="https://gammal.example")
    actor.website = "https://ny.example"
    actor.save()
    original = actor.history.earliest()
    url = reverse("admin:actors_actor_simple_history", args=[actor.pk, original.pk])

    response = viewer_client.post(
        url, {"website": "https://gammal.example", "loaded_version": actor.version}
    )

    assert response.status_code == 403
    assert Actor.objects.get(pk=actor.pk).website == "https://ny.example"


def test_viewers_cannot_delete_from_the_changelist(viewer_client):
    actor = make_actor()
    viewer_client.post(
        reverse("admin:actors_actor_changelist"),
        {"action": "delete_selected", "_selected_action": [actor.pk], "post": "yes"},
    )
    assert Actor.objects.filter(pk=actor.pk).exists()


def test_viewers_cannot_move_a_record_through_review(viewer_client):
    initiative = make_initiative(publication_state=PublicationState.DRAFT)
    url = reverse("admin:initiatives_initiative_review", args=[initiative.pk, "submit"])

    assert viewer_client.post(url).status_code == 403
    initiative.refresh_from_db()
    assert initiative.publication_state == PublicationState.DRAFT


def test_viewers_cannot_change_their_own_account(viewer_client, viewer):
    response = viewer_client.post(
        admin_url(viewer), {"username": "viewer", "is_superuser": "on", "is_staff": "on"}
    )
    assert response.status_code == 403
    viewer.refresh_from_db()
    assert not viewer.is_superuser


# Editors ---------------------------------------------------------------------------


def test_editors_cannot_make_themselves_superusers(editor_client, editor):
    assert editor_client.get(admin_url(editor)).status_code == 403
    response = editor_client.post(
        admin_url(editor), {"username": "editor", "is_superuser": "on", "is_staff": "on"}
    )
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_editors_cannot_create_or_change_groups(editor_client):
    editors = Group.objects.get(name="Editors")
    add = editor_client.post(reverse("admin:auth_group_add"), {"name": "Admins"})
    change = editor_client.post(admin_url(editors), {"name": "Editors", "permissions": []})

    assert (add.status_code, change.status_code) == (403, 403)
    assert not Group.objects.filter(name="Admins").exists()
    assert editors.permissions.exists()


def test_editors_cannot_delete_users(editor_client, viewer):
    assert editor_client.post(admin_url(viewer, "delete"), {"post": "yes"}).status_code == 403
    assert type(viewer).objects.filter(pk=viewer.pk).exists()


def test_editors_cannot_add_a_municipality(editor_client):
    url = reverse("admin:municipalities_municipality_add")
    response = editor_client.post(url, {"code": "9999", "name": "Ny", "slug": "ny"})

    assert response.status_code == 403
    assert not Municipality.objects.filter(code="9999").exists()


def test_editors_may_change_content_they_are_meant_to(editor_client):
    initiative = Initiative.objects.published().first()
    data = form_data(editor_client.get(admin_url(initiative)))

    assert editor_client.post(admin_url(initiative), data).status_code == 302
