from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The floor: machinery every app shares. It imports no domain app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Shared machinery")

    def ready(self):
        from . import gc_tuning
        from .caching import connect_generation_per_request, connect_invalidation_receivers
        from .collation import register_sqlite_collation
        from .db_routing import connect_end_of_request
        from .staff_groups import sync_staff_groups_after_migrate

        # Documented receivers: any content change makes every cached page stale.
        connect_invalidation_receivers()
        # Documented receivers: a request reads the content generation once, when it
        # first needs it, and keeps it to its end (core/caching.py).
        connect_generation_per_request()
        # Documented receiver: a request's choice of database ends with its response.
        connect_end_of_request()
        # Documented side effect: after every `migrate`, the staff groups and their
        # permissions are brought up to date, so new models are covered at once.
        post_migrate.connect(sync_staff_groups_after_migrate, dispatch_uid="sync_staff_groups")
        # Documented side effect: every SQLite connection learns the "swedish" collation
        # names are sorted with (PostgreSQL has it from core/migrations/0002).
        connection_created.connect(register_sqlite_collation, dispatch_uid="swedish_collation")
        # Documented receiver: a warm worker freezes its long-lived objects once, so
        # garbage collection stops pausing requests to walk them (core/gc_tuning.py).
        request_finished.connect(gc_tuning.request_finished, dispatch_uid="gc_warmup")
