from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetsConfig(AppConfig):
    """The whole published dataset: the /data/ page and its Frictionless Data Package."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "datasets"
    verbose_name = _("Dataset")
