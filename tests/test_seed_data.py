"""The seed data holds the facts the five source documents state, each citing its article."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from actors.models import Actor
from articles.models import Article, Quote
from initiatives.models import Funding, Initiative, InitiativeType, Participation
from municipalities.models import County, Municipality, School

pytestmark = pytest.mark.django_db


def test_it_loads_all_counties_and_municipalities():
    assert County.objects.count() == 21
    assert Municipality.objects.count() == 290
    trollhattan = Municipality.objects.get(slug="trollhattan")
    assert trollhattan.code == "1488"
    assert trollhattan.county.code == "14"
    assert trollhattan.county.name == "Västra Götalands län"


def test_municipality_slugs_are_ascii_and_unique():
    assert Municipality.objects.get(code="1880").slug == "orebro"
    assert Municipality.objects.get(code="2081").slug == "borlange"
    # Håbo and Habo fold to the same ASCII, so both carry their code.
    assert Municipality.objects.get(name="Håbo").slug == "habo-0305"
    assert Municipality.objects.get(name="Habo").slug == "habo-0643"
    assert all(slug.isascii() for slug in Municipality.objects.values_list("slug", flat=True))


def test_names_keep_their_swedish_spelling():
    assert Municipality.objects.get(code="1880").name == "Örebro"
    assert School.objects.get(slug="fralsegardsskolan").name == "Frälsegårdsskolan"
    assert Actor.objects.get(slug="tillvaxtverket").name == "Tillväxtverket"


def test_it_seeds_the_required_initiative_types():
    required = {
        "school-closure",
        "samverkan-for-basta-skola",
        "skr-network-visit",
        "tillvaxtverket-grant",
        "skolverket-support-agreement",
        "research-study",
    }
    assert required <= set(InitiativeType.objects.values_list("slug", flat=True))


def test_borlange_received_8_8_million_from_tillvaxtverket_for_2018():
    funding = Funding.objects.get(
        funder__slug="tillvaxtverket", recipient_municipality__slug="borlange"
    )
    assert funding.amount_sek == Decimal("8800000")
    assert funding.year == 2018
    assert funding.source.slug == "skolan-ar-en-angelagenhet-for-hela-borlange"
    assert "8,8 miljoner" in funding.source.body


def test_skolverket_gave_just_over_800000_to_trollhattan_without_a_stated_year():
    funding = Funding.objects.get(funder__slug="skolverket")
    assert funding.amount_sek == Decimal("800000")
    assert funding.is_lower_bound  # "drygt 800 000 kronor"
    assert funding.year is None  # the source gives no year; none is invented
    assert funding.recipient_municipality.code == "1488"
    assert "drygt 800 000 kronor" in funding.source.body


def test_samverkan_for_basta_skola_covers_the_four_schools():
    initiative = Initiative.objects.get(slug="samverkan-for-basta-skola-trollhattan")
    assert set(initiative.schools.values_list("name", flat=True)) == {
        "Frälsegårdsskolan",
        "Kronans skola",
        "Lextorpskolan",
        "Sylteskolan",
    }
    # The list beside the project does not say what it lists: an inference, with its reason.
    assert set(initiative.school_links.values_list("basis", flat=True)) == {"inferred"}
    assert all(link.inference_reason for link in initiative.school_links.all())
    day = initiative.parts.get(slug="trollhattan-utvecklingsdag-folkets-hus")
    trainers = day.participations.filter(role="trainer").values_list("actor__name", flat=True)
    assert {"Inger Olsson", "Susanne Duek"} <= set(trainers)


def test_every_initiative_named_in_the_sources_is_there():
    titles = " | ".join(Initiative.objects.values_list("title", flat=True))
    for fragment in [
        "Avveckling av skolor",
        "kommunnätverk mot segregation besöker Trollhättan",
        "dådet på Kronans skola",
        "Samverkan för bästa skola i Trollhättan",
        "Vivallaskolans högstadium",
        "Örebro universitets studie",
        "Munkhätteskolan",
        "Tillväxtverket",
    ]:
        assert fragment in titles


def test_every_fact_cites_an_article_that_mentions_its_actor():
    assert Initiative.objects.filter(sources__isnull=True).count() == 0
    for participation in Participation.objects.select_related("actor", "source"):
        names = [participation.actor.name.split(",")[0], *participation.actor.alias_list]
        body = participation.source.body.lower()
        assert any(name.lower() in body for name in names), participation


def test_people_have_titles_and_affiliations_as_their_sources_state_them():
    falck = Actor.objects.get(slug="karin-falck")
    assert falck.kind == Actor.Kind.PERSON
    position = falck.positions.get()
    assert position.organisation.slug == "skr"
    assert position.title.startswith("Samordnare för Sveriges kommuner och regioners")
    assert position.source.slug == "skr-natverk-mot-segregation-besoker-trollhattans-skolor"
    assert position.date == date(2023, 11, 9)  # the page's "senast granskad"
    walter = Actor.objects.get(slug="lars-walter").positions.get()
    assert walter.title == "Chef för bildningssektorn"


def test_quotes_are_verbatim_and_cite_their_article():
    assert Quote.objects.count() == 12
    for quote in Quote.objects.select_related("article"):
        assert quote.text in quote.article.body


def test_article_dates_are_only_those_the_sources_state():
    reviewed = Article.objects.get(slug="skr-natverk-mot-segregation-besoker-trollhattans-skolor")
    assert reviewed.last_reviewed_on == date(2023, 11, 9)
    assert reviewed.published_on is None
    # No article states its publication date or its own URL.
    assert not Article.objects.filter(published_on__isnull=False).exists()
    assert not Article.objects.exclude(url="").exists()
    assert Article.objects.get(
        slug="att-bryta-segregationen-vad-kan-huvudmannen-gora"
    ).author.name == ("Monica Sonde")


def test_undated_initiatives_have_no_invented_years():
    assert Initiative.objects.get(slug="samverkan-for-basta-skola-trollhattan").start_year is None
    analysis = Initiative.objects.get(slug="borlange-kartlaggning-social-hallbarhet")
    assert (analysis.start_year, analysis.end_year) == (2017, 2017)


def test_loading_twice_changes_nothing(capsys):
    def snapshot():
        return [
            list(model.objects.order_by("pk").values())
            for model in (Municipality, Actor, Article, Initiative, Participation, Funding, Quote)
        ]

    before = snapshot()
    call_command("load_seed")
    assert snapshot() == before
    assert "0 created, 0 updated" in capsys.readouterr().out
