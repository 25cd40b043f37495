"""The page cache stores a page under the parameters it uses, and only pages of sane size."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path

from core import caching
from core.caching import cache_keyed_on

pytestmark = pytest.mark.django_db

BROWSER = "/initiatives/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def stored_pages(monkeypatch):
    """The keys of the pages the cache stores during the test."""
    keys = []
    store = cache.set

    def counting_set(key, *args, **kwargs):
        if key.startswith("page-cache:"):
            keys.append(key)
        return store(key, *args, **kwargs)

    monkeypatch.setattr(caching.cache, "set", counting_set)
    return keys


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_made_up_parameters_do_not_make_new_entries(stored_pages):
    visitor = Client()
    first = visitor.get(f"{BROWSER}?type=school-closure")

    for n in range(50):
        response, queries = queries_for(visitor, f"{BROWSER}?type=school-closure&junk={n}")
        assert (response.status_code, queries) == (200, 0)
        assert response.content == first.content
    assert len(stored_pages) == 1


def test_a_stored_page_never_carries_made_up_parameters():
    first = Client().get(f"{BROWSER}?utm_source=nyhetsbrev&type=school-closure&page=1")
    again = Client().get(f"{BROWSER}?type=school-closure&page=1")

    assert "utm_source" not in first.content.decode()
    assert "nyhetsbrev" not in first.content.decode()
    assert again.content == first.content


def test_the_order_of_parameters_does_not_matter(stored_pages):
    visitor = Client()
    visitor.get(f"{BROWSER}?type=school-closure&order=title")

    _response, queries = queries_for(visitor, f"{BROWSER}?order=title&type=school-closure")

    assert queries == 0
    assert len(stored_pages) == 1


def test_declared_parameters_still_make_pages_of_their_own():
    visitor = Client()
    closures = visitor.get(f"{BROWSER}?type=school-closure").content.decode()
    studies = visitor.get(f"{BROWSER}?type=research-study").content.decode()
    in_english = visitor.get("/en/search/?q=skola").content.decode()

    assert closures != studies
    assert "skola" in in_english
    assert Client().get("/municipalities/?with_records=1").content != (
        Client().get("/municipalities/").content
    )


def test_every_page_keeps_the_parameters_it_reads():
    """Each declared parameter reaches its view: the answer differs from the page without it."""
    visitor = Client()
    for url, without in [
        ("/?map=funding", "/"),
        ("/municipalities/trollhattan/?map=funding", "/municipalities/trollhattan/"),
        ("/counties/14/?map=funding", "/counties/14/"),
        ("/compare/?m=trollhattan&m=borlange", "/compare/"),
        (f"{BROWSER}?page_size=10&page=2", BROWSER),
        (f"{BROWSER}?year=2018&county=20&has_funding=true", BROWSER),
        ("/actors/?kind=person", "/actors/"),
    ]:
        assert visitor.get(url).content != visitor.get(without).content, url


def test_too_many_fields_still_answer_400_and_are_not_stored(stored_pages):
    query = "&".join(f"f{n}=1" for n in range(1100))

    assert Client().get(f"{BROWSER}?{query}").status_code == 400
    assert stored_pages == []


def test_a_page_over_the_size_limit_is_rendered_every_time(settings, stored_pages):
    settings.PAGE_CACHE_MAX_BYTES = 2000
    visitor = Client()
    visitor.get(BROWSER)

    response, queries = queries_for(visitor, BROWSER)

    assert response.status_code == 200
    assert len(response.content) > 2000
    assert queries > 0
    assert stored_pages == []


# A page that declares no parameters, as a new page would be.
def echo_x(request):
    return HttpResponse(f"x is {request.GET.get('x', 'unset')}")


def echo_x_declared(request):
    return HttpResponse(f"x is {request.GET.get('x', 'unset')}")


urlpatterns = [
    path("undeclared/", echo_x),
    path("declared/", cache_keyed_on("x")(echo_x_declared)),
]


@pytest.mark.urls(__name__)
def test_a_page_that_declares_nothing_is_stored_only_without_a_query(stored_pages):
    visitor = Client()

    assert visitor.get("/undeclared/?x=1").content == b"x is 1"
    assert visitor.get("/undeclared/?x=2").content == b"x is 2"
    assert stored_pages == []
    assert visitor.get("/undeclared/").content == b"x is unset"
    assert len(stored_pages) == 1
    assert visitor.get("/undeclared/?x=3").content == b"x is 3"


@pytest.mark.urls(__name__)
def test_a_declared_parameter_reaches_the_view_and_others_do_not(stored_pages):
    visitor = Client()

    assert visitor.get("/declared/?x=1&y=2").content == b"x is 1"
    assert visitor.get("/declared/?x=2").content == b"x is 2"
    assert visitor.get("/declared/?y=3&x=1").content == b"x is 1"
    assert len(stored_pages) == 2


def test_letters_outside_ascii_survive_the_cut_however_they_were_sent():
    encoded = Client().get("/en/search/?q=Trollh%C3%A4ttan&junk=1").content.decode()
    # Some clients send UTF-8 unencoded; WSGI hands it over as Latin-1 text.
    raw = Client().get("/en/search/", QUERY_STRING="q=Trollh\xc3\xa4ttan&junk=2").content.decode()

    assert 'value="Trollhättan"' in encoded
    assert raw == encoded
