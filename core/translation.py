"""
Messages translated once per language, for code that writes many rows.

Every `gettext()` and `get_language()` reads the active language from a context-local
(asgiref's `Local`, behind a lock): 2.5–5 µs a read here, some ten thousand instructions.
A list's rows asked again for each row (the municipalities' list: two thousand reads, a
sixth of its instructions). Row tags read the language once, in `link_state()`
(core/links.py), and pass it on; their fixed messages come from `translated()`.

A message given to `translated()` is marked with `gettext_noop` where it is defined, so
`makemessages` still finds it.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext, override


@lru_cache(maxsize=256)
def translated(message, language):
    """gettext(message) in `language`, once per process: the catalogues are compiled
    files read once, so a message's translation does not change while it runs."""
    with override(language):
        return gettext(message)


@receiver(setting_changed)
def _forget_translations(*, setting, **kwargs):
    """A test that changes the languages or their catalogues gets the new messages."""
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        translated.cache_clear()
