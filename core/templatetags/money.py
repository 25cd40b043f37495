"""Money and counts as Swedes write them: "800 000 kr" and "10 000" (and "SEK 800,000",
"10,000" in English)."""

from decimal import Decimal

from django import template
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def grouped(number):
    """A whole number in groups of three with the language's separator, as
    intcomma(number, use_l10n=True) writes it (tested): its general number formatter took
    10–20 µs a number, and the municipalities' list writes 290 populations and 290 sums."""
    if number in (None, ""):
        return ""
    return _grouped(number, get_language())


def _grouped(number, language):
    return f"{int(number):,}".replace(",", get_format("THOUSAND_SEPARATOR", language))


@register.filter
def sek(amount):
    if amount in (None, ""):
        return ""
    language = get_language()  # read once: a context-local lookup
    text = _grouped(int(Decimal(amount).quantize(Decimal("1"))), language)
    if (language or "sv").startswith("en"):
        return f"SEK {text}"
    return f"{text}\N{NO-BREAK SPACE}kr"


@register.simple_tag
def amount(value, lower_bound=False):
    """The one money format: "drygt 800 000 kr" when a source says "just over" (or a sum
    includes such an amount), and "–" when no amount is known (never "0 kr")."""
    if value in (None, ""):
        return "–"
    text = sek(value)
    if lower_bound:
        return _("just over %(amount)s") % {"amount": text}
    return text
