"""
The initiative browser's filters. The same FilterSet drives the HTML browser and the
CSV/JSON exports (and any other reader of the same query string), so the same query
gives the same rows everywhere, and invalid input the same label-based messages.
"""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from core import text_search
from core.collation import sort_key, swedish
from core.publishing import sees_drafts
from municipalities.models import MAX_YEAR, MIN_YEAR, County, Municipality

from . import selection_counts
from .funding_order import FundingOrder
from .models import Initiative, InitiativeType, facts_of_initiatives
from .suggestions import BOXES, busiest_names

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


MAX_NAME_LENGTH = 200
# Up to this many selected initiatives, the actor and funder suggestions ask by their ids
# (core.id_lists); measured at scale on PostgreSQL, the ids were faster up to 9 000
# (funders 170-200 ms -> 33-110 ms), the subquery from 13 000 on.
SELECTION_BY_IDS = 10_000


def name_forms(text):
    """What a typed name may stand for: itself, then without a Swedish genitive ending
    ("Skolverkets" → "Skolverket", "SKR:s" → "SKR")."""
    forms_ = [text]
    if text.lower().endswith(":s") and len(text) > 2:
        forms_.append(text[:-2])
    elif text.lower().endswith("s") and len(text) > 2:
        forms_.append(text[:-1])
    return forms_


def find_actors(queryset, text):
    """The actors `text` names, best match first: [] when none, several when ambiguous.

    Accepted: the short name in the actor's address ("karin-falck"), the name in any
    case ("Karin Falck", "skolverket"), and both in the genitive ("Skolverkets",
    "SKR:s"). One query. Names are compared in Python too, because SQLite folds case
    for ASCII letters only (Å, Ä and Ö must match å, ä and ö).
    """
    candidates = name_forms(text)
    slugs = {variant for form in candidates for variant in (form, slugify(form))}
    condition = Q(slug__in=slugs)
    for form in candidates:
        condition |= Q(name__iexact=form)
    found = list(queryset.filter(condition)[:20])
    # Ranked: the text as typed before its genitive form; for each, the slug as typed,
    # then the name, then the slug made from the text.
    for form in candidates:
        folded = form.casefold()
        for matches in (
            lambda actor, form=form: actor.slug == form,
            lambda actor, folded=folded: actor.name.casefold() == folded,
            lambda actor, form=form: actor.slug == slugify(form),
        ):
            best = [actor for actor in found if matches(actor)]
            if best:
                return best
    return []


