"""
Two app servers behind one load balancer, sharing PostgreSQL and Redis.

Two gunicorn processes on two ports stand for two machines. Requests carry one host name
and X-Forwarded-Proto: https, as a load balancer sends them, so a browser's cookies go to
both alike. An edit made through one server must be what the other serves at once, from
its page cache and its aggregate cache; a login made through one must hold on the other;
and the version check must stop a lost update made through the two.

Runs outside the usual test transaction (the servers are other processes), on the test
database, and puts back everything it changed.
"""

import os
import re
import secrets

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection

from core.forms import CONFLICT_MESSAGE
from core.search import update_search_vectors
from core.staff_groups import PUBLISHERS
from initiatives.models import Initiative, InitiativeType

from .admin_forms import as_shown
from .app_servers import AppServer, Browser, form_fields, site_env

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
SITE = "www.equity.test"
SEED_INITIATIVE = "trollhattan-avveckling-av-skolor"
NEW_TYPE = "research-study"
CONFLICT = as_shown(CONFLICT_MESSAGE)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="app servers on several machines share a PostgreSQL server; SQLite is a file "
    "on one machine (run the suite with DATABASE_URL=postgres://…)",
)


@pytest.fixture
def shared_redis():
    """Redis for both servers, under a key prefix of this run's own; emptied afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"needs Redis at {REDIS_URL} (set TEST_REDIS_URL): {error}")
    prefix = f"test-app-servers-{secrets.token_hex(4)}"
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def committed_staff(django_db_blocker):
    """A Publisher (whose edits go live at once) saved outside any test transaction, and
    the initiative put back after."""
    password = secrets.token_urlsafe(12)
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_user(
            f"editor-{secrets.token_hex(3)}", password=password, is_staff=True
        )
        user.groups.add(Group.objects.get(name=PUBLISHERS))
        initiative = Initiative.objects.get(slug=SEED_INITIATIVE)
        fields = ["title", "type_id", "version", "updated_at"]
        before = Initiative.objects.filter(pk=initiative.pk).values(*fields).get()
        try:
            yield user, password, initiative
        finally:
            Initiative.objects.filter(pk=initiative.pk).update(**before)
            update_search_vectors(Initiative, [initiative.pk])
            Initiative.history.filter(history_user=user).delete()
            Session.objects.filter(pk__in=user.session_keys).delete()
            user.delete()


@pytest.fixture
def two_app_servers(shared_redis, tmp_path):
    database = connection.settings_dict
    env = site_env(
        DATABASE_URL=(
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=shared_redis,
        ALLOWED_HOSTS=f"{SITE},127.0.0.1",
    )
    with (
        AppServer(env, log_path=tmp_path / "a.log") as first,
        AppServer(env, log_path=tmp_path / "b.log") as second,
    ):
        yield first, second


def log_in(browser, user, password):
    """Log in through the admin's form, as a person would."""
    form = form_fields(browser.get("/admin/login/").text, "login-form")
    form.update(username=[user.username], password=[password], next=["/admin/"])
    response = browser.post("/admin/login/?next=/admin/", form)
    assert (response.status, response.headers["Location"]) == (302, "/admin/")
    user.session_keys = getattr(user, "session_keys", []) + [browser.cookies["sessionid"]]


def type_count(page, slug):
    """The number beside a type on the start page: `Research study (2)`."""
    found = re.search(rf'\?type={slug}">[^<]*</a>\s*<span class="facet-count">\((\d+)\)', page)
    assert found, f"no count for {slug} on the page"
    return int(found[1])


def change_url(initiative):
    return f"/admin/initiatives/initiative/{initiative.pk}/change/"


def test_an_edit_through_one_server_is_served_at_once_by_the_other(
    two_app_servers, committed_staff
):
    first, second = two_app_servers
    user, password, initiative = committed_staff
    new_type = InitiativeType.objects.get(slug=NEW_TYPE)
    detail = f"/en/initiatives/{SEED_INITIATIVE}/"
    visitor_on_first, visitor_on_second = Browser(first, SITE), Browser(second, SITE)

    stored = visitor_on_first.get(detail)
    # The second server serves the page the first one stored: one shared page cache.
    assert visitor_on_second.get(detail).headers["ETag"] == stored.headers["ETag"]
    count_before = type_count(visitor_on_second.get("/en/").text, NEW_TYPE)
    staff_on_first = Browser(first, SITE)
    log_in(staff_on_first, user, password)
    staff_on_second = staff_on_first.to(second)
    # Staff skip the page cache: this count comes from the aggregate cache alone.
    assert type_count(staff_on_second.get("/en/").text, NEW_TYPE) == count_before

    saved = staff_on_first.submit(
        change_url(initiative),
        "initiative_form",
        title="Saved through the first server",
        type=str(new_type.pk),
    )
    assert saved.status == 302, saved.text[:2000]

    page = visitor_on_second.get(detail)
    assert "Saved through the first server" in page.text
    assert page.headers["ETag"] != stored.headers["ETag"]
    assert type_count(visitor_on_second.get("/en/").text, NEW_TYPE) == count_before + 1
    assert type_count(staff_on_second.get("/en/").text, NEW_TYPE) == count_before + 1


def test_a_login_through_one_server_holds_on_the_other(two_app_servers, committed_staff):
    first, second = two_app_servers
    user, password, _initiative = committed_staff
    browser = Browser(first, SITE)
    assert browser.to(second).get("/admin/").status == 302  # not logged in yet

    log_in(browser, user, password)
    on_second = browser.to(second).get("/admin/")

    assert on_second.status == 200
    assert user.username in on_second.text
    assert "private" in on_second.headers["Cache-Control"]


def test_the_version_check_stops_a_lost_update_across_servers(two_app_servers, committed_staff):
    first, second = two_app_servers
    user, password, initiative = committed_staff
    mine, theirs = Browser(first, SITE), Browser(second, SITE)
    log_in(mine, user, password)
    log_in(theirs, user, password)
    my_form = form_fields(mine.get(change_url(initiative)).text, "initiative_form")
    their_form = form_fields(theirs.get(change_url(initiative)).text, "initiative_form")

    their_form["title"] = ["Their edit through the second server"]
    assert theirs.post(change_url(initiative), their_form).status == 302
    my_form["title"] = ["My edit through the first server"]
    refused = mine.post(change_url(initiative), my_form)

    assert refused.status == 200
    assert CONFLICT in refused.text
    assert 'value="My edit through the first server"' in refused.text
    initiative.refresh_from_db()
    assert initiative.title == "Their edit through the second server"
