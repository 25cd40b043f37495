"""An export that cannot be made says so: a 503 before it starts, an abort part way."""

import json

import psycopg
import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from front import exports

from .factories import make_many_initiatives
from .test_health import SiteProbe

EXPORTS = ["initiatives:export-csv", "initiatives:export-json"]


def database_gone(execute, sql, params, many, context):
    """A query wrapper that fails every query as a lost connection does."""
    error = OperationalError("server closed the connection unexpectedly")
    raise error from psycopg.OperationalError("server closed the connection unexpectedly")


def logged(caplog, event):
    lines = [r.getMessage() for r in caplog.records if r.name == "equity_site.requests"]
    return [record for record in map(json.loads, lines) if record["event"] == event]


@pytest.mark.parametrize("path", ["/en/initiatives/export.csv", "/en/initiatives/export.json"])
def test_exports_answer_503_while_the_database_is_down(path):
    probe = SiteProbe("postgres://postgres@127.0.0.1:1/equity")
    try:
        response = probe.get(path)
    finally:
        probe.close()

    assert response["status"] == 503
    assert response["retry_after"] == "30"
    assert "Temporarily unavailable" in response["body"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", [*EXPORTS, "data:zip", "data:initiatives"])
def test_an_outage_before_the_first_row_is_a_503_in_the_request_log(client, caplog, name):
    with connection.execute_wrapper(database_gone):
        response = client.get(reverse(name))

    assert response.status_code == 503
    assert not response.streaming
    assert [line["status"] for line in logged(caplog, "request")] == [503]


@pytest.mark.django_db
@pytest.mark.parametrize("name", EXPORTS)
def test_a_failure_part_way_aborts_the_stream_and_is_logged(client, caplog, monkeypatch, name):
    make_many_initiatives(6)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)  # several chunks, each with its queries
    response = client.get(reverse(name))
    assert response.status_code == 200
    stream = iter(response.streaming_content)
    received = [next(stream) for _ in range(3)]  # the opening and the first rows

    aborted_by = None
    with connection.execute_wrapper(database_gone):
        try:
            received.extend(stream)
        except OperationalError as error:
            aborted_by = type(error)
    # Closes the export's server-side cursor now, inside this test's transaction.
    del stream
    response.close()

    assert aborted_by is OperationalError
    text = b"".join(received).decode()
    assert text.count("\n") < 6  # fewer rows than the export holds: cut short, not closed
    if name.endswith("json"):
        assert not text.rstrip().endswith("]")
    (aborted,) = logged(caplog, "stream_aborted")
    assert aborted["path"] == reverse(name)
    assert aborted["route"] == name
    assert aborted["error"] == "OperationalError"
    assert aborted["items_sent"] >= 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_with_no_rows_is_still_complete(client, name):
    response = client.get(reverse(name), {"q": "ingenting-matchar-detta"})

    text = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    if name.endswith("json"):
        assert json.loads(text) == []
    else:
        assert text.lstrip("\ufeff").startswith("slug,")
