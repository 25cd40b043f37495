"""
Errors as problem details (RFC 9457, `application/problem+json`):

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "Some filter values are not valid, so no results are shown.",
     "errors": [{"field": "year_to", "label": "To year", "message": "…"}]}

`title` is the HTTP status phrase (the RFC's meaning of "about:blank"); `detail` says
what went wrong in the request's language. Invalid filters carry `errors`: the
browser's own messages for the same query string (InitiativeFilter.error_list()).
"""

from http import HTTPStatus

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.views import exception_handler

from core.input_guard import contains_nul

CONTENT_TYPE = "application/problem+json"


class InvalidFilters(APIException):
    """The query string holds filter values the browser would refuse too."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, filterset):
        super().__init__(_("Some filter values are not valid, so no results are shown."))
        self.errors = [
            {"field": e["field"], "label": str(e["label"]), "message": str(e["message"])}
            for e in error_list(filterset)
        ]


def error_list(filterset):
    """The browser FilterSet's own list; for another FilterSet, the same shape."""
    if hasattr(filterset, "error_list"):
        return filterset.error_list()
    return [
        {"field": name, "label": name, "message": message}
        for name, messages in filterset.form.errors.items()
        for message in messages
    ]


def problem(status_code, detail, **extra):
    return {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": str(detail),
        **extra,
    }


def problem_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a server error, handled (and logged) by Django
    data = response.data
    if isinstance(exc, InvalidFilters):
        body = problem(response.status_code, exc.detail, errors=exc.errors)
    elif isinstance(data, dict) and "detail" in data:
        body = problem(response.status_code, data["detail"])
    else:
        body = problem(response.status_code, HTTPStatus(response.status_code).description)
    response.data = body
    response.content_type = CONTENT_TYPE
    return response


def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: 404, also as a problem; an address that only
    lacks its final slash is sent to the one with it (as APPEND_SLASH does for pages)."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    detail = _("There is no such address in the API; see %(docs)s.") % {
        "docs": request.build_absolute_uri(reverse("api:docs"))
    }
    return JsonResponse(problem(404, detail), status=404, content_type=CONTENT_TYPE)


class RejectNulAsProblemMiddleware:
    """A NUL in an API address: the 400 core.input_guard gives, as a problem (it stands
    just before that middleware, which answers every other address)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and contains_nul(request):
            message = _("The address contains a NUL character, which no page here accepts.")
            return JsonResponse(problem(400, message), status=400, content_type=CONTENT_TYPE)
        return self.get_response(request)
