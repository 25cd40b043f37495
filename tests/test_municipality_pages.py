"""Visitors browse municipalities: the list, sortable, and each municipality's page."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.publishing import PublicationState
from initiatives.models import Initiative
from municipalities.models import Municipality

from .factories import (
    make_actor,
    make_funding,
    make_initiative,
    make_many_initiatives,
    make_participation,
)

pytestmark = pytest.mark.django_db


def test_it_lists_municipalities_with_records_first(client, django_assert_max_num_queries):
    # The first view after a change counts the totals (4 GROUP BY queries, then cached).
    with django_assert_max_num_queries(5):
        response = client.get(reverse("municipalities:list"))
    with django_assert_max_num_queries(1):
        client.get(reverse("municipalities:list"))
    assert response.status_code == 200
    # Most initiatives first; Borlänge and Örebro both have two, so by name.
    leading = [m.name for m in response.context["with_records"]]
    assert leading == ["Trollhättan", "Borlänge", "Örebro", "Malmö"]
    page = response.content.decode()
    assert page.index(">Trollhättan<") < page.index(">Ale<")
    # Each card counts its initiatives, one and many in their own words.
    assert re.search(
        r"Trollhättan</a>\s*<span[^>]*>Västra Götalands län</span>\s*<br>\s*"
        r"<strong>\s*5 insatser\s*</strong>",
        page,
    )
    assert re.search(r"<strong>\s*1 insats\s*</strong>", page)
    english = client.get("/en" + reverse("municipalities:list")).content.decode()
    assert re.search(r"<strong>\s*5 initiatives\s*</strong>", english)
    assert re.search(r"<strong>\s*1 initiative\s*</strong>", english)


def test_only_the_busiest_municipalities_are_cards_and_the_rest_are_a_link_away(
    client, monkeypatch
):
    monkeypatch.setattr("front.views.municipalities.MAX_CARDS", 2)
    response = client.get(reverse("municipalities:list"))

    assert [m.name for m in response.context["with_records"]] == ["Trollhättan", "Borlänge"]
    page = response.content.decode()
    assert "4 kommuner med uppgifter" in page  # the heading counts them all
    link = re.search(r'<a href="([^"]+)">\s*De 2 med flest insatser', page)
    assert link and link.group(1) == "?sort=-initiatives#all"
    table = client.get(reverse("municipalities:list") + link.group(1)).context["object_list"]
    assert [m.name for m in table[:4]] == ["Trollhättan", "Borlänge", "Örebro", "Malmö"]


def test_it_lists_all_290_in_one_table_in_swedish_order(client):
    response = client.get(reverse("municipalities:list"))
    rows = response.context["object_list"]
    assert len(rows) == 290
    names = [m.name for m in rows]
    assert names[0] == "Ale" and names[-1] == "Övertorneå"
    assert names.index("Håbo") < names.index("Hässleholm")
    trollhattan = next(m for m in rows if m.code == "1488")
    assert (trollhattan.initiative_count, trollhattan.funding_sek) == (5, Decimal("800000"))
    assert trollhattan.county.name == "Västra Götalands län"


def test_zeros_are_muted(client):
    page = client.get(reverse("municipalities:list")).content.decode()
    ale = page[page.index(">Ale<") :]
    row = ale[: ale.index("</tr>")]
    assert row.count('class="num zero"') == 2  # no initiatives, no funding
    trollhattan = page[page.index(">Trollhättan</a></th>") :]
    assert 'class="num zero"' not in trollhattan[: trollhattan.index("</tr>")]


@pytest.mark.parametrize(
    "sort,first",
    [
        ("-initiatives", "Trollhättan"),
        ("-funding", "Borlänge"),
        ("population", "Bjurholm"),
        ("-population", "Stockholm"),
        ("-name", "Övertorneå"),
        ("county", "Karlshamn"),  # Blekinge län comes first in Swedish order
        ("no-such-column", "Ale"),  # unknown: the default order, not an error
    ],
)
def test_the_table_sorts_by_a_query_parameter(client, sort, first):
    response = client.get(reverse("municipalities:list"), {"sort": sort})
    assert response.status_code == 200
    assert response.context["object_list"][0].name == first


def test_sorting_works_by_links_without_javascript(client):
    page = client.get(reverse("municipalities:list")).content.decode()
    # Name is the current (default) order; a click reverses it. Numbers start largest first.
    assert re.search(r'<th scope="col"\s+aria-sort="ascending">\s*<a href="\?sort=-name#all"', page)
    assert 'href="?sort=-initiatives#all"' in page
    assert 'href="?sort=county#all"' in page
    page = client.get(reverse("municipalities:list"), {"sort": "-funding"}).content.decode()
    assert re.search(r'aria-sort="descending">\s*<a href="\?sort=funding#all"', page)
    assert 'href="/municipalities/#all"' in page  # back to the default: a clean address


def test_it_filters_to_municipalities_with_records(client):
    response = client.get(reverse("municipalities:list"), {"with_records": "1"})
    names = {m.name for m in response.context["object_list"]}
    assert names == {"Trollhättan", "Örebro", "Malmö", "Borlänge"}


def test_the_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    make_many_initiatives(30, municipality_code="0180")
    with django_assert_max_num_queries(5):  # 1, and 4 to count the totals after a change
        response = client.get(reverse("municipalities:list"), {"sort": "-initiatives"})
    assert response.context["object_list"][0].name == "Stockholm"


def test_municipality_page_shows_county_timeline_funding_quotes_and_sources(client):
    response = client.get(reverse("municipalities:detail", args=["trollhattan"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Trollhättan</h1>" in page
    assert "Västra Götalands län" in page
    assert "Samverkan för bästa skola i Trollhättan" in page
    assert "Kronans skola" in page  # schools
    assert "Karin Falck" in page  # actors and roles
    assert "800\xa0000\xa0kr" in page  # funding in Swedish money format
    assert "Ni i Trollhättan ska vara stolta" in page  # quotes
    assert "Överenskommelse om stöd till Trollhättan" in page  # sources
    assert reverse("articles:detail", args=["overenskommelse-om-stod-till-trollhattan"]) in page


def test_borlange_page_shows_the_grant_total_and_per_year(client):
    page = client.get(reverse("municipalities:detail", args=["borlange"])).content.decode()
    assert "8\xa0800\xa0000\xa0kr" in page
    assert "Tillväxtverket" in page
    assert "<svg" in page  # funding per year chart, with a table beside it
    assert '<th scope="row">2018</th>' in page


def test_a_municipality_without_records_gets_a_helpful_empty_state(client):
    response = client.get(reverse("municipalities:detail", args=["kiruna"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Norrbottens län" in page
    assert "?county=25" in page  # points to initiatives nearby


def test_the_scb_code_redirects_permanently_to_the_slug(client):
    response = client.get("/municipalities/1488/")
    assert response.status_code == 301
    assert response["Location"] == "/municipalities/trollhattan/"


def test_unknown_slugs_and_codes_are_404(client):
    assert client.get("/municipalities/atlantis/").status_code == 404
    assert client.get("/municipalities/9999/").status_code == 404


def test_drafts_stay_off_the_public_page(client):
    Initiative.objects.filter(slug="samverkan-for-basta-skola-trollhattan").update(
        publication_state=PublicationState.DRAFT
    )
    page = client.get(reverse("municipalities:detail", args=["trollhattan"])).content.decode()
    assert "Samverkan för bästa skola i Trollhättan" not in page


def test_municipality_page_query_count_does_not_grow(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False  # each page made afresh
    url = reverse("municipalities:detail", args=["trollhattan"])
    # One of them is the version the "Cite" block names. After a change, four choose
    # which initiatives, roles, payments and sources the lists show, kept until the
    # next change; the lists' rows are read by their ids every time.
    with django_assert_max_num_queries(22):
        client.get(url)
    with django_assert_max_num_queries(13):
        client.get(url)
    make_many_initiatives(30)
    with django_assert_max_num_queries(22):
        response = client.get(url)
    assert response.context["initiative_count"] == 35
    with django_assert_max_num_queries(13):
        response = client.get(url)
    assert response.context["initiative_count"] == 35


def test_the_kept_lists_are_apart_for_staff_and_follow_every_change(client, admin_client, settings):
    """Which rows the lists show is kept until something changes, apart for staff (who
    see drafts): a visitor never gets a staff member's choice, whoever asks first."""
    settings.PAGE_CACHE_ENABLED = False  # each page made afresh: only the choices kept
    url = reverse("municipalities:detail", args=["trollhattan"])
    trollhattan = Municipality.objects.get(code="1488")
    draft = make_initiative(
        municipalities=[trollhattan],
        title="Utkast till insats",
        start_year=2030,
        publication_state=PublicationState.DRAFT,
    )
    make_participation(initiative=draft, actor=make_actor(name="Aaa Utkastaktör"))
    assert "Aaa Utkastaktör" in admin_client.get(url).content.decode()
    public = client.get(url).content.decode()
    assert "Aaa Utkastaktör" not in public and "Utkast till insats" not in public
    assert "Aaa Utkastaktör" in admin_client.get(url).content.decode()
    added = make_initiative(municipalities=[trollhattan], title="Helt ny insats", start_year=2031)
    make_participation(initiative=added, actor=make_actor(name="Aaa Ny aktör"))
    public = client.get(url).content.decode()
    assert "Helt ny insats" in public and "Aaa Ny aktör" in public
    assert "Aaa Utkastaktör" not in public


