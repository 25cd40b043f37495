"""Names are sorted in Swedish alphabetical order (…, Z, Å, Ä, Ö) on SQLite and PostgreSQL."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from actors.models import Actor
from core.collation import sort_key, swedish
from municipalities.models import Municipality

from .factories import (
    make_actor,
    make_article,
    make_funding,
    make_initiative,
    make_participation,
    make_quote,
    make_school,
    make_school_link,
)

pytestmark = pytest.mark.django_db

IN_SWEDISH_ORDER = [
    "Habo",
    "Håbo",
    "Hällefors",
    "Hässleholm",
    "Höör",
    "Vännäs",
    "Västerås",
    "Wist",
    "Zinkgruvan",
    "Åstorp",
    "Ängelholm",
    "Öckerö",
]


def test_the_python_key_puts_a_ring_and_umlauts_after_z():
    assert sorted(reversed(IN_SWEDISH_ORDER), key=sort_key) == IN_SWEDISH_ORDER


def test_the_python_key_ignores_case_and_other_accents():
    assert sorted(["Östra", "ödeshög", "Édouard", "eda", "Ærø", "Æby"], key=sort_key) == [
        "eda",
        "Édouard",
        "Æby",
        "Ærø",
        "ödeshög",
        "Östra",
    ]
    assert sorted(["Müller", "Mylly", "Mull"], key=sort_key) == ["Mull", "Müller", "Mylly"]


def test_the_database_sorts_all_290_municipalities_as_the_python_key_does():
    ordered = Municipality.objects.order_by(*swedish("name"))
    names = list(ordered.values_list("name", flat=True))
    assert names == sorted(names, key=sort_key)
    assert names.index("Håbo") < names.index("Hässleholm")
    assert names.index("Åstorp") < names.index("Ängelholm") < names.index("Öckerö")


def test_the_database_sorts_a_ring_before_umlauts_and_after_z():
    for name in reversed(IN_SWEDISH_ORDER):
        make_actor(name=f"Ordning {name}", slug=f"ordning-{name.lower()}")
    names = Actor.objects.filter(name__startswith="Ordning ").order_by(*swedish("name"))
    assert [a.name.removeprefix("Ordning ") for a in names] == IN_SWEDISH_ORDER


def order_on_page(response, names):
    """The names in the order they first appear in the page's HTML."""
    html = response.content.decode()
    positions = {name: html.find(f">{name}<") for name in names}
    missing = [name for name, position in positions.items() if position < 0]
    assert not missing, f"not on the page: {missing}"
    return sorted(names, key=positions.get)


def test_the_actor_list_is_in_swedish_order(client):
    names = ["Åsa Åkesson", "Ärla skola", "Örjan Öst", "Zäta AB", "Håkan Hall", "Hägg AB"]
    for index, name in enumerate(names):
        make_actor(name=name, slug=f"ordnad-aktor-{index}")
    response = client.get(reverse("actors:list"), {"page": 1})
    shown = order_on_page(response, names)
    assert shown == ["Håkan Hall", "Hägg AB", "Zäta AB", "Åsa Åkesson", "Ärla skola", "Örjan Öst"]


def test_the_source_list_is_in_swedish_order(client):
    for index, title in enumerate(["Öppna skolor", "Ämnen", "Åtgärder", "Zoner"]):
        make_article(title=title, slug=f"ordnad-artikel-{index}")
    response = client.get(reverse("articles:list"), {"page": 1})
    html = response.content.decode()
    titles = re.findall(r">(Öppna skolor|Ämnen|Åtgärder|Zoner)<", html)
    assert titles == ["Zoner", "Åtgärder", "Ämnen", "Öppna skolor"]


def test_the_browsers_municipality_select_is_in_swedish_order(client):
    response = client.get(reverse("initiatives:list"))
    options = re.findall(r'<option value="([a-z0-9-]+)"', response.content.decode())
    assert options.index("habo-0305") < options.index("hassleholm")
    assert options.index("astorp") < options.index("angelholm") < options.index("ockero")


