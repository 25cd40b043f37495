"""
Server-rendered SVG charts: plain geometry computed here, drawn by
templates/includes/bar_chart.html, always with a table beside it.

An SVG scales with its box, and its text with it: a chart drawn 640 units wide on a
phone 288 pixels wide would print 11-unit labels at 5 pixels. So each chart is laid out
twice, narrow and wide, and the page shows the one that fits its box (a CSS container
query), each with a font size that stays at least MIN_TEXT_PX pixels over the box
widths it is shown at.
"""

import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.collation import sort_key
from core.derived_cache import remember_markup
from initiatives.models import InitiativeType

# Okabe & Ito's colour-blind-safe palette, the members dark enough for graphics on white
# (3:1, WCAG 1.4.11): blue, vermillion, bluish green, reddish purple, and black. Their
# light members (orange, sky blue, yellow) are too pale on white. Series beyond these
# five reuse the colours with white hatching, so no two series look the same.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"]
HATCH_STROKE = "#ffffff"
MIN_TEXT_PX = 12


@dataclass(frozen=True)
class Size:
    """One layout: `width`×`height` units, shown in boxes `min_px` to `max_px` wide."""

    name: str
    width: int
    height: int
    min_px: int
    max_px: int

    @property
    def font(self):
        """The font size, in units, that is MIN_TEXT_PX pixels in the narrowest box."""
        return math.ceil(MIN_TEXT_PX * self.width / self.min_px)


# The narrow layout fills phones (a 320-pixel screen leaves 288 for the chart) up to
# 26rem; the wide one is shown from a 37.5rem box (see .chart in site.css) up to 48rem.
SIZES = [
    Size("narrow", 320, 220, min_px=288, max_px=416),
    Size("wide", 640, 260, min_px=600, max_px=768),
]


@dataclass
class Paint:
    """A series' look: a colour, hatched with white when `hatched`."""

    colour: str
    hatched: bool = False
    index: int = 0

    @property
    def pattern_id(self):
        return f"hatch-{self.index}" if self.hatched else ""


def paint(index):
    return Paint(PALETTE[index % len(PALETTE)], hatched=index >= len(PALETTE), index=index)


@dataclass
class Segment:
    x: float
    y: float
    width: float
    height: float
    paint: Paint
    label: str


@dataclass
class Layout:
    size: Size
    segments: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # [(y, label)]
    x_labels: list = field(default_factory=list)  # [(x, label)]
    left: float = 0
    right: float = 0
    baseline: float = 0

    @property
    def name(self):
        return self.size.name

    @property
    def width(self):
        return self.size.width

    @property
    def height(self):
        return self.size.height

    @property
    def font(self):
        return self.size.font

    @property
    def tick_x(self):
        return round(self.left - self.font * 0.4, 1)

    @property
    def label_y(self):
        return round(self.baseline + self.font * 1.3, 1)


@dataclass
class Chart:
    title: str
    columns: list  # column labels (years)
    series: list  # [(key, label, paint)]
    table: list  # [(column, [value per series], total)]
    layouts: list = field(default_factory=list)
    counted: int = 0  # records drawn
    undated: int = 0  # records left out: their source gives no year

    @property
    def is_empty(self):
        return not self.table

    @property
    def record_count(self):
        return self.counted + self.undated

    @property
    def patterns(self):
        return [paint for _key, _label, paint in self.series if paint.hatched]


