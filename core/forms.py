"""
The building blocks of the admin's forms, declared here and combined by each app in
its own `forms.py` (e.g. `InitiativeAdminForm(SimilarNameCheck, VersionedForm)`).

- `VersionedForm`: remembers the version a record was loaded at (a hidden field) and
  refuses a save when the stored row has moved on since, keeping the editor's input.
- `SimilarNameCheck`: refuses a new or renamed record whose name is close to an existing
  one's until the editor ticks "Save even though similar names exist".
"""

import copy
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms.models import construct_instance
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from .similarity import records_with_alias, similar_names_message, similar_records

VERSION_FIELD = "loaded_version"
CONFIRM_FIELD = "save_despite_similar_names"

CONFLICT_MESSAGE = _(
    "Someone else saved this record while you were editing it, so your changes were not "
    "saved. They are kept below. Open the record's history in another tab to see what "
    "changed; saving again will replace their changes with yours."
)

# Check constraints whose message belongs beside one field rather than above the form.
# Unlisted constraints still refuse bad data, with the message above the form.
CONSTRAINT_FIELDS = {
    "funding_amount_not_negative": "amount_sek",
    "initiative_end_year_not_before_start": "end_year",
    "initiative_end_date_not_before_start": "end_date",
}


def stored_version(instance, lock=False):
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    if lock and connection.in_atomic_block:
        # Inside the admin's transaction: hold the row until this save commits, so a
        # second editor's check waits and then sees the new version (PostgreSQL; SQLite
        # runs write transactions one at a time, see DATABASES in settings).
        rows = rows.select_for_update()
    return rows.values_list("version", flat=True).first()


class VersionedForm(forms.ModelForm):
    """A model form that remembers the version it was loaded at and refuses stale saves."""

    loaded_version = forms.IntegerField(
        label=_("version loaded"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.loads_existing_row():
            self.fields[VERSION_FIELD].initial = self.current_version()

    def current_version(self, lock=False):
        # A revert form starts from a historical copy, which carries the old version
        # number; the editor is working against the row as it is stored now.
        if lock or hasattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME):
            return stored_version(self.instance, lock=lock)
        return self.instance.version

    def clean(self):
        super().clean()
        cleaned_data = self.cleaned_data
        self.check_constraints_beside_fields()
        if self.loads_existing_row():
            self.check_version(cleaned_data.get(VERSION_FIELD))
        return cleaned_data

    def loads_existing_row(self):
        return self.instance.pk is not None and not self.instance._state.adding

    def check_constraints_beside_fields(self):
        """Run the constraints listed in CONSTRAINT_FIELDS now, reporting each beside its field.

        The model validation that follows skips a constraint whose field already has an
        error, so the message appears once.
        """
        model = self._meta.model
        listed = [c for c in model._meta.constraints if c.name in CONSTRAINT_FIELDS]
        if not listed:
            return
        candidate = construct_instance(
            self, copy.copy(self.instance), self._meta.fields, self._meta.exclude
        )
        for constraint in listed:
            field = CONSTRAINT_FIELDS[constraint.name]
            involved = constraint.condition.referenced_base_fields
            if field not in self.fields or involved & set(self.errors):
                continue
            try:
                constraint.validate(model, candidate)
            except ValidationError as error:
                self.add_error(field, error)

    def check_version(self, loaded):
        current = self.current_version(lock=True)
        if loaded != current:
            # Saving again after reading the message is a deliberate choice, so the
            # re-shown form carries the current version and the next save goes through.
            self.data = cast(QueryDict, self.data).copy()  # the posted data is immutable
            self.data[self.add_prefix(VERSION_FIELD)] = current
            raise forms.ValidationError(CONFLICT_MESSAGE, code="version_conflict")

    def loaded(self):
        """The version this form was loaded at (None for a new record)."""
        return self.cleaned_data.get(VERSION_FIELD) if self.loads_existing_row() else None

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        # Inline rows are saved here: claim their version as the parent's is claimed.
        instance = super().save(commit=False)
        instance.save(expected_version=self.loaded())
        self.save_m2m()
        return instance


class SimilarNameCheck(forms.ModelForm):
    """Refuse a new or renamed record whose name is close to an existing one's, unless the
    editor ticks the confirmation box (shown only once the warning has been given)."""

    similar_name_field = "name"

    save_despite_similar_names = forms.BooleanField(
        label=_("Save even though similar names exist"), required=False
    )

    def clean(self):
        super().clean()
        cleaned_data = self.cleaned_data
        field = self.similar_name_field
        value = cleaned_data.get(field)
        if not value or cleaned_data.get(CONFIRM_FIELD):
            return cleaned_data
        if self.instance.pk and field not in self.changed_data:
            return cleaned_data
        model = self._meta.model
        exclude_pk = self.instance.pk
        similar = similar_records(model, field, value, exclude_pk)
        similar += [
            r for r in records_with_alias(model, value) if r.pk != exclude_pk and r not in similar
        ]
        if similar:
            self.add_error(field, ValidationError(similar_names_message(similar), code="similar"))
        return cleaned_data