class ActorField(forms.ModelChoiceField):
    """An actor given by name or by the short name in its address (see find_actors)."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = " ".join(str(value).split())[:MAX_NAME_LENGTH]
        if not text:
            return None
        actors = find_actors(self.queryset, text)
        if not actors:
            raise ValidationError(
                _("No actor is called “%(name)s”. Choose one of the suggestions."),
                code="invalid_choice",
                params={"name": text},
            )
        if len({actor.pk for actor in actors}) > 1:
            raise ValidationError(
                _("Several actors are called “%(name)s”: use one of their short names, %(slugs)s."),
                code="ambiguous",
                params={"name": text, "slugs": ", ".join(sorted(a.slug for a in actors))},
            )
        return actors[0]

    def prepare_value(self, value):
        # Redisplay what the person typed, not a primary key.
        return value.name if isinstance(value, Actor) else value


class ActorFilter(django_filters.ModelChoiceFilter):
    """An actor typed by name (with suggestions) or slug: no select with thousands of options."""

    field_class = ActorField


def actors_visible_to(request):
    """The actors a filter may name: an unpublished one is as unknown as a misspelt one."""
    return Actor.objects.visible_to(request.user if request else None)


def is_blank(value):
    """An empty box of the filter form: it filters nothing."""
    return not value.strip()


def without_blank_values(data):
    """The query without empty values. A submitted form sends every box, filled or not;
    the browser redirects to the address without them, and the exports and the API,
    given the same query string, must select the same rows, not refuse an empty box."""
    if data is None or not hasattr(data, "lists"):
        return data
    kept = data.copy()
    for name, values in data.lists():
        filled = [value for value in values if not is_blank(value)]
        if filled:
            kept.setlist(name, filled)
        else:
            del kept[name]
    return kept


class InitiativeFilterForm(forms.Form):
    def clean(self):
        super().clean()
        data = self.cleaned_data
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", _("It cannot be before “From year”."))
        return data


class InitiativeFilter(django_filters.FilterSet):
    """Every filter a researcher uses, over a queryset of initiatives (from `for_listing()`
    for the browser's rows)."""

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
    actor = ActorFilter(label=_("Actor"), queryset=actors_visible_to, method="filter_actor")
    funder = ActorFilter(label=_("Funder"), queryset=actors_visible_to, method="filter_funder")
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
        fields: list[str] = []
        form = InitiativeFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(without_blank_values(data), *args, **kwargs)
        self._selected_ids: dict[frozenset, set[int]] = {}  # see selected_ids()

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

    def applied(self, excluded=None):
        """{name: value} of the filters set, but `excluded`. (A multiple choice left empty
        is cleaned to an empty queryset: not set either.)"""
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != excluded
            and value not in (None, "", [])
            and not (isinstance(value, QuerySet) and value.query.is_empty())
        }

    def basis_key(self, excluded=None):
        """The filters `without(excluded)` applies, as a stable string ("county=12&year=2015"):
        a facet counts the same for every selection that differs only in its own filter,
        so it is kept once for them all. The order selects nothing and is left out; each
        value is written as the form writes it back (a slug, a code, an actor's id)."""
        items = []
        for name, value in self.applied(excluded).items():
            if name == "order":
                continue
            prepared = self.form.fields[name].prepare_value(value)
            values = prepared if isinstance(prepared, list | tuple) else [prepared]
            items += [(name, str(one)) for one in values]
        return urlencode(sorted(items))

    def without(self, excluded):
        """The filtered queryset ignoring one filter: the basis of that filter's facets."""
        queryset = self.queryset
        for name, value in self.applied(excluded).items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def ordered(self, queryset):
        order = self.form.cleaned_data.get("order")
        if order == "oldest":
            return queryset.order_by(F("start_year").asc(nulls_last=True), *swedish("title"), "pk")
        if order == "title":
            return queryset.order_by(*swedish("title"), "pk")
        if order == "funding":
            # A sequence, not a queryset: the order is kept per content change (see
            # funding_order.py); the paginators and the exports read it a page or a
            # chunk at a time.
            return FundingOrder(queryset)
        return queryset.newest_first()

    def error_list(self):
        """[{field, label, message}] for every error, the field's label instead of its
        parameter name ("To year", not "year_to"); field None for the form as a whole.
        The browser's summary and the exports' 400 answers both say these."""
        errors = []
        for name, messages in self.form.errors.items():
            field = self.form.fields.get(name)
            for message in messages:
                errors.append(
                    {
                        "field": name if field else None,
                        "label": field.label if field else "",
                        "message": message,
                    }
                )
        return errors

    def error_lines(self):
        """The errors as plain lines, "To year: It cannot be before “From year”."."""
        return [
            f"{error['label']}: {error['message']}" if error["label"] else str(error["message"])
            for error in self.error_list()
        ]

    @property
    def results(self):
        """The filtered, ordered rows (empty when the query is invalid)."""
        if not self.is_valid():
            return self.queryset.none()
        return self.ordered(self.qs)

    def type_counts(self):
        """[(type, count)] for every type, counting results under the other filters."""
        if self.counts_public():
            counts = selection_counts.per_type(self.selected_ids("type"))
        else:
            counts = dict(
                self.without("type").order_by().values_list("type").annotate(n=Count("pk"))
            )
        return [(kind, counts.get(kind.pk, 0)) for kind in self.filters["type"].queryset]

    def counts_by_year_and_type(self):
        """[(start_year, type_id, count)] of the results, for the chart; undated left out."""
        if self.counts_public():
            return selection_counts.per_year_and_type(self.selected_ids(None))
        return self.qs.counts_by_year_and_type()

    def counts_public(self):
        """Whether the results are public initiatives only, so that their counts can be
        made among the public ones' kept columns (selection_counts.py)."""
        return not sees_drafts(self.request.user if self.request else None)

    def type_facets(self, counted=None):
        """[(type, count, selected)] for every type, counting results under the other
        filters (`counted`: `type_counts()`, when kept)."""
        if counted is None:
            counted = self.type_counts()
        selected = {t.pk for t in (self.form.cleaned_data.get("type") or [])}
        # Sorted by the name shown, which depends on the language.
        return [
            (kind, count, kind.pk in selected)
            for kind, count in sorted(counted, key=lambda item: sort_key(item[0].name))
        ]

    def actor_suggestions(self, name, limit=50):
        """Names for the actor (or funder) box: the `limit` actors with a role (or paying)
        in most of the initiatives the other filters select, in Swedish order."""
        user = self.request.user if self.request else None
        model, actor_field = BOXES[name]
        actor_name = f"{actor_field}__name"
        if self.counts_public():
            # Counted among the public pairs kept per content change (suggestions.py).
            return busiest_names(name, self.selected_ids(name), limit)
        selection = self.without(name).order_by().values_list("pk", flat=True)
        # A small selection by its ids, read first (core.id_lists: PostgreSQL joined every
        # payment with its article before narrowing them to the selection); a large
        # one as a subquery, for which the planner does well.
        ids = list(selection[: SELECTION_BY_IDS + 1])
        if len(ids) <= SELECTION_BY_IDS:
            # The ids on the rule's join of the initiative too: a new selection's actor
            # box took 63 ms on PostgreSQL, which hashed every published initiative.
            links = facts_of_initiatives(model, ids, user)
        else:
            links = model.objects.visible_to(user).filter(initiative__in=selection)
        busiest = (
            links.order_by()
            .values_list(actor_name)
            .annotate(n=Count("initiative", distinct=True))
            .order_by("-n", actor_name)[:limit]
        )
        return sorted({actor for actor, _n in busiest}, key=sort_key)

    def selected_ids(self, excluded):
        """The ids of the initiatives the filters other than `excluded` select, as a set,
        read once for filters that select the same: the actor and funder boxes share
        theirs unless one of them is filled in."""
        applied = frozenset(self.applied(excluded))
        if applied not in self._selected_ids:
            selection = self.without(excluded).order_by().values_list("pk", flat=True)
            self._selected_ids[applied] = set(selection)
        return self._selected_ids[applied]

    def county_facets(self):
        """[(county, count)]: how many results each county would give."""
        if self.counts_public():
            counts = selection_counts.per_county(self.selected_ids("county"))
        else:
            counts = dict(
                self.without("county")
                .order_by()
                .values_list("municipalities__county")
                .annotate(n=Count("pk", distinct=True))
            )
        return [(county, counts.get(county.pk, 0)) for county in self.filters["county"].queryset]


def selection_key(query):
    """A selection of initiatives as a stable string: the filters of `query` (a QueryDict)
    only, not the page, page size, order or map, in a fixed order. What the browser and
    the API keep a selection's count (and the browser its facets) under."""
    ignored = {"page", "page_size", "order", "map"}
    items = sorted((k, v) for k, values in query.lists() if k not in ignored for v in values)
    return urlencode(items)
