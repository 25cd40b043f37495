"""Schemathesis against the live schema: for every operation and parameter, generated
requests get no server error and no answer outside the schema (status, content type,
headers and body). Requests go in-process through the WSGI application, middleware and
all, to the test database."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as examples
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from equity_site.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
HOST = "localhost"  # the host schemathesis's WSGI client sends

# The schema as the app serves it (schemathesis's pytest fixture loader does not work
# with pytest 9, so the schema is fetched when the module is collected).
with override_settings(ALLOWED_HOSTS=[HOST]):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def wsgi_requests(db, settings):
    settings.ALLOWED_HOSTS = [HOST]
    # As Django's test client does: a finished request must not close the connection
    # that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@examples(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_within_its_schema(case, wsgi_requests):
    case.call_and_validate(checks=CHECKS)
