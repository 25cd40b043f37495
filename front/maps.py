"""
The choropleth map of Sweden's municipalities, as context for templates/includes/map.html.

`map_for_initiatives(request, initiatives)` is the one call a view needs: it counts the
given initiatives (or sums their funding when the URL says `?map=funding`) per
municipality and shades the map with the result; `map_for_municipality(request,
municipality)` is the map of a municipality's page (its county, zoomed in, with it
highlighted). `map_context(values_by_code)` shades it with any other numbers. The
outlines come from `map_geometry`, computed once per process; each call costs two
queries whatever the number of rows.
"""

import math
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.collation import sort_key, swedish
from core.derived_cache import remember, remember_markup
from core.templatetags.money import sek
from initiatives import selection_counts
from initiatives.models import Funding, Initiative
from municipalities.map_geometry import outlines
from municipalities.models import Municipality

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

METRICS = {
    "initiatives": _("Initiatives"),
    "funding": _("Funding received"),
}
TITLES = {
    "initiatives": _("Published initiatives per municipality"),
    "funding": _("Funding received per municipality"),
}
COUNTY_TITLES = {
    "initiatives": _("Published initiatives per municipality in %(county)s"),
    "funding": _("Funding received per municipality in %(county)s"),
}
# Each class must stand out from its neighbours in the legend and from "no records" with
# a contrast of at least 3:1 (WCAG 1.4.11, non-text contrast). On a light-to-dark scale
# every such step multiplies (luminance + 0.05) by three, and white to black is only
# 21:1, so "no records" and two classes are all it can hold: a fourth colour would need
# 27:1. More from less stays light to dark, which colour-blind readers see as well; the
# exact numbers are in every shape's label and in the table beside the map.
ZERO_FILL = "#eceff2"
PALETTE = ("#4181c3", "#08285a")  # 3.5:1 against ZERO_FILL, 3.5:1 between them
CLASSES = len(PALETTE)
SLUG_PLACEHOLDER = "slug-placeholder"
# A municipality smaller than this share of the drawn area's longer side (Malmö is an
# 8-pixel speck on the country map) gets a dot of its colour, so its records can be seen.
SMALL_SHARE = 0.014
DOT_SHARE = 0.0065
RING_SHARE = 0.0125


def initiative_counts(initiatives):
    """{municipality code: number of the given initiatives there}."""
    # Grouping the link table directly: (initiative, municipality) pairs are unique, so
    # no DISTINCT is needed, and the municipality table is only joined for its code.
    rows = (
        Initiative.municipalities.through.objects.filter(
            initiative__in=initiatives.order_by().values("pk")
        )
        .order_by()
        .values_list("municipality__code")
        .annotate(n=Count("initiative_id"))
    )
    return dict(rows)


def funding_totals(initiatives):
    """{municipality code: kronor paid to it for the given initiatives}."""
    rows = (
        Funding.objects.published()
        .filter(
            initiative__in=initiatives.order_by().values("pk"),
            recipient_municipality__isnull=False,
        )
        .order_by()
        .values_list("recipient_municipality__code")
        .annotate(total=Sum("amount_sek"))
    )
    return dict(rows)


def map_for_municipality(request, municipality):
    """The map of a municipality's page: its county, zoomed in, with it highlighted.

    `municipality.county` should be select_related. Shaded by all published initiatives
    (or funding), the same numbers as the country map, kept per content change.
    """
    return map_for_initiatives(
        request,
        Initiative.objects.all(),
        highlight=municipality.code,
        county=municipality.county.code,
        cache_as="published",
    )


def map_for_initiatives(
    request, initiatives, *, highlight=None, county=None, table=True, cache_as=None, ids=None
):
    """The map context for a queryset of initiatives; only published ones are counted.

    `?map=funding` in the request shades by funding received instead of by count, and
    the switch between the two keeps the request's other parameters (the filters).
    `ids`, where the caller reads the initiatives' ids anyway: a function that returns
    them as a set, so they are counted among the public ones' places kept per content
    change (initiatives/selection_counts.py) rather than selected once more.
    """
    metric = "funding" if request.GET.get("map") == "funding" else "initiatives"
    initiatives = initiatives.published()

    def values_for_metric():
        if metric == "funding":
            return funding_totals(initiatives)
        if ids is not None:
            return selection_counts.per_municipality(ids())
        return initiative_counts(initiatives)

    switch = metric_links(request, metric)

    def context():
        values = remember(f"map:{metric}:{cache_as}", values_for_metric)
        return map_context(
            values, metric, highlight=highlight, county=county, table=table, switch=switch
        )

    if not cache_as:
        values = values_for_metric()
        return map_context(
            values, metric, highlight=highlight, county=county, table=table, switch=switch
        )
    # `cache_as` names the selection (e.g. the browser's normalised query): the map is
    # counted and drawn once per content change, language and selection, instead of
    # 290 shapes rendered on every request.
    links = " ".join(link["url"] for link in switch)
    key = f"map-html:{metric}:{cache_as}:{highlight}:{county}:{table}:{get_language()}:{links}"
    html = remember_markup(key, lambda: render_to_string("includes/map.html", {"map": context()}))
    return RenderedMap(html, context)


