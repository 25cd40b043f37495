from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from django.db.models.signals import post_save

        from articles.models import Article
        from equity_site.caching import connect_invalidation_receivers
        from equity_site.staff_groups import sync_staff_groups_after_migrate

        from .models import Actor, Initiative
        from .signals import refresh_search_vector

        for model in (Initiative, Actor, Article):
            post_save.connect(refresh_search_vector, sender=model, dispatch_uid=f"search-{model}")

        # Documented receivers: any content change makes every cached page stale.
        connect_invalidation_receivers()

        # Documented side effect: after every `migrate`, the staff groups and their
        # permissions are brought up to date, so new models are covered at once.
        # Connected for every app's signal, so the last run sees every permission.
        post_migrate.connect(sync_staff_groups_after_migrate, dispatch_uid="sync_staff_groups")
