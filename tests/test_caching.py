"""Whole-page caching: hits, conditional GET, and edits visible to visitors at once."""

import io
import pickle
import socket

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.models import Model
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.caching import current_generation
from core.publishing import PublicationState
from initiatives.models import Initiative

from .admin_forms import admin_url, form_data
from .factories import make_initiative

pytestmark = pytest.mark.django_db

SEED_INITIATIVE = "trollhattan-avveckling-av-skolor"
REDIS_URL = "redis://127.0.0.1:6379/1"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    # On by default, but these tests must hold even where PAGE_CACHE=0 is set.
    settings.PAGE_CACHE_ENABLED = True


def get_counting_queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def edit_title_in_admin(staff_client, initiative, title):
    data = form_data(staff_client.get(admin_url(initiative)))
    data["title"] = title
    response = staff_client.post(admin_url(initiative), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def redis_is_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_it_serves_a_stored_page_without_touching_the_database():
    visitor = Client()
    url = reverse("initiatives:list")
    first, first_queries = get_counting_queries(visitor, url)
    again, again_queries = get_counting_queries(visitor, url)

    assert first_queries > 0
    assert again_queries == 0
    assert again.status_code == 200
    assert again.content == first.content


def test_it_marks_stored_pages_for_revalidation():
    response = Client().get(reverse("home"))

    assert response["ETag"]
    assert response["Last-Modified"]
    assert "no-cache" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_it_answers_304_when_the_etag_still_matches():
    visitor = Client()
    url = reverse("initiatives:detail", args=[SEED_INITIATIVE])
    etag = visitor.get(url)["ETag"]

    response = visitor.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_it_answers_304_when_not_modified_since():
    visitor = Client()
    url = reverse("municipalities:detail", args=["trollhattan"])
    last_modified = visitor.get(url)["Last-Modified"]

    assert visitor.get(url, headers={"if-modified-since": last_modified}).status_code == 304


def test_it_shows_an_admin_edit_to_visitors_at_once(publisher_client):
    visitor = Client()
    initiative = Initiative.objects.get(slug=SEED_INITIATIVE)
    detail = initiative.get_absolute_url()
    municipality = reverse("municipalities:detail", args=["trollhattan"])
    old_etag = visitor.get(detail)["ETag"]
    visitor.get(municipality)

    # A Publisher's edit goes live at once (an Editor's waits for review).
    edit_title_in_admin(publisher_client, initiative, "Ny rubrik från redaktionen")

    assert "Ny rubrik från redaktionen" in visitor.get(detail).content.decode()
    assert "Ny rubrik från redaktionen" in visitor.get(municipality).content.decode()
    assert visitor.get(detail, headers={"if-none-match": old_etag}).status_code == 200


def test_it_shows_a_new_many_to_many_link_at_once():
    visitor = Client()
    initiative = make_initiative(title="Insats utan kommun")
    url = reverse("municipalities:detail", args=["borlange"])
    assert "Insats utan kommun" not in visitor.get(url).content.decode()

    initiative.municipalities.add(initiative.municipalities.model.objects.get(slug="borlange"))

    assert "Insats utan kommun" in visitor.get(url).content.decode()


def test_it_never_serves_staff_the_anonymous_page(editor_client):
    make_initiative(title="Utkast om skolval", publication_state=PublicationState.DRAFT)
    url = reverse("initiatives:list")
    assert "Utkast om skolval" not in Client().get(url).content.decode()

    assert "Utkast om skolval" in editor_client.get(url).content.decode()
    assert "Utkast om skolval" not in Client().get(url).content.decode()


def test_it_never_stores_the_admin(editor_client):
    url = reverse("admin:index")
    editor_client.get(url)
    response, queries = get_counting_queries(editor_client, url)

    assert response.status_code == 200
    assert queries > 0


def test_it_streams_exports_afresh_every_time():
    visitor = Client()
    url = reverse("initiatives:export-csv")

    assert visitor.get(url).streaming
    assert visitor.get(url).streaming


def test_a_successful_post_starts_a_new_generation(editor_client):
    # The safety net for admin writes that send no signal, e.g. QuerySet.update().
    before = current_generation()
    Initiative.objects.filter(slug=SEED_INITIATIVE).update(title="Ändrad utan signal")
    response = editor_client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert current_generation() != before


@override_settings(PAGE_CACHE_ENABLED=False)
def test_it_stays_out_of_the_way_when_turned_off():
    visitor = Client()
    url = reverse("initiatives:list")
    visitor.get(url)
    response, queries = get_counting_queries(visitor, url)

    assert queries > 0
    assert not response.has_header("ETag")


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
def test_it_works_with_redis(publisher_client):
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    with override_settings(CACHES={"default": redis}, PAGE_CACHE_GENERATION_CACHE="default"):
        caches["default"].clear()
        visitor = Client()
        initiative = Initiative.objects.get(slug=SEED_INITIATIVE)
        url = initiative.get_absolute_url()
        visitor.get(url)
        _response, queries = get_counting_queries(visitor, url)
        assert queries == 0

        edit_title_in_admin(publisher_client, initiative, "Rubrik via Redis")

        assert "Rubrik via Redis" in visitor.get(url).content.decode()
        caches["default"].clear()


def test_it_stores_an_answer_as_its_bytes_and_headers_only():
    # A REST framework answer's data keeps the records its links point to; stored whole,
    # every hit unpickled them. What is stored, and so what a hit serves, is the answer
    # as sent: the same bytes and headers, and no records.
    visitor = Client()
    url = reverse("api:initiative-list")
    first = visitor.get(url)
    again, queries = get_counting_queries(visitor, url)
    assert queries == 0
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    assert again["ETag"] == first["ETag"]

    loaded = []

    class Recording(pickle.Unpickler):
        def find_class(self, module, name):
            found = super().find_class(module, name)
            loaded.append(found)
            return found

    cache = caches["default"]
    stored = [value for key, value in cache._cache.items() if ":page-cache:" in key]
    assert stored
    for value in stored:
        Recording(io.BytesIO(value)).load()
    assert not [found for found in loaded if isinstance(found, type) and issubclass(found, Model)]
