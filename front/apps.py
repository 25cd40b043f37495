from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    """The public site: pages, exports and sitemaps that combine the domain apps."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "front"
    verbose_name = _("Public site")
    # The full exports, kept per content change (core/stored_downloads.py) and made ahead
    # of visitors by `manage.py make_downloads`.
    kept_downloads = ("initiatives:export-csv", "initiatives:export-json")
