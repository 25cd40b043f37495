"""
Pending changes in the admin: the list staff see, and the review page where a Publisher
compares, previews, approves or rejects (core.moderation).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import moderation
from .models import PendingChange
from .publishing import may_publish


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment for the editor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ["object_repr", "content_type", "kind", "proposed_by", "proposed_at", "status"]
    list_filter = ["status", "content_type", "proposed_by"]
    list_select_related = ["content_type", "proposed_by"]
    search_fields = ["object_repr", "comment"]
    review_template = "admin/core/pendingchange/review.html"

    # Proposals come from the change forms and are decided on the review page; nobody
    # adds or edits one by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        opts = self.model._meta
        urls = [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            ),
        ]
        return urls + super().get_urls()

    def target_admin(self, change):
        model = change.model
        if model is None or model not in self.admin_site._registry:
            raise Http404
        return self.admin_site._registry[model]

    def get_change(self, request, pk):
        change = (
            PendingChange.objects.select_related("content_type", "proposed_by")
            .filter(pk=pk)
            .first()
        )
        if change is None or not self.has_view_permission(request, change):
            raise Http404
        return change

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: what would change, and (for Publishers) approve or reject."""
        change = self.get_change(request, object_id)
        target = self.target_admin(change)
        may_decide = change.is_pending and may_publish(request.user, change.model)
        form = DecisionForm(request.POST or None)
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            if form.is_valid():
                return self.decide(request, change, target, form.cleaned_data["comment"])
        may_rehearse = change.is_pending and target.has_change_permission(request)
        rehearsal = (
            moderation.rehearse(target, request, change, force=True) if may_rehearse else None
        )
        context = {
            **self.admin_site.each_context(request),
            "title": str(change),
            "opts": self.model._meta,
            "change": change,
            "rehearsal": rehearsal,
            "stale": moderation.is_stale(change),
            "may_decide": may_decide,
            "form": form,
            "record_url": self.record_url(change),
            "preview_url": reverse("admin:core_pendingchange_preview", args=[change.pk]),
        }
        return TemplateResponse(request, self.review_template, context)

    def record_url(self, change):
        record = moderation.current_object(change)
        if record is None:
            return None
        opts = record._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])

    def decide(self, request, change, target, comment):
        if "_reject" in request.POST:
            moderation.reject(request, change, comment)
            self.message_user(request, _("Rejected; the editor sees your comment."))
            return redirect(reverse("admin:core_pendingchange_changelist"))
        errors = moderation.approve(target, request, change, force="_force" in request.POST)
        if errors:
            for error in errors:
                self.message_user(request, error, messages.ERROR)
            return redirect(request.get_full_path())
        self.message_user(request, _("Approved: the change is live."))
        return redirect(reverse("admin:core_pendingchange_changelist"))

    def preview_view(self, request, pk):
        """The public page as it would look once the change is approved (nothing saved)."""
        change = self.get_change(request, pk)
        target = self.target_admin(change)
        if not change.is_pending or not target.has_change_permission(request):
            raise PermissionDenied
        rehearsal = moderation.rehearse(target, request, change, with_preview=True, force=True)
        if rehearsal.preview_html is None:
            raise Http404(_("This change has no public page to preview."))
        response = HttpResponse(rehearsal.preview_html)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
