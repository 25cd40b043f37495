"""Cite: the citation on initiative, municipality and article pages, its BibTeX, RIS and
CSL-JSON files, and the read-only pages of the versions they name."""

import json
import re
from datetime import UTC, date, datetime

import bibtexparser
import pytest
import rispy
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from core.publishing import PublicationState, publication_changes_allowed
from datasets import views as data_views
from initiatives.models import Initiative
from municipalities.models import Municipality

from .factories import make_actor, make_article, make_initiative, make_participation

pytestmark = pytest.mark.django_db

SEED_INITIATIVE = "skolverket-stod-trollhattan-efter-dadet-pa-kronan"
SEED_ARTICLE = "overenskommelse-om-stod-till-trollhattan"
ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Django's own Swedish month names (its locale, not this project's translations).
SWEDISH_MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
CSL_REQUIRED = {"id", "type", "title", "URL", "accessed", "issued"}


def english(day):
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def swedish(day):
    return f"{day.day} {SWEDISH_MONTHS[day.month - 1]} {day.year}"


def newest_version(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


def version_date(record):
    return timezone.localdate(record.history_date)


def published_save(obj, **changes):
    """A Publisher's direct edit of a live record: saved, published, a new version."""
    for name, value in changes.items():
        setattr(obj, name, value)
    with publication_changes_allowed():
        obj.save()
    return newest_version(obj)


def citation_text(page):
    match = re.search(r'<p class="cite-text">(.*?)</p>', page, re.S)
    assert match, "no citation on the page"
    return match.group(1).replace("&quot;", '"')


def path_of(obj):
    """The Swedish (unprefixed) address, whichever language the last request left active."""
    with translation.override("sv"):
        return obj.get_absolute_url()


def cite_url(namespace, slug, file_format, language="sv"):
    with translation.override("sv"):
        url = reverse(f"{namespace}:cite", kwargs={"slug": slug, "format": file_format})
    return f"/en{url}" if language == "en" else url


def version_url(namespace, slug, history_id):
    with translation.override("sv"):
        return reverse(f"{namespace}:version", kwargs={"slug": slug, "history_id": history_id})


# The block on the pages


def test_the_english_page_cites_the_newest_version_with_todays_access_date(client):
    initiative = Initiative.objects.get(slug=SEED_INITIATIVE)
    version = newest_version(initiative)
    page = client.get(f"/en{initiative.get_absolute_url()}").content.decode()

    expected = (
        f'School equity knowledge base ({version_date(version).year}). "{initiative.title}". '
        f"Version of {english(version_date(version))}. "
        f"http://testserver/en/initiatives/{SEED_INITIATIVE}/v/{version.pk}/ "
        f"(accessed {english(timezone.localdate())})."
    )
    assert citation_text(page) == expected
    assert '<details class="cite" id="cite">' in page
    assert "<summary>Cite</summary>" in page
    assert f'href="/en/initiatives/{SEED_INITIATIVE}/v/{version.pk}/"' in page
    for extension in ("bib", "ris", "json"):
        assert f'href="/en/initiatives/{SEED_INITIATIVE}/cite.{extension}"' in page


def test_the_swedish_page_cites_in_swedish(client):
    initiative = Initiative.objects.get(slug=SEED_INITIATIVE)
    version = newest_version(initiative)
    text = citation_text(client.get(initiative.get_absolute_url()).content.decode())

    assert text.startswith(
        f'Kunskapsbanken om likvärdig skola ({version_date(version).year}). "{initiative.title}".'
    )
    assert swedish(version_date(version)) in text
    assert f"http://testserver/initiatives/{SEED_INITIATIVE}/v/{version.pk}/ (" in text
    assert text.endswith(f"{swedish(timezone.localdate())}).")
    assert "/en/" not in text


def test_municipality_and_article_pages_have_the_block(client):
    trollhattan = Municipality.objects.get(code="1488")
    article = Article.objects.get(slug=SEED_ARTICLE)
    for obj, namespace in ((trollhattan, "municipalities"), (article, "articles")):
        page = client.get(f"/en{path_of(obj)}").content.decode()
        version = newest_version(obj)
        assert f'"{obj}". Version of {english(version_date(version))}.' in citation_text(page)
        assert f'href="/en{version_url(namespace, obj.slug, version.pk)}"' in page
        assert f'href="{cite_url(namespace, obj.slug, "ris", "en")}"' in page


def test_staff_see_no_citation_of_a_draft(admin_client):
    draft = make_initiative(publication_state=PublicationState.DRAFT)
    page = admin_client.get(draft.get_absolute_url()).content.decode()
    assert 'class="banner-draft"' in page
    assert 'class="cite"' not in page


# The files


def test_the_bibtex_file_parses_and_names_the_version(client):
    initiative = Initiative.objects.get(slug=SEED_INITIATIVE)
    version = newest_version(initiative)
    response = client.get(cite_url("initiatives", SEED_INITIATIVE, "bib", "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"

    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.entry_type == "misc"
    assert entry.key == f"skoljamlikhet-initiative-{SEED_INITIATIVE}-v{version.pk}"
    fields = entry.fields_dict
    assert fields["title"].value == initiative.title
    assert fields["author"].value == "{School equity knowledge base}"
    assert fields["url"].value == (
        f"http://testserver/en/initiatives/{SEED_INITIATIVE}/v/{version.pk}/"
    )
    assert fields["date"].value == version_date(version).isoformat()
    assert fields["year"].value == str(version_date(version).year)
    assert fields["urldate"].value == timezone.localdate().isoformat()


def test_bibtex_escapes_what_latex_would_read_as_commands(client):
    initiative = make_initiative(title="Skolor & lika villkor: 50 % av {alla} elever_nu #1")
    response = client.get(cite_url("initiatives", initiative.slug, "bib"))
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.fields_dict["title"].value == (
        r"Skolor \& lika villkor: 50 \% av \{alla\} elever\_nu \#1"
    )


def test_the_ris_file_parses(client):
    article = Article.objects.get(slug=SEED_ARTICLE)
    version = newest_version(article)
    response = client.get(cite_url("articles", SEED_ARTICLE, "ris"))
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"

    [record] = rispy.loads(response.content.decode())
    assert record["type_of_reference"] == "ELEC"
    assert record["title"] == article.title
    assert record["authors"] == ["Kunskapsbanken om likvärdig skola"]
    assert record["urls"] == [
        f"http://testserver/articles/{SEED_ARTICLE}/v/{version.pk}/",
    ]
    assert record["date"] == version_date(version).strftime("%Y/%m/%d")
    assert record["access_date"] == timezone.localdate().strftime("%Y/%m/%d")


def test_the_csl_json_file_has_the_required_fields(client):
    trollhattan = Municipality.objects.get(code="1488")
    version = newest_version(trollhattan)
    response = client.get(cite_url("municipalities", "trollhattan", "json", "en"))
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"

    [item] = json.loads(response.content)
    assert set(item) >= CSL_REQUIRED
    assert item["type"] == "webpage"
    assert item["title"] == "Trollhättan"
    assert item["URL"] == f"http://testserver/en/municipalities/trollhattan/v/{version.pk}/"
    day, today = version_date(version), timezone.localdate()
    assert item["issued"] == {"date-parts": [[day.year, day.month, day.day]]}
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert item["author"] == [{"literal": "School equity knowledge base"}]


def test_the_data_page_cites_the_data_set_dated_by_its_last_published_change(client):
    published = Initiative.objects.get(slug=SEED_INITIATIVE)
    published.summary += " Uppdaterad."
    published.save()
    changed = timezone.localdate()
    make_initiative(title="Ett utkast", publication_state=PublicationState.DRAFT)

    page = client.get("/en/data/").content.decode()
    block = page[page.index('id="cite"') :]
    assert f"Version of {english(changed)}" in block
    assert 'href="/en/data/cite.bib"' in block

    [item] = json.loads(client.get("/en/data/cite.json").content)
    assert set(item) >= CSL_REQUIRED
    assert item["type"] == "dataset"
    assert item["URL"] == "http://testserver/en/data/"
    assert item["issued"] == {"date-parts": [[changed.year, changed.month, changed.day]]}
    [record] = rispy.loads(client.get("/data/cite.ris").content.decode())
    assert record["type_of_reference"] == "DATA"
    assert record["urls"] == ["http://testserver/data/"]
    library = bibtexparser.parse_string(client.get("/data/cite.bib").content.decode())
    assert library.entries[0].key == f"skoljamlikhet-data-{changed:%Y%m%d}"


def test_the_data_set_is_dated_by_the_day_in_sweden():
    """A change at 23:30 UTC is made after midnight in Sweden: the next day there."""
    published = Initiative.objects.get(slug=SEED_INITIATIVE)
    published.summary += " Uppdaterad."
    published.save()
    late = datetime(2030, 1, 10, 23, 30, tzinfo=UTC)
    published.history.filter(history_date=published.history.latest().history_date).update(
        history_date=late
    )
    assert data_views.last_published_change() == date(2030, 1, 11)


def test_a_draft_does_not_date_the_data_set():
    before = data_views.last_published_change()
    make_initiative(title="Ett utkast", publication_state=PublicationState.DRAFT)
    assert data_views.last_published_change() == before


# Version pages


def test_a_version_page_shows_the_old_title_under_a_banner_after_an_edit(
    client, django_assert_max_num_queries
):
    initiative = make_initiative(title="Gammal rubrik", summary="Gammal sammanfattning")
    old = newest_version(initiative)
    # The page cites the version it finds once per content change (kept till the edit).
    assert f"/v/{old.pk}/" in citation_text(client.get(path_of(initiative)).content.decode())
    new = published_save(initiative, title="Ny rubrik", summary="Ny sammanfattning")
    assert new.pk != old.pk

    with django_assert_max_num_queries(16):
        response = client.get(f"/en{version_url('initiatives', initiative.slug, old.pk)}")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1><span lang="sv">Gammal rubrik</span></h1>' in page
    assert "Gammal sammanfattning" in page
    assert "Ny rubrik" not in page
    assert '<meta name="robots" content="noindex">' in page
    assert (
        f"Version of {english(version_date(old))}; "
        f'<a href="/en{path_of(initiative)}">see the current version</a>.'
    ) in page
    # It cites itself, without the files (they cite the newest version).
    assert f"/v/{old.pk}/ (accessed" in citation_text(page)
    assert 'type="application/x-bibtex"' not in page

    current = client.get(path_of(initiative)).content.decode()
    assert "Ny rubrik" in current
    assert f"/v/{new.pk}/" in citation_text(current)
    assert "noindex" not in current


def test_a_version_saved_as_a_draft_is_404(client):
    initiative = make_initiative(title="Utkastets rubrik", publication_state=PublicationState.DRAFT)
    draft = newest_version(initiative)
    published = published_save(
        initiative, title="Publicerad rubrik", publication_state=PublicationState.PUBLISHED
    )

    assert client.get(version_url("initiatives", initiative.slug, draft.pk)).status_code == 404
    page = client.get(version_url("initiatives", initiative.slug, published.pk))
    assert page.status_code == 200
    assert "Publicerad rubrik" in page.content.decode()


def test_a_record_back_in_draft_shows_no_versions_or_citation(client, admin_client):
    initiative = make_initiative()
    version = newest_version(initiative)
    published_save(initiative, publication_state=PublicationState.DRAFT)

    assert client.get(version_url("initiatives", initiative.slug, version.pk)).status_code == 404
    url = version_url("initiatives", initiative.slug, version.pk)
    assert admin_client.get(url).status_code == 404
    assert client.get(cite_url("initiatives", initiative.slug, "bib")).status_code == 404


def test_a_version_link_survives_a_new_slug(client):
    initiative = make_initiative(slug="gammal-adress", title="Rubriken")
    version = newest_version(initiative)
    published_save(initiative, slug="ny-adress")

    response = client.get(version_url("initiatives", "gammal-adress", version.pk))
    assert response.status_code == 301
    assert response["Location"] == version_url("initiatives", "ny-adress", version.pk)
    page = client.get(response["Location"]).content.decode()
    assert "<h1>Rubriken</h1>" in page
    assert '<a href="/initiatives/ny-adress/">' in page  # the banner's link to the current page
    assert "/initiatives/gammal-adress/" not in page


def test_another_records_version_is_404(client):
    one, other = make_initiative(), make_initiative()
    url = version_url("initiatives", one.slug, newest_version(other).pk)
    assert client.get(url).status_code == 404


def test_article_and_municipality_versions_show_the_old_values(
    client, django_assert_max_num_queries
):
    article = make_article(title="Artikelns första rubrik")
    old_article = newest_version(article)
    published_save(article, title="Artikelns andra rubrik")
    with django_assert_max_num_queries(13):
        response = client.get(version_url("articles", article.slug, old_article.pk))
    assert "Artikelns första rubrik</h1>" in response.content.decode()

    trollhattan = Municipality.objects.get(code="1488")
    old_municipality = newest_version(trollhattan)
    trollhattan.name = "Trollhättan (nytt namn)"
    trollhattan.save()
    with django_assert_max_num_queries(22):  # the lists chosen afresh after the change
        response = client.get(version_url("municipalities", "trollhattan", old_municipality.pk))
    page = response.content.decode()
    assert "<h1>Trollhättan</h1>" in page
    assert 'href="/municipalities/trollhattan/"' in page
    assert '<meta name="robots" content="noindex">' in page


def test_an_article_versions_facts_cite_the_article_as_it_is_now(client):
    """The version's page shows the old title; the roles it states cite the article now,
    as every other page's references do."""
    article = make_article(title="Artikelns första rubrik")
    make_participation(initiative=make_initiative(), actor=make_actor(), source=article)
    old_article = newest_version(article)
    published_save(article, title="Artikelns andra rubrik")
    page = client.get(version_url("articles", article.slug, old_article.pk)).content.decode()
    assert "Artikelns första rubrik</h1>" in page
    start = page.index('id="ref-1"')
    references = page[start : page.index("</ol>", start)]
    assert "Artikelns andra rubrik" in references
    assert "Artikelns första rubrik" not in references


def test_the_files_take_few_queries(client, django_assert_max_num_queries):
    for namespace, slug in (
        ("initiatives", SEED_INITIATIVE),
        ("municipalities", "trollhattan"),
        ("articles", SEED_ARTICLE),
    ):
        for extension in ("bib", "ris", "json"):
            with django_assert_max_num_queries(2):
                assert client.get(cite_url(namespace, slug, extension)).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/initiatives/finns-inte/cite.bib",
        "/municipalities/finns-inte/cite.ris",
        "/articles/finns-inte/cite.json",
        "/initiatives/finns-inte/v/1/",
        "/municipalities/finns-inte/v/1/",
        "/articles/finns-inte/v/1/",
        f"/initiatives/{SEED_INITIATIVE}/v/999999999/",
        f"/initiatives/{SEED_INITIATIVE}/cite.pdf",
    ],
)
def test_unknown_records_versions_and_formats_are_404(client, url):
    assert client.get(url).status_code == 404
