"""The admin login is throttled against password guessing (django-axes)."""

import pytest
from django.conf import settings

from .admin_forms import as_shown

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"


def log_in(client, password, address=ATTACKER):
    return client.post(
        LOGIN,
        {"username": "editor", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def fail(client, times, address=ATTACKER):
    return [log_in(client, "wrong", address).status_code for _ in range(times)]


def test_it_lets_the_right_password_in_before_the_limit(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT - 1)

    assert log_in(client, "pw").status_code == 302


def test_the_last_allowed_failure_locks_the_login(client, editor):
    statuses = fail(client, settings.AXES_FAILURE_LIMIT)

    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]


def test_it_locks_out_even_the_right_password_after_too_many_failures(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT)

    response = log_in(client, "pw")

    assert response.status_code == 429
    assert as_shown(settings.AXES_COOLOFF_MESSAGE) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_does_not_shut_out_the_same_user_elsewhere(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT)

    assert log_in(client, "pw", address=COLLEAGUE).status_code == 302


def test_a_successful_login_resets_the_count(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "pw").status_code == 302
    client.logout()
    fail(client, settings.AXES_FAILURE_LIMIT - 1)

    assert log_in(client, "pw").status_code == 302


def test_the_lockout_lasts_a_quarter_of_an_hour():
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
