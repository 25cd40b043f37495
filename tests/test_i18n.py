"""Swedish by default, English under /en/, both catalogues complete and compiled."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.templatetags.money import grouped, sek
from municipalities.models import Municipality

LOCALE = Path(settings.BASE_DIR) / "locale"


def po_string(block, keyword):
    """The (possibly multi-line) string after `keyword` in one .po entry, or None."""
    match = re.search(rf'^{keyword} ((?:".*"\n?)+)', block + "\n", re.MULTILINE)
    if not match:
        return None
    return "".join(re.findall(r'"(.*)"', match.group(1)))


def po_entries(language):
    """(msgid, msgstr, fuzzy) for each entry of a .po file, plurals by their first form."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n")[1:]:
        if "msgid" not in block:
            continue
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        msgid = po_string(block, "msgid")
        if msgid is None or "\nmsgctxt" in "\n" + block:
            continue  # obsolete (#~) entries; contexts are checked through the pages
        msgstr = po_string(block, "msgstr")
        if msgstr is None:
            msgstr = po_string(block, r"msgstr\[0\]")
        entries.append((msgid, msgstr, fuzzy))
    return entries


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_string_is_translated(language):
    entries = po_entries(language)
    assert len(entries) > 300
    untranslated = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert untranslated == []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_compiled_catalogue_matches_the_po_file(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for msgid, msgstr, _fuzzy in po_entries(language):
        if "\\" in msgid:
            continue  # escaped characters: compared by the page tests instead
        assert catalogue.gettext(msgid) == msgstr, msgid


@pytest.mark.django_db
def test_swedish_is_the_default_and_english_lives_under_en(client):
    swedish = client.get("/initiatives/").content.decode()
    assert '<html lang="sv">' in swedish and "<h1>Insatser</h1>" in swedish
    english = client.get("/en/initiatives/").content.decode()
    assert '<html lang="en">' in english and "<h1>Initiatives</h1>" in english
    assert 'href="http://testserver/en/initiatives/"' in swedish  # the language switch


@pytest.mark.django_db
def test_an_english_browser_still_gets_swedish_at_unprefixed_urls(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="sv">' in page


def test_money_is_formatted_per_language():
    with translation.override("sv"):
        assert sek(8800000) == "8\xa0800\xa0000\xa0kr"
    with translation.override("en"):
        assert sek(8800000) == "SEK 8,800,000"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_money_is_grouped_as_django_groups_numbers(language):
    from decimal import Decimal

    from django.contrib.humanize.templatetags.humanize import intcomma

    amounts = [0, 7, 999, 1000, -1500, 12345, 800000, 1234567, 10**12 + 1, Decimal("2500.50")]
    with translation.override(language):
        for amount in amounts:
            whole = int(Decimal(amount).quantize(Decimal("1")))
            assert intcomma(whole, use_l10n=True) in sek(amount), amount
    with translation.override(language):
        # Rounded to whole kronor, half to even as Decimal rounds.
        assert ("2\xa0500" if language == "sv" else "2,500") in sek(Decimal("2500.50"))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_counts_are_grouped_as_django_groups_numbers(language):
    from django.contrib.humanize.templatetags.humanize import intcomma

    with translation.override(language):
        for number in [0, 7, 999, 1000, -1500, 12345, 104_000, 1_234_567, 10**12 + 1]:
            assert grouped(number) == intcomma(number, use_l10n=True), number
        assert grouped(None) == ""


@pytest.mark.django_db
def test_a_population_is_grouped_on_the_municipality_pages(client):
    place = Municipality.objects.get(code="1488")
    Municipality.objects.filter(pk=place.pk).update(population=59_249, population_year=2023)
    for url in (reverse("municipalities:list"), place.get_absolute_url()):
        assert "59\xa0249" in client.get(url).content.decode(), url
    with translation.override("en"):
        assert "59,249" in client.get(place.get_absolute_url()).content.decode()
