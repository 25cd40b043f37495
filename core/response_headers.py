"""
Headers every response gets, whatever view made it.

- `Permissions-Policy`: the site uses no camera, microphone, location or other
  powerful browser feature, so it switches them all off (settings.PERMISSIONS_POLICY);
  an injected script or a framed page cannot ask for them either.
- `Cache-Control: private` on every response to a request that carries a session
  (staff are the only people who log in) and on the response that starts one (the
  login): such pages may show drafts or a staff member's name, and a shared cache (a
  proxy, a CDN) must never hand them to someone else. The session cookie is the test,
  not `request.user`, so deciding costs no database query.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


def carries_a_session(request, response):
    name = settings.SESSION_COOKIE_NAME
    return name in request.COOKIES or name in response.cookies


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if carries_a_session(request, response):
            patch_cache_control(response, private=True)
        return response
