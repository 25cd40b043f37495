"""The admin's forms for municipal records."""

from core.forms import SimilarNameCheck, VersionedForm

from .models import School


class SchoolAdminForm(SimilarNameCheck, VersionedForm):
    class Meta:
        model = School
        fields = "__all__"
