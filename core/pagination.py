"""Pagination shared by the public list pages."""

from typing import TYPE_CHECKING

from django.views.generic import ListView

from .derived_cache import remember
from .publishing import sees_drafts

if TYPE_CHECKING:
    _Base = ListView
else:
    _Base = object


class ForgivingPaginationMixin(_Base):
    """Paginator.get_page(): a page past the end shows the last page, junk shows the first.

    Visitors who follow an old link after the list shrank land on real results instead of
    a 404.
    """

    # Lists whose row count is the same for every request with the same `counted_by()`
    # keep it per content change (a COUNT over 100 000 joined rows takes ~1 s on SQLite).
    count_once_per_change = False

    def counted_by(self):
        """What the list's count depends on besides drafts: e.g. a filter's value."""
        return ""

    def page_rows(self, rows):
        """The page's rows as shown: what a list adds to the rows it shows only, not to
        every row it sorts to find them (the initiative browser's funding totals)."""
        return rows

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        if self.count_once_per_change:
            drafts = "drafts" if sees_drafts(self.request.user) else "public"
            key = f"count:{type(self).__name__}:{drafts}:{self.counted_by()}"
            paginator.count = remember(key, queryset.count)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        page.object_list = self.page_rows(page.object_list)
        return paginator, page, page.object_list, page.has_other_pages()
