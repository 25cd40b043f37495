"""The admin's form for initiatives."""

from core.forms import SimilarNameCheck, VersionedForm

from .models import Initiative


class InitiativeAdminForm(SimilarNameCheck, VersionedForm):
    similar_name_field = "title"

    class Meta:
        model = Initiative
        fields = "__all__"
