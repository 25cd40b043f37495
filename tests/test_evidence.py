"""Every fact shows its evidence and its time, and evidence is checked wherever it enters."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.models import Actor
from articles.evidence import passage_anchor, passage_in
from articles.models import Article, Position
from core.publishing import PublicationState
from core.upsert import UpsertStats
from curation.seed import SEED_FILE, SeedLoader
from initiatives.models import Participation

from .admin_forms import admin_url, form_data
from .factories import make_article, make_initiative, make_position

pytestmark = pytest.mark.django_db

AGREEMENT = "overenskommelse-om-stod-till-trollhattan"


def page(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


# Checking passages -----------------------------------------------------------------------


def test_a_passage_is_found_whatever_its_line_breaks_and_spaces():
    text = "För frågor kontakta\n\nFredrik Ignell,\nUndervisningsråd"
    assert passage_in("För frågor kontakta Fredrik Ignell,", text)
    assert not passage_in("För frågor kontakta Fredrik Ignel,", text)


def test_the_admin_refuses_a_passage_the_article_does_not_contain(publisher_client):
    participation = Participation.objects.filter(source__slug=AGREEMENT).first()
    data = form_data(publisher_client.get(admin_url(participation)))

    response = publisher_client.post(
        admin_url(participation), {**data, "passage": "Skolverket lovar en miljard kronor."}
    )

    assert response.status_code == 200
    assert "passage" in response.context["adminform"].form.errors
    participation.refresh_from_db()
    assert "miljard" not in participation.passage


def test_an_inferred_fact_needs_its_reason(publisher_client):
    participation = Participation.objects.filter(source__slug=AGREEMENT).first()
    data = form_data(publisher_client.get(admin_url(participation)))

    response = publisher_client.post(
        admin_url(participation), {**data, "basis": "inferred", "inference_reason": ""}
    )

    assert "inference_reason" in response.context["adminform"].form.errors
    with pytest.raises(ValidationError):
        participation.basis, participation.inference_reason = "inferred", ""
        participation.full_clean()


def test_a_corrected_article_must_keep_the_passages_cited_from_it(publisher_client):
    article = Article.objects.get(slug=AGREEMENT)
    data = form_data(publisher_client.get(admin_url(article)))
    shortened = article.body.replace("Totalt bidrar Skolverket", "Skolverket bidrar")

    response = publisher_client.post(admin_url(article), {**data, "body": shortened})

    assert response.status_code == 200
    assert "body" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert "Totalt bidrar Skolverket" in article.body


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda row: row.pop("passage"), "needs a source and an evidence passage"),
        (lambda row: row.update(passage="Detta står inte i artikeln."), "not found verbatim"),
        (lambda row: row.update(basis="inferred", inference_reason=""), "needs its reason"),
    ],
)
def test_load_seed_refuses_a_fact_without_its_evidence(tmp_path, change, message):
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    change(data["initiatives"][0]["participations"][0])
    broken = tmp_path / "seed.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(ValidationError, match=message):
        SeedLoader(UpsertStats(), broken).load()


def test_every_seed_fact_has_a_passage_its_article_contains():
    for model in [Participation, Position]:
        for fact in model.objects.select_related("source"):
            assert fact.passage and passage_in(fact.passage, fact.source.body), fact


# Showing evidence ------------------------------------------------------------------------


def test_each_fact_has_a_numbered_reference_to_its_passage(client):
    html = page(client, "initiatives:detail", "skolverket-stod-trollhattan-efter-dadet-pa-kronan")
    passage = "Totalt bidrar Skolverket i ett första skede med drygt 800 000 kronor"
    article = reverse("articles:detail", args=[AGREEMENT])

    assert re.search(r'<sup class="ref"><a href="#ref-\d+"', html)
    assert f'href="{article}#{passage_anchor(passage)}"' in html
    quote = rf'<blockquote class="passage" lang="sv">\s*{re.escape(passage)}\s*</blockquote>'
    assert re.search(quote, html)


def test_an_inference_is_labelled_with_its_reason(client):
    html = page(client, "initiatives:detail", "samverkan-for-basta-skola-trollhattan")
    assert '<span class="inference">tolkning</span>' in html
    assert "Sidan listar skolorna i anslutning till beskrivningen av projektet" in html


def test_a_status_says_when_its_source_dates_it_or_that_it_is_undated(client):
    dated = page(client, "initiatives:detail", "samverkan-for-basta-skola-trollhattan")
    undated = page(
        client, "initiatives:detail", "skolverket-stod-trollhattan-efter-dadet-pa-kronan"
    )
    by_year = page(client, "initiatives:detail", "borlange-mot-segregation-tillvaxtverket")

    assert "Pågående enligt källan (22 augusti 2017)" in dated
    assert "Pågående enligt källan, odaterad" in undated
    assert "Pågående enligt källan (2018)" in by_year
    assert ">Pågående<" not in dated + undated + by_year


def test_titles_from_different_times_are_each_shown_with_their_date(client):
    ignell = Actor.objects.get(slug="fredrik-ignell")
    make_position(
        actor=ignell,
        title="Enhetschef",
        source=make_article(body="Fredrik Ignell är enhetschef sedan 2023.", publisher=ignell),
        passage="Fredrik Ignell är enhetschef sedan 2023.",
        year=2023,
    )

    html = page(client, "actors:detail", "fredrik-ignell")

    assert "Enhetschef" in html and "Undervisningsråd" in html
    assert "enligt källan, 2023" in html
    assert "enligt källan, odaterad" in html  # the agreement's page gives no date
    assert html.index("Enhetschef") < html.index("Undervisningsråd")  # newest first


def test_the_article_page_marks_every_cited_passage_in_the_archived_text(client):
    html = page(client, "articles:detail", AGREEMENT)
    passage = "Totalt bidrar Skolverket i ett första skede med drygt 800 000 kronor"

    archived = html.split('class="article-body"')[1]
    assert f'<mark id="{passage_anchor(passage)}">' in archived
    assert "Arkiverad text från källan, oförändrad" in html
    assert '<p class="furniture">Dela</p>' in archived  # page furniture, kept verbatim


def test_unpublished_facts_are_not_marked_on_the_article_page(client):
    article = Article.objects.get(slug=AGREEMENT)
    draft = make_initiative(publication_state=PublicationState.DRAFT)
    passage = "Målet är att skapa kontinuitet för eleverna"
    Participation.objects.create(
        initiative=draft, actor=Actor.objects.get(slug="skolverket"), role="host",
        source=article, passage=passage,
    )  # fmt: skip

    html = page(client, "articles:detail", AGREEMENT)

    assert passage_anchor(passage) not in html


def test_exports_carry_the_evidence_and_whether_it_is_stated(client):
    response = client.get(reverse("initiatives:export-json"), {"type": "tillvaxtverket-grant"})
    row = json.loads(b"".join(response.streaming_content))[0]
    assert row["status_basis"] == "inferred"
    assert row["status_as_of"] == "2018"
    assert row["years_evidence"].startswith("Borlänge kommun har inledningsvis, för år 2018")
    assert {r["basis"] for r in row["actors_with_roles"]} == {"stated", "inferred"}


def test_the_data_quality_page_lists_inferences_and_undated_statements(admin_client):
    html = admin_client.get(reverse("data_quality")).content.decode()
    assert "Tolkade uppgifter" in html
    assert "Källan anger inte hans arbetsgivare" in html
    assert "Odaterade statusar och titlar" in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_date_is_written_as_django_writes_it_in_both_languages(language):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from django.template import Context, Template
    from django.utils import formats, translation

    from core.dates import long_date

    with translation.override(language):
        for month in range(1, 13):
            day = date(2020, month, 3 if month % 2 else 28)
            assert long_date(day) == formats.date_format(day, "j F Y")
        assert long_date(date(2020, 5, 3)) == ("3 maj 2020" if language == "sv" else "3 May 2020")
        assert long_date(None) == ""
        # A moment late on New Year's Eve in UTC is already the next year in Sweden.
        moment = datetime(2020, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
        template = Template("{% load dates %}{{ moment|long_date }}|{{ moment|date:'j F Y' }}")
        ours, djangos = template.render(Context({"moment": moment})).split("|")
        assert ours == djangos and ours.endswith("2021")
