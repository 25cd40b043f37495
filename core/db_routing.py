"""
An optional read replica: visitors' pages read from it, everything else from the primary.

With DATABASE_REPLICA_URL set, settings add the `replica` database and `ReplicaRouter`.
`VisitorReadsMiddleware` marks each request: a GET or HEAD outside the admin without a
session cookie (so from a visitor, never from logged-in staff) reads from the replica;
writes, the admin, staff and everything outside a request (commands, migrations) use the
primary. The decision needs no query, and it holds until the response is closed, so a
streamed export reads from the replica to its last row.

A replica runs a little behind the primary. So that an edit still shows at once, the page
cache and the aggregate cache do not store what a visitor's request read from the
replica for DATABASE_REPLICA_MAX_LAG_SECONDS after a content change
(`replica_may_be_behind`); such a request may briefly show the old data, but it is never
kept.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS

PRIMARY_ONLY_PREFIXES = ("/admin/",)
READ_METHODS = {"GET", "HEAD"}

_visitor_read = ContextVar("visitor_read", default=False)


def is_visitor_read(request):
    return (
        request.method in READ_METHODS
        and not request.path.startswith(PRIMARY_ONLY_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def reads_from_replica():
    """Whether the current request's reads go to the replica."""
    return bool(settings.DATABASE_REPLICA) and _visitor_read.get()


def replica_may_be_behind(generation):
    """True while the replica may not yet have the change that started `generation`.

    `generation` is the page cache's content generation: the time (ns) of the last change.
    """
    if not reads_from_replica():
        return False
    return time.time_ns() - generation < settings.DATABASE_REPLICA_MAX_LAG_SECONDS * 1e9


class VisitorReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _visitor_read.set(is_visitor_read(request))
        return self.get_response(request)


def end_of_request(**kwargs):
    """Receiver for request_finished (sent when the response is closed, after streaming)."""
    _visitor_read.set(False)


def connect_end_of_request():
    request_finished.connect(end_of_request, dispatch_uid="db-routing-end-of-request")


class ReplicaRouter:
    """Reads of a visitor's request go to the replica; all else to the primary."""

    def db_for_read(self, model, **hints):
        return settings.DATABASE_REPLICA if reads_from_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, **hints):
        # The replica gets its schema from the primary through replication.
        return db != settings.DATABASE_REPLICA
