"""
Is the site up, and can it serve pages?

- `/healthz` answers as long as the process does; it never touches the database, so
  a database outage does not get healthy workers restarted.
- `/readyz` answers 200 only when the database does, so a load balancer can stop
  sending traffic while it is away.
- `DatabaseUnavailableMiddleware` turns a database outage during any page into the
  friendly 503 page. Django drops a broken connection at the end of the request and
  opens a fresh one on the next, so pages come back by themselves with the database.
- A circuit breaker keeps an outage from tying up the workers. When the database server
  does not answer at all (connection refused, connect timeout, connection lost), each
  attempt can hold a worker for DB_CONNECT_TIMEOUT seconds, and requests queue up behind
  it, `/healthz` included. So after such a failure the process stops trying for
  DB_CIRCUIT_BREAKER_SECONDS: pages answer the 503 page at once (stored pages are still
  served by the page cache), `/readyz` answers 503 at once, and the first request after
  that tries the database again. The breaker is per process: each worker learns of an
  outage from its own first failure. An error the server answers with (a bad query, a
  deadlock) never trips it.
"""

import functools
import logging
import time

import psycopg
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class CircuitBreaker:
    """Open for a while after the database failed to answer; closed otherwise."""

    def __init__(self):
        self.open_until = 0.0

    def is_open(self):
        return time.monotonic() < self.open_until

    def trip(self):
        seconds = settings.DATABASE_CIRCUIT_BREAKER_SECONDS
        self.open_until = time.monotonic() + seconds
        logger.error("Database not answering: pages answer 503 for %s s without trying.", seconds)

    def reset(self):
        self.open_until = 0.0


database_circuit = CircuitBreaker()


def server_did_not_answer(error):
    """True when the database server gave no answer at all, rather than an error.

    psycopg gives errors the server sent their SQLSTATE; a refused, timed-out or lost
    connection has none.
    """
    cause = error.__cause__ or error
    return isinstance(cause, psycopg.Error) and cause.sqlstate is None


def without_database(view):
    """Mark a view that answers without the database, so the open breaker lets it through."""
    view.needs_database = False
    return view


@without_database
@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")


def database_unavailable_text():
    return HttpResponse("database unavailable\n", content_type="text/plain", status=503)


@without_database
@never_cache
@require_safe
def readyz(request):
    if database_circuit.is_open():
        return database_unavailable_text()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Readiness check failed: the database does not answer.")
        if server_did_not_answer(error):
            database_circuit.trip()
        return database_unavailable_text()
    return HttpResponse("ok\n", content_type="text/plain")


def service_unavailable(request):
    # 503.html stands alone: it must not touch the session, the user or anything else
    # that would ask the database again.
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503, not a 500, when the database cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if database_circuit.is_open() and needs_database(view_func):
            return service_unavailable(request)
        return None

    def process_exception(self, request, exception):
        # Connection failures only: a ProgrammingError or IntegrityError is a bug and
        # stays a 500 with its traceback in the error log.
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable: %s", exception.__class__.__name__)
            if server_did_not_answer(exception):
                database_circuit.trip()
            return service_unavailable(request)
        return None


def needs_database(view_func):
    while isinstance(view_func, functools.partial):
        view_func = view_func.func
    return getattr(view_func, "needs_database", True)