def test_the_search_lists_municipalities_in_swedish_order(client):
    response = client.get(reverse("search"), {"q": "Ängelholm Åstorp Öckerö Zinkgruvan"})
    municipalities = dict((str(label), rows) for label, rows, _more in response.context["groups"])
    names = [row["title"] for row in municipalities["Kommuner"]]
    assert names == ["Åstorp", "Ängelholm", "Öckerö"]


# The records' own pages: their short lists (roles, places, parts, citing initiatives)
# are sorted by the database in Swedish order too, not in the order of the characters'
# codes (which puts "Zäta" before "alfa" and "Ärla" before "Åsa").
ACTORS_BY_CODE = ["Zäta AB", "alfa förening", "Ärla skola", "Åsa Åkesson"]
ACTORS_IN_SWEDISH = ["alfa förening", "Zäta AB", "Åsa Åkesson", "Ärla skola"]
TITLES_BY_CODE = ["Zoner", "tidiga insatser", "Ämnen", "Åtgärder", "Öppna skolor"]
TITLES_IN_SWEDISH = ["tidiga insatser", "Zoner", "Åtgärder", "Ämnen", "Öppna skolor"]


def titles_on_page(response, titles):
    pattern = "|".join(re.escape(title) for title in titles)
    found = re.findall(rf">({pattern})<", response.content.decode())
    return list(dict.fromkeys(found))


def test_a_municipalitys_roles_are_in_swedish_order_of_the_actors(client):
    kiruna = Municipality.objects.get(slug="kiruna")
    initiative = make_initiative(municipalities=[kiruna])
    for name in ACTORS_BY_CODE:
        make_participation(initiative=initiative, actor=make_actor(name=name))
    response = client.get(reverse("municipalities:detail", args=["kiruna"]))
    assert order_on_page(response, ACTORS_BY_CODE) == ACTORS_IN_SWEDISH


def test_an_initiatives_roles_and_places_are_in_swedish_order(client):
    places = Municipality.objects.filter(name__in=["Hässleholm", "Håbo", "Habo", "Åstorp"])
    initiative = make_initiative(municipalities=places)
    for name in ACTORS_BY_CODE:
        make_participation(initiative=initiative, actor=make_actor(name=name))
    page = client.get(reverse("initiatives:detail", args=[initiative.slug]))
    assert order_on_page(page, ACTORS_BY_CODE) == ACTORS_IN_SWEDISH
    assert order_on_page(page, ["Hässleholm", "Håbo", "Habo", "Åstorp"]) == [
        "Habo",
        "Håbo",
        "Hässleholm",
        "Åstorp",
    ]
    browser = client.get(reverse("initiatives:list"), {"q": initiative.title})
    assert order_on_page(browser, ["Hässleholm", "Håbo", "Habo", "Åstorp"]) == [
        "Habo",
        "Håbo",
        "Hässleholm",
        "Åstorp",
    ]


def test_an_actors_roles_are_in_swedish_order_of_the_initiatives(client):
    actor = make_actor(name="Ordnad aktör")
    for title in TITLES_BY_CODE:
        make_participation(initiative=make_initiative(title=title), actor=actor)
    response = client.get(actor.get_absolute_url())
    assert titles_on_page(response, TITLES_BY_CODE) == TITLES_IN_SWEDISH


def test_an_articles_citing_initiatives_are_in_swedish_order(client):
    article = make_article(title="Ordnad källa")
    for title in TITLES_BY_CODE:
        make_initiative(title=title, sources=[article])
    response = client.get(article.get_absolute_url())
    assert titles_on_page(response, TITLES_BY_CODE) == TITLES_IN_SWEDISH


