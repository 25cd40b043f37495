"""Plain `make_*` factories for test data. Each returns a saved object.

Records are published unless told otherwise (`publication_state=...`), as the seed's
are: the factories load sourced data, like `load_seed`, so they may set the state.
Facts cite a real passage of their article unless one is given.
"""

import itertools
from decimal import Decimal

from actors.models import Actor
from articles.models import Article, Position, Quote
from core.publishing import PublicationState, publication_changes_allowed
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeClaim,
    InitiativeQuote,
    InitiativeSchool,
    InitiativeType,
    Participation,
)
from municipalities.models import Municipality, School

_counter = itertools.count(1)
BODY = "Skolan i kommunen arbetar mot segregation."
PASSAGE = "arbetar mot segregation"


def _n():
    return next(_counter)


def _create(model, fields):
    fields.setdefault("publication_state", PublicationState.PUBLISHED)
    with publication_changes_allowed():
        return model.objects.create(**fields)


def _evidence(fields):
    if "source" not in fields:
        fields["source"] = make_article()
    if "passage" not in fields and PASSAGE in fields["source"].body:
        fields["passage"] = PASSAGE
    return fields


def make_actor(**fields):
    n = _n()
    fields.setdefault("name", f"Testorganisation {n}")
    fields.setdefault("slug", f"testorganisation-{n}")
    fields.setdefault("kind", Actor.Kind.OTHER_ORGANISATION)
    return _create(Actor, fields)


def make_article(**fields):
    n = _n()
    fields.setdefault("title", f"Testartikel {n}")
    fields.setdefault("slug", f"testartikel-{n}")
    fields.setdefault("body", BODY)
    if "publisher" not in fields:
        fields["publisher"] = make_actor()
    return _create(Article, fields)


def make_school(**fields):
    n = _n()
    fields.setdefault("name", f"Testskolan {n}")
    fields.setdefault("slug", f"testskolan-{n}")
    fields.setdefault("municipality", Municipality.objects.get(code="1488"))
    return _create(School, fields)


def make_initiative(municipalities=(), sources=(), **fields):
    n = _n()
    fields.setdefault("title", f"Testinsats {n}")
    fields.setdefault("slug", f"testinsats-{n}")
    if "type" not in fields:
        fields["type"] = InitiativeType.objects.get(slug="school-closure")
    initiative = _create(Initiative, fields)
    initiative.municipalities.set(municipalities)
    for article in sources:
        initiative.sources.add(article)
    return initiative


def make_participation(**fields):
    fields.setdefault("role", Participation.Role.PARTNER)
    return Participation.objects.create(**_evidence(fields))


def make_funding(**fields):
    fields.setdefault("amount_sek", Decimal("1000"))
    if "funder" not in fields:
        fields["funder"] = make_actor()
    return Funding.objects.create(**_evidence(fields))


def make_position(**fields):
    fields.setdefault("title", "Rektor")
    return Position.objects.create(**_evidence(fields))


def make_school_link(**fields):
    return InitiativeSchool.objects.create(**_evidence(fields))


def make_claim(**fields):
    fields.setdefault("aspect", InitiativeClaim.Aspect.STATUS)
    return InitiativeClaim.objects.create(**_evidence(fields))


def make_quote(initiative=None, **fields):
    fields.setdefault("text", "Ett citat.")
    quote = Quote.objects.create(**fields)
    if initiative is not None:
        InitiativeQuote.objects.create(initiative=initiative, quote=quote)
    return quote


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
