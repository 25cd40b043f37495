"""
Municipalities side by side: /compare/?m=trollhattan&m=borlange.

The URL holds the whole state, so a comparison can be shared and needs no JavaScript:
adding is a GET form that repeats the current `m` values, removing is a link without one.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.choice_labels import labels_of
from core.collation import sort_key, swedish
from core.derived_cache import remember
from core.publishing import public_q
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeSource,
    InitiativeType,
    Participation,
)
from municipalities.models import Municipality

MIN_COMPARED = 2
MAX_COMPARED = 4
# What one comparison lists, so the page stays the same size however many records the
# municipalities have (each list says how many more there are and where they are).
MAX_PER_CELL = 3
MAX_ACTORS = 30
MAX_SOURCES = 10
# More values than this are not looked up at all: nobody types them, robots do.
MAX_VALUES = 20


class SlugListField(forms.Field):
    """Every value of a repeated GET parameter, stripped, blanks dropped."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [v.strip() for v in value or [] if v and v.strip()]


class CompareForm(forms.Form):
    """Turns the `m` parameters into municipalities, in the order the URL gives them.

    Unknown slugs and a fifth municipality are errors, but `municipalities` still holds
    the known ones (at most four), so the page can compare them beside the message.
    """

    m = SlugListField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = []

    def clean_m(self):
        slugs = list(dict.fromkeys(self.cleaned_data["m"]))
        # Nobody types twenty values; do not look up more than that.
        found = Municipality.objects.select_related("county").in_bulk(
            slugs[:MAX_VALUES], field_name="slug"
        )
        known = [found[slug] for slug in slugs if slug in found]
        self.municipalities = known[:MAX_COMPARED]
        errors = [
            ValidationError(_("No municipality has the address “%(slug)s”."), params={"slug": s})
            for s in slugs[:MAX_VALUES]
            if s not in found
        ]
        if len(known) > MAX_COMPARED or len(slugs) > MAX_VALUES:
            errors.append(ValidationError(_("Compare at most four municipalities at a time.")))
        if errors:
            raise ValidationError(errors)
        return known


def _grid(municipalities, cells):
    """Rows keyed by year (ascending, None last), one cell per municipality, in order."""
    years = sorted({year for year, _ in cells if year is not None})
    if any(year is None for year, _ in cells):
        years.append(None)
    return [(year, [cells.get((year, m.pk)) for m in municipalities]) for year in years]


@dataclass
class Listed:
    """What the timeline shows of an initiative (front.templatetags.rows.timeline_item), with the
    model's address (building an Initiative took 0.1 ms, a third of the page's time at
    scale)."""

    slug: str
    title: str
    start_year: int | None
    end_year: int | None
    type: InitiativeType

    get_absolute_url = Initiative.get_absolute_url


def initiatives_by_year(municipalities):
    """(rows, by_type, counts): the initiatives on one time axis, and counted per type.

    rows: [(start year or None, [cell per municipality])], a cell None or
    {"initiatives": the first MAX_PER_CELL by title, "more": how many others}.
    by_type: [(type, [count per municipality])]; counts: [count per municipality].
    """
    # Plain values, sorted in Python (SQLite would call the Swedish collation per
    # comparison); model instances only for the few initiatives each cell shows.
    links = sorted(
        # The rule across the link (a join), not `IN (every published initiative)`,
        # which SQLite built afresh for each of the four municipalities' links.
        Initiative.municipalities.through.objects.filter(
            public_q(Initiative, "initiative__"), municipality__in=municipalities
        )
        .order_by()
        .values_list(
            "municipality_id",
            "initiative_id",
            "initiative__slug",
            "initiative__title",
            "initiative__start_year",
            "initiative__end_year",
            "initiative__type_id",
        ),
        key=lambda link: sort_key(link[3]),
    )
    kinds = InitiativeType.objects.in_bulk()
    cells: defaultdict[tuple, list] = defaultdict(list)
    types: defaultdict[int, defaultdict[int, int]] = defaultdict(lambda: defaultdict(int))
    counts: defaultdict[int, int] = defaultdict(int)
    for municipality_id, pk, slug, title, start_year, end_year, type_id in links:
        cells[start_year, municipality_id].append((pk, slug, title, start_year, end_year, type_id))
        types[type_id][municipality_id] += 1
        counts[municipality_id] += 1
    by_type = [
        (kinds[type_id], [per_municipality[m.pk] for m in municipalities])
        for type_id, per_municipality in sorted(
            types.items(), key=lambda item: sort_key(kinds[item[0]].name)
        )
    ]

    def shown(pk, slug, title, start_year, end_year, type_id):
        return Listed(slug, title, start_year, end_year, kinds[type_id])

    browser = reverse("initiatives:list")
    slugs = {m.pk: m.slug for m in municipalities}

    def cell(year, municipality, found):
        query = {"municipality": slugs[municipality]}
        if year is not None:
            query["year"] = year
        return {
            "initiatives": [shown(*initiative) for initiative in found[:MAX_PER_CELL]],
            "more": len(found) - MAX_PER_CELL,
            # The browser's year is "active in", so the list there includes these.
            "more_url": f"{browser}?{urlencode(query)}",
        }

    capped = {
        (year, municipality): cell(year, municipality, found)
        for (year, municipality), found in cells.items()
    }
    return _grid(municipalities, capped), by_type, [counts[m.pk] for m in municipalities]


