"""The admin's data-quality page, on the seed data and on problems planted in it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Actor
from articles.models import Article
from curation import data_quality
from initiatives.models import Initiative
from municipalities.models import Municipality
from tests.factories import (
    make_actor,
    make_article,
    make_funding,
    make_initiative,
    make_participation,
    make_school,
)

pytestmark = pytest.mark.django_db

URL = "/admin/data-quality/"


def section(check):
    """{label of each linked record: detail} for one check."""
    return {" · ".join(label for label, _url in line.links): line.detail for line in check().lines}


def admin_change(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def test_it_lives_under_the_admin_for_staff_only(client, viewer_client):
    assert reverse("data_quality") == URL
    assert viewer_client.get(URL).status_code == 200
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_admin_home_links_to_it(admin_client):
    assert URL in admin_client.get(reverse("admin:index")).content.decode()


def test_the_seed_cites_every_actor_and_funder_its_sources_mention():
    assert section(data_quality.participations_not_in_source) == {}
    assert section(data_quality.funding_not_in_source) == {}
    assert section(data_quality.initiatives_without_sources) == {}
    assert section(data_quality.actors_without_sources) == {}
    assert section(data_quality.schools_without_sources) == {}
    assert section(data_quality.articles_linked_to_nothing) == {}
    assert section(data_quality.likely_duplicate_records) == {}


def test_it_lists_initiatives_with_no_source():
    orphan = make_initiative(title="Insats utan källa")
    assert "Insats utan källa" in section(data_quality.initiatives_without_sources)
    [line] = data_quality.initiatives_without_sources().lines
    assert line.links == [("Insats utan källa", admin_change(orphan))]


def test_it_lists_actors_and_schools_that_no_article_mentions():
    actor = make_actor(name="Okänd förening")
    school = make_school(name="Okända skolan")
    assert data_quality.actors_without_sources().lines == [
        data_quality.Line([("Okänd förening", admin_change(actor))])
    ]
    assert data_quality.schools_without_sources().lines == [
        data_quality.Line([("Okända skolan", admin_change(school))])
    ]


def test_it_lists_a_participation_whose_source_does_not_mention_the_actor():
    article = Article.objects.get(slug="skolan-ar-en-angelagenhet-for-hela-borlange")
    initiative = Initiative.objects.get(slug="borlange-mot-segregation-tillvaxtverket")
    skolverket = Actor.objects.get(slug="skolverket")
    participation = make_participation(
        initiative=initiative, actor=skolverket, role="partner", source=article
    )
    lines = data_quality.participations_not_in_source().lines
    assert [line.links[0][1] for line in lines] == [admin_change(participation)]
    assert lines[0].links[1][1] == admin_change(article)
    assert "Skolverket" in lines[0].detail


def test_it_lists_funding_whose_source_does_not_mention_the_recipient_municipality():
    article = Article.objects.get(slug="skolan-ar-en-angelagenhet-for-hela-borlange")
    funding = make_funding(
        initiative=Initiative.objects.get(slug="borlange-mot-segregation-tillvaxtverket"),
        funder=Actor.objects.get(slug="tillvaxtverket"),
        recipient_municipality=Municipality.objects.get(code="1880"),
        source=article,
    )
    [line] = data_quality.funding_not_in_source().lines
    assert line.links[0][1] == admin_change(funding)
    assert "Örebro" in line.detail
    assert "Tillväxtverket" not in line.detail


def test_it_lists_funding_whose_source_does_not_mention_the_funder():
    funding = make_funding(
        initiative=Initiative.objects.get(slug="borlange-mot-segregation-tillvaxtverket"),
        recipient_actor=Actor.objects.get(slug="borlange-kommun"),
    )
    [line] = data_quality.funding_not_in_source().lines
    assert line.links[0][1] == admin_change(funding)
    assert str(funding.funder) in line.detail


def test_it_lists_initiatives_with_no_years_and_not_those_with_a_year():
    make_initiative(title="Insats utan år")
    make_initiative(title="Insats med år", start_year=2020)
    listed = section(data_quality.initiatives_without_years)
    assert "Insats utan år" in listed
    assert "Insats med år" not in listed
    assert "Kartläggning och behovsanalys av den sociala hållbarheten i Borlänge" not in listed


def test_it_lists_articles_linked_to_nothing():
    lonely = make_article(title="Ensam artikel")
    mentioning = make_article(title="Artikel som nämner Borlänge")
    mentioning.municipalities.add(Municipality.objects.get(code="2081"))
    listed = data_quality.articles_linked_to_nothing().lines
    assert [line.links for line in listed] == [[("Ensam artikel", admin_change(lonely))]]


def test_it_lists_likely_duplicates_with_both_records():
    copy = make_actor(name="Karlstad universitet", slug="karlstad-universitet")
    original = Actor.objects.get(slug="karlstads-universitet")
    [line] = data_quality.likely_duplicate_records().lines
    assert {url for _label, url in line.links} == {admin_change(copy), admin_change(original)}


def test_it_leaves_load_test_records_out():
    make_initiative(title="Syntetisk insats", is_synthetic=True)
    assert "Syntetisk insats" not in section(data_quality.initiatives_without_sources)


def test_it_shows_every_section_with_links(admin_client):
    orphan = make_initiative(title="Insats utan källa")
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert len(response.context["sections"]) == len(data_quality.CHECKS)
    assert f'href="{admin_change(orphan)}"' in response.content.decode()


def test_it_caps_a_long_section():
    for n in range(data_quality.LINES_SHOWN + 1):
        make_initiative(title=f"Insats {n:03}")
    check = data_quality.initiatives_without_sources()
    assert len(check.lines) == data_quality.LINES_SHOWN
    assert check.more


def count_report_queries():
    with CaptureQueriesContext(connection) as queries:
        data_quality.data_quality_report()
    return len(queries)


def plant_problems(count):
    for _ in range(count):
        article = make_article()
        make_participation(initiative=make_initiative(), actor=make_actor(), source=article)
        make_funding(initiative=make_initiative(), recipient_actor=make_actor())


def test_it_needs_the_same_number_of_queries_however_many_problems():
    plant_problems(1)
    few = count_report_queries()
    plant_problems(5)
    assert count_report_queries() == few
    # One per check, one per fact model for the passage and inference checks, two for
    # the undated statements, two per model for the duplicates, and the admin page's own.
    assert few <= 32
