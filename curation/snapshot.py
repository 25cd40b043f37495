"""
Snapshot and restore: the whole knowledge base as one portable JSON file.

The file is an ordinary Django fixture written with natural keys only (SCB codes,
slugs, uids), never database ids, so it loads into any empty database, SQLite or
PostgreSQL, with `loaddata`. It holds the current state of every record; the change
history stays with the database (back that up with the database itself), and the
search vectors are left out because they are recomputed from the text on restore.

Users are not part of the knowledge base. A record only names the user who published
it; restoring creates that account as an inactive placeholder if it is missing, so
nobody can log in with it until an administrator sets it up.
"""

import datetime
import gzip
import json

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from simple_history.models import HistoricalChanges
from simple_history.utils import get_history_manager_for_model

from core.content import content_app_configs
from core.search import KEPT_VECTORS, searchable, update_search_vectors

DERIVED_FIELDS = set(KEPT_VECTORS)
RESTORE_REASON = "Restored from snapshot"


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but keeping microseconds, so a restore gives back exact timestamps."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def snapshot_models():
    """The knowledge base's models, each after the models its natural keys refer to."""
    app_list = [(config, None) for config in content_app_configs()]
    return [
        model
        for model in serializers.sort_dependencies(app_list)
        if not issubclass(model, HistoricalChanges)
    ]


def open_snapshot(path, mode):
    """Plain JSON, or gzip-compressed when the name ends in .gz (loaddata reads both)."""
    if str(path).endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8")
    return open(path, mode, encoding="utf-8")


def snapshot_records():
    for model in snapshot_models():
        rows = model._default_manager.order_by(model._meta.pk.name).iterator()
        for record in serializers.serialize(
            "python", rows, use_natural_foreign_keys=True, use_natural_primary_keys=True
        ):
            for name in DERIVED_FIELDS:
                record["fields"].pop(name, None)
            yield record


def write_snapshot(path):
    """Write every record to `path`; returns how many."""
    records = list(snapshot_records())
    with open_snapshot(path, "w") as stream:
        json.dump(records, stream, cls=ExactJSONEncoder, ensure_ascii=False, indent=1)
    return len(records)


def user_fields():
    user_model = get_user_model()
    return {
        (model._meta.label_lower, field.name)
        for model in snapshot_models()
        for field in model._meta.fields
        if field.related_model is user_model
    }


def create_missing_users(records):
    """Inactive placeholders for the users the records name (they published something)."""
    wanted = user_fields()
    usernames = {
        record["fields"][name][0]
        for record in records
        for label, name in wanted
        if record["model"] == label and record["fields"].get(name)
    }
    user_model = get_user_model()
    existing = set(
        user_model.objects.filter(username__in=usernames).values_list("username", flat=True)
    )
    for username in usernames - existing:
        user = user_model(username=username, is_active=False)
        user.set_unusable_password()
        user.save()


def restore_snapshot(path):
    """Load a snapshot into an empty knowledge base; returns how many records."""
    if any(model._default_manager.exists() for model in snapshot_models()):
        raise CommandError(
            "The database already holds records. Restore only into an empty, migrated database."
        )
    with open_snapshot(path, "r") as stream:
        records = json.load(stream)
    with transaction.atomic():
        create_missing_users(records)
        call_command("loaddata", str(path), verbosity=0)
        # loaddata saves raw: no signals, so no search vectors and no history yet.
        for model in searchable(snapshot_models()):
            update_search_vectors(model)
        for model in snapshot_models():
            get_history_manager_for_model(model).bulk_history_create(
                list(model._default_manager.all()), default_change_reason=RESTORE_REASON
            )
    return len(records)
