"""
Optimistic concurrency for records staff edit.

Every versioned row carries a `version` number that goes up by one on each save.
A save that started from an older version is refused instead of silently
overwriting someone else's edit (see `VersionConflict` and the admin mixin).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionConflict(Exception):
    """Raised when a row changed in the database after the editor loaded it."""


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
