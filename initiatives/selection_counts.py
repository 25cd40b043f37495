"""
What the browser counts for a selection a visitor asks for the first time: its type and
county facets, its chart (initiatives per start year and type) and its map (initiatives
per municipality), counted among the public initiatives' columns kept per content change.

Asked of the database, each of those counts selected the selection again: for a county,
an EXISTS subquery for every published initiative, once per count. At scale on SQLite a
new selection's type facet took 65 ms, its chart 31 ms and its map 30 ms (PostgreSQL
17-32, 19-37 and 22-54 ms; its county facet up to 88 ms there). Now the selection's ids
are read once (`selected_ids` of the filter set, which the actor and funder boxes and the
row count use too), and each count looks them up in columns read once per content change
(core.derived_cache), as suggestions.py counts the busiest actors: a few milliseconds
each. Which initiatives are public is asked of `published()`, the one rule.

Public visitors only: staff, who see drafts, count the facets and the chart in the
database. The map counts published initiatives for everyone, so it counts here for all.
"""

from array import array
from collections import Counter
from itertools import compress

from core.derived_cache import remember

from .models import Initiative

# The start year of an initiative whose sources give none (years are positive).
NO_YEAR = 0


def public_columns():
    """(ids, type ids, start years) of every published initiative, sorted by id, as three
    parallel arrays (NO_YEAR for none), kept until any content changes."""

    def read():
        rows = Initiative.objects.published().order_by("pk").values_list("pk", "type", "start_year")
        ids, types, years = array("q"), array("q"), array("H")
        for pk, type_id, year in rows.iterator(chunk_size=10_000):
            ids.append(pk)
            types.append(type_id)
            years.append(year or NO_YEAR)
        return ids, types, years

    return remember("selection-counts:initiatives", read)


def public_places():
    """Where the published initiatives are, kept until any content changes: parallel
    arrays of (initiative ids, municipality ids), one pair each, and of (initiative ids,
    county ids), one pair per county however many of its municipalities an initiative is
    in; and {municipality id: code}."""

    def read():
        places = (
            Initiative.municipalities.through.objects.filter(
                initiative__in=Initiative.objects.published().values("pk")
            )
            .order_by("initiative_id", "municipality__county")
            .values_list(
                "initiative_id", "municipality", "municipality__code", "municipality__county"
            )
        )
        initiatives, municipalities = array("q"), array("q")
        in_counties, counties = array("q"), array("q")
        codes = {}
        for initiative, municipality, code, county in places.iterator(chunk_size=10_000):
            initiatives.append(initiative)
            municipalities.append(municipality)
            codes[municipality] = code
            if not in_counties or (in_counties[-1], counties[-1]) != (initiative, county):
                in_counties.append(initiative)
                counties.append(county)
        return initiatives, municipalities, in_counties, counties, codes

    return remember("selection-counts:places", read)


def chosen(ids, selection):
    """For each of `ids`, whether it is in `selection` (a set of initiative ids)."""
    return list(map(selection.__contains__, ids))


def per_type(selection):
    """{type id: number of the public initiatives in `selection` of that type}."""
    ids, types, _years = public_columns()
    return dict(Counter(compress(types, chosen(ids, selection))))


def per_year_and_type(selection):
    """[(start year, type id, n)] of the public initiatives in `selection`, sorted, the
    undated left out: what InitiativeQuerySet.counts_by_year_and_type() returns."""
    ids, types, years = public_columns()
    mask = chosen(ids, selection)
    counts = Counter(zip(compress(years, mask), compress(types, mask), strict=True))
    return sorted((year, kind, n) for (year, kind), n in counts.items() if year != NO_YEAR)


def per_municipality(selection):
    """{municipality code: number of the public initiatives in `selection` there}."""
    initiatives, municipalities, _in_counties, _counties, codes = public_places()
    counts = Counter(compress(municipalities, chosen(initiatives, selection)))
    return {codes[municipality]: n for municipality, n in counts.items()}


def per_county(selection):
    """{county id: number of the public initiatives in `selection` there}, each counted
    once in a county however many of its municipalities it is in."""
    _initiatives, _municipalities, in_counties, counties, _codes = public_places()
    return dict(Counter(compress(counties, chosen(in_counties, selection))))
