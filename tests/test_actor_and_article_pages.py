"""Actors and source articles: who they are, and what the knowledge base cites them for."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify

from core.publishing import PublicationState
from initiatives.models import Initiative
from municipalities.models import Municipality

from .factories import (
    make_actor,
    make_article,
    make_funding,
    make_initiative,
    make_many_initiatives,
    make_participation,
    make_position,
)

pytestmark = pytest.mark.django_db


def test_actor_list_paginates_and_filters_by_kind(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("actors:list"), {"kind": "person"})
    names = {a.name for a in response.context["page_obj"].object_list}
    assert "Karin Falck" in names and "Skolverket" not in names
    for n in range(60):
        make_actor(name=f"Aktör {n:02}", slug=f"aktor-{n}")
    with django_assert_max_num_queries(5):
        response = client.get(reverse("actors:list"), {"page": 2})
    assert response.context["page_obj"].number == 2


@pytest.mark.parametrize(
    "prefix,phrase",
    [("", "enligt källan, 2023"), ("/en", "according to the source, 2023")],
)
def test_a_position_names_its_title_organisation_and_date_with_its_reference(
    client, prefix, phrase
):
    """The actors list shows an actor's latest position; its own page cites it too."""
    school = make_actor(name="Kastellskolan", slug="kastellskolan", kind="school")
    person = make_actor(name="Aaa Rektorsson", slug="aaa-rektorsson", kind="person")
    make_position(
        actor=person,
        organisation=school,
        title="Rektor <i>",
        source=make_article(language="en"),
        year=2023,
    )
    listed = client.get(prefix + "/actors/").content.decode()
    row = listed[listed.index("Aaa Rektorsson</a>") :]
    row = re.sub(r"\s+", " ", row[: row.index("</tr>")])
    title = '<span lang="en">Rektor &lt;i&gt;</span>' if not prefix else "Rektor &lt;i&gt;"
    school_link = f'<a href="{prefix}/actors/kastellskolan/">Kastellskolan</a>'
    assert f'{title}, {school_link} <span class="muted">({phrase})</span>' in row
    page = client.get(f"{prefix}/actors/aaa-rektorsson/").content.decode()
    assert re.search(
        re.escape(f'<span class="muted">({phrase})</span>') + r'<sup class="ref"><a href="#ref-1"',
        page,
    )


def test_positions_are_newest_first_and_members_in_swedish_order(client):
    """An actor's titles newest first, undated last (whatever order they were added
    in); an organisation's members of one year in Swedish order of names (Z, Å, Ä,
    Ö); the actors list shows the newest title."""
    school = make_actor(name="Sjöskolan", slug="sjoskolan", kind="school")
    person = make_actor(name="Aaa Lärarsson", slug="aaa-lararsson", kind="person")
    source = make_article(published_on=None, last_reviewed_on=None)
    for title, year in [
        ("Lärare", 2019),
        ("Utan år", None),
        ("Rektor", 2023),
        ("Biträdande", 2021),
    ]:
        make_position(actor=person, organisation=school, title=title, year=year, source=source)
    for name in ["Östen Ö", "Zelda Z", "Åsa Å", "Ärla Ä"]:
        member = make_actor(name=name, slug=slugify(name), kind="person")
        make_position(actor=member, organisation=school, title="Lärare", year=2019, source=source)

    page = client.get("/actors/aaa-lararsson/").content.decode()
    titles = re.findall(r"(Rektor|Biträdande|Lärare|Utan år), <a", page)
    assert titles == ["Rektor", "Biträdande", "Lärare", "Utan år"]
    page = client.get("/actors/sjoskolan/").content.decode()
    section = page[page.index("<h2>Personer och enheter</h2>") :]
    members = re.findall(r'<a href="/actors/[-a-z0-9]+/">([^<]+)</a>,', section)
    aaa = "Aaa Lärarsson"
    assert members == [aaa, aaa, aaa, "Zelda Z", "Åsa Å", "Ärla Ä", "Östen Ö", aaa]
    listed = client.get("/actors/", {"kind": "person"}).content.decode()
    row = listed[listed.index("Aaa Lärarsson</a>") :]
    assert "Rektor" in row[: row.index("</tr>")]


