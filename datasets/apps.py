from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetsConfig(AppConfig):
    """The whole published dataset: the /data/ page and its Frictionless Data Package."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "datasets"
    verbose_name = _("Dataset")

    @property
    def kept_downloads(self):
        """The package's ZIP and tables, kept per content change (core/stored_downloads.py)
        and made ahead of visitors by `manage.py make_downloads`."""
        from . import package  # imports models: only once the apps are ready

        return ("data:zip", *(f"data:{name}" for name in package.TABLES))
