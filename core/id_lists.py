"""
`column IN (ids)` for a list of ids read beforehand, with the ids as one query parameter.

Two uses: the exports ask for a chunk's facts by the chunk's ids, and pages that look up
the rows of a selection they have already read (a municipality's initiatives) ask by its
ids instead of repeating the selection as a subquery. On PostgreSQL, a subquery is pulled
up into the outer query's joins: with the publication rule's joins that made ten tables,
more than the planner reorders together (`join_collapse_limit`), so it joined every
payment with its article before narrowing them to the selection (the funder suggestions
for 879 selected initiatives: 150 ms, 30 ms by ids), and spent 15 ms planning a
municipality's roles (4 ms by ids).
"""

import json
from array import array

from django.db.models import BooleanField, Count
from django.db.models.expressions import Expression


class InIds(Expression):
    """`column IN (ids)` with the ids as one query parameter, whatever their number.

    One parameter instead of thousands (or thousands of integers written into the SQL)
    keeps each query's text the same whatever the ids: SQLite reuses the statement it
    prepared for the first chunk of an export instead of parsing, planning and caching a
    new one for every chunk, and PostgreSQL's driver has no long text to scan for
    placeholders.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, column, ids):
        super().__init__()
        self.column = column
        # An array of ids (initiatives/funding_order.py keeps one) is made a list of
        # ints at once; anything else is checked an id at a time.
        integers = isinstance(ids, array) and ids.typecode in "bBhHiIlLqQ"
        self.ids = ids.tolist() if integers else [int(pk) for pk in ids]

    def as_sql(self, compiler, connection):
        # SQLite (the project's other database): the ids as a JSON array, read back as
        # a table by json_each.
        return f"{self.column} IN (SELECT value FROM json_each(%s))", [json.dumps(self.ids)]

    def as_postgresql(self, compiler, connection):
        return f"{self.column} = ANY(%s::bigint[])", [self.array_literal()]

    def array_literal(self):
        # An array literal ("{1,2,3}") made here: the driver's list adapter looks at each
        # element in Python, which took longer than the join.
        return "{" + ",".join(map(str, self.ids)) + "}"


class NotInIds(InIds):
    """`column NOT IN (ids)`, the ids as one query parameter, in a form each database
    answers with the ids hashed once: PostgreSQL compares `NOT (column = ANY(array))`
    with every element of the array for every row once the statement is prepared (its
    generic plan cannot hash a parameter), which took 1.6 s for the last page of the
    browser by funding at scale (26 840 rows against 19 212 ids), 52 ms unprepared."""

    def as_sql(self, compiler, connection):
        return f"{self.column} NOT IN (SELECT value FROM json_each(%s))", [json.dumps(self.ids)]

    def as_postgresql(self, compiler, connection):
        return f"{self.column} NOT IN (SELECT unnest(%s::bigint[]))", [self.array_literal()]


def _column(model, field):
    column = model._meta.get_field(field.removesuffix("_id")).column
    return f'"{model._meta.db_table}"."{column}"'


def in_ids(model, field, ids):
    """The condition `field IN (ids)` on `model`'s own table (`field`: a column of it,
    a foreign key named without `_id`)."""
    return InIds(_column(model, field), ids)


def not_in_ids(model, field, ids):
    """The condition `field NOT IN (ids)`, as `in_ids` (NotInIds: not `~in_ids(...)`)."""
    return NotInIds(_column(model, field), ids)


def rows_in_order(queryset, ids):
    """The rows of `queryset` with the primary keys `ids`, in the order of `ids` (those
    the queryset does not hold are left out): a page's rows read by ids kept in order.

    The rows are read unordered: the ids give the order. A model's default ordering
    would be joined and sorted for nothing (a role's is by its actor's name), and
    Django's compiler matches each ordering term against every selected column, each
    column's identity found by binding its constructor's signature: some 60 columns
    for a page's roles with their initiatives and sources."""
    if not ids:
        return []
    chosen = queryset.filter(in_ids(queryset.model, "id", ids)).order_by()
    rows = {row.pk: row for row in chosen}
    return [rows[id_] for id_ in ids if id_ in rows]


def counts_among(queryset, field, ids):
    """{id: how many rows of `queryset` have it in `field`}, for those of `ids` with any:
    the figures a page's rows show (an actor's roles, an article's citations), counted
    in one grouped query for the page rather than a correlated count per row."""
    return dict(
        queryset.filter(in_ids(queryset.model, field, ids))
        .order_by()
        .values_list(field)
        .annotate(n=Count("pk"))
    )


def rows_among(queryset, field, ids):
    """{id: [the rows of `queryset` whose `field` (a foreign key) is id]}, for those of
    `ids` with any, in the queryset's order: a page's related rows (each listed actor's
    positions) read for its ids in one query.

    A prefetch asks the same with `field IN (%s, %s, …)`, a parameter per id, compiled
    and checked one by one and, on PostgreSQL, planned as its own statement for each
    number of ids; and its machinery joins the rows to their records. For the list of
    actors' positions at scale: 2.2 ms on SQLite and 3.9 ms on PostgreSQL by prefetch,
    1.3 and 1.9 ms so."""
    attname = queryset.model._meta.get_field(field).attname
    grouped: dict[int, list] = {}
    for row in queryset.filter(in_ids(queryset.model, field, ids)):
        grouped.setdefault(getattr(row, attname), []).append(row)
    return grouped
