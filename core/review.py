"""
The review workflow for publishable records (initiatives and articles).

    draft ──submit──▶ in review ──publish──▶ published
      ▲                  │                      │
      └─return to draft──┘                      │
      └──────────────────unpublish──────────────┘

Anyone who may change a record may submit it for review or return it to draft; only a
user with the model's publish permission (the Publishers group) may publish or
unpublish. Every change of state goes through `apply_transition`, which checks both and
records who published and when.

`ReviewAdminMixin` puts the transitions in the admin: bulk actions in the changelist
and buttons on the change form. The state itself is read-only in the form.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .publishing import PublicationState, may_publish, publication_changes_allowed

DRAFT = PublicationState.DRAFT
IN_REVIEW = PublicationState.IN_REVIEW
PUBLISHED = PublicationState.PUBLISHED


class TransitionNotAllowed(Exception):
    """The record is not in a state the transition starts from."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: "StrOrPromise"
    sources: frozenset
    target: str
    needs_publish_permission: bool


SUBMIT = Transition("submit", _("Submit for review"), frozenset({DRAFT}), IN_REVIEW, False)
RETURN_TO_DRAFT = Transition(
    "return_to_draft", _("Return to draft"), frozenset({IN_REVIEW}), DRAFT, False
)
PUBLISH = Transition("publish", _("Publish"), frozenset({IN_REVIEW}), PUBLISHED, True)
UNPUBLISH = Transition("unpublish", _("Unpublish"), frozenset({PUBLISHED}), DRAFT, True)
TRANSITIONS = {t.name: t for t in (SUBMIT, RETURN_TO_DRAFT, PUBLISH, UNPUBLISH)}


def may_apply(user, model, transition):
    """Whether the user's permissions allow the transition on this model at all."""
    if transition.needs_publish_permission:
        return may_publish(user, model)
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def available_transitions(user, obj):
    """The transitions this user may apply to the record in its current state."""
    return [
        t
        for t in TRANSITIONS.values()
        if obj.publication_state in t.sources and may_apply(user, type(obj), t)
    ]


def apply_transition(obj, transition, user):
    """Move the record to the transition's target state and save it.

    Raises PermissionDenied or TransitionNotAllowed and then changes nothing.
    """
    if not may_apply(user, type(obj), transition):
        raise PermissionDenied
    if obj.publication_state not in transition.sources:
        raise TransitionNotAllowed(transition.name, obj.publication_state)
    obj.publication_state = transition.target
    if transition.target == PUBLISHED:
        obj.published_at = timezone.now()
        obj.published_by = user
    else:
        # "Published by" describes the live version; a record taken off the site has none.
        obj.published_at = None
        obj.published_by = None
    # Only the state: a content edit saved meanwhile by someone else must survive. The
    # save moves the version on, so a form opened before the transition notices it.
    with publication_changes_allowed():
        obj.save(update_fields=["publication_state", "published_at", "published_by", "updated_at"])


if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


class ReviewAdminMixin(_AdminBase):
    """ModelAdmin mixin for Publishable models: review actions, buttons, read-only state."""

    review_confirm_template = "admin/review_confirm.html"
    actions = ["submit_for_review", "return_to_draft", "publish", "unpublish"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        extra = ["publication_state", "published_at", "published_by"]
        return fields + [name for name in extra if name not in fields]

    def has_publish_permission(self, request):
        return may_publish(request.user, self.model)

    @admin.action(permissions=["change"], description=SUBMIT.label)
    def submit_for_review(self, request, queryset):
        self._apply_to_queryset(request, queryset, SUBMIT)

    @admin.action(permissions=["change"], description=RETURN_TO_DRAFT.label)
    def return_to_draft(self, request, queryset):
        self._apply_to_queryset(request, queryset, RETURN_TO_DRAFT)

    @admin.action(permissions=["publish"], description=PUBLISH.label)
    def publish(self, request, queryset):
        self._apply_to_queryset(request, queryset, PUBLISH)

    @admin.action(permissions=["publish"], description=UNPUBLISH.label)
    def unpublish(self, request, queryset):
        self._apply_to_queryset(request, queryset, UNPUBLISH)

    def _apply_to_queryset(self, request, queryset, transition):
        # One save per record, not a bulk update: each change gets its history entry.
        ready = queryset.filter(publication_state__in=transition.sources)
        changed = 0
        for obj in ready:
            apply_transition(obj, transition, request.user)
            self.log_change(request, obj, [{"changed": {"fields": ["publication_state"]}}])
            changed += 1
        skipped = queryset.count() - changed
        message = ngettext(
            "%(action)s: %(count)d record changed.",
            "%(action)s: %(count)d records changed.",
            changed,
        )
        self.message_user(request, message % {"action": transition.label, "count": changed})
        if skipped:
            message = ngettext(
                "%(count)d record was skipped: its state does not allow this.",
                "%(count)d records were skipped: their state does not allow this.",
                skipped,
            )
            self.message_user(request, message % {"count": skipped}, messages.WARNING)

    def get_urls(self):
        opts = self.opts
        review = path(
            "<path:object_id>/review/<str:transition>/",
            self.admin_site.admin_view(self.review_view),
            name=f"{opts.app_label}_{opts.model_name}_review",
        )
        return [review, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["review_transitions"] = available_transitions(request.user, obj) if obj else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_view(self, request, object_id, transition):
        """GET asks for confirmation; POST applies the transition to one record."""
        obj = self.get_object(request, unquote(object_id))
        transition = TRANSITIONS.get(transition)
        if obj is None or transition is None:
            raise Http404
        if not may_apply(request.user, self.model, transition):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        if obj.publication_state not in transition.sources:
            # Someone else moved it meanwhile, or the link is stale.
            message = _("The record is %(state)s; “%(action)s” does not apply to it.")
            state = obj.get_publication_state_display()
            self.message_user(
                request, message % {"state": state, "action": transition.label}, messages.WARNING
            )
            return redirect(change_url)
        if request.method == "POST":
            apply_transition(obj, transition, request.user)
            self.log_change(request, obj, [{"changed": {"fields": ["publication_state"]}}])
            self.message_user(request, _("%(action)s: done.") % {"action": transition.label})
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": transition.label,
            "subtitle": str(obj),
            "opts": self.opts,
            "original": obj,
            "transition": transition,
            "change_url": change_url,
        }
        return TemplateResponse(request, self.review_confirm_template, context)
