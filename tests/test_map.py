"""The choropleth map: geometry computed once, 290 linked shapes, shading that follows the data."""

import re
from decimal import Decimal
from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from core.derived_cache import remember_markup
from core.publishing import PublicationState
from front.maps import (
    PALETTE,
    ZERO_FILL,
    class_bounds,
    legend,
    map_context,
    map_for_initiatives,
    map_for_municipality,
)
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from municipalities import map_geometry
from municipalities.models import Municipality

from .factories import make_funding, make_initiative

pytestmark = pytest.mark.django_db

SHAPE = re.compile(
    r'<a href="(?P<href>[^"]+)"\s+aria-label="(?P<label>[^"]+)"(?P<current>[^>]*)>\s*'
    r"<title>(?P<title>[^<]+)</title>\s*"
    r'<path fill="(?P<fill>#[0-9a-f]{6})" d="(?P<d>[^"]+)"\s*/>\s*'
    r'(?P<dot><circle class="map-dot"[^>]*/>)?\s*</a>'
)


def relative_luminance(colour):
    """WCAG 2 relative luminance of an #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted(map(relative_luminance, (first, second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def render_map(query="", initiatives=None, language="en", **options):
    with translation.override(language):
        request = RequestFactory().get(f"/initiatives/{query}")
        if initiatives is None:
            initiatives = Initiative.objects.all()
        context = map_for_initiatives(request, initiatives, **options)
        return render_to_string("includes/map.html", {"map": context})


def shapes(html):
    return {match["label"].split(":")[0]: match for match in SHAPE.finditer(html)}


def test_it_projects_onto_sweref99tm():
    # On the central meridian the easting is the false easting and the northing the
    # scaled meridian arc (6 654 072 m to 60° N on GRS80, times 0.9996).
    east, north = map_geometry.sweref99tm(15.0, 60.0)
    assert east == pytest.approx(500000, abs=0.01)
    assert north == pytest.approx(6651411, abs=2)
    # Stockholm lies east of the meridian and Gothenburg west of it.
    assert (
        map_geometry.sweref99tm(18.07, 59.33)[0] > 500000 > map_geometry.sweref99tm(11.97, 57.7)[0]
    )


def test_it_draws_290_shapes_each_linking_to_its_municipality():
    html = render_map()
    found = list(SHAPE.finditer(html))
    assert len(found) == 290
    slugs = {m.slug for m in Municipality.objects.all()}
    assert {match["href"].split("/")[-2] for match in found} == slugs
    trollhattan = shapes(html)["Trollhättan"]
    assert trollhattan["href"] == "/en/municipalities/trollhattan/"
    assert trollhattan["label"] == "Trollhättan: 5 initiatives"
    assert trollhattan["title"] == trollhattan["label"]
    assert shapes(html)["Malmö"]["label"] == "Malmö: 1 initiative"
    assert shapes(html)["Kiruna"]["label"] == "Kiruna: 0 initiatives"


def test_every_class_stands_out_from_its_neighbours_and_from_no_records():
    # WCAG 1.4.11 non-text contrast: 3:1 between neighbouring classes of the legend and
    # between every class and the grey of "no records".
    scale = [ZERO_FILL, *PALETTE]
    for lighter, darker in zip(scale, scale[1:], strict=False):
        assert contrast(lighter, darker) >= 3, (lighter, darker)
    for fill in PALETTE:
        assert contrast(fill, ZERO_FILL) >= 3, fill
    # Light to dark: more is darker.
    assert [relative_luminance(c) for c in scale] == sorted(map(relative_luminance, scale))[::-1]


def test_it_shades_by_the_number_of_published_initiatives():
    drawn = shapes(render_map())
    assert drawn["Trollhättan"]["fill"] == PALETTE[-1]  # the most
    assert drawn["Kiruna"]["fill"] == ZERO_FILL
    # 1, 2, 2 and 5: the lower half and the upper half, each 3.5:1 from the other.
    assert drawn["Malmö"]["fill"] == drawn["Borlänge"]["fill"] == PALETTE[0]
    assert drawn["Borlänge"]["fill"] == drawn["Örebro"]["fill"]  # two each
    legend_labels = [item["label"] for item in render_map_context()["legend"]]
    assert legend_labels == ["0", "1–2", "3–5"]


def render_map_context(**options):
    with translation.override("en"):
        request = RequestFactory().get("/initiatives/")
        return map_for_initiatives(request, Initiative.objects.all(), **options)


def test_a_small_municipality_with_records_gets_a_dot_of_its_colour():
    drawn = shapes(render_map())
    # Malmö is a few pixels wide on the country map: its one initiative shows as a dot.
    assert drawn["Malmö"]["dot"] and f'fill="{PALETTE[0]}"' in drawn["Malmö"]["dot"]
    assert not drawn["Trollhättan"]["dot"]  # large enough to see
    assert not drawn["Lidingö"]["dot"]  # small, but nothing recorded
    html = render_map()
    assert "A dot marks a small municipality with records" in html
    # Zoomed in on the county, Malmö is large enough and needs no dot.
    assert not shapes(render_map(county="12"))["Malmö"]["dot"]


def test_it_follows_the_browsers_filters():
    closures = Initiative.objects.filter(type__slug="school-closure")
    drawn = shapes(render_map("?type=school-closure", closures))
    assert drawn["Trollhättan"]["label"] == "Trollhättan: 1 initiative"
    assert drawn["Örebro"]["label"] == "Örebro: 1 initiative"
    assert drawn["Borlänge"]["fill"] == ZERO_FILL
    assert drawn["Malmö"]["fill"] == ZERO_FILL


def test_it_takes_the_initiative_browsers_filtered_queryset(django_assert_max_num_queries):
    request = RequestFactory().get("/initiatives/", {"type": "school-closure", "county": "18"})
    browser = InitiativeFilter(request.GET, queryset=Initiative.objects.published().for_listing())
    results = browser.results  # validates the filters, a query per chosen record
    with django_assert_max_num_queries(2):
        context = map_for_initiatives(request, results)
    assert [(row.name, row.value) for row in context["rows"]] == [("Örebro", 1)]


def test_it_shades_by_funding_when_the_url_asks():
    html = render_map("?map=funding", language="sv")
    drawn = shapes(html)
    assert drawn["Borlänge"]["label"] == "Borlänge: 8\xa0800\xa0000\xa0kr"
    assert drawn["Trollhättan"]["label"] == "Trollhättan: 800\xa0000\xa0kr"
    assert drawn["Borlänge"]["fill"] != drawn["Trollhättan"]["fill"]
    assert drawn["Örebro"]["fill"] == ZERO_FILL  # initiatives, but no funding
    assert drawn["Örebro"]["label"] == "Örebro: ingen finansiering registrerad"
    assert drawn["Kiruna"]["label"] == "Kiruna: ingen finansiering registrerad"


def test_it_counts_only_published_initiatives():
    malmo = Municipality.objects.get(code="1280")
    make_initiative(municipalities=[malmo], publication_state=PublicationState.DRAFT)
    make_initiative(municipalities=[malmo], publication_state=PublicationState.IN_REVIEW)
    draft = make_initiative(municipalities=[malmo], publication_state=PublicationState.DRAFT)
    make_funding(initiative=draft, recipient_municipality=malmo, amount_sek=Decimal("5000"))
    assert shapes(render_map())["Malmö"]["label"] == "Malmö: 1 initiative"
    assert shapes(render_map("?map=funding"))["Malmö"]["fill"] == ZERO_FILL


def test_it_counts_an_initiative_once_per_municipality_it_names():
    trollhattan, vanersborg = Municipality.objects.filter(code__in=["1488", "1487"])
    make_initiative(municipalities=[trollhattan, vanersborg])
    drawn = shapes(render_map())
    assert drawn["Trollhättan"]["label"] == "Trollhättan: 6 initiatives"
    assert drawn["Vänersborg"]["label"] == "Vänersborg: 1 initiative"


def test_it_has_a_legend_and_a_table_with_the_same_numbers():
    html = render_map()
    assert 'class="map-legend" aria-labelledby="map-legend-title"' in html
    assert '<a class="map-skip" href="#map-key">' in html
    table = html[html.index("<table") :]
    rows = re.findall(r'<a href="[^"]+">([^<]+)</a>\s*</th>\s*<td class="num">(\d+)</td>', table)
    assert rows == [("Trollhättan", "5"), ("Borlänge", "2"), ("Örebro", "2"), ("Malmö", "1")]
    assert "The other 286 municipalities have none." in html


def test_it_switches_metric_keeping_the_filters_but_not_the_page():
    html = render_map("?type=school-closure&page=2")
    assert 'href="?type=school-closure&amp;map=funding#map"' in html
    assert re.search(r'href="\?type=school-closure#map"\s+aria-current="true"', html)
    html = render_map("?map=funding")
    assert 'href="/initiatives/#map"' in html  # back to counts, no empty "?"


def test_it_highlights_the_municipality_of_the_page():
    html = render_map(highlight="1488")
    found = list(SHAPE.finditer(html))
    assert found[-1]["label"].startswith("Trollhättan")  # drawn last, on top
    assert 'aria-current="page" class="is-current"' in found[-1]["current"]
    assert sum('aria-current="page"' in match["current"] for match in found) == 1
    assert '<g class="map-marker" aria-hidden="true">' in html


def test_a_municipality_page_map_zooms_to_its_county_with_it_highlighted():
    trollhattan = Municipality.objects.select_related("county").get(code="1488")
    with translation.override("en"):
        context = map_for_municipality(RequestFactory().get("/"), trollhattan)
        html = render_to_string("includes/map.html", {"map": context})
    drawn = shapes(html)
    assert len(drawn) == 49 and "Malmö" not in drawn
    assert context["title"] == "Published initiatives per municipality in Västra Götalands län"
    assert 'aria-current="page" class="is-current"' in drawn["Trollhättan"]["current"]
    assert context["marker"] is not None and "This municipality" in html
    assert [(row.name, row.value) for row in context["rows"]] == [("Trollhättan", 5)]


def test_it_draws_one_county_at_finer_detail():
    html = render_map(county="14", table=False)
    drawn = shapes(html)
    assert len(drawn) == 49
    assert "Trollhättan" in drawn and "Malmö" not in drawn
    assert "<table" not in html
    national = shapes(render_map())
    assert len(drawn["Trollhättan"]["d"]) > len(national["Trollhättan"]["d"])


def test_it_keeps_the_svg_under_300_kb():
    html = render_map(highlight="1488")
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    assert len(svg.encode()) < 300_000
    assert len(html.encode()) < 300_000  # with legend and table


def test_it_computes_the_geometry_once(django_assert_max_num_queries):
    map_geometry.outlines("country")  # warm, as the first request would
    projection = mock.patch.object(map_geometry, "sweref99tm", side_effect=AssertionError)
    with projection, django_assert_max_num_queries(2):
        render_map()
    assert map_geometry.outlines("country") is map_geometry.outlines("country")


def test_its_query_count_does_not_grow_with_the_data(django_assert_max_num_queries):
    for municipality in Municipality.objects.all()[:40]:
        initiative = make_initiative(municipalities=[municipality])
        make_funding(initiative=initiative, recipient_municipality=municipality)
    with django_assert_max_num_queries(2):
        render_map()
    with django_assert_max_num_queries(2):
        render_map("?map=funding")


def test_neighbours_share_their_simplified_border():
    # Two squares sharing the edge x=10, which wiggles slightly: both must keep the
    # same points on it, or the map would show slivers between them.
    edge = [(10, 0), (10.2, 2), (9.9, 4), (10.1, 6), (10, 10)]
    left = [(0, 0), *edge, (0, 10)]
    right = [(20, 0), (20, 10), *reversed(edge)]
    borders = map_geometry._SharedBorders([left, right], tolerance=0.5)
    on_edge = {p for p in borders.simplify(left) if 9 < p[0] < 11}
    assert on_edge == {p for p in borders.simplify(right) if 9 < p[0] < 11}
    assert on_edge == {(10, 0), (10, 10)}


def test_douglas_peucker_keeps_the_ends_and_the_corners():
    line = [(0, 0), (1, 0.01), (2, 0), (3, 5), (4, 0)]
    assert map_geometry.douglas_peucker(line, 0.1) == [(0, 0), (2, 0), (3, 5), (4, 0)]


def test_every_outline_survives_simplification():
    geometry = map_geometry.outlines("country")
    assert len(geometry.shapes) == 290
    assert all(
        shape.path.startswith("M") and shape.path.endswith("z")
        for shape in geometry.shapes.values()
    )


def test_class_bounds_are_exact_for_few_values_and_rounded_quantiles_for_many():
    assert class_bounds([0, 1, 4, 4]) == [1, 4]
    assert class_bounds([0, 1, 2, 4, 4]) == [2, 4]  # the median splits them
    bounds = class_bounds(list(range(1, 1001)))
    assert bounds == [500, 1000]
    assert class_bounds(list(range(1, 1235))) == [620, 1300]  # two significant figures


def test_the_legend_labels_ranges_when_classes_hold_several_values():
    items = legend([2, 5], PALETTE[:2], "initiatives")
    assert [item["label"] for item in items] == ["0", "1–2", "3–5"]
    items = legend([1, 3], PALETTE[:2], "initiatives", exact=True)
    assert [item["label"] for item in items] == ["0", "1", "3"]


def test_map_context_takes_any_numbers_by_code():
    with translation.override("en"):
        context = map_context({"0180": 7, "1488": 0}, highlight="0180")
    labels = {shape.code: shape.label for shape in context["shapes"]}
    assert labels["0180"] == "Stockholm: 7 initiatives"
    assert context["marker"] is not None
    assert context["switch"] is None


def test_the_start_pages_map_and_chart_are_sent_without_their_templates_indentation(client):
    page = client.get("/").content.decode()
    chart = page.index('<svg class="chart-svg chart-wide"')
    drawn = [
        page[page.index('<figure class="map') : page.index('<table class="map-table"')],
        page[chart : page.index("</svg>", chart)],
    ]
    for fragment in drawn:
        assert not re.search(r"\s{2,}", fragment)
    trollhattan = Municipality.objects.get(slug="trollhattan")
    assert f'<a href="{trollhattan.get_absolute_url()}" aria-label="Trollhättan: ' in drawn[0]
    assert re.search(r"<title>\d{4}: [^<]+ \d+</title>", drawn[1])


def test_cutting_whitespace_keeps_one_space_between_words_and_links():
    # A run shows as one space in a page: cut to one, never to none.
    assert (
        remember_markup("whitespace-test", lambda: "<a>Ale</a>\n    <a>Alingsås</a>  text")
        == "<a>Ale</a> <a>Alingsås</a> text"
    )
