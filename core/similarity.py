"""
Names close to one another: the admin's "similar name" warning and the duplicates report.

On PostgreSQL the score is pg_trgm's trigram similarity, served by the GIN trigram
indexes of initiatives/migrations/0002_postgres_search.py. Elsewhere (SQLite in
development) it is difflib's ratio on the case-folded names, computed in Python.
The two scales differ, hence two thresholds.
"""

from difflib import SequenceMatcher

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

# Calibrated on the seed: "Karlstad universitet" vs "Karlstads universitet" is close
# (0.87 / 0.98), "Gävle kommun" vs "Örebro kommun" is not (0.35 / 0.64).
TRIGRAM_THRESHOLD = 0.6
DIFFLIB_THRESHOLD = 0.85
CONFIRM_FIELD = "save_despite_similar_names"


def uses_trigrams():
    return connection.vendor == "postgresql"


def name_similarity(a, b):
    """difflib's score for two names, ignoring case and surrounding spaces."""
    return SequenceMatcher(None, a.strip().casefold(), b.strip().casefold()).ratio()


def similar_records(model, field, value, exclude_pk=None, limit=5):
    """Records whose `field` is close to `value`, closest first, each with `.similarity`."""
    value = (value or "").strip()
    if not value:
        return []
    queryset = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    if uses_trigrams():
        # `trigram_similar` (the % operator) is what the GIN index serves; its cut-off
        # (pg_trgm.similarity_threshold, 0.3) is looser than ours, so filter again.
        return list(
            queryset.filter(**{f"{field}__trigram_similar": value})
            .annotate(similarity=TrigramSimilarity(field, value))
            .filter(similarity__gte=TRIGRAM_THRESHOLD)
            .order_by("-similarity")[:limit]
        )
    scores = {pk: name_similarity(value, name) for pk, name in queryset.values_list("pk", field)}
    close = sorted(
        (pk for pk, score in scores.items() if score >= DIFFLIB_THRESHOLD),
        key=scores.__getitem__,
        reverse=True,
    )[:limit]
    found = model.objects.in_bulk(close)
    for pk in close:
        found[pk].similarity = scores[pk]
    return [found[pk] for pk in close]


def records_with_alias(model, value):
    """Records that list `value` among their aliases (one per line), e.g. "SKR"."""
    value = (value or "").strip()
    if not value or not hasattr(model, "alias_list"):
        return []
    candidates = model.objects.filter(aliases__icontains=value)
    return [r for r in candidates if value.casefold() in {a.casefold() for a in r.alias_list}]


def likely_duplicates(model, field, limit=50):
    """Pairs of records with close names, closest first: [(record, record, score)]."""
    queryset = model.objects.all()
    if hasattr(model, "is_synthetic"):
        # Load-test records are alike by design.
        queryset = queryset.filter(is_synthetic=False)
    if uses_trigrams():
        pairs = _trigram_pairs(model, field, limit)
    else:
        pairs = _difflib_pairs(queryset.values_list("pk", field), limit)
    records = queryset.in_bulk({pk for a, b, _score in pairs for pk in (a, b)})
    return [
        (records[a], records[b], score) for a, b, score in pairs if a in records and b in records
    ]


def _trigram_pairs(model, field, limit):
    table = model._meta.db_table
    column = model._meta.get_field(field).column
    # A self-join on the % operator, which the trigram GIN index serves, instead of
    # scoring every pair of rows.
    sql = (
        f'SELECT a.id, b.id, similarity(a."{column}", b."{column}") AS score '
        f'FROM "{table}" a JOIN "{table}" b ON a.id < b.id AND a."{column}" %% b."{column}" '
        f'WHERE similarity(a."{column}", b."{column}") >= %s ORDER BY score DESC LIMIT %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [TRIGRAM_THRESHOLD, limit])
        return cursor.fetchall()


def _difflib_pairs(rows, limit):
    rows = [(pk, name.strip().casefold()) for pk, name in rows]
    pairs = []
    for index, (pk_a, a) in enumerate(rows):
        for pk_b, b in rows[index + 1 :]:
            matcher = SequenceMatcher(None, a, b)
            # The cheap upper bounds rule out most pairs before the real ratio.
            if matcher.real_quick_ratio() < DIFFLIB_THRESHOLD:
                continue
            if matcher.quick_ratio() < DIFFLIB_THRESHOLD:
                continue
            score = matcher.ratio()
            if score >= DIFFLIB_THRESHOLD:
                pairs.append((min(pk_a, pk_b), max(pk_a, pk_b), score))
    return sorted(pairs, key=lambda pair: -pair[2])[:limit]


def similar_names_message(records):
    opts = records[0]._meta
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        (
            (reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[r.pk]), r)
            for r in records
        ),
    )
    return format_html(
        "{} {}. {}",
        _("Similar names already exist:"),
        links,
        _(
            "If this is a different record, tick “Save even though similar names exist” "
            "and save again."
        ),
    )
