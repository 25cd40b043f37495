"""
The publication rule for rows read without its joins (core.publishing.PublicReferences):
it keeps exactly the rows `published()` keeps, whichever record a row shows is a draft,
and the exports built on it leave the same roles and payments out.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from actors.models import Actor
from articles.models import Article
from core.publishing import PublicationState, PublicIds, PublicReferences
from initiatives.models import Funding, Participation
from municipalities.models import Municipality
from tests.factories import (
    make_actor,
    make_article,
    make_funding,
    make_initiative,
    make_participation,
)

pytestmark = pytest.mark.django_db
DRAFT = PublicationState.DRAFT


def public_by_references(model, public_ids=None):
    """The pks of `model`'s rows that PublicReferences keeps (initiatives known public)."""
    references = PublicReferences(model, public_ids or PublicIds(), known=["initiative"])
    rows = model.objects.order_by().values_list("pk", *references.fields)
    return {row[0] for row in references.public_rows(rows, 1)}


@pytest.fixture
def roles_and_payments():
    """A published initiative with one role and one payment per way to be hidden."""
    initiative = make_initiative()
    place = Municipality.objects.get(code="1488")
    draft_actor = make_actor(publication_state=DRAFT)
    draft_article = make_article(publication_state=DRAFT)
    draft_publisher = make_article(publisher=make_actor(publication_state=DRAFT))
    draft_author = make_article(author=make_actor(publication_state=DRAFT))
    with_author = make_article(author=make_actor())
    roles = {
        "public": make_participation(initiative=initiative, actor=make_actor()),
        "public, with an author": make_participation(
            initiative=initiative, actor=make_actor(), source=with_author
        ),
        "draft actor": make_participation(initiative=initiative, actor=draft_actor),
        "draft source": make_participation(
            initiative=initiative, actor=make_actor(), source=draft_article
        ),
        "source's publisher a draft": make_participation(
            initiative=initiative, actor=make_actor(), source=draft_publisher
        ),
        "source's author a draft": make_participation(
            initiative=initiative, actor=make_actor(), source=draft_author
        ),
    }
    payments = {
        "public, no recipient actor": make_funding(
            initiative=initiative, recipient_municipality=place
        ),
        "public recipient": make_funding(initiative=initiative, recipient_actor=make_actor()),
        "draft funder": make_funding(
            initiative=initiative, recipient_municipality=place, funder=draft_actor
        ),
        "draft recipient": make_funding(initiative=initiative, recipient_actor=draft_actor),
        "draft source": make_funding(
            initiative=initiative, recipient_municipality=place, source=draft_article
        ),
        "source's author a draft": make_funding(
            initiative=initiative, recipient_municipality=place, source=draft_author
        ),
    }
    return roles, payments


def test_rows_checked_after_reading_are_those_published_keeps(roles_and_payments):
    roles, payments = roles_and_payments
    for model, made in ((Participation, roles), (Funding, payments)):
        kept = public_by_references(model)
        assert kept == set(model.objects.published().values_list("pk", flat=True))
        assert {name for name, row in made.items() if row.pk in kept} == {
            name for name in made if name.startswith("public")
        }


def test_public_ids_are_asked_once_per_record(roles_and_payments, django_assert_num_queries):
    public_ids = PublicIds()
    public_by_references(Participation, public_ids)
    # The same records again: nothing new to ask, only the rows themselves are read.
    with django_assert_num_queries(1):
        public_by_references(Participation, public_ids)
    published = set(Article.objects.published().values_list("pk", flat=True))
    assert public_ids.public[Article] and public_ids.public[Article] <= published


def test_read_gives_fields_of_the_public_records_only():
    public, draft = make_actor(name="Öppen"), make_actor(name="Utkast", publication_state=DRAFT)
    public_ids = PublicIds()
    assert public_ids.read(Actor, [public.pk, draft.pk], "name") == {public.pk: ("Öppen",)}
    assert public_ids.among(Actor, [draft.pk]) == {public.pk}


def test_read_keeps_the_records_published_keeps_without_joining_what_they_show(
    roles_and_payments, django_assert_num_queries
):
    """An article is read with its own state asked in the query and its publisher and
    author checked afterwards: the same articles as `published()`, whichever is a draft,
    with every actor asked about in one query."""
    ids = list(Article.objects.values_list("pk", flat=True))
    public_ids = PublicIds()
    with django_assert_num_queries(2):
        read = public_ids.read(Article, ids, "slug")
    published = Article.objects.published()
    assert set(read) == set(published.values_list("pk", flat=True))
    assert read == {pk: (slug,) for pk, slug in published.values_list("pk", "slug")}
    assert Article.objects.count() > len(read)  # some were drafts, or showed one


def test_a_model_with_a_state_of_its_own_is_refused():
    with pytest.raises(TypeError):
        PublicReferences(Article, PublicIds())


def exported(client, name):
    response = client.get(reverse("initiatives:export-csv"))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return next(row for row in csv.DictReader(io.StringIO(content)) if row["slug"] == name)


def test_the_export_names_public_roles_and_sums_public_payments_only(client):
    initiative = make_initiative(slug="en-insats")
    place = Municipality.objects.get(code="1488")
    hidden = make_actor(name="Dold aktör", publication_state=DRAFT)
    draft_source = make_article(publication_state=DRAFT)
    make_participation(initiative=initiative, actor=make_actor(name="Ängby skola"))
    make_participation(initiative=initiative, actor=make_actor(name="Alby skola"))
    make_participation(initiative=initiative, actor=hidden)
    make_participation(initiative=initiative, actor=make_actor(name="Gömd"), source=draft_source)
    make_funding(initiative=initiative, recipient_municipality=place, amount_sek=Decimal("1500.50"))
    make_funding(
        initiative=initiative,
        recipient_municipality=place,
        amount_sek=Decimal("2000"),
        is_lower_bound=True,
    )
    make_funding(
        initiative=initiative,
        recipient_municipality=place,
        amount_sek=Decimal("99999"),
        funder=hidden,
    )
    make_funding(
        initiative=initiative,
        recipient_municipality=place,
        amount_sek=Decimal("88888"),
        source=draft_source,
    )

    row = exported(client, "en-insats")
    # Swedish order within a role: Ä after A.
    assert row["actors_with_roles"] == "Alby skola (partner); Ängby skola (partner)"
    assert row["total_funding_sek"] == "3500"
    assert row["amount_is_lower_bound"] == "True"
