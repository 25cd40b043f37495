"""Plain `make_*` factories for test data. Each returns a saved object."""

import itertools
from decimal import Decimal

from actors.models import Actor
from articles.models import Article, Quote
from core.publishing import PublicationState
from initiatives.models import Funding, Initiative, InitiativeType, Participation
from municipalities.models import Municipality, School

_counter = itertools.count(1)


def _n():
    return next(_counter)


def make_actor(**fields):
    n = _n()
    fields.setdefault("name", f"Testorganisation {n}")
    fields.setdefault("slug", f"testorganisation-{n}")
    fields.setdefault("kind", Actor.Kind.OTHER_ORGANISATION)
    return Actor.objects.create(**fields)


def make_article(**fields):
    n = _n()
    fields.setdefault("title", f"Testartikel {n}")
    fields.setdefault("slug", f"testartikel-{n}")
    fields.setdefault("body", "Skolan i kommunen arbetar mot segregation.")
    fields.setdefault("publication_state", PublicationState.PUBLISHED)
    if "publisher" not in fields:
        fields["publisher"] = make_actor()
    return Article.objects.create(**fields)


def make_school(**fields):
    n = _n()
    fields.setdefault("name", f"Testskolan {n}")
    fields.setdefault("slug", f"testskolan-{n}")
    fields.setdefault("municipality", Municipality.objects.get(code="1488"))
    return School.objects.create(**fields)


def make_initiative(municipalities=(), sources=(), **fields):
    n = _n()
    fields.setdefault("title", f"Testinsats {n}")
    fields.setdefault("slug", f"testinsats-{n}")
    fields.setdefault("publication_state", PublicationState.PUBLISHED)
    if "type" not in fields:
        fields["type"] = InitiativeType.objects.get(slug="school-closure")
    initiative = Initiative.objects.create(**fields)
    initiative.municipalities.set(municipalities)
    for article in sources:
        initiative.sources.add(article)
    return initiative


def make_participation(**fields):
    fields.setdefault("role", Participation.Role.PARTNER)
    if "source" not in fields:
        fields["source"] = make_article()
    return Participation.objects.create(**fields)


def make_funding(**fields):
    fields.setdefault("amount_sek", Decimal("1000"))
    if "source" not in fields:
        fields["source"] = make_article()
    if "funder" not in fields:
        fields["funder"] = make_actor()
    return Funding.objects.create(**fields)


def make_quote(**fields):
    fields.setdefault("text", "Ett citat.")
    return Quote.objects.create(**fields)


def make_many_initiatives(count, municipality_code="1488", **fields):
    """`count` published initiatives in one municipality, each with a role, money and a source.

    Used to show that a page's query count does not grow with the number of rows.
    """
    municipality = Municipality.objects.get(code=municipality_code)
    funder = make_actor(name="Testfinansiär", slug=f"testfinansiar-{_n()}")
    source = make_article()
    initiatives = []
    for index in range(count):
        initiative = make_initiative(
            municipalities=[municipality], sources=[source], start_year=2000 + index % 20, **fields
        )
        make_participation(initiative=initiative, actor=funder, role="funder", source=source)
        make_funding(
            initiative=initiative,
            funder=funder,
            recipient_municipality=municipality,
            amount_sek=Decimal(1000 + index),
            year=2000 + index % 20,
            source=source,
        )
        initiatives.append(initiative)
    return initiatives
