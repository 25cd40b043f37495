"""
The base of every content ModelAdmin: no edit lost, every change traced, nothing live
changed without a Publisher.

- History (django-simple-history): each record gets a "History" page listing who
  changed what and when, each change shown as a diff of the values before and after,
  and a "Revert" form that brings back any earlier version (reverting needs the change
  permission and never touches the publication state: that goes through review).
- Optimistic concurrency: every change form, and every inline row, carries the version
  it was loaded at (`core.forms.VersionedForm`). Validation refuses the save when the
  stored version has moved on, keeping the editor's input; the check holds the row
  until the save commits, so of two editors saving at once the second is shown the
  conflict.
- Moderation (`core.moderation`): a change to a record visitors see, made by someone
  who may not publish, is kept as a pending change instead of being saved; so is an
  addition that would be public at once. Deleting a live record needs publish rights.
- Cited records: deleting something that is cited is refused with a message saying
  what cites it; unpublishing is the way to hide a record.
"""

from typing import TYPE_CHECKING, ClassVar

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from . import moderation
from .concurrency import VersionConflict
from .forms import CONFIRM_FIELD, VERSION_FIELD, VersionedForm
from .models import PendingChange
from .pagination import Paginator
from .publishing import STORED_FIELDS, Publishable, may_publish

if TYPE_CHECKING:
    from django.template.response import _TemplateForResponseT

    _ModelAdminBase = admin.ModelAdmin
    _InlineBase = admin.options.InlineModelAdmin
else:
    _ModelAdminBase = _InlineBase = object

CITED_BY_SHOWN = 5

CITED_REFUSAL = gettext_lazy("Not deleted, because other records cite it: {}.")
UNPUBLISH_ADVICE = gettext_lazy(
    "Unpublish it instead: that hides it from visitors and keeps the sources."
)
REMOVE_REFERENCES_ADVICE = gettext_lazy("Remove those references first.")
LOST_RACE = gettext_lazy(
    "Someone else saved this record at the same moment, so your changes were not saved. "
    "Open it again to see their version."
)


def cited_by_message(model, cited_by):
    """What to tell an editor whose delete was refused; `cited_by` describes the citers."""
    shown = format_html_join(", ", "{}", ((item,) for item in cited_by[:CITED_BY_SHOWN]))
    if len(cited_by) > CITED_BY_SHOWN:
        more = _("and %(count)d more") % {"count": len(cited_by) - CITED_BY_SHOWN}
        shown = format_html("{} {}", shown, more)
    advice = UNPUBLISH_ADVICE if issubclass(model, Publishable) else REMOVE_REFERENCES_ADVICE
    refusal = format_html(str(CITED_REFUSAL), shown)
    return format_html("{} {}", refusal, advice)


def keep_publication_fields(obj):
    """Put back the stored publication fields: a form or a revert never changes them."""
    stored = type(obj)._base_manager.filter(pk=obj.pk).values(*STORED_FIELDS).first()
    for attname, value in (stored or {}).items():
        setattr(obj, attname, value)


class VersionedAdmin(SimpleHistoryAdmin):
    """History, optimistic concurrency, moderation and friendly protected deletes."""

    form = VersionedForm
    change_form_template: "ClassVar[_TemplateForResponseT | None]" = "admin/core/change_form.html"
    # A deep page of a long changelist read from its nearer end, by ids (core.pagination).
    paginator: ClassVar[type] = Paginator

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        # Declared fieldsets do not know about the hidden field; without it the form
        # would post no version and every save would look like a conflict.
        return [*fieldsets, (None, {"fields": [VERSION_FIELD], "classes": ["hidden"]})]

    def save_model(self, request, obj, form, change):
        if moderation.needs_review(request.user, obj, adding=not change):
            # A revert form's record comes from a history entry, which it remembers.
            reverted_to = getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
            if reverted_to is not None:
                kind = PendingChange.Kind.REVERT
            else:
                kind = PendingChange.Kind.CHANGE if change else PendingChange.Kind.ADD
            history_id = reverted_to.history_id if reverted_to is not None else None
            raise moderation.ReviewNeeded(obj, kind, history_id)
        if change and isinstance(obj, Publishable):
            keep_publication_fields(obj)
        obj._history_user = request.user
        obj.save(expected_version=form.loaded() if hasattr(form, "loaded") else None)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk is not None and hasattr(inline_form, "loaded"):
                # A row deleted here must not have changed since it was loaded either.
                inline_form.instance.claim_next_version(inline_form.loaded())
        super().save_formset(request, form, formset, change)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        # Removing what visitors see is a change of live content: Publishers only.
        return obj is None or may_publish(request.user, self.model) or not moderation.is_live(obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self.pending_context(request, object_id)}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except moderation.ReviewNeeded as proposal:
            # Validated and nothing saved (the transaction rolled back): keep it for review.
            return self.keep_for_review(request, proposal)
        except VersionConflict:
            self.message_user(request, LOST_RACE, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history lets anyone who may view a record post its revert form; a
        # revert is a change, so it needs the change permission.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(request, object_id, version_id, extra_context)
        except moderation.ReviewNeeded as proposal:
            return self.keep_for_review(request, proposal)
        except VersionConflict:
            self.message_user(request, LOST_RACE, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def keep_for_review(self, request, proposal):
        change = moderation.propose(request, proposal)
        self.message_user(
            request,
            _(
                "Visitors see this record, so your change waits for a Publisher. It is "
                "listed under pending changes; the record stays as it is until then."
            ),
            messages.WARNING,
        )
        return redirect(reverse("admin:core_pendingchange_change", args=[change.pk]))

    def pending_context(self, request, object_id):
        """The pending changes of the record, for the notice at the top of its form."""
        if not object_id or request.method != "GET":
            return {}
        obj = self.get_object(request, object_id)
        if obj is None:
            return {}
        return {"pending_changes": list(PendingChange.objects.for_object(obj).pending()[:10])}

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


class SimilarNameWarningMixin(_ModelAdminBase):
    """For admins whose form has `SimilarNameCheck`: the "save even though similar names
    exist" box appears only on a form sent back with the warning, never on a first save."""

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if request.method != "POST" and CONFIRM_FIELD in fields:
            fields.remove(CONFIRM_FIELD)
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.method != "POST" or CONFIRM_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        return [*fieldsets, (gettext_lazy("Similar names"), {"fields": [CONFIRM_FIELD]})]


class VersionedInlineMixin(_InlineBase):
    """An inline whose rows carry their loaded version, like the form they sit in."""

    form: type[VersionedForm] = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        # Declared fields leave the hidden version out; without it a row would post no
        # version and every save would look like a conflict.
        return [*fieldsets, (None, {"fields": [VERSION_FIELD]})]


class VersionedTabularInline(VersionedInlineMixin, admin.TabularInline):
    pass


class VersionedStackedInline(VersionedInlineMixin, admin.StackedInline):
    pass
