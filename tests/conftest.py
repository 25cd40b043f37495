import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.utils import translation

from core import caching
from core.health import database_circuit
from core.staff_groups import EDITORS, PUBLISHERS, VIEWERS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the 290 municipalities and the seed records."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)
    yield
    # The replica alias (a mirror) keeps its own connection to the test database, which
    # PostgreSQL would refuse to drop while it is open.
    connections.close_all()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Swedish: a request to an /en/ page leaves English active in the
    thread, and reverse() would then build English addresses for the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a rolled-back test sends no signal, so pages
    it cached would otherwise outlive its data."""
    cache.clear()


@pytest.fixture(autouse=True)
def own_download_store(settings, tmp_path):
    """Each test stores whole-dataset downloads in a directory of its own: a file made in
    a rolled-back test would otherwise be served to the next one under the same generation."""
    settings.DOWNLOAD_STORE_DIR = str(tmp_path / "downloads")


@pytest.fixture(autouse=True)
def outside_a_request():
    """Each test starts outside a request: a request keeps the content generation it
    read until its response is closed (core/caching.py), and a test that leaves a
    streamed response unread never closes it."""
    caching.request_finished()
    yield
    caching.request_finished()


@pytest.fixture(autouse=True)
def closed_circuit_breaker():
    """A test that simulates a database outage must not leave later tests answering 503."""
    database_circuit.reset()
    yield
    database_circuit.reset()


def pytest_collection_modifyitems(items):
    # Tests on the live server, and those that migrate, flush the database when they
    # finish, so they run last.
    def flushes(item):
        return any(item.get_closest_marker(name) for name in ("browser", "flushes_database"))

    items.sort(key=flushes)


def _staff(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(django_user_model):
    return _staff(django_user_model, "editor", EDITORS)


@pytest.fixture
def viewer(django_user_model):
    return _staff(django_user_model, "viewer", VIEWERS)


@pytest.fixture
def publisher(django_user_model):
    return _staff(django_user_model, "publisher", PUBLISHERS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(publisher):
    """A client of its own, so a test can have an Editor and a Publisher side by side."""
    client = Client()
    client.force_login(publisher)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client
