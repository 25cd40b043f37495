"""Warm workers freeze long-lived objects once; exports pause the collector (core/gc_tuning.py)."""

import gc

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


def test_the_collector_is_paused_only_inside_the_block():
    assert gc.isenabled()
    with gc_tuning.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_in_the_block_still_resumes_the_collector():
    with pytest.raises(RuntimeError), gc_tuning.paused():
        raise RuntimeError("the block failed")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with gc_tuning.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("export", ["initiatives:export-csv", "initiatives:export-json"])
def test_exports_pause_the_collector_only_while_making_a_chunk(client, monkeypatch, export):
    """Never while a piece waits to be sent: a client that stops reading must not leave
    the worker without its cyclic garbage collector."""
    monkeypatch.setattr("front.exports.CHUNK_SIZE", 2)
    monkeypatch.setattr("front.exports.LINES_PER_PIECE", 1)
    response = client.get(reverse(export), {"type": "school-closure"})
    states = [gc.isenabled() for _piece in response.streaming_content]
    assert len(states) > 3
    assert all(states)
