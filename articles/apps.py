from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    holds_content = True
    verbose_name = _("Articles")

    def ready(self):
        from core.search import refresh_search_vector, remove_from_search

        from .models import Article

        post_save.connect(refresh_search_vector, sender=Article, dispatch_uid="search-article")
        post_delete.connect(
            remove_from_search, sender=Article, dispatch_uid="search-remove-article"
        )
