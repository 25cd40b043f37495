"""
Cross-origin reads of the JSON API: any web page may read it, without credentials.

`Access-Control-Allow-Origin: *` on every answer to a GET or HEAD under /api/ (stored
answers, 304s, errors and 429s included, so a script can read why it failed), and the
headers a script needs to revalidate and back off exposed. A preflight (a script that
sends If-None-Match itself) is answered here. Never `Allow-Credentials`: the API has no
logged-in view, and a browser sends no cookies with a `*` answer.
"""

from django.http import HttpResponse

API_PREFIX = "/api/"
EXPOSED = "ETag, Last-Modified, Retry-After"
ALLOWED_REQUEST_HEADERS = "If-None-Match, If-Modified-Since"


class PublicApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD"
            response["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
            response["Access-Control-Max-Age"] = "86400"
            return response
        response = self.get_response(request)
        if request.method in ("GET", "HEAD"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSED
        return response
