"""Rows made into instances without `Model.__init__` (core/loading.py) are the instances
Django's own `from_db` makes: the same values, the same columns left deferred, the same
state, and the signals still sent wherever a receiver listens for them."""

from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db.models.signals import post_init

from actors.models import Actor
from articles.models import Article
from core.loading import FastLoading
from initiatives.models import Funding, Initiative, Participation

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [model for model in apps.get_models() if issubclass(model, FastLoading)]


@contextmanager
def djangos_loading():
    """Django's own `from_db` for every model: a receiver of `post_init` turns the fast
    path off."""

    def listening(sender, instance, **kwargs):
        pass

    post_init.connect(listening)
    try:
        yield
    finally:
        post_init.disconnect(listening)


def loaded_both_ways(make_queryset):
    """The rows of `make_queryset()` as loaded here, and as Django loads them."""
    ours = list(make_queryset())
    with djangos_loading():
        theirs = list(make_queryset())
    assert ours and [row.pk for row in ours] == [row.pk for row in theirs]
    return zip(ours, theirs, strict=True)


def attributes(instance):
    return {name: value for name, value in instance.__dict__.items() if name != "_state"}


def same_instance(ours, theirs):
    assert type(ours) is type(theirs)
    assert attributes(ours) == attributes(theirs)
    assert ours.get_deferred_fields() == theirs.get_deferred_fields()
    assert (ours._state.adding, ours._state.db) == (theirs._state.adding, theirs._state.db)
    assert ours._state.adding is False and ours._state.db == "default"


def test_every_content_model_loads_fast():
    assert {Initiative, Participation, Funding, Actor, Article} <= set(CONTENT_MODELS)
    assert len(CONTENT_MODELS) >= 10


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_a_whole_row_is_the_instance_django_makes(model):
    if not model._base_manager.exists():
        pytest.skip(f"the seed data has no {model.__name__}")
    for ours, theirs in loaded_both_ways(lambda: model._base_manager.order_by("pk")[:20]):
        same_instance(ours, theirs)
        assert set(attributes(ours)) == {f.attname for f in model._meta.concrete_fields}


def test_joined_records_keep_their_deferred_columns(django_assert_num_queries):
    def roles():
        return (
            Participation.objects.published()
            .joined("actor", "initiative", "source__publisher")
            .order_by("pk")[:10]
        )

    for ours, theirs in loaded_both_ways(roles):
        same_instance(ours, theirs)
        for name in ("actor", "initiative", "source"):
            same_instance(getattr(ours, name), getattr(theirs, name))
        same_instance(ours.source.publisher, theirs.source.publisher)
        assert "body" in ours.source.get_deferred_fields()  # its text was not read
    article = ours.source
    with django_assert_num_queries(1):
        body = article.body  # a deferred column is read when asked for, as Django's
    assert body == Article.objects.get(pk=article.pk).body


def test_a_loaded_record_saves_as_an_update():
    actors = Actor.objects.count()
    actor = Actor.objects.order_by("pk").first()
    version = actor.version
    actor.name = f"{actor.name} (checked)"
    actor.save()
    reloaded = Actor.objects.get(pk=actor.pk)
    assert (reloaded.name, reloaded.version) == (actor.name, version + 1)
    assert Actor.objects.count() == actors


def test_a_receiver_of_post_init_still_hears_every_loaded_row():
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance.pk)

    post_init.connect(receiver, sender=Initiative)
    try:
        pks = [initiative.pk for initiative in Initiative.objects.order_by("pk")[:5]]
    finally:
        post_init.disconnect(receiver, sender=Initiative)
    assert pks and heard == pks
