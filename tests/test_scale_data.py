"""The synthetic scale data: deterministic, marked as synthetic, removable."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from actors.models import Actor
from articles.models import Article, Position, Quote
from curation.scale_data import Sizes, build_scale_data, remove_scale_data
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeSource,
    InitiativeType,
    Participation,
)
from municipalities.models import County, Municipality, School

SMALL = Sizes(actors=30, initiatives=300, participations=700, funding=40, articles=60)
ALL_MODELS = [
    County,
    Municipality,
    School,
    InitiativeType,
    Actor,
    Article,
    Quote,
    Position,
    Initiative,
    InitiativeSource,
    Participation,
    Funding,
    Initiative.municipalities.through,
    Initiative.schools.through,
    Article.municipalities.through,
    Article.schools.through,
    Article.actors.through,
]


def snapshot_synthetic():
    """The synthetic rows by natural keys, so two builds compare whatever their pks."""
    return {
        "actors": list(
            Actor.objects.filter(is_synthetic=True)
            .order_by("slug")
            .values_list("slug", "name", "kind", "municipality__code")
        ),
        "positions": sorted(
            Position.objects.filter(actor__is_synthetic=True).values_list(
                "uid", "actor__slug", "title", "organisation__slug", "source__slug"
            )
        ),
        "articles": list(
            Article.objects.filter(is_synthetic=True)
            .order_by("slug")
            .values_list(
                "slug",
                "title",
                "publisher__slug",
                "author__slug",
                "published_on",
                "body",
                "publication_state",
            )
        ),  # fmt: skip
        "article_mentions": sorted(
            Article.actors.through.objects.filter(article__is_synthetic=True).values_list(
                "article__slug", "actor__slug"
            )
        ),
        "initiatives": list(
            Initiative.objects.filter(is_synthetic=True)
            .order_by("slug")
            .values_list(
                "slug",
                "title",
                "type__slug",
                "summary",
                "start_year",
                "end_year",
                "status",
                "publication_state",
            )
        ),  # fmt: skip
        "initiative_places": sorted(
            Initiative.municipalities.through.objects.filter(
                initiative__is_synthetic=True
            ).values_list("initiative__slug", "municipality__code")
        ),
        "sources": sorted(
            InitiativeSource.objects.filter(initiative__is_synthetic=True).values_list(
                "initiative__slug", "article__slug"
            )
        ),
        "participations": sorted(
            Participation.objects.filter(initiative__is_synthetic=True).values_list(
                "initiative__slug", "actor__slug", "role", "source__slug"
            )
        ),
        "funding": sorted(
            Funding.objects.filter(initiative__is_synthetic=True).values_list(
                "uid",
                "initiative__slug",
                "funder__slug",
                "recipient_municipality__code",
                "amount_sek",
                "year",
                "source__slug",
            )
        ),  # fmt: skip
    }


def snapshot_everything():
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in ALL_MODELS}


@pytest.mark.django_db
def test_it_makes_the_requested_number_of_rows():
    build_scale_data(SMALL)

    assert Actor.objects.filter(is_synthetic=True).count() == SMALL.actors
    assert Article.objects.filter(is_synthetic=True).count() == SMALL.articles
    assert Initiative.objects.filter(is_synthetic=True).count() == SMALL.initiatives
    assert Participation.objects.filter(initiative__is_synthetic=True).count() == 700
    assert Funding.objects.filter(initiative__is_synthetic=True).count() == SMALL.funding


@pytest.mark.django_db
def test_it_is_deterministic():
    build_scale_data(SMALL, seed=7)
    first = snapshot_synthetic()
    build_scale_data(SMALL, seed=7)

    assert snapshot_synthetic() == first


@pytest.mark.django_db
def test_it_makes_different_data_from_another_seed():
    build_scale_data(SMALL, seed=7)
    first = snapshot_synthetic()
    build_scale_data(SMALL, seed=8)

    assert snapshot_synthetic()["initiatives"] != first["initiatives"]


@pytest.mark.django_db
def test_it_marks_only_new_records_as_synthetic():
    seed_slugs = set(Initiative.objects.values_list("slug", flat=True))
    build_scale_data(SMALL)

    assert not Initiative.objects.filter(slug__in=seed_slugs, is_synthetic=True).exists()
    assert not Initiative.objects.exclude(slug__in=seed_slugs).filter(is_synthetic=False).exists()
    assert Actor.objects.filter(is_synthetic=True).count() == SMALL.actors
    assert Article.objects.filter(is_synthetic=True).count() == SMALL.articles
    # Links never tie a seed record to a synthetic one.
    assert not Participation.objects.filter(
        initiative__is_synthetic=False, actor__is_synthetic=True
    ).exists()


@pytest.mark.django_db
def test_it_spreads_initiatives_over_types_years_and_municipalities():
    build_scale_data(SMALL)
    synthetic = Initiative.objects.filter(is_synthetic=True)

    assert synthetic.values("type").distinct().count() == InitiativeType.objects.count()
    assert (
        Municipality.objects.filter(initiatives__is_synthetic=True).distinct().count()
        == Municipality.objects.count()
    )
    years = set(synthetic.values_list("start_year", flat=True))
    assert min(years) >= 1995
    assert max(years) <= 2026
    assert len(years) > 20


@pytest.mark.django_db
def test_it_writes_article_bodies_of_a_few_hundred_words():
    build_scale_data(SMALL)
    bodies = Article.objects.filter(is_synthetic=True).values_list("body", flat=True)
    words = [len(body.split()) for body in bodies]

    assert 150 < sum(words) / len(words) < 500


@pytest.mark.django_db
def test_it_removes_synthetic_rows_and_leaves_the_seed_untouched():
    before = snapshot_everything()
    build_scale_data(SMALL)
    remove_scale_data()

    assert snapshot_everything() == before


@pytest.mark.django_db
def test_it_writes_no_history_for_synthetic_rows():
    history_before = Initiative.history.count()
    build_scale_data(SMALL)

    assert Initiative.history.count() == history_before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors are PostgreSQL-only")
@pytest.mark.django_db
def test_it_fills_the_search_vectors_on_postgresql():
    build_scale_data(SMALL)

    for model in (Actor, Initiative, Article):
        synthetic = model.objects.filter(is_synthetic=True)
        assert not synthetic.filter(search_vector__isnull=True).exists()
        assert not synthetic.filter(title_vector__isnull=True).exists()


@pytest.mark.django_db
def test_the_command_builds_and_removes_the_data():
    out = StringIO()
    sizes = ["--actors=10", "--initiatives=20", "--participations=30", "--funding=5"]
    call_command("generate_scale_data", *sizes, "--articles=10", stdout=out)

    assert "Synthetic data built" in out.getvalue()
    assert Initiative.objects.filter(is_synthetic=True).count() == 20

    call_command("generate_scale_data", "--remove", stdout=out)

    assert "Synthetic data removed" in out.getvalue()
    assert not Initiative.objects.filter(is_synthetic=True).exists()
