"""Addresses without a reverse() per link (core/links.py: one per view and language).

`{% slug_url "actors:detail" row.funder__slug %}`: a record's address from its slug, for
rows that are plain values rather than model instances (`{% url %}` reverses per row).
`{% view_url "articles:list" %}`: a view without arguments, as `{% url %}` gives it (the
menu and the footer of every page link a dozen of them).

Both read the script prefix and URL configuration once per template render (a
context-local read each, 2.5–5 µs, core/translation.py), the language at each link.
"""

from django import template
from django.utils.translation import get_language

from core import links

register = template.Library()


def site_of(context):
    """`links.link_site()`, kept in the template's render context."""
    render_context = context.render_context
    site = render_context.get(links.link_site)
    if site is None:
        site = render_context[links.link_site] = links.link_site()
    return site


@register.simple_tag(takes_context=True)
def slug_url(context, viewname, slug):
    return links.slug_url(viewname, slug, state=(get_language(), *site_of(context)))


@register.simple_tag(takes_context=True)
def view_url(context, viewname):
    return links.view_url(viewname, site_of(context))
