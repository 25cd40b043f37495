"""The database itself refuses bad data, whatever path it comes in by."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from actors.models import Actor
from articles.models import Article
from initiatives.models import Initiative
from municipalities.models import Municipality

from .factories import make_actor, make_article, make_funding, make_initiative

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_it_refuses_a_negative_amount():
    initiative = make_initiative()
    trollhattan = Municipality.objects.get(code="1488")
    refused(
        lambda: make_funding(
            initiative=initiative, recipient_municipality=trollhattan, amount_sek=Decimal("-1")
        )
    )


def test_it_refuses_funding_without_a_recipient():
    refused(lambda: make_funding(initiative=make_initiative()))


def test_it_refuses_an_end_year_before_the_start_year():
    refused(lambda: make_initiative(start_year=2019, end_year=2018))


def test_it_accepts_an_open_ended_initiative():
    assert make_initiative(start_year=2019, end_year=None).pk


@pytest.mark.parametrize("year", [1066, 2500])
def test_it_refuses_years_outside_a_sane_range(year):
    refused(lambda: make_initiative(start_year=year))


def test_it_refuses_duplicate_codes_and_slugs():
    county = Municipality.objects.get(code="1488").county
    refused(lambda: Municipality.objects.create(code="1488", name="X", slug="x", county=county))
    refused(
        lambda: Municipality.objects.create(
            code="9999", name="X", slug="trollhattan", county=county
        )
    )
    refused(lambda: make_actor(slug="skolverket"))
    refused(lambda: make_initiative(slug="samverkan-for-basta-skola-trollhattan"))


def test_a_known_url_is_recorded_once_but_many_articles_may_lack_one():
    make_article(url="https://example.org/a")
    refused(lambda: make_article(url="https://example.org/a"))
    make_article(url="")
    make_article(url="")
    assert Article.objects.filter(url="").count() >= 7


def test_deleting_a_cited_article_is_refused():
    article = Article.objects.get(slug="skolan-ar-en-angelagenhet-for-hela-borlange")
    with pytest.raises(ProtectedError):
        article.delete()


def test_deleting_an_article_cited_only_as_an_initiative_source_is_refused():
    article = make_article()
    make_initiative(sources=[article])
    with pytest.raises(ProtectedError):
        article.delete()


def test_deleting_an_actor_with_roles_is_refused():
    with pytest.raises(ProtectedError):
        Actor.objects.get(slug="tillvaxtverket").delete()


def test_deleting_a_municipality_with_initiatives_is_refused():
    with pytest.raises(ProtectedError):
        Municipality.objects.get(slug="borlange").county.delete()


def test_active_in_counts_open_ended_initiatives_from_their_start():
    grant = Initiative.objects.get(slug="borlange-mot-segregation-tillvaxtverket")
    assert grant in Initiative.objects.active_in(2020)
    assert grant not in Initiative.objects.active_in(2017)
    analysis = Initiative.objects.get(slug="borlange-kartlaggning-social-hallbarhet")
    assert analysis in Initiative.objects.active_in(2017)
    assert analysis not in Initiative.objects.active_in(2018)
