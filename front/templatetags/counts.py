"""Counted phrases a list repeats on every row ("3 initiatives"), made by ngettext.

`{% blocktranslate count %}` renders its own tokens, pushes a context and localizes every
value each time it is used: the start page's 21 counties spent a seventh of the page in
it. These filters say the same with the same messages, so the translations in
the .po files are the ones the templates used. Numbers are whole counts, written as
Django writes them (no thousands separator: USE_THOUSAND_SEPARATOR is off).

{% load counts %}
{{ article.citation_count|cited_by }}  → "källa för 3 insatser"
{{ m.initiative_count|initiatives }}   → "3 insatser"
{{ county|reach }}                     → "3 insatser i 2 av 10 kommuner"
{{ cell.more|more }}                   → "och 3 till"
"""

from django import template
from django.utils.translation import get_language, ngettext

from core.translation import per_language

register = template.Library()


def whole(number):
    return int(number or 0)


@register.filter
def cited_by(count, language=None):
    """How many initiatives cite a source. `language`: as for `more`."""
    count = whole(count)
    return _cited_by(count, language or get_language()) % {"counter": count}


@per_language
def _cited_by(count):
    return ngettext("cited by %(counter)s initiative", "cited by %(counter)s initiatives", count)


@register.filter
def initiatives(count):
    count = whole(count)
    return ngettext("%(counter)s initiative", "%(counter)s initiatives", count) % {"counter": count}


@register.filter
def more(count, language=None):
    """How many more a cell holds than it shows. `language`: the page's, for a caller that
    has read it (core/translation.py)."""
    count = whole(count)
    return _more(count, language or get_language()) % {"counter": count}


@per_language
def _more(count):
    return ngettext("and %(counter)s more", "and %(counter)s more", count)


@register.filter
def reach(county, language=None):
    """A county's initiatives and how many of its municipalities have any. `language`: as
    for `more`."""
    count = whole(county.initiative_count)
    return _reach(count, language or get_language()) % {
        "counter": count,
        "places": whole(county.municipalities_with_records),
        "whole": whole(county.municipality_count),
    }


@per_language
def _reach(count):
    return ngettext(
        "%(counter)s initiative in %(places)s of %(whole)s municipalities",
        "%(counter)s initiatives in %(places)s of %(whole)s municipalities",
        count,
    )
