"""
Which apps hold the knowledge base's content.

A domain app says so with `holds_content = True` on its AppConfig. The floor reads the
flag instead of naming the apps, so it never imports (or knows) a domain app: caching,
the staff groups and snapshots all cover a new content app without being edited.
"""

import functools

from django.apps import apps
from simple_history.models import HistoricalChanges


def content_app_configs():
    return [config for config in apps.get_app_configs() if getattr(config, "holds_content", False)]


@functools.cache
def content_app_labels():
    return {config.label for config in content_app_configs()}


def content_models():
    """Every model of the content apps, without simple-history's historical copies."""
    return [
        model
        for config in content_app_configs()
        for model in config.get_models()
        if not issubclass(model, HistoricalChanges)
    ]
