"""Charts: whole-number ticks, readable text, colour-blind-safe series, and what they leave out."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from front import charts

pytestmark = pytest.mark.django_db

OKABE_ITO = {
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
}


def contrast_on_white(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def counts_chart(values, undated=0):
    series = sorted({key for _column, key in values})
    return charts.stacked_bars("Test", values, [(key, key) for key in series], undated=undated)


@pytest.mark.parametrize("top", [1, 2, 3, 4, 5, 7, 9, 13, 40, 99, 250, 1234])
def test_count_ticks_are_whole_numbers_from_zero_past_the_top(top):
    chart = counts_chart({(2020, "a"): top})
    for layout in chart.layouts:
        labels = [label for _y, label in layout.ticks]
        numbers = [int(label) for label in labels]  # "0.25" would not parse
        assert numbers[0] == 0 and numbers[-1] >= top
        steps = {b - a for a, b in zip(numbers, numbers[1:], strict=False)}
        assert len(steps) == 1  # evenly spaced
        assert 2 <= len(numbers) <= 6


def test_one_initiative_gets_ticks_0_and_1_not_quarters():
    chart = counts_chart({(2017, "a"): 1, (2018, "b"): 1})
    assert [label for _y, label in chart.layouts[0].ticks] == ["0", "1"]


def test_money_ticks_are_round_amounts():
    chart = charts.stacked_bars(
        "Funding", {(2018, "sek"): 8_800_000}, [("sek", "Funding")], value_label=str, counted=1
    )
    labels = [label for _y, label in chart.layouts[1].ticks]
    assert labels == ["0", "2000000", "4000000", "6000000", "8000000", "10000000"]


def test_text_is_at_least_12_px_in_every_box_each_layout_is_shown_in():
    for size in charts.SIZES:
        assert size.font * size.min_px / size.width >= charts.MIN_TEXT_PX, size
    # The narrow layout covers a 320 px phone (288 px for the chart), the wide one takes
    # over where the narrow one ends.
    narrow, wide = charts.SIZES
    assert narrow.min_px <= 288 and narrow.max_px >= 400 and wide.min_px <= 600


def test_the_palette_is_okabe_ito_dark_enough_on_white_and_then_hatched():
    assert set(charts.PALETTE) <= OKABE_ITO
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)
    for colour in charts.PALETTE:
        assert contrast_on_white(colour) >= 3, colour
    paints = [charts.paint(i) for i in range(2 * len(charts.PALETTE))]
    looks = {(p.colour, p.hatched) for p in paints}
    assert len(looks) == len(paints)  # ten series, ten different looks
    assert [p.hatched for p in paints] == [False] * 5 + [True] * 5


def test_series_beyond_the_palette_are_drawn_hatched_in_the_legend_too():
    values = {(2020, f"type-{i}"): 1 for i in range(7)}
    html = render_to_string(
        "includes/bar_chart.html", {"chart": counts_chart(values), "chart_id": "c"}
    )
    assert html.count("<pattern ") == 2
    assert 'fill="url(#c-hatch-5)"' in html and 'fill="url(#c-hatch-6)"' in html
    # Each hatched series: one bar segment per layout and its legend swatch.
    assert html.count("url(#c-hatch-6)") == 3


def test_it_says_how_many_records_are_left_out_for_lack_of_a_year():
    chart = counts_chart({(2017, "a"): 1, (2018, "b"): 1}, undated=8)
    with translation.override("sv"):
        html = render_to_string("includes/bar_chart.html", {"chart": chart, "chart_id": "c"})
    assert "2 av 10 visas; 8 saknar år i sina källor." in html
    with translation.override("en"):
        html = render_to_string("includes/bar_chart.html", {"chart": chart, "chart_id": "c"})
    assert "2 of 10 shown; 8 have no year in their sources." in html
    complete = counts_chart({(2017, "a"): 1})
    assert "shown;" not in render_to_string(
        "includes/bar_chart.html", {"chart": complete, "chart_id": "c"}
    )


def test_the_home_page_and_the_browser_say_what_their_charts_leave_out(client):
    page = client.get("/en/").content.decode()
    assert "3 of 11 shown; 8 have no year in their sources." in page
    page = client.get("/en/initiatives/", {"municipality": "malmo"}).content.decode()
    # Malmö's one initiative states no year.
    assert "No dated records to chart yet." in page
    assert "0 of 1 shown; 1 has no year in its source." in page


def test_each_layout_labels_years_without_overlap():
    chart = counts_chart({(year, "a"): 1 for year in range(1995, 2027)})
    for layout in chart.layouts:
        xs = [x for x, _label in layout.x_labels]
        label_width = layout.font * 0.6 * 4
        assert all(b - a > label_width for a, b in zip(xs, xs[1:], strict=False)), layout.name
        assert re.fullmatch(r"\d{4}", str(layout.x_labels[0][1]))
