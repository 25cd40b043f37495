"""The admin is named for the site, has its favicon, and speaks Swedish throughout."""

import re

import pytest
from django.conf import settings

from .test_login_throttle import fail, log_in

pytestmark = pytest.mark.django_db


def test_the_admin_is_named_for_the_site_with_its_favicon(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert '<div id="site-name"><a href="/admin/">Skoljämlikhet – redaktionen</a></div>' in page
    assert "<title>Redigering | Skoljämlikhet redaktion</title>" in page
    assert "Django" not in page.split("<body")[0] + page[page.index('id="header"') :][:400]
    favicon = r'<link rel="icon"\s+href="/static/favicon.svg"\s+type="image/svg\+xml">'
    assert re.search(favicon, page)
    assert 'href="/static/css/admin-curation.css"' in page


def test_the_login_page_is_named_for_the_site_too(client):
    page = client.get("/admin/login/").content.decode()
    assert "Skoljämlikhet – redaktionen" in page and "Django-administration" not in page


@pytest.mark.parametrize(
    "url,texts",
    [
        ("/admin/", ["Inloggningsspärr", "Inloggningsförsök", "Misslyckade inloggningar"]),
        ("/admin/axes/accessattempt/", ["Spärrad", "Rensa bort utgångna inloggningsförsök"]),
        ("/admin/axes/accesslog/", ["Inloggningsloggar", "Utloggningstid"]),
    ],
)
def test_the_login_throttling_pages_are_swedish(client, editor, admin_client, url, texts):
    fail(client, 1)  # one failed login, so the lists have a row (and their actions)
    page = admin_client.get(url).content.decode()
    for text in texts:
        assert text in page, (url, text)
    for english in ("Access attempts", "Access logs", "Access failures", "Locked Out", "Axes"):
        assert english not in page, (url, english)


def test_history_and_import_pages_are_swedish(admin_client):
    history = admin_client.get("/admin/actors/actor/1/history/").content.decode()
    assert "Ändringshistorik" in history or "Ändrad av" in history
    assert "Change history" not in history and "Changed by" not in history
    imports = admin_client.get("/admin/initiatives/initiative/import/").content.decode()
    assert "Fil att importera" in imports and "File to import" not in imports


def test_a_locked_out_login_says_in_swedish_how_long_to_wait(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT)
    response = log_in(client, "pw")
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    page = response.content.decode()
    assert "Kontot är tillfälligt spärrat" in page
    assert "Försök igen om 15 minuter." in page
    assert "Efter 5 misslyckade inloggningar i rad" in page
    assert "Skoljämlikhet – redaktionen" in page
