"""
`Model.objects.published()` hands out copies of a queryset built once per process
(core.publishing.PublicManager). Whatever a caller does to its copy, the next caller
gets the rule alone; a related manager's `published()` stays within its record; and the
copy says what the rule built afresh says.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User

from actors.models import Actor
from core.collation import sort_key
from core.publishing import PublicationState, PublicManager, PublicQuerySet, public_q
from initiatives.models import Funding, Initiative, Participation
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


def test_the_managers_published_rows_are_the_rule_built_afresh():
    make_initiative(title="Public")
    make_initiative(title="Draft", publication_state=DRAFT)
    initiative = Initiative.objects.get(title="Public")
    role = make_participation(initiative=initiative, actor=make_actor(publication_state=DRAFT))
    make_participation(initiative=initiative, actor=make_actor())

    for model in (Initiative, Participation, Funding, Actor, Municipality):
        afresh = model.objects.all().published()
        assert str(model.objects.published().query) == str(afresh.query)
        assert set(model.objects.published()) == set(afresh)
    assert role not in Participation.objects.published()
    ours = Initiative.objects.published().filter(slug__startswith="testinsats")
    assert [i.title for i in ours] == ["Public"]


def test_a_callers_filters_do_not_reach_the_next_caller():
    first = make_initiative(title="First")
    make_initiative(title="Second")

    narrowed = Initiative.objects.published().filter(pk=first.pk)
    narrowed = narrowed.exclude(title="Second").order_by("-title")[:1]
    assert list(narrowed) == [first]

    assert Initiative.objects.published().filter(slug__startswith="testinsats").count() == 2
    assert not Initiative.objects.published().query.order_by
    fresh = Initiative.objects.all().published()
    assert str(Initiative.objects.published().query) == str(fresh.query)


def test_each_caller_reads_the_rows_as_they_are_now():
    first = make_initiative()
    assert list(Initiative.objects.published().filter(slug__startswith="testinsats")) == [first]
    seen = Initiative.objects.published()
    assert first in seen

    second = make_initiative()
    assert second in Initiative.objects.published()
    assert Initiative.objects.published().filter(slug__startswith="testinsats").count() == 2


def test_a_related_managers_published_rows_stay_within_its_record():
    one, other = make_initiative(), make_initiative()
    place = Municipality.objects.get(code="1488")
    paid = make_funding(initiative=one, recipient_municipality=place)
    paid_other = make_funding(initiative=other, recipient_municipality=place)
    hidden = make_actor(publication_state=DRAFT)
    make_funding(initiative=one, recipient_municipality=place, funder=hidden)
    one.municipalities.add(place)

    assert list(one.funding.published()) == [paid]
    assert list(other.funding.published()) == [paid_other]
    assert list(one.funding.visible_to(AnonymousUser())) == [paid]
    assert list(other.funding.visible_to(AnonymousUser())) == [paid_other]
    assert list(place.initiatives.published().filter(pk__in=[one.pk, other.pk])) == [one]
    assert one.funding.count() == 2


def test_staff_see_drafts_through_the_manager_too():
    make_initiative()
    draft = make_initiative(publication_state=DRAFT)
    staff = User(username="editor", is_staff=True)

    assert draft in Initiative.objects.visible_to(staff)
    assert draft not in Initiative.objects.visible_to(AnonymousUser())
    assert draft not in Initiative.objects.visible_to(None)


def test_every_model_the_rule_applies_to_has_the_manager():
    ruled = [
        model
        for model in apps.get_models()
        if issubclass(model._default_manager._queryset_class, PublicQuerySet) or public_q(model)
    ]
    assert Initiative in ruled and Funding in ruled and Actor in ruled
    for model in ruled:
        assert isinstance(model._default_manager, PublicManager), model._meta.label


def test_rows_sorted_as_read_keep_their_order_through_later_filters():
    names = ["Zäta AB", "alfa förening", "Ärla skola", "Åsa Åkesson"]
    for index, name in enumerate(names):
        make_actor(name=name, slug=f"sorterad-{index}")
    make_actor(name="Utkast AB", slug="sorterad-utkast", publication_state=DRAFT)
    by_name = Actor.objects.published().sorted_by(lambda actor: sort_key(actor.name))
    rows = by_name.filter(slug__startswith="sorterad-")

    assert "ORDER BY" not in str(rows.query)  # the database is not asked to sort
    assert [actor.name for actor in rows] == [
        "alfa förening",
        "Zäta AB",
        "Åsa Åkesson",
        "Ärla skola",
    ]
    assert len(rows.values_list("name", flat=True)) == 4  # plain values come unsorted


def test_the_rule_as_semi_joins_keeps_the_rows_it_keeps_joined():
    """PostgreSQL's pages ask some payments' and quotes' rule as semi-joins (`public_q`'s
    `semi_join`), a record that may be missing (a payment's recipient actor) as "no
    such record that is not public": the same rows as the rule joined, on both
    databases."""
    trollhattan = Municipality.objects.get(code="1488")
    draft = make_actor(publication_state=DRAFT)
    initiative = make_initiative(municipalities=[trollhattan])
    to_the_municipality = {"initiative": initiative, "recipient_municipality": trollhattan}
    shown = {
        make_funding(**to_the_municipality),
        make_funding(initiative=initiative, recipient_actor=make_actor()),
        make_funding(**to_the_municipality, recipient_actor=make_actor()),
    }
    hidden = {
        make_funding(initiative=initiative, recipient_actor=draft),
        make_funding(**to_the_municipality, recipient_actor=draft),
        make_funding(**to_the_municipality, funder=draft),
        make_funding(**to_the_municipality, source=make_article(author=draft)),
        make_funding(**to_the_municipality, source=make_article(publication_state=DRAFT)),
        make_funding(
            initiative=make_initiative(publication_state=DRAFT), recipient_municipality=trollhattan
        ),
    }
    payments = Funding.objects.filter(pk__in=[row.pk for row in shown | hidden])

    joined = set(payments.filter(public_q(Funding)))
    semi_joined = set(payments.filter(public_q(Funding, semi_join=True)))

    assert joined == semi_joined == shown