def test_the_browsers_orders_break_ties_in_swedish_order(client):
    """Newest first (the default), oldest first and by funding: initiatives of one year,
    or with the same total, follow each other in Swedish order of their titles."""
    funder = make_actor(name="Lika finansiär")
    kiruna = Municipality.objects.get(slug="kiruna")
    for title in TITLES_BY_CODE:
        make_initiative(title=f"{title} 2099", start_year=2099)
        make_initiative(title=f"{title} 1901", start_year=1901)
        initiative = make_initiative(title=f"{title} lika")
        make_funding(
            initiative=initiative,
            funder=funder,
            recipient_municipality=kiruna,
            amount_sek=Decimal("123456789"),
        )

    def shown(order, suffix):
        params = {"page_size": 100} | ({"order": order} if order else {})
        response = client.get(reverse("initiatives:list"), params)
        assert response.status_code == 200
        titles = [f"{title} {suffix}" for title in TITLES_BY_CODE]
        return [title.removesuffix(f" {suffix}") for title in titles_on_page(response, titles)]

    assert shown(None, "2099") == TITLES_IN_SWEDISH  # newest first, the default
    assert shown("oldest", "1901") == TITLES_IN_SWEDISH
    assert shown("funding", "lika") == TITLES_IN_SWEDISH


def test_an_initiatives_schools_parts_roles_and_quotes_are_in_order(client):
    """Sorted as they are read (`sorted_by`), not by the database: the same order."""
    whole = make_initiative()
    for index, title in enumerate(TITLES_BY_CODE):
        make_initiative(title=title, slug=f"del-{index}", part_of=whole)
    for index, name in enumerate(ACTORS_BY_CODE):
        school = make_school(name=f"{name} skola", slug=f"ordnad-skola-{index}")
        make_school_link(initiative=whole, school=school)
    # Roles first by their kind, then by the actor's name.
    roles = [
        ("partner", "Ärla skola"),
        ("funder", "Zäta AB"),
        ("partner", "alfa förening"),
        ("funder", "Åsa Åkesson"),
    ]
    for role, name in roles:
        make_participation(initiative=whole, actor=make_actor(name=name), role=role)
    for text in ["Tredje citatet.", "Första citatet.", "Andra citatet."]:
        make_quote(initiative=whole, text=text, speaker=make_actor(), article=make_article())

    page = client.get(reverse("initiatives:detail", args=[whole.slug]))

    assert titles_on_page(page, TITLES_BY_CODE) == TITLES_IN_SWEDISH
    html = page.content.decode()
    schools = sorted(ACTORS_BY_CODE, key=lambda name: html.index(f"{name} skola<sup"))
    assert schools == ACTORS_IN_SWEDISH
    groups = [[role.actor.name for role in rows] for _label, rows in page.context["roles"]]
    assert sorted(groups) == [["Zäta AB", "Åsa Åkesson"], ["alfa förening", "Ärla skola"]]
    quotes = re.findall(r"<p>(\w+ citatet\.)</p>", page.content.decode())
    assert quotes == ["Tredje citatet.", "Första citatet.", "Andra citatet."]


def test_payments_are_newest_first_and_undated_last_on_every_page(client):
    """One order of payments (NEWEST_PAYMENTS_FIRST) on the initiative's, the recipient
    municipality's, the funder's and the source's pages, whichever the database: in a
    descending order SQLite puts a missing year last and PostgreSQL first."""
    trollhattan = Municipality.objects.get(slug="trollhattan")
    initiative = make_initiative(municipalities=[trollhattan])
    funder = make_actor(name="Ordnad finansiär", slug="ordnad-finansiar")
    source = make_article()
    for year, amount in [(None, "900"), (2019, "100"), (2021, "200"), (2019, "300")]:
        make_funding(
            initiative=initiative,
            funder=funder,
            recipient_municipality=trollhattan,
            year=year,
            amount_sek=Decimal(amount),
            source=source,
        )
    newest_first = ["200", "300", "100", "900"]  # 2021; 2019 largest first; no year

    for page in [
        reverse("initiatives:detail", args=[initiative.slug]),
        reverse("municipalities:detail", args=["trollhattan"]),
        reverse("actors:detail", args=["ordnad-finansiar"]),
        reverse("articles:detail", args=[source.slug]),
    ]:
        html = client.get(page).content.decode()
        table = html[html.index("Ordnad finansiär</a>") :]
        amounts = re.findall(r'<td class="num">(?:SEK )?(\d+)(?:\xa0kr)?</td>', table)
        assert amounts[:4] == newest_first, page