def tick_step(top, most=5):
    """The smallest round whole-number step (1, 2 or 5 times a power of ten) that reaches
    `top` in at most `most` intervals: counts never get ticks like 0.25."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if math.ceil(top / step) <= most:
                return step
        magnitude *= 10


def axis(top):
    """(step, axis maximum): whole-number ticks from 0 to at least `top`."""
    step = tick_step(max(top, 1))
    return step, step * max(1, math.ceil(top / step))


def stacked_bars(title, values, series, value_label=str, *, counted=None, undated=0):
    """A stacked bar chart.

    values: {(column, series_key): number}; series: [(key, label)] in stacking order.
    counted: how many records the bars stand for (default: the sum of the values, right
    for counts; pass it for sums such as money). undated: records left out because they
    have no year, said below the chart.
    """
    columns = sorted({column for column, _key in values})
    series = [(key, label, paint(i)) for i, (key, label) in enumerate(series)]
    table = []
    for column in columns:
        row = [values.get((column, key), 0) for key, _label, _paint in series]
        table.append((column, row, sum(row)))
    chart = Chart(title=title, columns=columns, series=series, table=table, undated=undated)
    chart.counted = sum(total for _c, _r, total in table) if counted is None else counted
    if table:
        top = max(total for _c, _r, total in table)
        chart.layouts = [_layout(size, table, series, top, value_label) for size in SIZES]
    return chart


def _layout(size, table, series, top, value_label):
    step, axis_top = axis(top)
    tick_values = list(range(0, axis_top + 1, step))
    tick_labels = [value_label(value) for value in tick_values]
    font = size.font
    # Room for the longest tick label (digits are about 0.6 em wide) and half a year label.
    left = round(max(len(label) for label in tick_labels) * font * 0.6 + font, 1)
    layout = Layout(size, left=left, right=size.width - font, baseline=size.height - font * 2)
    plot_top = font * 0.8
    plot_height = layout.baseline - plot_top
    slot = (layout.right - left) / len(table)
    bar_width = max(1.0, slot * 0.7)
    # Label every n-th year so that labels (four digits, 0.6 em each) never touch.
    every = max(1, math.ceil(font * 0.6 * 4 * 1.4 / slot))
    for index, (column, row, _total) in enumerate(table):
        x = left + index * slot + (slot - bar_width) / 2
        y = layout.baseline
        for (_key, label, series_paint), value in zip(series, row, strict=True):
            if not value:
                continue
            height = plot_height * value / axis_top
            y -= height
            layout.segments.append(
                Segment(
                    round(x, 1),
                    round(y, 1),
                    round(bar_width, 1),
                    round(height, 1),
                    series_paint,
                    f"{column}: {label} {value_label(value)}",
                )
            )
        if index % every == 0:
            layout.x_labels.append((round(x + bar_width / 2, 1), column))
    layout.ticks = [
        (round(layout.baseline - plot_height * value / axis_top, 1), label)
        for value, label in zip(tick_values, tick_labels, strict=True)
    ]
    return layout


def initiatives_per_year_chart(counts, title, total):
    """counts: [(start_year, type_id, n)] as from counts_by_year_and_type(); total: the
    number of initiatives charted, with those that have no year (said under the chart)."""
    kinds = {kind.pk: kind for kind in InitiativeType.objects.all()}
    types = {kind.slug: kind.name for kind in kinds.values()}
    values = {(year, kinds[type_id].slug): n for year, type_id, n in counts}
    used = sorted({slug for _year, slug in values}, key=lambda s: sort_key(types.get(s, s)))
    dated = sum(values.values())
    return stacked_bars(
        title, values, [(slug, types.get(slug, slug)) for slug in used], undated=total - dated
    )


def rendered_chart(name, make_chart, chart_id):
    """`includes/bar_chart.html` for the chart `make_chart()` makes, rendered once per
    content change and language and kept under `name` (which must name the selection
    charted), e.g. the browser's normalised query: hundreds of bars and cells are most of
    a page's rendering time. The chart is made only when its markup is not kept yet:
    laying out its bars in three sizes took the browser 2-5 ms a request."""
    key = f"chart-html:{name}:{chart_id}:{get_language()}"
    return mark_safe(
        remember_markup(
            key,
            lambda: render_to_string(
                "includes/bar_chart.html", {"chart": make_chart(), "chart_id": chart_id}
            ),
        )
    )
