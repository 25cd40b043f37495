"""
Is the site up, and can it serve pages?

- `/healthz` answers as long as the process does; it never touches the database, so
  a database outage does not get healthy workers restarted.
- `/readyz` answers 200 only when the database does, so a load balancer can stop
  sending traffic while it is away.
- `DatabaseUnavailableMiddleware` turns a database outage during any page into the
  friendly 503 page. Django drops a broken connection at the end of the request and
  opens a fresh one on the next, so pages come back by themselves with the database.
"""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_safe
def readyz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Readiness check failed: the database does not answer.")
        return HttpResponse("database unavailable\n", content_type="text/plain", status=503)
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

    def process_exception(self, request, exception):
        # Connection failures only: a ProgrammingError or IntegrityError is a bug and
        # stays a 500 with its traceback in the error log.
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable: %s", exception.__class__.__name__)
            return service_unavailable(request)
        return None