def funding_by_year(municipalities):
    """(rows, totals): kronor received per year by each municipality, published only.

    Each cell is {"total", "lower_bound"} or None; lower_bound means a source said
    "just over" the amount.
    """
    rows = (
        Funding.objects.published()
        .filter(recipient_municipality__in=municipalities)
        .order_by()
        .values("year", "recipient_municipality")
        .annotate(total=Sum("amount_sek"), lower=Count("pk", filter=Q(is_lower_bound=True)))
    )
    cells = {}
    totals: defaultdict[int, dict] = defaultdict(lambda: {"total": 0, "lower_bound": False})
    for row in rows:
        key = row["recipient_municipality"]
        cells[row["year"], key] = {"total": row["total"], "lower_bound": bool(row["lower"])}
        totals[key]["total"] += row["total"]
        totals[key]["lower_bound"] |= bool(row["lower"])
    return _grid(municipalities, cells), [totals[m.pk] for m in municipalities]


def actors_in_common(municipalities):
    """([(actor, [{role, ...} per municipality])], how many more): actors in two or more
    of them, those in the most municipalities first, at most MAX_ACTORS. The roles are
    their values, kept so (core.derived_cache) for every language: `role_labels` names
    them for the request."""
    ids = [m.pk for m in municipalities]
    rows = (
        Participation.objects.published()
        .filter(initiative__municipalities__in=ids)
        .order_by()
        .values_list("actor__slug", "actor__name", "initiative__municipalities", "role")
    )  # no DISTINCT: the sets below drop repeats, and the database need not sort
    roles: defaultdict[tuple, defaultdict[int, set]] = defaultdict(lambda: defaultdict(set))
    for slug, name, municipality_id, role in rows:
        if municipality_id in ids:
            roles[slug, name][municipality_id].add(role)
    shared = sorted(
        ((actor, per) for actor, per in roles.items() if len(per) >= MIN_COMPARED),
        key=lambda item: (-len(item[1]), sort_key(item[0][1])),
    )
    return [
        ({"slug": slug, "name": name}, [per[m] for m in ids])
        for (slug, name), per in shared[:MAX_ACTORS]
    ], max(len(shared) - MAX_ACTORS, 0)


def role_labels(actors):
    """`actors_in_common`'s actors with their roles named in the request's language, each
    municipality's in alphabetical order. Named here, not in the kept aggregate: it held
    lazy translations sorted in the language of whoever asked first (a Swedish page
    listed "Samordnare, Finansiär"), and unpickling each made a class of its own (1.8 ms
    of the page's 53 in one process at scale)."""
    names = labels_of(Participation, "role")
    return [
        (actor, [sorted((names.get(role, role) for role in per), key=sort_key) for per in roles])
        for actor, roles in actors
    ]


