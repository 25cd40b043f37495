"""
The initiatives in the order of their public funding (the browser's `order=funding`, and
so its exports' and the API's): the largest total first, ties by title (in Swedish order)
and id, and then those with no public payment, by title and id.

Sorting a selection by its totals made the database work out the total of every
initiative in it (a correlated sum through the publication rule's joins) to keep 25:
about 0.3 s at scale on both databases for every page. The order of every published
initiative with public funding is worked out once per content change instead
(core.derived_cache; the totals are `with_total_funding()`'s, the rule's), kept as an
array of ids, and a selection takes its own from it, walking down the order until a page
is full (`FundingOrder.funded`), then reads the page's rows by their ids. The rows with no
public funding (drafts among them: a draft's payments are not public) follow in title
order, as the database sorts them.

`FundingOrder` is what `InitiativeFilter.results` gives for this order: a sequence that
Django's and DRF's paginators slice a page from, and that the exports read in chunks.
"""

from array import array
from operator import attrgetter

from django.db.models import F
from django.utils.functional import cached_property

from core import pagination
from core.collation import swedish
from core.derived_cache import remember
from core.id_lists import in_ids, not_in_ids

from .models import Initiative


def ranking():
    """The ids of the published initiatives with public funding, in the funding order,
    kept until any content changes (an array: 8 bytes an initiative in the cache)."""

    def read():
        ranked = (
            Initiative.objects.published()
            .with_total_funding()
            .filter(total_funding_sek__isnull=False)
            .order_by(F("total_funding_sek").desc(), *swedish("title"), "pk")
            .values_list("pk", flat=True)
        )
        return array("q", ranked)

    return remember("funding-order:ranking", read)


# The first look-up of a selection's funded initiatives asks about this many of the
# ranked ids (at least four times as many as the page reaches down to), each next one
# about eight times as many as asked before: a page at the top of the order asks once,
# about a few hundred ids, where asking about all 22 000 at scale took 23 ms of a 43 ms
# page on SQLite.
FIRST_LOOK = 256
LOOK_AHEAD = 4
GROWTH = 8
# A deep page past the funded initiatives within this many rows of either end of the
# unfunded ones is found by walking from that end (FundingOrder.unfunded_near_an_end).
WALK_LIMIT = 1000


