from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actors"
    holds_content = True
    verbose_name = _("Actors")

    def ready(self):
        from core.search import refresh_search_vector, remove_from_search

        from .models import Actor

        post_save.connect(refresh_search_vector, sender=Actor, dispatch_uid="search-actor")
        post_delete.connect(remove_from_search, sender=Actor, dispatch_uid="search-remove-actor")
