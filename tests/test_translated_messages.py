"""
Row tags read the page's language once and pass it on (core/translation.py): what they
write is what `gettext` and the filters write in that language, and asking does not
change the language a page is rendered in.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from actors.models import Actor
from core.dates import long_date
from core.templatetags.money import amount
from core.translation import translated
from front.templatetags.counts import cited_by, more
from front.templatetags.evidence import article_date
from municipalities.models import Municipality

from .factories import make_actor, make_article, make_funding, make_initiative


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_message_is_gettexts_in_the_language_asked_for(language):
    with translation.override(language):
        expected = translation.gettext("just over %(amount)s")
    with translation.override("sv" if language == "en" else "en"):
        assert translated("just over %(amount)s", language) == expected
        assert translation.get_language() == ("sv" if language == "en" else "en")


@pytest.mark.parametrize(
    "language,money,day",
    [("sv", "drygt 1\xa0200\xa0kr", "3 maj 2020"), ("en", "just over SEK 1,200", "3 May 2020")],
)
def test_amounts_and_dates_given_the_language_read_as_without_it(language, money, day):
    may = datetime.date(2020, 5, 3)
    with translation.override(language):
        assert amount(Decimal("1200"), True) == money
        assert long_date(may) == day
    with translation.override("sv" if language == "en" else "en"):
        assert amount(Decimal("1200"), True, language) == money
        assert long_date(may, language) == day


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,text", [("sv", "senast granskad 3 maj 2020"), ("en", "last reviewed 3 May 2020")]
)
def test_an_undated_articles_review_date_in_either_language(language, text):
    article = make_article(published_on=None, last_reviewed_on=datetime.date(2020, 5, 3))
    with translation.override(language):
        assert article_date(article) == text
    assert article_date(article, language) == text


@pytest.mark.parametrize(
    "language,one,three", [("sv", "och 1 till", "och 3 till"), ("en", "and 1 more", "and 3 more")]
)
def test_a_counted_phrase_given_the_language_reads_as_without_it(language, one, three):
    with translation.override(language):
        assert (more(1), more(3)) == (one, three)
    with translation.override("sv" if language == "en" else "en"):
        assert (more(1, language), more(3, language)) == (one, three)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_sources_citations_given_the_language_read_as_without_it(language):
    with translation.override(language):
        expected = [cited_by(n) for n in (0, 1, 3)]
    assert len(set(expected)) == 3
    with translation.override("sv" if language == "en" else "en"):
        assert [cited_by(n, language) for n in (0, 1, 3)] == expected


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_rows_fixed_messages_are_in_the_pages_language(client, language):
    """The counties' reach, an actor's kind and an undated payment's year, each written
    once per list by `translated()` or `labels_of()`, read as gettext's in the page's
    language, on pages rendered one after the other in the two languages."""
    trollhattan = Municipality.objects.get(code="1488")
    university = make_actor(name="Högskolan Väst", kind=Actor.Kind.UNIVERSITY)
    make_funding(
        initiative=make_initiative(municipalities=[trollhattan]),
        funder=university,
        recipient_municipality=trollhattan,
        year=None,
    )
    with translation.override(language):
        reach = translation.gettext("%(part)s of %(whole)s") % {"part": 1, "whole": 49}
        kind = str(Actor.Kind.UNIVERSITY.label)
        not_stated = translation.gettext("not stated")
        pages = {
            name: client.get(reverse(name, args=args)).content.decode()
            for name, args in [
                ("municipalities:county-list", ()),
                ("actors:list", ()),
                ("municipalities:detail", (trollhattan.slug,)),
            ]
        }
    assert re.search(rf">\s*{reach}\s*</td>", pages["municipalities:county-list"])
    assert f"<td>{kind}</td>" in pages["actors:list"]
    assert f"<td>{not_stated}</td>" in pages["municipalities:detail"]
