"""
Optimistic concurrency for records staff edit.

Every versioned row carries a `version` number that goes up by one on every save, by
whatever path the save comes: the admin, an import, a review transition, a revert or
plain model code. An edit form remembers the version it was loaded at, and a save that
started from an older version is refused instead of silently overwriting someone
else's change (see `VersionConflict` and `core.admin_base`).
"""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .choice_labels import ChoiceLabels
from .loading import FastLoading


class VersionConflict(Exception):
    """Raised when a row changed in the database after the editor loaded it."""


class Versioned(FastLoading, ChoiceLabels, models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, expected_version=None, **kwargs):
        """Save, moving the stored version on by one.

        With `expected_version`, the save goes through only if the stored row is still
        at that version, else VersionConflict: one conditional UPDATE decides between
        concurrent saves (the row lock makes the second wait, then match nothing).
        """
        if not self._state.adding and self.pk is not None:
            self.claim_next_version(expected_version)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

    def claim_next_version(self, expected_version=None):
        rows = type(self)._base_manager.filter(pk=self.pk)
        if expected_version is not None:
            rows = rows.filter(version=expected_version)
        if not rows.update(version=F("version") + 1):
            if expected_version is None:
                return  # no stored row: Django inserts it with the version it has
            raise VersionConflict(f"{self._meta.label} {self.pk} moved past {expected_version}")
        self.version = rows.model._base_manager.values_list("version", flat=True).get(pk=self.pk)
