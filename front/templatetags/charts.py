"""Template filters for the charts of front.charts.

{% load charts %}
{{ paint|paint_fill:chart_id }}  → "#0072b2", or "url(#chart-1-hatch-7)" for a hatched paint
"""

from django import template

register = template.Library()


@register.filter
def paint_fill(paint, chart_id):
    """The SVG fill of a series' paint: its colour, or its hatch pattern in the chart `chart_id`."""
    if paint.hatched:
        return f"url(#{chart_id}-{paint.pattern_id})"
    return paint.colour
