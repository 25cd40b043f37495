"""`{% slug_url "actors:detail" row.funder__slug %}`: a record's address from its slug,
for rows that are plain values rather than model instances (core/links.py: one
reverse() per page and language, not one per row as `{% url %}` makes)."""

from django import template

from core import links

register = template.Library()


@register.simple_tag
def slug_url(viewname, slug):
    return links.slug_url(viewname, slug)
