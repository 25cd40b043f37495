"""
`format_html`, `format_html_join` and `conditional_escape` as Django's make them, for
the tags that make the public pages' rows, links and references.

Django's pass each argument through `conditional_escape`, then `escape`, then
`mark_safe`, each wrapped by `keep_lazy`, which looks at every argument for a lazy
string first: 3.9 µs a link, where the escaping itself is a tenth of that. A
municipality's or an actor's page at scale makes some 700 fragments (its payments,
references, sources and roles). These escape each argument once, as
`conditional_escape` does: a lazy string is made text, anything with `__html__` (a
SafeString, a fragment made here) is taken as it is, anything else is made text and
escaped by `html.escape`, which is what Django's `escape` calls. The output is the
same, character for character (tests/test_html_fragments.py holds them to Django's).
"""

import html

from django.utils.functional import Promise
from django.utils.safestring import SafeString


def escaped(value):
    """`conditional_escape(value)`, as text."""
    # The usual arguments first, by their exact type: a name or a title as read, a
    # fragment made here, a count or a year.
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is SafeString:
        return value
    if kind is int:
        return str(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def conditional_escape(value):
    """`value` escaped unless it is safe already, marked safe
    (django.utils.html.conditional_escape)."""
    return SafeString(escaped(value))


def format_html(format_string, *args, **kwargs):
    """`format_string.format(...)` with each argument escaped unless it is safe already,
    the result marked safe (django.utils.html.format_html)."""
    if not kwargs:
        return SafeString(format_string.format(*map(escaped, args)))
    return SafeString(
        format_string.format(
            *map(escaped, args), **{name: escaped(value) for name, value in kwargs.items()}
        )
    )


def format_html_join(sep, format_string, args_generator):
    """`format_html(format_string, *args)` for each args of `args_generator`, joined by
    `sep` (escaped too) (django.utils.html.format_html_join, without its mappings)."""
    return SafeString(
        escaped(sep).join(format_string.format(*map(escaped, args)) for args in args_generator)
    )