def test_actor_list_counts_each_actors_public_roles(client, settings):
    """The Roles column: only roles in public initiatives count, and a new one shows at
    once (the counts are kept until something changes)."""
    settings.PAGE_CACHE_ENABLED = False  # each page made afresh: only the counts kept
    actor = make_actor(name="Aaa Räknad aktör", slug="aaa-raknad")  # first in the list
    make_participation(initiative=make_initiative(), actor=actor)
    draft = make_initiative(publication_state=PublicationState.DRAFT)
    make_participation(initiative=draft, actor=actor)

    def shown():
        response = client.get(reverse("actors:list"))
        [row] = [a for a in response.context["page_obj"].object_list if a.pk == actor.pk]
        page = response.content.decode()
        cell = re.search(
            r'aaa-raknad/">Aaa Räknad aktör</a>.*?<td class="num">(\d+)</td>', page, re.S
        )
        return row.role_count, int(cell.group(1))

    assert shown() == (1, 1)
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("actors:list"))
    assert not [q for q in again.captured_queries if "initiatives_participation" in q["sql"]]
    make_participation(initiative=make_initiative(), actor=actor)
    assert shown() == (2, 2)


def test_actor_page_shows_roles_funding_quotes_and_articles(client):
    page = client.get(reverse("actors:detail", args=["tillvaxtverket"])).content.decode()
    assert "Bidrag" in page or "Tillväxtverket" in page
    assert "8\xa0800\xa0000\xa0kr" in page
    person = client.get(reverse("actors:detail", args=["karin-falck"])).content.decode()
    assert "Sveriges Kommuner och Regioner" in person  # affiliation
    assert "Det har varit fantastiskt här i Trollhättan" in person  # quote


def test_actor_page_query_count_is_bounded(client, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_ENABLED = False  # each page made afresh
    make_many_initiatives(15)
    funder = "testfinansiar"
    from actors.models import Actor

    slug = Actor.objects.filter(slug__startswith=funder).values_list("slug", flat=True).first()
    # After a change, the roles, payments and articles the lists show are chosen (kept
    # until the next change); their rows are read by their ids every time.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("actors:detail", args=[slug]))
    assert len(response.context["participations"]) == 15
    with django_assert_max_num_queries(7):
        response = client.get(reverse("actors:detail", args=[slug]))
    assert len(response.context["participations"]) == 15


def test_actor_page_keeps_its_lists_apart_for_staff(client, admin_client, settings):
    """The roles the page lists are chosen once per change, apart for staff (who see
    drafts): a visitor never gets a staff member's choice, whoever asks first."""
    settings.PAGE_CACHE_ENABLED = False
    actor = make_actor(name="Räknad aktör", slug="raknad-aktor")
    draft = make_initiative(title="Utkast med roll", publication_state=PublicationState.DRAFT)
    make_participation(initiative=draft, actor=actor)
    url = reverse("actors:detail", args=[actor.slug])
    assert "Utkast med roll" in admin_client.get(url).content.decode()
    assert "Utkast med roll" not in client.get(url).content.decode()
    make_participation(initiative=make_initiative(title="Publicerad med roll"), actor=actor)
    page = client.get(url).content.decode()
    assert "Publicerad med roll" in page and "Utkast med roll" not in page


def test_payment_tables_name_payer_recipient_and_initiative_of_every_row(client):
    # The page's own actor is set on its payments rather than joined (table_rows).
    initiatives = make_many_initiatives(3)
    funder = initiatives[0].participations.get().actor
    recipient = make_actor(name="Mottagande förening")
    make_funding(
        initiative=initiatives[0],
        funder=make_actor(name="Annan givare"),
        recipient_actor=recipient,
        year=2019,
    )
    given = client.get(reverse("actors:detail", args=[funder.slug]))
    assert [row.funder for row in given.context["funding_given"]] == [funder] * 3
    page = given.content.decode()
    assert page.count('href="/municipalities/trollhattan/"') >= 3
    for initiative in initiatives:
        assert f'href="{initiative.get_absolute_url()}"' in page
    received = client.get(reverse("actors:detail", args=[recipient.slug]))
    [row] = received.context["funding_received"]
    assert row.recipient_actor == recipient
    assert row.funder.name == "Annan givare"
    assert "Annan givare" in received.content.decode()


def test_unknown_actor_is_404(client):
    assert client.get("/actors/ingen-alls/").status_code == 404


def test_article_list_and_page_show_publisher_dates_and_citations(client):
    listing = client.get(reverse("articles:list")).content.decode()
    assert "Skolan är en angelägenhet för hela Borlänge" in listing
    response = client.get(
        reverse("articles:detail", args=["skr-natverk-mot-segregation-besoker-trollhattans-skolor"])
    )
    page = response.content.decode()
    assert "Trollhättans Stad" in page  # publisher
    assert "2023" in page  # last reviewed 2023-11-09
    assert "SKR:s kommunnätverk mot segregation besöker Trollhättan" in page  # cited for
    assert "Gärdhemsvägen 9" in page  # the full text


def test_article_list_says_how_many_initiatives_cite_each(client):
    """One initiative and many, in Swedish and in English; an article no published
    initiative cites says so too."""
    make_many_initiatives(1)  # its own new article, cited once
    uncited = make_article(title="Ingen insats citerar den här")
    listing = re.sub(r"\s+", " ", client.get(reverse("articles:list")).content.decode())
    english = re.sub(r"\s+", " ", client.get("/en" + reverse("articles:list")).content.decode())
    assert re.search(r"källa för 1 insats\b", listing) and "källa för 4 insatser" in listing
    assert re.search(r"cited by 1 initiative\b", english) and "cited by 4 initiatives" in english
    row = listing[listing.index(uncited.title) :]
    assert row.index("källa för 0 insatser") < row.index("</li>")


def test_article_list_counts_are_kept_until_something_changes(client, settings):
    settings.PAGE_CACHE_ENABLED = False  # each page made afresh: only the counts kept
    [initiative] = make_many_initiatives(1)  # cites an article of its own
    article = initiative.sources.get()
    client.get(reverse("articles:list"))
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("articles:list"))
    assert not [q for q in again.captured_queries if "initiativesource" in q["sql"]]
    make_initiative(sources=[article])
    response = client.get(reverse("articles:list"))
    [row] = [a for a in response.context["page_obj"].object_list if a.pk == article.pk]
    assert row.citation_count == 2


