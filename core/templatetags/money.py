"""Money and counts as Swedes write them: "800 000 kr" and "10 000" (and "SEK 800,000",
"10,000" in English)."""

from decimal import Decimal

from django import template
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext_noop

from core.translation import translated

register = template.Library()


# Each takes the language from a caller that writes many (a list's row tags read it once,
# in their `link_state()`): read on every call, it was a context-local lookup a figure,
# three a row of the municipalities' list.


@register.filter
def grouped(number, language=None):
    """A whole number in groups of three with the language's separator, as
    intcomma(number, use_l10n=True) writes it (tested): its general number formatter took
    10–20 µs a number, and the municipalities' list writes 290 populations and 290 sums."""
    if number in (None, ""):
        return ""
    return _grouped(number, language or get_language())


def _grouped(number, language):
    return f"{int(number):,}".replace(",", get_format("THOUSAND_SEPARATOR", language))


@register.filter
def sek(amount, language=None):
    if amount in (None, ""):
        return ""
    language = language or get_language()
    text = _grouped(int(Decimal(amount).quantize(Decimal("1"))), language)
    if (language or "sv").startswith("en"):
        return f"SEK {text}"
    return f"{text}\N{NO-BREAK SPACE}kr"


JUST_OVER = gettext_noop("just over %(amount)s")


@register.simple_tag
def amount(value, lower_bound=False, language=None):
    """The one money format: "drygt 800 000 kr" when a source says "just over" (or a sum
    includes such an amount), and "–" when no amount is known (never "0 kr")."""
    if value in (None, ""):
        return "–"
    language = language or get_language()
    text = sek(value, language)
    if lower_bound:
        return translated(JUST_OVER, language) % {"amount": text}
    return text
