"""Pagination shared by the public list pages."""

from typing import TYPE_CHECKING

from django.views.generic import ListView

if TYPE_CHECKING:
    _Base = ListView
else:
    _Base = object


class ForgivingPaginationMixin(_Base):
    """Paginator.get_page(): a page past the end shows the last page, junk shows the first.

    Visitors who follow an old link after the list shrank land on real results instead of
    a 404.
    """

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
