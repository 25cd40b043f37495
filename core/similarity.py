"""
Names close to one another: the admin's "similar name" warning and the duplicates report.

On PostgreSQL the score is pg_trgm's trigram similarity, served by the GIN trigram
indexes of initiatives/migrations/0002_postgres_search.py. Elsewhere (SQLite in
development) it is difflib's ratio on the case-folded names, computed in Python.
The two scales differ, hence two thresholds.
"""

from difflib import SequenceMatcher

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
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
        key=scores.get,
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


class SimilarNameCheck:
    """Form mixin: refuse a new or renamed record whose name is close to an existing one's,
    unless the editor ticks the confirmation box."""

    similar_name_field = "name"

    def clean(self):
        cleaned_data = super().clean()
        field = self.similar_name_field
        value = cleaned_data.get(field)
        if not value or cleaned_data.get(CONFIRM_FIELD):
            return cleaned_data
        if self.instance.pk and field not in self.changed_data:
            return cleaned_data
        model = self._meta.model
        exclude_pk = self.instance.pk
        similar = similar_records(model, field, value, exclude_pk)
        similar += [
            r for r in records_with_alias(model, value) if r.pk != exclude_pk and r not in similar
        ]
        if similar:
            self.add_error(field, ValidationError(similar_names_message(similar), code="similar"))
        return cleaned_data


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


class SimilarNameWarningMixin:
    """ModelAdmin mixin: warn before saving a name close to an existing record's.

    The confirmation box is added only to submitted forms, so it appears exactly when the
    form comes back with an error; a first save never shows it.
    """

    similar_name_field = "name"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if request.method == "POST":
            base = kwargs.get("form", self.form)
            attrs = {
                "similar_name_field": self.similar_name_field,
                CONFIRM_FIELD: forms.BooleanField(
                    label=_("Save even though similar names exist"), required=False
                ),
            }
            kwargs["form"] = type(base.__name__, (SimilarNameCheck, base), attrs)
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.method != "POST" or CONFIRM_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        return [*fieldsets, (_("Similar names"), {"fields": [CONFIRM_FIELD]})]