class RenderedMap(dict):
    """A map drawn once (`html`, for the page); the context it was drawn from is built
    again only if something asks for it (a test reading the shapes)."""

    def __init__(self, html, build):
        super().__init__(html=mark_safe(html))
        self._build = build

    def __missing__(self, key):
        self.update(self._build())
        return dict.__getitem__(self, key)


def metric_links(request, current):
    """Links to the same page shaded by each metric, keeping the other parameters."""
    links = []
    for metric, label in METRICS.items():
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("map", None)
        if metric != "initiatives":
            query["map"] = metric
        url = f"?{query.urlencode()}" if query else request.path
        links.append({"label": label, "url": f"{url}#map", "current": metric == current})
    return links


@dataclass
class MapShape:
    code: str
    name: str
    url: str
    path: str
    fill: str
    label: str
    value: int
    value_display: str
    current: bool
    dot: dict | None = None  # {x, y, r}: the marker of a small municipality with records


def map_context(
    values_by_code, metric="initiatives", *, highlight=None, county=None, table=True, switch=None
):
    """Everything templates/includes/map.html needs to draw the shaded map.

    values_by_code: {municipality code: number}; codes left out count as zero.
    metric: "initiatives" (a count) or "funding" (kronor), for labels and the legend.
    highlight: the code of a municipality to outline and mark (its own page).
    county: a county code to draw only that county, at finer detail.
    table: False when the page already lists the same numbers beside the map.
    switch: links to other metrics, from `metric_links`.
    """
    values = {code: round(value or 0) for code, value in values_by_code.items()}
    detail = "county" if county else "country"
    geometry = outlines(detail)
    # Only municipalities with an outline: one added later than the boundary file has none.
    rows = _municipalities(county)
    municipalities = {code: row for code, row in rows.items() if code in geometry.shapes}
    drawn_values = [values.get(code, 0) for code in municipalities]
    bounds = class_bounds(drawn_values)
    fills = class_fills(len(bounds))
    view_box = _view_box(geometry, municipalities if county else None)
    extent = max(view_box[2], view_box[3])
    # Reversing once and substituting each slug costs far less than 290 reverse() calls.
    url_pattern = reverse("municipalities:detail", kwargs={"slug": SLUG_PLACEHOLDER})
    # Most shapes share their value with others (nought, above all): each value's
    # number and label wording are made once, not 290 times (7 of 8 ms at scale).
    displays: dict[int, str] = {}
    wordings: dict[int, str] = {}
    shapes = []
    for code, (name, slug, _county_name) in municipalities.items():
        value = values.get(code, 0)
        outline = geometry.shapes[code]
        if value not in displays:
            displays[value] = format_value(value, metric)
            wordings[value] = label_wording(value, metric)
        shown = displays[value]
        shapes.append(
            MapShape(
                code=code,
                name=name,
                url=url_pattern.replace(SLUG_PLACEHOLDER, slug),
                path=outline.path,
                fill=fills[bisect_left(bounds, value)] if value else ZERO_FILL,
                label=wordings[value] % {"name": name, "count": shown, "amount": shown},
                value=value,
                value_display=shown,
                current=code == highlight,
                dot=_dot(outline, extent) if value else None,
            )
        )
    # Dots go above the outlines around them, and the highlighted municipality last of
    # all, so that no neighbour covers its outline.
    shapes.sort(key=lambda s: (s.current, s.dot is not None))
    listed = sorted((s for s in shapes if s.value), key=lambda s: (-s.value, sort_key(s.name)))
    title: StrOrPromise = TITLES[metric]
    if county and municipalities:
        county_name = next(iter(municipalities.values()))[2]
        title = COUNTY_TITLES[metric] % {"county": county_name}
    return {
        "metric": metric,
        "detail": detail,
        "title": title,
        "view_box": " ".join(str(number) for number in view_box),
        "shapes": shapes,
        "marker": _marker(geometry, highlight, municipalities, extent),
        "has_dots": any(shape.dot for shape in shapes),
        "legend": legend(bounds, fills, metric, exact=set(bounds) >= set(drawn_values) - {0}),
        "table": table,
        "rows": listed,
        "unlisted_count": len(shapes) - len(listed),
        "switch": switch,
    }


