from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    """Staff tools across the domain apps: data quality, seed and scale data, snapshots."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "curation"
    verbose_name = _("Curation")
