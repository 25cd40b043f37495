from django.conf import settings
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from core.derived_cache import remember
from core.pagination import Paginator


class Pagination(PageNumberPagination):
    """`?page=2&page_size=50`: count, next, previous and results; at most
    API_MAX_PAGE_SIZE rows a page (a larger page_size gives that many).

    A view with a `counted_by(request)` method keeps each selection's count once per
    content change (core.derived_cache), as the browser does: a COUNT over a common
    word's matches took longer than the page of rows itself.
    """

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    # A deep page read without walking every row before it (core.pagination).
    django_paginator_class = Paginator

    def paginate_queryset(self, queryset, request, view=None):
        counted_by = getattr(view, "counted_by", None)
        if counted_by is not None:
            key = f"api-count:{type(view).__name__}:{counted_by(request)}"

            class Counted(RememberedCountPaginator):
                count_key = key

            self.django_paginator_class = Counted
        return super().paginate_queryset(queryset, request, view)


class RememberedCountPaginator(Paginator):
    """A Paginator whose count is kept under `count_key` once per content change."""

    count_key = ""

    @cached_property
    def count(self):
        return remember(self.count_key, lambda: Paginator(self.object_list, self.per_page).count)
