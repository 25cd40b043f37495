"""The floor's one model: a change to live content waiting for a Publisher."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=PendingChange.Status.PENDING)

    def for_object(self, obj):
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=str(obj.pk))


class PendingChange(models.Model):
    """An edit of something visitors see, proposed by someone who may not publish.

    The live record stays as approved. The proposal is kept as the admin form the editor
    submitted (`data`), so approving it replays that form as the Publisher, through the
    same validation, version check and history as any other save (`core.moderation`).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Kind(models.TextChoices):
        CHANGE = "change", _("Change")
        ADD = "add", _("Addition")
        REVERT = "revert", _("Revert to an earlier version")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE
    )
    # Empty for a proposed addition: the record does not exist until it is approved.
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=300)
    kind = models.CharField(_("kind of change"), max_length=16, choices=Kind.choices)
    # For a revert: the history entry it goes back to.
    history_id = models.PositiveBigIntegerField(null=True, blank=True)
    data = models.JSONField(_("submitted form"))
    base_version = models.PositiveIntegerField(_("version it was based on"), null=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(
        _("comment"), blank=True, help_text=_("Why it was rejected, for the editor.")
    )

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        indexes = [
            models.Index(fields=["content_type", "object_id", "status"], name="pending_object_idx"),
            models.Index(fields=["status", "-proposed_at"], name="pending_status_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.object_repr}"

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
