"""
Full-text search vectors (PostgreSQL, `swedish` configuration).

A searchable model declares `search_weights`, e.g. `[("title", "A"), ("summary", "B")]`
(weight A ranks highest), and a `search_vector` field. Its app connects
`refresh_search_vector` to the model's post_save signal in its own `AppConfig.ready()`,
so every save through the ORM recomputes the row's stored, GIN-indexed vector with one
UPDATE. Bulk inserts send no signal: bulk loaders (scale data, snapshot restore) call
`update_search_vectors` themselves. On SQLite both do nothing and search falls back to
whole-word matching (`core.text_search`).
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models.expressions import CombinedExpression

CONFIG = "swedish"


def search_vector_expression(model):
    vector: CombinedExpression | SearchVector | None = None
    for field, weight in model.search_weights:
        part = SearchVector(field, weight=weight, config=CONFIG)
        vector = part if vector is None else vector + part
    return vector


def update_search_vectors(model, pks=None):
    """Recompute the search vector of `pks` (all rows when None). No-op off PostgreSQL."""
    if connection.vendor != "postgresql":
        return 0
    queryset = model._default_manager.all()
    if pks is not None:
        queryset = queryset.filter(pk__in=list(pks))
    return queryset.update(search_vector=search_vector_expression(model))


def refresh_search_vector(sender, instance, raw=False, **kwargs):
    """post_save receiver: the saved row's vector, unless loaddata is saving raw rows."""
    if raw:
        return
    update_search_vectors(sender, [instance.pk])


def searchable(models):
    """The models among `models` that keep a search vector."""
    return [model for model in models if hasattr(model, "search_weights")]
