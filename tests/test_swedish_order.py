"""Names are sorted in Swedish alphabetical order (…, Z, Å, Ä, Ö) on SQLite and PostgreSQL."""

import re

import pytest
from django.urls import reverse

from actors.models import Actor
from core.collation import sort_key, swedish
from municipalities.models import Municipality

from .factories import make_actor, make_article

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
