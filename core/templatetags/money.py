"""Money as Swedes write it: "800 000 kr" (and "SEK 800,000" in English)."""

from decimal import Decimal

from django import template
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def sek(amount):
    if amount in (None, ""):
        return ""
    whole = int(Decimal(amount).quantize(Decimal("1")))
    # Grouped in threes as intcomma(whole, use_l10n=True) groups them (tested), with the
    # language's separator: its general number formatter took 20 us an amount, and a
    # municipality's page writes a hundred.
    grouped = f"{whole:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
    if (get_language() or "sv").startswith("en"):
        return f"SEK {grouped}"
    return f"{grouped}\N{NO-BREAK SPACE}kr"


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
