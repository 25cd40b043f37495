"""
The initiative browser's filters. The same FilterSet drives the HTML browser and the
CSV/JSON exports, so an export returns exactly the rows the browser shows.
"""

import django_filters
from django import forms
from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from core import text_search
from core.collation import sort_key, swedish
from municipalities.models import MAX_YEAR, MIN_YEAR, County, Municipality

from .models import Initiative, InitiativeType

ORDER_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title")),
    ("funding", _("Most funding")),
]
PAGE_SIZES = [10, 25, 50, 100]
DEFAULT_PAGE_SIZE = 25


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A model chosen by slug in a text box: no select with thousands of options."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        kwargs.setdefault("error_messages", {"invalid_choice": _("No actor has that slug.")})
        super().__init__(*args, **kwargs)


class InitiativeFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", _("“To year” cannot be before “From year”."))
        return data


class InitiativeFilter(django_filters.FilterSet):
    """Every filter a researcher uses; the base queryset must come from `for_listing()`."""

    type = django_filters.ModelMultipleChoiceFilter(
        label=_("Type"),
        queryset=InitiativeType.objects.all(),
        to_field_name="slug",
        # The predicate uses the chosen object's slug, so filter on type__slug.
        field_name="type__slug",
        # A foreign key cannot duplicate rows, so no DISTINCT over the whole selection.
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
    )
    year = YearFilter(label=_("Active in year"), method="filter_year")
    year_from = YearFilter(label=_("From year"), method="filter_year_range")
    year_to = YearFilter(label=_("To year"), method="filter_year_range")
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by(*swedish("name")),
        to_field_name="slug",
        method="filter_municipality",
        empty_label=_("All municipalities"),
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        queryset=County.objects.order_by(*swedish("name")),
        to_field_name="code",
        method="filter_county",
        empty_label=_("All counties"),
    )
    actor = SlugChoiceFilter(
        label=_("Actor (slug)"), queryset=Actor.objects.all(), method="filter_actor"
    )
    funder = SlugChoiceFilter(
        label=_("Funder (slug)"), queryset=Actor.objects.all(), method="filter_funder"
    )
    has_funding = django_filters.ChoiceFilter(
        label=_("Funding"),
        choices=[("true", _("With funding")), ("false", _("Without funding"))],
        empty_label=_("With or without"),
        method="filter_has_funding",
    )
    q = django_filters.CharFilter(
        label=_("Text"), method="filter_q", max_length=200, widget=forms.TextInput
    )
    order = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=ORDER_CHOICES,
        empty_label=None,
        method="filter_order",
    )

    class Meta:
        model = Initiative
        fields = []
        form = InitiativeFilterForm

    def filter_year(self, queryset, name, value):
        return queryset.active_in(value)

    def filter_year_range(self, queryset, name, value):
        if name == "year_from":
            return queryset.active_between(year_from=value)
        return queryset.active_between(year_to=value)

    def filter_municipality(self, queryset, name, value):
        return queryset.in_municipality(value)

    def filter_county(self, queryset, name, value):
        return queryset.in_county(value)

    def filter_actor(self, queryset, name, value):
        return queryset.with_actor(value)

    def filter_funder(self, queryset, name, value):
        return queryset.funded_by(value)

    def filter_has_funding(self, queryset, name, value):
        return queryset.with_funding(value == "true")

    def filter_q(self, queryset, name, value):
        return text_search.matching(queryset, value, ["title", "summary"])

    def filter_order(self, queryset, name, value):
        return queryset  # applied last, in ordered(), so facets can skip it

    def without(self, excluded):
        """The filtered queryset ignoring one filter: the basis of that filter's facets."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name != excluded and value not in (None, "", []):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def ordered(self, queryset):
        order = self.form.cleaned_data.get("order")
        if order == "oldest":
            return queryset.order_by(F("start_year").asc(nulls_last=True), "title", "pk")
        if order == "title":
            return queryset.order_by(*swedish("title"), "pk")
        if order == "funding":
            # `total_funding_sek` is annotated by for_listing() on the base queryset.
            return queryset.order_by(F("total_funding_sek").desc(nulls_last=True), "title", "pk")
        return queryset.newest_first()

    @property
    def results(self):
        """The filtered, ordered rows (empty when the query is invalid)."""
        if not self.is_valid():
            return self.queryset.none()
        return self.ordered(self.qs)

    def type_facets(self):
        """[(type, count, selected)] for every type, counting results under the other filters."""
        counts = dict(self.without("type").order_by().values_list("type").annotate(n=Count("pk")))
        selected = {t.pk for t in (self.form.cleaned_data.get("type") or [])}
        # Sorted by the name shown, which depends on the language.
        return [
            (kind, counts.get(kind.pk, 0), kind.pk in selected)
            for kind in sorted(self.filters["type"].queryset, key=lambda t: sort_key(t.name))
        ]

    def county_facets(self):
        """[(county, count)]: how many results each county would give."""
        counts = dict(
            self.without("county")
            .order_by()
            .values_list("municipalities__county")
            .annotate(n=Count("pk", distinct=True))
        )
        return [(county, counts.get(county.pk, 0)) for county in self.filters["county"].queryset]
