"""
Pagination shared by the public list pages, the API and the admin's changelists.

`Paginator` reads a page far down a list without making the database walk past every
row before it with the row's whole query. An OFFSET reads and throws away every earlier
row, and those rows are made in full first, annotations included: the last page of the
articles took 1.4 s on PostgreSQL at scale (a citation count worked out for each of
100 000 articles to show 5), and of the actors 1.2 s. So a deep page reads its rows' ids
first, without the rest of the row's query, and from the nearer end of the list: a page
in its second half in the reverse order (the list's order ends with the primary key, so
the reverse is its exact mirror). Then its rows are read by their ids.
"""

from typing import TYPE_CHECKING

from django.core import paginator
from django.db.models import QuerySet
from django.views.generic import ListView

from .derived_cache import remember
from .publishing import sees_drafts

if TYPE_CHECKING:
    _Base = ListView
else:
    _Base = object


# A page whose rows start this far from the nearer end of its list reads their ids first
# (`page_of`): below it the skipped rows cost less than one more query.
DEEP_OFFSET = 500
UNIQUE_LAST = ("pk", "-pk", "id", "-id")


def page_of(queryset, bottom, top, count):
    """`queryset[bottom:top]` for a list of `count` rows, as a queryset; see the module
    docstring. A deep page is the queryset's rows with the ids `page_ids` reads, in the
    queryset's own order. A queryset whose order may not be its own exact mirror (its
    last term is not the primary key), or that cannot be reversed or filtered by ids (a
    slice, a union), is sliced as it is."""
    query = queryset.query
    order = query.order_by
    plain = not order or order[-1] not in UNIQUE_LAST or query.combinator or query.is_sliced
    if bottom < DEEP_OFFSET or plain:
        return queryset[bottom:top]
    return queryset.filter(pk__in=page_ids(queryset, bottom, top, count))


def page_ids(queryset, bottom, top, count):
    """The ids of `queryset[bottom:top]` (its order ending with the primary key), in its
    order, read without the rest of the row's query from the nearer end of its `count`
    rows: a page in the second half in the reverse order, then turned round."""
    ids = queryset.prefetch_related(None).values_list("pk", flat=True)
    if count - top < bottom:
        # Nearer the end: the same rows are count-top..count-bottom of the reverse.
        return list(ids.reverse()[count - top : count - bottom])[::-1]
    return list(ids[bottom:top])


class Paginator(paginator.Paginator):
    """Django's Paginator, reading a deep page by `page_of` (a queryset's) or by the
    list's own `page_of(bottom, top, count)` (a sequence that knows a quicker way, as
    initiatives/funding_order.py does)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if isinstance(rows, QuerySet):
            rows = page_of(rows, bottom, top, self.count)
        elif hasattr(rows, "page_of"):
            rows = rows.page_of(bottom, top, self.count)
        else:
            rows = rows[bottom:top]
        return paginator.Page(rows, number, self)


class ForgivingPaginationMixin(_Base):
    """Paginator.get_page(): a page past the end shows the last page, junk shows the first.

    Visitors who follow an old link after the list shrank land on real results instead of
    a 404.
    """

    paginator_class = Paginator
    # Lists whose row count is the same for every request with the same `counted_by()`
    # keep it per content change (a COUNT over 100 000 joined rows takes ~1 s on SQLite).
    count_once_per_change = False

    def counted_by(self):
        """What the list's count depends on besides drafts: e.g. a filter's value."""
        return ""

    def count_rows(self, queryset):
        """The list's row count, for `count_once_per_change` (a list that reads its rows'
        ids anyway can count those)."""
        return queryset.count()

    def page_rows(self, rows):
        """The page's rows as shown: what a list adds to the rows it shows only, not to
        every row it sorts to find them (the initiative browser's funding totals)."""
        return rows

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        if self.count_once_per_change:
            drafts = "drafts" if sees_drafts(self.request.user) else "public"
            key = f"count:{type(self).__name__}:{drafts}:{self.counted_by()}"
            paginator.count = remember(key, lambda: self.count_rows(queryset))
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        page.object_list = self.page_rows(page.object_list)
        return paginator, page, page.object_list, page.has_other_pages()
