"""Addresses without a reverse() per link (core/links.py: one per view and language).

`{% slug_url "actors:detail" row.funder__slug %}`: a record's address from its slug, for
rows that are plain values rather than model instances (`{% url %}` reverses per row).
`{% view_url "articles:list" %}`: a view without arguments, as `{% url %}` gives it (the
menu and the footer of every page link a dozen of them).
"""

from django import template

from core import links

register = template.Library()


@register.simple_tag
def slug_url(viewname, slug):
    return links.slug_url(viewname, slug)


@register.simple_tag
def view_url(viewname):
    return links.view_url(viewname)
