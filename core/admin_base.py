"""
The base of every content ModelAdmin: no edit lost, every change traced.

- History (django-simple-history): each record gets a "History" page listing who
  changed what and when, each change shown as a diff of the values before and after,
  and a "Revert" form that brings back any earlier version.
- Optimistic concurrency: every change form, and every inline row, carries the
  version it was loaded at (a hidden `loaded_version` field). Validation refuses the
  save when the stored version has moved on, keeping the editor's input on the form.
  The save itself claims the version with one conditional UPDATE (`SET version =
  version + 1 WHERE pk = … AND version = <loaded>`), so of two saves racing past
  validation exactly one wins; the other is shown the form again with the conflict.
- Field errors: the database's check constraints that concern one field (a negative
  amount, an end year before the start year) are reported beside that field.
- Cited records: deleting something that is cited is refused with a message saying
  what cites it; unpublishing is the way to hide a record.
"""

import copy
import functools

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import F, ProtectedError
from django.forms.models import construct_instance
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from .concurrency import VersionConflict, Versioned
from .publishing import Publishable

VERSION_FIELD = "loaded_version"
CITED_BY_SHOWN = 5

CONFLICT_MESSAGE = gettext_lazy(
    "Someone else saved this record while you were editing it, so your changes were not "
    "saved. They are kept below. Open the record's history in another tab to see what "
    "changed; saving again will replace their changes with yours."
)
CITED_REFUSAL = gettext_lazy("Not deleted, because other records cite it: {}.")
UNPUBLISH_ADVICE = gettext_lazy(
    "Unpublish it instead: that hides it from visitors and keeps the sources."
)
REMOVE_REFERENCES_ADVICE = gettext_lazy("Remove those references first.")

# Check constraints whose message belongs beside one field rather than above the form.
# Unlisted constraints still refuse bad data, with the message above the form.
CONSTRAINT_FIELDS = {
    "funding_amount_not_negative": "amount_sek",
    "initiative_end_year_not_before_start": "end_year",
    "initiative_end_date_not_before_start": "end_date",
}


def stored_version(instance):
    return (
        type(instance)
        ._base_manager.filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )


def claim_version(instance, loaded_version):
    """Move the row to the next version, but only if it is still at `loaded_version`.

    One conditional UPDATE, so the database decides between concurrent saves: the
    row lock makes a second claim wait for the first to commit and then match nothing.
    """
    claimed = (
        type(instance)
        ._base_manager.filter(pk=instance.pk, version=loaded_version)
        .update(version=F("version") + 1)
    )
    if not claimed:
        raise VersionConflict(f"{instance._meta.label} {instance.pk} moved past {loaded_version}")
    instance.version = loaded_version + 1


class VersionedForm(forms.ModelForm):
    """A model form that remembers the version it was loaded at and refuses stale saves."""

    loaded_version = forms.IntegerField(
        label=gettext_lazy("version loaded"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = self.current_version()

    def current_version(self):
        # A revert form starts from a historical copy, which carries the old version
        # number; the editor is working against the row as it is stored now.
        if hasattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME):
            return stored_version(self.instance)
        return self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        self.check_constraints_beside_fields()
        if self.instance.pk is not None:
            self.check_version(cleaned_data.get(VERSION_FIELD))
        return cleaned_data

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
        current = self.current_version()
        if loaded != current:
            # Saving again after reading the message is a deliberate choice, so the
            # re-shown form carries the current version and the next save goes through.
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = current
            raise forms.ValidationError(CONFLICT_MESSAGE, code="version_conflict")


@functools.cache
def with_version_check(form_class):
    """`form_class` with the hidden version field and the conflict check mixed in."""
    if issubclass(form_class, VersionedForm):
        return form_class
    return type(form_class.__name__, (VersionedForm, form_class), {})


def cited_by_message(model, cited_by):
    """What to tell an editor whose delete was refused; `cited_by` describes the citers."""
    shown = format_html_join(", ", "{}", ((item,) for item in cited_by[:CITED_BY_SHOWN]))
    if len(cited_by) > CITED_BY_SHOWN:
        more = _("and %(count)d more") % {"count": len(cited_by) - CITED_BY_SHOWN}
        shown = format_html("{} {}", shown, more)
    advice = UNPUBLISH_ADVICE if issubclass(model, Publishable) else REMOVE_REFERENCES_ADVICE
    refusal = format_html(str(CITED_REFUSAL), shown)
    return format_html("{} {}", refusal, advice)


class VersionedAdmin(SimpleHistoryAdmin):
    """History, optimistic concurrency and friendly protected deletes for a content model."""

    form = VersionedForm

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # Another mixin or subclass may bring its own form; the version check joins it.
        self.form = with_version_check(self.form)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        # Declared fieldsets do not know about the hidden field; without it the form
        # would post no version and every save would look like a conflict.
        return [*fieldsets, (None, {"fields": [VERSION_FIELD], "classes": ["hidden"]})]

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if issubclass(inline.model, Versioned):
                inline.form = with_version_check(inline.form)
        return inlines

    def save_model(self, request, obj, form, change):
        if change:
            # A form without the field (a list_editable row, say) claims the version the
            # record was loaded at for this request: still one winner, no stale check.
            claim_version(obj, form.cleaned_data.get(VERSION_FIELD, obj.version))
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.initial_forms:
            touched = inline_form.has_changed() or inline_form in formset.deleted_forms
            if touched and VERSION_FIELD in inline_form.fields:
                claim_version(inline_form.instance, inline_form.cleaned_data.get(VERSION_FIELD))
        super().save_formset(request, form, formset, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VersionConflict:
            # Another save won the race after this one was validated, and this one's
            # transaction has rolled back. Validating again now finds the newer version
            # and shows the conflict on the form, with the editor's input.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history lets anyone who may view a record post its revert form; a
        # revert is a change, so it needs the change permission.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(request, object_id, version_id, extra_context)
        except VersionConflict:
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            self.message_user(request, cited_by_message(self.model, protected), messages.ERROR)
        return deleted, counts, perms_needed, protected

    def delete_view(self, request, object_id, extra_context=None):
        return self._refusing_cited_deletes(super().delete_view, request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        # The changelist runs the "delete selected" action.
        return self._refusing_cited_deletes(super().changelist_view, request, extra_context)

    def _refusing_cited_deletes(self, view, request, *args):
        """Run `view`; if a citation appeared after the confirmation page, say so, not 500."""
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return view(request, *args)
        except ProtectedError as error:
            cited_by = [
                f"{capfirst(obj._meta.verbose_name)}: {obj}" for obj in error.protected_objects
            ]
            self.message_user(request, cited_by_message(self.model, cited_by), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
