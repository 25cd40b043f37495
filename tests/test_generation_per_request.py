"""A request reads the content generation once, when it first needs it, and keeps it to
its end (core/caching.py): a page asked for it once per kept value (core/derived_cache.py),
and each ask read a file, or with Redis made a round trip. An edit made in the request
moves it on at once; one made by another process is seen from the next request on."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse

from core import caching
from core.caching import GENERATION_KEY, current_generation

from .factories import make_initiative

pytestmark = pytest.mark.django_db


def shared():
    """The cache every process reads the generation from."""
    return caches[settings.PAGE_CACHE_GENERATION_CACHE]


@pytest.fixture
def in_a_request():
    """The request's start and end as Django signals them (the receivers alone: the
    signal itself would also close the test's database connection)."""
    caching.request_started()
    yield
    caching.request_finished()


def test_a_page_reads_the_generation_once(client, settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = False  # made on every request, as for staff
    generations, reads = shared(), []
    original = generations.get

    def counted(key, *args, **kwargs):
        reads.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(generations, "get", counted)
    # The start page keeps its figures, its map and its latest additions per generation.
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert reads.count(GENERATION_KEY) == 1
    client.get(reverse("home"))
    assert reads.count(GENERATION_KEY) == 2  # and once more for the next request


def test_an_edit_in_the_request_moves_it_on_for_the_rest_of_the_request(in_a_request):
    before = current_generation()
    make_initiative(title="Ny skola")  # a save starts a new generation
    after = current_generation()
    assert after != before
    assert after == shared().get(GENERATION_KEY)


def test_another_process_edit_is_seen_from_the_next_request_on(in_a_request):
    read = current_generation()
    shared().set(GENERATION_KEY, read + 1, timeout=None)  # another worker's edit
    assert current_generation() == read  # the rest of this request: the one it read
    caching.request_finished()
    assert current_generation() == read + 1  # outside a request: read every time
    caching.request_started()
    assert current_generation() == read + 1


def test_outside_a_request_every_ask_reads_the_shared_cache():
    read = current_generation()
    shared().set(GENERATION_KEY, read + 1, timeout=None)
    assert current_generation() == read + 1
