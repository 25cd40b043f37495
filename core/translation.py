"""
Messages translated once per language, for code that writes many rows.

Every `gettext()` and `get_language()` reads the active language from a context-local
(asgiref's `Local`, behind a lock): 2.5–5 µs a read here, some ten thousand instructions.
A list's rows asked again for each row (the municipalities' list: two thousand reads, a
sixth of its instructions). Row tags read the language once, in `link_state()`
(core/links.py), and pass it on; their fixed messages come from `translated()`, or from
a function of their own made `per_language`.

A message given to `translated()` is marked with `gettext_noop` where it is defined, so
`makemessages` still finds it; a `per_language` function calls gettext or ngettext with
its messages written out, as anywhere else.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext, override

_caches = []


def per_language(function):
    """`function(*args)`, which translates, called as `function(*args, language)`: run in
    `language` once per process for each of its arguments and kept. The catalogues are
    compiled files read once, so a message's translation does not change while the
    process runs."""

    @lru_cache(maxsize=1024)
    def in_language(*args_and_language):
        *args, language = args_and_language
        with override(language):
            return function(*args)

    _caches.append(in_language)
    return in_language


# gettext(message) in `language`: translated(message, language).
translated = per_language(gettext)


@receiver(setting_changed)
def _forget_translations(*, setting, **kwargs):
    """A test that changes the languages or their catalogues gets the new messages."""
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        for cache in _caches:
            cache.cache_clear()