def test_article_text_is_escaped(client):
    from articles.models import Article

    Article.objects.filter(slug="skolan-ar-en-angelagenhet-for-hela-borlange").update(
        body="<script>alert(1)</script> text"
    )
    page = client.get(
        reverse("articles:detail", args=["skolan-ar-en-angelagenhet-for-hela-borlange"])
    ).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_an_articles_initiatives_and_roles_are_in_swedish_order(client):
    """The initiatives that cite an article, and the roles it is cited for, by
    initiative title in Swedish order (Z, Å, Ä, Ö), the roles then by role, whatever
    order they were recorded in."""
    article = make_article()
    actor = make_actor(name="Aktören")
    for title, role in [
        ("Östra skolan", "lead"),
        ("Zeta", "partner"),
        ("Ängens skola", "lead"),
        ("Alfa", "partner"),
        ("Alfa", "funder"),
        ("Åsens skola", "lead"),
    ]:
        initiative = Initiative.objects.filter(title=title).first() or make_initiative(
            title=title, sources=[article]
        )
        make_participation(initiative=initiative, actor=actor, role=role, source=article)
    page = client.get(f"/en/articles/{article.slug}/").content.decode()
    roles = re.findall(r'Aktören</a>: (\w+)\s+–\s+<a [^>]+><span lang="sv">([^<]+)</span>', page)
    assert roles == [
        ("Funder", "Alfa"),
        ("Partner", "Alfa"),
        ("Partner", "Zeta"),
        ("Lead", "Åsens skola"),
        ("Lead", "Ängens skola"),
        ("Lead", "Östra skolan"),
    ]
    cited_by = page[page.index("<h3>Initiatives</h3>") : page.index("<h3>Roles</h3>")]
    titles = re.findall(r'<span lang="sv">([^<]+)</span>', cited_by)
    assert titles == ["Alfa", "Zeta", "Åsens skola", "Ängens skola", "Östra skolan"]


