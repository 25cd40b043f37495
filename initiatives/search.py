"""
Full-text search vectors (PostgreSQL, `swedish` configuration).

`update_search_vectors(model, pks)` recomputes the stored, GIN-indexed vector of the
given rows in one UPDATE. It is called explicitly after saves (admin, seed loading,
scale data) rather than from a hidden signal; on SQLite it does nothing, and search
falls back to whole-word matching.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection

CONFIG = "swedish"

# Which text each model's vector holds, with PostgreSQL's weights (A ranks highest).
VECTOR_FIELDS = {
    "initiatives.initiative": [("title", "A"), ("summary", "B")],
    "initiatives.actor": [("name", "A"), ("aliases", "A"), ("title", "B")],
    "articles.article": [("title", "A"), ("body", "C")],
}


def search_vector_expression(label):
    vector = None
    for field, weight in VECTOR_FIELDS[label]:
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
    return queryset.update(search_vector=search_vector_expression(model._meta.label_lower))