def _municipalities(county):
    """{code: (name, slug, county name)} of the municipalities to draw, in name order."""
    rows = Municipality.objects.order_by(*swedish("name"))
    if county:
        rows = rows.filter(county__code=county)
    fields = ("code", "name", "slug", "county__name")
    return {
        code: (name, slug, county_name)
        for code, name, slug, county_name in rows.values_list(*fields)
    }


def class_bounds(values, classes=CLASSES):
    """The upper bound of each shading class, for the positive values.

    Few distinct values get a class each (exact legend labels); more are cut at their
    quantiles, rounded up to two significant figures so the legend reads easily.
    """
    positive = sorted(v for v in values if v > 0)
    distinct = sorted(set(positive))
    if len(distinct) <= classes:
        return distinct
    cuts = {positive[math.ceil(len(positive) * i / classes) - 1] for i in range(1, classes + 1)}
    return sorted({_round_up(cut) for cut in cuts})


def _round_up(value):
    if value < 100:
        return value
    step = 10 ** (len(str(value)) - 2)
    return -(-value // step) * step


def class_fills(count):
    """`count` colours spread over the palette, light to dark; one class is the darkest."""
    if count <= 1:
        return list(PALETTE[-1:]) * count
    last = len(PALETTE) - 1
    return [PALETTE[round(i * last / (count - 1))] for i in range(count)]


def legend(bounds, fills, metric, exact=False):
    """[{fill, label}] from zero up; a class covers (previous bound, its bound].

    exact: every value is one of the bounds, so each class is labelled with its value.
    """
    items = [{"fill": ZERO_FILL, "label": format_value(0, metric)}]
    low = 1
    for bound, fill in zip(bounds, fills, strict=True):
        if low == bound or exact:
            label = format_value(bound, metric)
        else:
            # The lower end bare, the upper with its unit: "3–5", "130 001–1 000 000 kr".
            lower = format_value(low, "initiatives")
            label = f"{lower}–{format_value(bound, metric)}"
        items.append({"fill": fill, "label": label})
        low = bound + 1
    return items


def format_value(value, metric):
    if metric == "funding":
        return sek(value)
    return number_format(value, decimal_pos=0, force_grouping=True)


def label_wording(value, metric):
    """The accessible name of a municipality on the map with `value`, to fill in with the
    name and the value as `format_value` writes it: "%(name)s: %(count)s initiatives"
    (e.g. 'Trollhättan: 4 initiatives') or "%(name)s: %(amount)s" for funding."""
    if metric == "funding":
        if not value:
            return gettext("%(name)s: no funding recorded")
        return gettext("%(name)s: %(amount)s")
    return ngettext("%(name)s: %(count)s initiative", "%(name)s: %(count)s initiatives", value)


def _view_box(geometry, codes=None):
    """(left, top, width, height) of the drawn area: the country, or the given codes."""
    if not codes:
        return (0, 0, geometry.width, geometry.height)
    boxes = [geometry.shapes[code].bbox for code in codes]
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    margin = round(max(right - left, bottom - top) * 0.02) + 1
    return (left - margin, top - margin, right - left + 2 * margin, bottom - top + 2 * margin)


def _dot(outline, extent):
    """A dot at the centre of a municipality too small to see at this scale, else None."""
    left, top, right, bottom = outline.bbox
    if max(right - left, bottom - top) >= extent * SMALL_SHARE:
        return None
    x, y = outline.centre
    return {"x": x, "y": y, "r": max(1, round(extent * DOT_SHARE))}


def _marker(geometry, highlight, drawn, extent):
    """A ring around the highlighted municipality, so that a small one is easy to find."""
    if highlight not in drawn:
        return None
    x, y = geometry.shapes[highlight].centre
    return {"x": x, "y": y, "r": max(2, round(extent * RING_SHARE))}
