"""The admin home's "waiting for review" box: what awaits Publishers, and for editors the
answers to their own proposals."""

from datetime import timedelta

from django import template
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from core.models import PendingChange
from core.publishing import PublicationState, Publishable

register = template.Library()

RECENT = timedelta(days=30)


@register.inclusion_tag("admin/core/awaiting_review.html", takes_context=True)
def awaiting_review(context):
    user = context["request"].user
    in_review = []
    for model in apps.get_models():
        if not issubclass(model, Publishable):
            continue
        count = model._default_manager.filter(publication_state=PublicationState.IN_REVIEW).count()
        if count:
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            in_review.append(
                (
                    capfirst(opts.verbose_name_plural),
                    count,
                    f"{url}?publication_state__exact=in_review",
                )
            )
    pending = PendingChange.objects.pending()
    return {
        "in_review": in_review,
        "pending_count": pending.count(),
        "pending_url": reverse("admin:core_pendingchange_changelist") + "?status__exact=pending",
        "answered": PendingChange.objects.filter(
            proposed_by=user, decided_at__gte=timezone.now() - RECENT
        ).exclude(status=PendingChange.Status.PENDING)[:10],
    }
