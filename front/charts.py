"""
Server-rendered SVG charts: plain geometry computed here, drawn by
templates/includes/bar_chart.html, always with a table beside it.
"""

from dataclasses import dataclass, field

# Colour-blind-safe palette (Okabe–Ito), dark enough against white for graphics (3:1).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9", "#E69F00", "#444444"]

WIDTH = 640
HEIGHT = 240
MARGIN_LEFT = 40
MARGIN_BOTTOM = 28
MARGIN_TOP = 10


@dataclass
class Segment:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str


@dataclass
class Chart:
    title: str
    columns: list  # column labels (years)
    series: list  # [(key, label, fill)]
    table: list  # [(column, [value per series], total)]
    segments: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # [(y, label)]
    x_labels: list = field(default_factory=list)  # [(x, label)]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - MARGIN_BOTTOM
    left: int = MARGIN_LEFT

    @property
    def is_empty(self):
        return not self.table


def nice_max(value):
    """A round axis maximum at or above `value`."""
    if value <= 0:
        return 1
    step = 1
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if factor * step >= value:
            return factor * step
    return 10 * step


def stacked_bars(title, values, series, value_label=str):
    """values: {(column, series_key): number}; series: [(key, label)] in stacking order."""
    columns = sorted({column for column, _key in values})
    series = [(key, label, PALETTE[i % len(PALETTE)]) for i, (key, label) in enumerate(series)]
    table = []
    for column in columns:
        row = [values.get((column, key), 0) for key, _label, _fill in series]
        table.append((column, row, sum(row)))
    chart = Chart(title=title, columns=columns, series=series, table=table)
    if not table:
        return chart
    top = nice_max(max(total for _c, _r, total in table))
    plot_height = chart.baseline - MARGIN_TOP
    slot = (WIDTH - MARGIN_LEFT - 10) / len(columns)
    bar_width = max(2.0, slot * 0.7)
    for index, (column, row, _total) in enumerate(table):
        x = MARGIN_LEFT + index * slot + (slot - bar_width) / 2
        y = chart.baseline
        for (_key, label, fill), value in zip(series, row, strict=True):
            if not value:
                continue
            height = plot_height * value / top
            y -= height
            chart.segments.append(
                Segment(
                    round(x, 1),
                    round(y, 1),
                    round(bar_width, 1),
                    round(height, 1),
                    fill,
                    f"{column}: {label} {value_label(value)}",
                )
            )
        if len(columns) <= 16 or index % max(1, len(columns) // 8) == 0:
            chart.x_labels.append((round(x + bar_width / 2, 1), column))
    chart.ticks = [
        (round(chart.baseline - plot_height * i / 4, 1), value_label(top * i / 4)) for i in range(5)
    ]
    return chart
