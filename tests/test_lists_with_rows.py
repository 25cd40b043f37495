"""
A record page asks only for the lists its record has (core.derived_cache.with_rows): a
list found empty is not asked for again until content changes, and each reader finds
their own lists (staff see drafts).
"""

import pytest

from core.publishing import PublicationState
from municipalities.models import Municipality

from .factories import make_actor, make_article, make_funding, make_initiative, make_position

pytestmark = pytest.mark.django_db


def test_a_list_found_empty_shows_its_first_row_after_the_change_that_adds_it(client):
    article = make_article(title="Källa utan betalningar")
    url = article.get_absolute_url()
    assert "Betalaren i testet" not in client.get(url).content.decode()

    trollhattan = Municipality.objects.get(code="1488")
    make_funding(
        source=article,
        funder=make_actor(name="Betalaren i testet"),
        initiative=make_initiative(municipalities=[trollhattan]),
        recipient_municipality=trollhattan,
    )

    assert "Betalaren i testet" in client.get(url).content.decode()


def test_staff_and_visitors_each_find_their_own_lists(client, admin_client):
    article = make_article()
    person = make_actor(
        name="Personen i utkast", kind="person", publication_state=PublicationState.DRAFT
    )
    make_position(actor=person, title="Rektor", source=article)
    url = article.get_absolute_url()

    assert "Personen i utkast" not in client.get(url).content.decode()
    assert "Personen i utkast" in admin_client.get(url).content.decode()
    assert "Personen i utkast" not in client.get(url).content.decode()


def test_an_initiatives_first_part_shows_after_the_change_that_adds_it(client):
    trollhattan = Municipality.objects.get(code="1488")
    whole = make_initiative(title="Helheten", municipalities=[trollhattan])
    url = whole.get_absolute_url()
    assert "Delen i testet" not in client.get(url).content.decode()

    make_initiative(title="Delen i testet", part_of=whole, municipalities=[trollhattan])

    assert "Delen i testet" in client.get(url).content.decode()
