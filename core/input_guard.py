"""
Refuse a NUL character anywhere in the address, with a clear 400.

No page here has a use for one, and PostgreSQL cannot hold text containing NUL: a
lookup with one fails with a DataError, a 500. Refusing it at the door spares every
view from remembering. Forms are covered already: Django's CharField rejects NUL.
"""

from urllib.parse import unquote

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


def contains_nul(request):
    query = request.META.get("QUERY_STRING", "")
    return "\x00" in request.path or "\x00" in unquote(query)


class RejectNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if contains_nul(request):
            message = _("The address contains a NUL character, which no page here accepts.")
            return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")
        return self.get_response(request)