def sources_by_municipality(municipalities):
    """[[article dict, ...] per municipality]: published articles cited by their
    initiatives, every one (the page shows the first MAX_SOURCES)."""
    ids = [m.pk for m in municipalities]
    rows = (
        InitiativeSource.objects.published()
        .filter(initiative__municipalities__in=ids)
        .order_by()
        .values_list(
            "initiative__municipalities", "article__slug", "article__title", "article__language"
        )
    )
    # Repeats dropped and the titles sorted here rather than by DISTINCT and the
    # Swedish collation in SQL (SQLite calls Python for every comparison).
    per_municipality: defaultdict[int, dict[str, dict]] = defaultdict(dict)
    for municipality_id, slug, title, language in rows:
        if municipality_id in ids:
            per_municipality[municipality_id][slug] = {
                "slug": slug,
                "title": title,
                "language": language,
            }
    return [
        sorted(per_municipality[m.pk].values(), key=lambda article: sort_key(article["title"]))
        for m in municipalities
    ]


def municipality_choices(excluded):
    """[(county name, [(slug, name)])] for the "add a municipality" select, without
    those compared already.

    The 290 in Swedish order of county and name are read once per content change (core.
    derived_cache): sorted by the Swedish collation, SQLite called it 2 700 times a page.
    """

    def grouped():
        groups = defaultdict(list)
        rows = Municipality.objects.order_by(*swedish("county__name", "name"))
        for slug, name, county in rows.values_list("slug", "name", "county__name"):
            groups[county].append((slug, name))
        return list(groups.items())

    compared = {m.slug for m in excluded}
    choices = [
        (county, [option for option in options if option[0] not in compared])
        for county, options in remember("compare:municipality-choices", grouped)
    ]
    return [(county, options) for county, options in choices if options]


class CompareView(TemplateView):
    template_name = "municipalities/compare.html"

    def get(self, request, *args, **kwargs):
        form = CompareForm(request.GET or None)
        valid = form.is_valid() if form.is_bound else True
        context = self.get_context_data(form=form, **self.comparison(form.municipalities))
        # The page still renders, with the message and the form: 400 tells robots why.
        return self.render_to_response(context, status=200 if valid else 400)

    def comparison(self, municipalities):
        can_add = len(municipalities) < MAX_COMPARED
        context: dict[str, Any] = {
            "columns": [
                {"municipality": m, "remove_url": "?" + remove_query(municipalities, m)}
                for m in municipalities
            ],
            "can_add": can_add,
            # Offered only while another can be added.
            "choices": municipality_choices(municipalities) if can_add else [],
        }
        if len(municipalities) < MIN_COMPARED:
            return context
        # Counted once per content change and selection (core.derived_cache), as the
        # aggregates below: at scale they took 4–5 and 3–8 ms a request. The timeline's
        # links to the browser are in the request's language.
        selection = ",".join(str(m.pk) for m in municipalities)
        years, by_type, counts = remember(
            f"compare:initiatives:{selection}:{get_language()}",
            lambda: initiatives_by_year(municipalities),
        )
        funding_years, funding_totals = remember(
            f"compare:funding:{selection}", lambda: funding_by_year(municipalities)
        )
        context.update(
            compared=True,
            initiative_years=years,
            initiatives_by_type=by_type,
            initiative_counts=counts,
            funding_years=funding_years,
            funding_totals=funding_totals,
        )
        # Aggregates over every role and citation in the municipalities, public only:
        # counted once per content change and selection (core.derived_cache).
        actors, context["more_actors"] = remember(
            f"compare:actors:{selection}", lambda: actors_in_common(municipalities)
        )
        context["actors"] = role_labels(actors)
        sources = remember(
            f"compare:sources:{selection}", lambda: sources_by_municipality(municipalities)
        )
        for column, articles in zip(context["columns"], sources, strict=True):
            column["sources"] = articles[:MAX_SOURCES]
            column["more_sources"] = len(articles) - len(column["sources"])
        return context


def remove_query(municipalities, removed):
    """The query string of the comparison without one municipality."""
    return urlencode([("m", m.slug) for m in municipalities if m != removed])
