"""
Documented signal receivers, connected in `InitiativesConfig.ready()`:

- after an Initiative, Actor or Article is saved, its PostgreSQL search vector is
  recomputed (one UPDATE; nothing on SQLite). Bulk inserts bypass signals, so bulk
  loaders call `update_search_vectors` themselves.
"""

from .search import update_search_vectors


def refresh_search_vector(sender, instance, raw=False, **kwargs):
    if raw:
        return
    update_search_vectors(sender, [instance.pk])