class FundingOrder:
    """`queryset` (a selection of initiatives, its own order ignored) in the funding order.

    A page (`[start:stop]`) is a list of the queryset's rows, as its query makes them
    (annotations, prefetches); `count()` is the queryset's; `ids()` every id in order.
    The selection's funded initiatives are found by walking down the order in growing
    steps until the page is full, so the top of the order costs one small query.
    """

    def __init__(self, queryset):
        self.queryset = queryset.order_by()
        self.model = queryset.model
        self.found = []  # the selection's funded ids found so far, in order
        self.walked = 0  # how far down the order they were looked for

    @cached_property
    def ranked(self):
        """The kept order, read once: a page is made from one content generation's."""
        return ranking()

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def funded(self, stop=None):
        """The selection's funded ids in the funding order: at least the first `stop` of
        them, every one when `stop` is None or the selection has fewer."""
        ranked = self.ranked
        while self.walked < len(ranked) and (stop is None or len(self.found) < stop):
            if stop is None:
                size = len(ranked) - self.walked
            else:
                size = max(FIRST_LOOK, LOOK_AHEAD * stop, GROWTH * self.walked)
            batch = ranked[self.walked : self.walked + size]
            held = set(
                self.queryset.filter(in_ids(Initiative, "id", batch)).values_list("pk", flat=True)
            )
            self.found += [pk for pk in batch if pk in held]
            self.walked += len(batch)
        return self.found

    def funded_count(self):
        """How many of the selection have public funding: counted by the database, not
        read (the last page of the browser by funding read all 19 000 ids at scale), and
        kept per content change for the selection, which its query names."""
        ranked = self.ranked
        if self.walked == len(ranked):
            return len(self.found)
        sql, params = self.queryset.query.sql_with_params()
        return remember(
            f"funding-order:funded:{self.queryset.db}:{sql}:{params!r}",
            lambda: self.queryset.filter(in_ids(Initiative, "id", ranked)).count(),
        )

    def unfunded(self):
        """The rest of the selection, in title order."""
        ranked = self.ranked
        rest = (
            self.queryset.filter(not_in_ids(Initiative, "id", ranked)) if ranked else self.queryset
        )
        return in_title_order(rest)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("FundingOrder takes a slice of consecutive rows")
        start, stop = index.start or 0, index.stop
        if start < 0 or (stop is not None and stop < 0):
            raise ValueError("FundingOrder takes no negative indexes")
        funded = self.funded(stop)
        ids = funded[start:stop]
        if stop is None or stop > len(funded):  # every funded one found: the rest follow
            rest = self.unfunded().values_list("pk", flat=True)
            ids += rest[max(start - len(funded), 0) : None if stop is None else stop - len(funded)]
        return by_ids(self.queryset, ids)

    def page_of(self, bottom, top, count):
        """Rows `bottom` to `top` of the selection's `count`, for the paginators
        (core.pagination.Paginator): a deep page past the funded initiatives is read
        from the unfunded ones alone, their ids first from the nearer end as
        core.pagination reads a deep page, the funded ones counted instead of read."""
        if bottom >= pagination.DEEP_OFFSET:
            funded = self.funded_count()
            if bottom >= funded:
                start, stop, rest = bottom - funded, top - funded, count - funded
                ids = self.unfunded_near_an_end(start, stop, rest)
                if ids is None:
                    ids = pagination.page_ids(self.unfunded(), start, stop, rest)
                return by_ids(self.queryset, ids)
        return self[bottom:top]

    def unfunded_near_an_end(self, start, stop, rest):
        """The ids of the unfunded rows `start` to `stop` of `rest`, for a page within
        WALK_LIMIT rows of either end of them (the last page of the browser by funding),
        or None for a page farther in.

        The selection's ids are read from that end in title order, as the index holds
        them, and the funded ones skipped here: `unfunded()` asks the database to leave
        out all 19 000 funded ids at scale, which it first read into a table of its own
        (SQLite: 7 of the last page's 21 ms), to show 25 rows.
        """
        from_end = rest - stop < start
        skip = rest - stop if from_end else start
        wanted = skip + stop - start
        if wanted > WALK_LIMIT:
            return None
        ranked = set(self.ranked)
        ordered = in_title_order(self.queryset).values_list("pk", flat=True)
        if from_end:
            ordered = ordered.reverse()
        found: list[int] = []
        walked, size = 0, max(FIRST_LOOK, LOOK_AHEAD * wanted)
        while len(found) < wanted:
            if walked >= WALK_LIMIT * GROWTH:  # mostly funded rows here: asked the other way
                return None
            batch = list(ordered[walked : walked + size])
            found += [pk for pk in batch if pk not in ranked]
            if len(batch) < size:  # the selection's end: every unfunded one found
                break
            walked += size
            size *= GROWTH
        ids = found[skip:wanted]
        return ids[::-1] if from_end else ids

    def ids(self):
        """Every id of the selection, in the funding order (for the exports)."""
        return self.funded() + list(self.unfunded().values_list("pk", flat=True))


def in_title_order(queryset):
    """The order of the initiatives without public funding, after the funded ones: by
    title in Swedish order, ties by id (`unfunded()`, and the walk from either end of it)."""
    return queryset.order_by(*swedish("title"), "pk")


def by_ids(queryset, ids, pk=attrgetter("pk")):
    """The rows of `queryset` with `ids`, in the order of `ids` (`pk`: a row's id, for
    rows other than model instances, such as `values()` dicts)."""
    if not ids:
        return []
    rows = {pk(row): row for row in queryset.filter(in_ids(Initiative, "id", ids))}
    return [rows[id_] for id_ in ids if id_ in rows]
