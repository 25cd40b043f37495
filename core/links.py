"""
Links to records by slug, without a reverse() per link.

Django's reverse() walks the URL patterns and the language prefix on every call: about
0.1 ms here, and a list page links hundreds of records (an actor's page at scale made
770 calls, 70 ms). `slug_url` reverses each view once per language with a placeholder
slug and fills in the real one; a slug the placeholder could not stand for (anything
but ASCII letters, digits, `-` and `_`) still goes through reverse(). `view_url` keeps
the address of a view without arguments per language: every page's menu and footer
link a dozen (a bare 404 page 1.35 -> 1.12 ms).

What an address depends on besides its view and slug, the active language, script
prefix and URL configuration, is three context-local reads, about half of a link's
9 µs. Links made together, a row's or a list's in one tag, read them once
(`link_state()`) and pass them on: `slug_url(..., state=state)`, a model's
`get_absolute_url(state)`. Nothing between them can change those.
"""

import re
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

PLACEHOLDER = "slug-placeholder-9f3c"
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


@lru_cache(maxsize=128)
def _url_with_placeholder(viewname, language, script_prefix, urlconf, kwarg="slug"):
    # The arguments are the cache key: reverse() reads the same state itself.
    return reverse(viewname, kwargs={kwarg: PLACEHOLDER})


@lru_cache(maxsize=128)
def _url_of_view(viewname, language, script_prefix, urlconf):
    # As above: the arguments are the cache key.
    return reverse(viewname)


@receiver(setting_changed)
def _forget_urls(*, setting, **kwargs):
    """A test that swaps the URL configuration gets addresses from the new one."""
    if setting == "ROOT_URLCONF":
        _url_with_placeholder.cache_clear()
        _url_of_view.cache_clear()


def view_url(viewname, site=None):
    """reverse(viewname) of a view that takes no arguments, for the active language: a
    page's menu, footer and forms link a dozen of them. `site`: `link_site()`, read by a
    caller that makes many links, else read here."""
    return _url_of_view(viewname, get_language(), *(site or link_site()))


def link_state():
    """(language, script prefix, URL configuration), as they are now: the state an
    address is made in, for `slug_url`'s `state`. The URL configuration is part of it:
    Django sets it for every request (and a request may name its own)."""
    return (get_language(), get_script_prefix(), get_urlconf())


def link_site():
    """(script prefix, URL configuration): the part of `link_state()` that the request
    fixes before its view runs, where the language may still change (`{% language %}`,
    `translation.override`). The link tags of a template read it once per render."""
    return (get_script_prefix(), get_urlconf())


def slug_url(viewname, slug, kwarg="slug", state=None):
    """reverse(viewname, kwargs={kwarg: slug}), for the active language (`kwarg`: the
    URL's own name for it, such as a county's "code"); `state`: `link_state()` read by
    the caller for links made together, else read here."""
    if not PLAIN_SLUG.match(slug):
        # A slug the placeholder cannot stand for.
        return reverse(viewname, kwargs={kwarg: slug})
    pattern = _url_with_placeholder(viewname, *(state or link_state()), kwarg)
    return pattern.replace(PLACEHOLDER, slug, 1)
