"""
The one way pages write a day: "3 maj 2020" in Swedish, "3 May 2020" in English (Django's
"j F Y"), for sources' dates, citations and version banners alike.

Written out here rather than through `formats.date_format`, whose general formatter
took 50 µs a date (6–8 µs here): a record page writes a hundred or more of its sources'
dates, a twentieth of an actor's page. The month's name comes from Django's own
translated names, so both languages read as `date_format` writes them (tested).
"""

from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.dates import MONTHS
from django.utils.translation import get_language


@cache
def month_names(language):
    """The months' names in `language`, which must be the active one (the names are
    translated as they are read): ("", "januari", ..., "december"). Translated once per
    language rather than for every date, where the lazy name's translation was most of
    a date's time."""
    return ("", *(str(MONTHS[month]) for month in range(1, 13)))


@receiver(setting_changed)
def _forget_month_names(*, setting, **kwargs):
    """A test that changes the languages or their catalogs gets names from the new ones."""
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        month_names.cache_clear()


def long_date(day, language=None):
    """`day` (a date or datetime) as "3 maj 2020"; "" for None. `language`: the active
    one, for a caller that has read it (core/translation.py)."""
    if day is None or day == "":
        return ""
    return f"{day.day} {month_names(language or get_language())[day.month]} {day.year}"
