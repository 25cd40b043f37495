"""A record a row links to brings what pages show of it (core.publishing: `joined`,
`listed`): its `linked_fields` where its model names them (an actor's name and slug),
else everything but its whole text, its search data and the admin's bookkeeping."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Position
from initiatives.models import Funding, Participation

pytestmark = pytest.mark.django_db

UNLISTED = [
    '"articles_article"."body"',
    '"articles_article"."updated_at"',
    '"initiatives_actor"."aliases"',
    '"initiatives_actor"."published_by_id"',
    "search_vector",
    "title_vector",
]


def test_a_joined_record_brings_what_rows_show(django_assert_num_queries):
    roles = Participation.objects.published().joined("actor", "source__publisher")
    sql = str(roles.query)
    for column in UNLISTED:
        assert column not in sql
    assert '"initiatives_actor"."name"' in sql and '"articles_article"."title"' in sql
    assert '"initiatives_participation"."passage"' in sql  # the row's own: all of them
    rows = list(roles.order_by("pk")[:5])
    assert rows
    with django_assert_num_queries(0):
        shown = [
            (r.actor.name, r.source.title, r.source.url, r.source.publisher.name) for r in rows
        ]
    assert all(name and title and publisher for name, title, _url, publisher in shown)


def test_a_linked_record_brings_only_what_a_link_to_it_shows(django_assert_num_queries):
    payments = Funding.objects.published().joined("funder", "recipient_municipality", "initiative")
    sql = str(payments.query)
    for column in ["website", "aliases", "population", '"initiatives_initiative"."status"']:
        assert column not in sql
    assert '"initiatives_funding"."note"' in sql  # the row's own: all of them
    rows = list(payments.order_by("pk"))
    assert rows
    with django_assert_num_queries(0):
        links = [
            (row.funder.get_absolute_url(), row.funder.name, row.funder.is_published)
            + (row.initiative.get_absolute_url(), row.initiative.title)
            for row in rows
        ]
        places = [
            (row.recipient_municipality.get_absolute_url(), row.recipient_municipality.name)
            for row in rows
            if row.recipient_municipality_id
        ]
    assert all(all(link) for link in links) and places


def test_joining_more_keeps_what_was_left_out_before():
    positions = Position.objects.published().joined("source__publisher").joined("actor")
    sql = str(positions.query)
    assert '"articles_article"."body"' not in sql and "website" not in sql
    assert '"articles_article"."title"' in sql and '"articles_position"."title"' in sql


def test_listed_rows_leave_out_their_own_texts():
    sql = str(Article.objects.published().listed().joined("publisher").query)
    assert '"articles_article"."body"' not in sql and "search_vector" not in sql
    assert '"articles_article"."title"' in sql and '"articles_article"."published_on"' in sql


@pytest.mark.parametrize(
    "url",
    [
        reverse("municipalities:detail", args=["trollhattan"]),
        reverse("actors:detail", args=["skolverket"]),
        reverse("initiatives:detail", args=["samverkan-for-basta-skola-trollhattan"]),
    ],
)
def test_record_pages_read_no_texts_of_the_articles_they_cite(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert 'id="ref-1"' in response.content.decode()
    read = [query["sql"] for query in captured.captured_queries]
    assert [sql for sql in read if '"articles_article"."title"' in sql]
    for column in ['"articles_article"."body"', '"articles_article"."updated_at"']:
        assert not [sql for sql in read if column in sql]
