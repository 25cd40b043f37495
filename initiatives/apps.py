from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "initiatives"
    holds_content = True
    verbose_name = _("Initiatives")

    def ready(self):
        from core.search import refresh_search_vector, remove_from_search

        from .models import Initiative

        post_save.connect(
            refresh_search_vector, sender=Initiative, dispatch_uid="search-initiative"
        )
        post_delete.connect(
            remove_from_search, sender=Initiative, dispatch_uid="search-remove-initiative"
        )
