"""A warm worker freezes its long-lived objects once (core/gc_tuning.py)."""

import pytest
from django.urls import reverse

from core import gc_tuning

pytestmark = pytest.mark.django_db


@pytest.fixture
def freezes(monkeypatch):
    """The calls gc.freeze() gets, in a worker that has served no request yet."""
    calls = []
    monkeypatch.setattr(gc_tuning.gc, "collect", lambda: 0)
    monkeypatch.setattr(gc_tuning.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc_tuning, "warmup", gc_tuning.Warmup())
    return calls


def test_the_heap_is_frozen_once_after_the_warm_up_requests(client, settings, freezes):
    settings.GC_FREEZE_AFTER_REQUESTS = 3

    for _ in range(2):
        client.get(reverse("home"))
    assert freezes == []
    client.get(reverse("initiatives:list"))
    assert freezes == ["freeze"]
    for _ in range(5):
        client.get(reverse("home"))
    assert freezes == ["freeze"]


def test_no_freeze_when_turned_off(client, settings, freezes):
    settings.GC_FREEZE_AFTER_REQUESTS = 0
    for _ in range(5):
        client.get(reverse("home"))
    assert freezes == []