def test_the_sources_are_read_by_their_ids_without_their_texts(
    client, django_assert_max_num_queries
):
    """The sources list shows titles, publishers and dates: the articles are asked for
    by their ids as one parameter (core.id_lists), and their texts and search data are
    not read (at scale on PostgreSQL 5.2 -> 3.1 ms for 782 ids)."""
    with django_assert_max_num_queries(22) as captured:
        page = client.get(reverse("municipalities:detail", args=["trollhattan"])).content
    assert "Överenskommelse om stöd till Trollhättan" in page.decode()
    [listing] = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "articles_article"."id", ') and "published_on" in q["sql"]
    ]
    assert '"articles_article"."title"' in listing
    assert '"articles_article"."body"' not in listing
    assert "search_vector" not in listing and "title_vector" not in listing
    assert "json_each" in listing or "ANY(" in listing


def test_english_version_lives_under_en(client):
    response = client.get("/en/municipalities/trollhattan/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_the_funding_chart_follows_a_new_payment_and_the_language(client):
    url = reverse("municipalities:detail", args=["trollhattan"])
    before = client.get(url).content.decode()
    # The seed's payments give no year: an empty chart that says so.
    assert "Det finns ännu inga daterade uppgifter att visa i diagram." in before
    assert 'id="funding-chart-table-caption"' not in before

    trollhattan = Municipality.objects.get(code="1488")
    initiative = Initiative.objects.published().filter(municipalities=trollhattan).first()
    make_funding(
        initiative=initiative,
        recipient_municipality=trollhattan,
        year=1999,
        amount_sek=Decimal("1234"),
    )
    after = client.get(url).content.decode()
    # A bar for the new payment, not the chart drawn before it.
    assert 'id="funding-chart-table-caption">Mottagen finansiering per år' in after
    assert ">1999<" in after

    english = client.get("/en" + url).content.decode()
    assert 'id="funding-chart-table-caption">Funding received per year' in english


@pytest.mark.parametrize(
    "prefix,amount,none,separator",
    [
        ("", "drygt 800\xa0000\xa0kr", "0\xa0kr", "\xa0"),
        ("/en", "just over SEK 800,000", "SEK 0", ","),
    ],
)
def test_a_table_row_shows_its_cells_in_the_page_language(client, prefix, amount, none, separator):
    trollhattan = Municipality.objects.get(code="1488")
    population = f"{trollhattan.population:,}".replace(",", separator)
    assert trollhattan.population >= 1000  # so the grouping shows
    for url in ["/municipalities/", "/counties/14/"]:
        page = client.get(prefix + url).content.decode()
        start = page.index(f'<a href="{prefix}/municipalities/trollhattan/">Trollhättan</a></th>')
        row = page[start : page.index("</tr>", start)]
        cells = [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        assert cells[-3:] == ["5", amount, population], url
    ale = client.get(prefix + "/municipalities/").content.decode()
    ale = ale[ale.index(">Ale</a></th>") :]
    assert f'<td class="num zero">0</td>\n<td class="num zero">{none}</td>' in re.sub(
        r">\s*<", ">\n<", ale[: ale.index("</tr>")]
    )


@pytest.mark.parametrize("prefix,unknown", [("", "okänt"), ("/en", "not known")])
def test_a_municipality_without_a_population_says_it_is_not_known(client, prefix, unknown):
    ale = Municipality.objects.get(code="1440")
    ale.population = None
    ale.save()
    for url in ["/municipalities/", "/counties/14/"]:
        page = client.get(prefix + url).content.decode()
        start = page.index(f'<a href="{prefix}/municipalities/ale/">Ale</a></th>')
        row = re.sub(r">\s+<", "><", page[start : page.index("</tr>", start)])
        assert row.endswith(f'<td class="num"><span class="muted">{unknown}</span></td>'), url
