"""The admin's form for actors."""

from core.forms import SimilarNameCheck, VersionedForm

from .models import Actor


class ActorAdminForm(SimilarNameCheck, VersionedForm):
    class Meta:
        model = Actor
        fields = "__all__"
