"""The start page, search, sitemap, robots.txt and the error pages."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.publishing import PublicationState
from front.sitemaps import I18nSitemap, ItemsInEachLanguage
from initiatives.models import Initiative, InitiativeType

from .factories import make_actor, make_funding, make_initiative

pytestmark = pytest.mark.django_db


def test_home_explains_counts_latest_types_counties_and_chart(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False  # the second view made afresh too
    # 13, and 5 on the first view after a change: the county totals it keeps (4) and
    # which initiatives were added last, with their totals.
    with django_assert_max_num_queries(18):
        client.get("/")
    with django_assert_max_num_queries(13):
        response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["counts"]["initiatives"] == 11
    assert response.context["counts"]["municipalities"] == 4
    assert 'role="search"' in page
    assert "?type=school-closure" in page
    assert 'href="/counties/14/"' in page
    assert 'aria-label="Trollhättan: 5 insatser"' in page  # the map
    # The county cards: one initiative and many, in Swedish.
    assert "5 insatser i 1 av 49 kommuner" in page
    assert "1 insats i 1 av 33 kommuner" in page
    assert "<svg" in page
    assert re.search(r'<link rel="canonical"\s+href="http://testserver/">', page)


def test_home_county_cards_show_their_counts_in_swedish_order(client):
    response = client.get("/en/")
    names = [county.name for county in response.context["counties"]]
    assert names[0] == "Blekinge län" and names[-3:] == [
        "Västra Götalands län",
        "Örebro län",
        "Östergötlands län",
    ]
    page = response.content.decode()
    assert "5 initiatives in 1 of 49 municipalities" in page
    norrbotten = page[page.index(">Norrbottens län<") :]
    assert norrbotten[: norrbotten.index("</li>")].count("No initiatives recorded yet") == 1


def test_home_type_cards_link_the_browser_with_their_counts_and_descriptions(client):
    kind = InitiativeType.objects.get(slug="school-closure")
    kind.description_sv = "Skolor <b>läggs ned</b> & slås ihop"
    kind.save()
    response = client.get("/")
    page = response.content.decode()
    count = dict((kind.slug, n) for kind, n in response.context["types"])["school-closure"]
    card = page[page.index('<a href="/initiatives/?type=school-closure">') :]
    card = card[: card.index("</li>")]
    assert f'<span class="facet-count">({count})</span>' in card
    # Staff's text, shown as written, never as markup.
    assert "Skolor &lt;b&gt;läggs ned&lt;/b&gt; &amp; slås ihop" in card
    english = client.get("/en/").content.decode()
    assert 'href="/en/initiatives/?type=school-closure"' in english


def test_every_page_has_title_description_and_canonical(client):
    for url in ["/", "/municipalities/", "/initiatives/", "/actors/", "/articles/", "/search/"]:
        page = client.get(url).content.decode()
        assert "<title>" in page and '<meta name="description" content="' in page, url
        assert '<link rel="canonical"' in page, url


def test_search_finds_initiatives_municipalities_actors_and_articles(client):
    response = client.get(reverse("search"), {"q": "Borlänge"})
    labels = {str(label): rows for label, rows, _more in response.context["groups"]}
    assert any(
        row["object"].slug == "borlange"
        for row in labels.get("Kommuner", []) + labels.get("Municipalities", [])
    )
    assert "<mark>" in response.content.decode()


def test_search_names_the_municipalities_in_the_query_in_swedish_order(client):
    def municipalities(query):
        response = client.get(reverse("search"), {"q": query})
        groups = {str(label): rows for label, rows, _more in response.context["groups"]}
        rows = groups.get("Kommuner", []) + groups.get("Municipalities", [])
        return [row["object"].slug for row in rows]

    # Any case, genitive -s, å/ä/ö matched as written; listed in Swedish order.
    assert municipalities("ÖREBRO och borlänges skolor") == ["borlange", "orebro"]
    assert municipalities("skolnedläggning") == []


def test_search_finds_whole_words_on_every_database(client):
    response = client.get(reverse("search"), {"q": "Vivallaskolans"})
    titles = [row["title"] for _label, rows, _more in response.context["groups"] for row in rows]
    assert "Stängningen av Vivallaskolans högstadium i Örebro" in titles


def test_search_escapes_what_it_highlights(client):
    from initiatives.models import Initiative

    Initiative.objects.filter(slug="trollhattan-avveckling-av-skolor").update(
        summary="<img src=x onerror=alert(1)> Trollhättan"
    )
    page = client.get(reverse("search"), {"q": "Trollhättan"}).content.decode()
    assert "<img src=x" not in page


def test_an_empty_or_odd_query_is_answered_calmly(client):
    assert client.get(reverse("search")).status_code == 200
    assert client.get(reverse("search"), {"q": "'; DROP TABLE x; --"}).status_code == 200
    assert client.get(reverse("search"), {"q": "x" * 5000}).status_code == 200


def test_sitemap_lists_pages_in_both_languages(client):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    section = client.get("/sitemap-municipalities.xml").content.decode()
    assert "http://testserver/municipalities/trollhattan/" in section
    assert "http://testserver/en/municipalities/trollhattan/" in section
    initiatives = client.get("/sitemap-initiatives.xml").content.decode()
    assert "/initiatives/samverkan-for-basta-skola-trollhattan/" in initiatives


def test_robots_points_to_the_sitemap_and_keeps_out_of_admin(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_the_404_page_is_friendly_and_in_swedish(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Sidan kunde inte hittas</h1>" in page
    assert 'href="/search/"' in page


def test_chart_coordinates_are_not_localised(client):
    # Swedish formats decimals with a comma; SVG attributes need a point.
    import re

    page = client.get("/").content.decode()
    svg = page[page.index('<figure class="chart">') :]
    svg = svg[: svg.index("</svg>")]
    assert not re.search(r'(?:x|y|y1|y2|width|height)="\d+,\d', svg)


def test_home_latest_show_their_public_funding_total(client):
    latest = make_initiative(title="Senaste insatsen", slug="senaste")
    recipient = make_actor()
    make_funding(
        initiative=latest, recipient_actor=recipient, amount_sek=Decimal("1000"),
        is_lower_bound=True,
    )  # fmt: skip
    draft_funder = make_actor(publication_state=PublicationState.DRAFT)
    make_funding(
        initiative=latest, recipient_actor=recipient, amount_sek=Decimal("5000"),
        funder=draft_funder,
    )  # fmt: skip

    page = client.get("/").content.decode()

    item = page[page.index('href="/initiatives/senaste/"') :]
    item = item[: item.index("</li>")]
    assert "drygt 1\xa0000\xa0kr" in item  # the draft funder's payment is not counted

    # Kept until something changes: a new payment counts at once, and a newer
    # initiative comes first.
    make_funding(initiative=latest, recipient_actor=recipient, amount_sek=Decimal("2000"))
    make_initiative(title="Allra senaste insatsen", slug="allra-senaste")
    page = client.get("/").content.decode()
    latest_items = page[page.index('href="/initiatives/allra-senaste/"') :]
    item = latest_items[latest_items.index('href="/initiatives/senaste/"') :]
    assert "drygt 3\xa0000\xa0kr" in item[: item.index("</li>")]


def test_sitemap_pages_read_only_their_own_records(client, monkeypatch, django_assert_num_queries):
    # Four URLs a page: two initiatives, each in Swedish and English.
    monkeypatch.setattr(I18nSitemap, "limit", 4)
    made = [make_initiative(slug=f"kartlagd-{n}") for n in range(3)]
    public = list(Initiative.objects.published().order_by("pk").values_list("slug", flat=True))
    pages = -(-len(public) // 2)
    last = made[-1]
    Initiative.objects.filter(pk=last.pk).update(updated_at=last.updated_at + timedelta(days=3))

    index = client.get("/sitemap.xml").content.decode()
    initiatives = [loc for loc in re.findall(r"<loc>([^<]+)</loc>", index) if "initiatives" in loc]
    assert initiatives[-1].endswith(f"/sitemap-initiatives.xml?p={pages}")
    assert len(initiatives) == pages
    # The site's own time zone (Stockholm): in UTC's last hour of a day it is the next day.
    changed = timezone.localtime(last.updated_at + timedelta(days=3))
    assert f"<lastmod>{changed.date().isoformat()}" in index

    # How many there are, and the page's slice of them: not every initiative read.
    with django_assert_num_queries(2) as page_queries:
        page = client.get(f"/sitemap-initiatives.xml?p={pages}").content.decode()
    assert "COUNT(" in page_queries.captured_queries[0]["sql"]
    assert "LIMIT" in page_queries.captured_queries[1]["sql"]
    for slug in public[(pages - 1) * 2 :]:
        assert f"http://testserver/initiatives/{slug}/" in page
        assert f"http://testserver/en/initiatives/{slug}/" in page
    assert f"/initiatives/{public[0]}/" not in page


def test_a_sitemaps_pairs_of_record_and_language_read_like_a_list(django_assert_num_queries):
    for n in range(3):
        make_initiative(slug=f"parad-{n}")
    records = Initiative.objects.published().order_by("pk").only("slug")
    pairs = ItemsInEachLanguage(records, ["sv", "en"])
    expected = [(r.slug, language) for r in records.all() for language in ("sv", "en")]

    def slugs(found):
        return [(record.slug, language) for record, language in found]

    with django_assert_num_queries(1):  # iterated whole: one query, not one per pair
        assert slugs(pairs) == expected
    assert len(pairs) == len(expected)
    assert slugs(pairs[3:8]) == expected[3:8]
    assert slugs([pairs[-1], pairs[0], pairs[5]]) == [expected[-1], expected[0], expected[5]]
    with pytest.raises(IndexError):
        pairs[len(expected)]
