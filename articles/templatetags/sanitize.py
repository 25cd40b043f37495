"""
`{% load sanitize %}{{ value|sanitize_html }}`: staff-written rich text, made safe to show.

Today every text field is plain text and Django's autoescaping shows it as text (an
article's `<script>` appears as the characters `<script>`). This filter is for the
day a field holds HTML: nh3 (the Rust ammonia sanitiser) keeps a short list of
formatting tags and drops everything else, scripts, styles, event handlers and
`javascript:` links included, so the result is safe to mark safe. No `style`
attribute survives either: the Content-Security-Policy would block it anyway.
"""

import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "p",
    "br",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "code",
    "pre",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}}
URL_SCHEMES = {"http", "https", "mailto"}


@register.filter
def sanitize_html(value):
    if value is None:
        return ""
    cleaned = nh3.clean(
        str(value),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just removed everything unsafe
