"""Security headers on every response, hardened cookies, and an admin that works under the CSP."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from .admin_forms import admin_url
from .factories import make_actor

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/en/",
    "/municipalities/",
    "/initiatives/",
    "/actors/",
    "/articles/",
    "/search/?q=skola",
    "/no-such-page/",
    "/healthz",
    "/robots.txt",
    "/admin/login/",
]


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path, secure=True)

    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_session_and_csrf_cookies_are_secure_and_hidden_from_scripts(client, editor):
    login = client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "pw", "next": "/admin/"},
        secure=True,
        REMOTE_ADDR="192.0.2.10",
    )

    assert response.status_code == 302
    for cookie in (login.cookies["csrftoken"], response.cookies["sessionid"]):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize("path", ["/", "/initiatives/", "/en/municipalities/trollhattan/"])
def test_pages_shown_to_staff_are_never_stored_by_shared_caches(editor_client, path):
    response = editor_client.get(path)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_pages_shown_to_visitors_may_be_stored(client):
    assert "private" not in client.get("/initiatives/")["Cache-Control"]


def test_the_login_response_is_private(client, editor):
    response = client.post("/admin/login/", {"username": "editor", "password": "pw"})

    assert response.status_code == 302
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", ""])
def test_a_login_never_leaves_the_site_and_lands_on_the_admin(client, editor, target):
    response = client.post(
        "/admin/login/?next=" + target, {"username": "editor", "password": "pw", "next": target}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


def test_a_login_follows_a_next_on_the_site(client, editor):
    target = reverse("admin:actors_actor_changelist")
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "pw", "next": target}
    )

    assert response["Location"] == target


def test_the_language_cookie_is_secure_and_hidden_from_scripts(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)

    cookie = response.cookies["django_language"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block."""

    DATA_TYPES = {"application/json", "application/ld+json", "text/template"}

    def __init__(self):
        super().__init__()
        self.blocked = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "style":
            self.blocked.append("<style> element")
        if tag == "script" and "src" not in attrs and attrs.get("type") not in self.DATA_TYPES:
            self._in_script = True
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.blocked.append(f"{name}= on <{tag}>")
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.blocked.append(f"javascript: URL on <{tag}>")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.blocked.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def blocked_by_csp(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.blocked


def admin_pages():
    """Every kind of admin page: index, and for each model its list, add, change, history."""
    yield reverse("admin:index")
    for model in admin.site._registry:
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            yield admin_url(obj)
            yield admin_url(obj, "history")
            yield admin_url(obj, "delete")


# simple-history's history table ends in <p class="paginator" style="border-top: 0">.
# The browser ignores that style under the CSP: a thin line, nothing broken.
KNOWN_COSMETIC = ["style= on <p>"]


def test_the_admin_needs_no_inline_code(admin_client):
    blocked = {}
    for url in admin_pages():
        response = admin_client.get(url)
        assert response.status_code in (200, 403), url  # axes' logs cannot be added by hand
        found = blocked_by_csp(response)
        if url.endswith("/history/") and found == KNOWN_COSMETIC:
            continue
        if found:
            blocked[url] = found
    assert blocked == {}


def test_the_revert_form_needs_no_inline_code(admin_client):
    actor = make_actor()
    record = actor.history.first()
    url = reverse("admin:actors_actor_simple_history", args=[actor.pk, record.pk])

    assert blocked_by_csp(admin_client.get(url)) == []


@pytest.mark.parametrize("path", [p for p in PAGES if not p.startswith("/admin")])
def test_public_pages_need_no_inline_code(client, path):
    assert blocked_by_csp(client.get(path)) == []
