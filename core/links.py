"""
Links to records by slug, without a reverse() per link.

Django's reverse() walks the URL patterns and the language prefix on every call: about
0.1 ms here, and a list page links hundreds of records (an actor's page at scale made
770 calls, 70 ms). `slug_url` reverses each view once per language with a placeholder
slug and fills in the real one; a slug the placeholder could not stand for (anything
but ASCII letters, digits, `-` and `_`) still goes through reverse(). `view_url` keeps
the address of a view without arguments per language: every page's menu and footer
link a dozen (a bare 404 page 1.35 -> 1.12 ms).
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


def view_url(viewname):
    """reverse(viewname) of a view that takes no arguments, for the active language: a
    page's menu, footer and forms link a dozen of them."""
    return _url_of_view(viewname, get_language(), get_script_prefix(), get_urlconf())


def slug_url(viewname, slug, kwarg="slug"):
    """reverse(viewname, kwargs={kwarg: slug}), for the active language (`kwarg`: the
    URL's own name for it, such as a county's "code")."""
    if not PLAIN_SLUG.match(slug):
        # A slug the placeholder cannot stand for.
        return reverse(viewname, kwargs={kwarg: slug})
    # The URL configuration is part of the key: Django sets it for every request (and a
    # request may name its own), so it is rarely None inside a request.
    pattern = _url_with_placeholder(
        viewname, get_language(), get_script_prefix(), get_urlconf(), kwarg
    )
    return pattern.replace(PLACEHOLDER, slug, 1)