def mentioned(page):
    """The names under the article page's "Mentioned in the text", in order, or None."""
    if "<h3>Mentioned in the text</h3>" not in page:
        return None
    section = page[page.index("<h3>Mentioned in the text</h3>") :]
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', section[: section.index("</p>")])


def test_an_article_names_the_municipalities_and_actors_its_text_mentions(client, admin_client):
    """Municipalities first, then actors, each by name and linking to its page; a draft
    actor only for staff."""
    article = make_article()
    url = f"/en/articles/{article.slug}/"
    assert mentioned(client.get(url).content.decode()) is None

    article.municipalities.set(Municipality.objects.filter(code__in=["1488", "1880"]))
    article.actors.set(
        [
            make_actor(name="Skolverket i testet"),
            make_actor(name="Utkastet i testet", publication_state=PublicationState.DRAFT),
        ]
    )
    page = client.get(url).content.decode()
    assert mentioned(page) == ["Trollhättan", "Örebro", "Skolverket i testet"]
    assert 'href="/en/municipalities/trollhattan/"' in page
    staff_page = admin_client.get(url).content.decode()
    assert mentioned(staff_page) == [
        "Trollhättan",
        "Örebro",
        "Skolverket i testet",
        "Utkastet i testet",
    ]


def test_article_page_query_count_is_bounded(client, django_assert_max_num_queries):
    url = reverse("articles:detail", args=["overenskommelse-om-stod-till-trollhattan"])
    # One of the 13 is the version the "Cite" block names.
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200


def test_article_page_reads_its_facts_without_reading_the_article_again(
    client, django_assert_max_num_queries
):
    """Every fact on an article's page cites that article: its roles, payments, positions,
    schools and claims are read without joining its row again for what they show."""
    url = reverse("articles:detail", args=["overenskommelse-om-stod-till-trollhattan"])
    with django_assert_max_num_queries(13) as captured:
        page = client.get(url).content.decode()
    tables = [
        "initiatives_participation",
        "initiatives_funding",
        "articles_position",
        "initiatives_initiative_schools",
        "initiatives_initiativeclaim",
    ]
    facts = {
        table: next(
            q["sql"] for q in captured.captured_queries if q["sql"].startswith(f'SELECT "{table}".')
        )
        for table in tables
    }
    assert not [table for table, sql in facts.items() if '"articles_article"."title"' in sql]
    assert 'id="ref-1"' in page  # the facts cite it all the same


def test_article_list_query_count_is_bounded(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(reverse("articles:list"), {"page": 99}).status_code == 200


def test_article_list_reads_no_whole_texts(client, django_assert_max_num_queries):
    """The list shows titles, publishers and dates: the articles' texts and search data
    are not read for it (on PostgreSQL, 25 whole texts cost a tenth of the page), and
    nothing it shows is read again row by row."""
    with django_assert_max_num_queries(4) as captured:
        page = client.get(reverse("articles:list")).content.decode()
    assert "Skolan är en angelägenhet för hela Borlänge" in page
    [listing] = [
        q["sql"] for q in captured.captured_queries if '"articles_article"."slug"' in q["sql"]
    ]
    assert '"articles_article"."title"' in listing
    assert '"articles_article"."body"' not in listing
    assert "search_vector" not in listing and "title_vector" not in listing
    # Nor what only the admin shows: who published a row and when it changed.
    assert "updated_at" not in listing and "published_by_id" not in listing


def test_a_busy_actors_page_lists_50_roles_and_payments_and_links_to_the_rest(
    client, django_assert_max_num_queries
):
    initiatives = make_many_initiatives(55)
    funder = initiatives[0].participations.get().actor
    with django_assert_max_num_queries(12):
        response = client.get(reverse("actors:detail", args=[funder.slug]))
    assert len(response.context["participations"]) == 50
    assert len(response.context["funding_given"]) == 50
    page = response.content.decode()
    assert f'href="/initiatives/?actor={funder.slug}"' in page
    assert f'href="/initiatives/?funder={funder.slug}"' in page
    # The browser the links lead to lists all 55.
    listed = client.get(f"/initiatives/?funder={funder.slug}")
    assert listed.context["paginator"].count == 55
