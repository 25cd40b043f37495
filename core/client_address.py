"""
The visitor's address behind the reverse proxy.

Behind nginx every request comes from nginx, so the request log would show one network
and django-axes would lock an editor out from everywhere after someone else's failed
guesses. With TRUST_X_REAL_IP on, the address nginx puts in `X-Real-IP` (its own
`$remote_addr`, which a client cannot set: nginx replaces the header) becomes
REMOTE_ADDR. Turn it on only where nothing but the proxy can reach the app server
(deploy/: gunicorn listens on a Unix socket only nginx uses).
"""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed


class RealClientAddressMiddleware:
    def __init__(self, get_response):
        if not settings.TRUST_X_REAL_IP:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        address = request.META.get("HTTP_X_REAL_IP", "").strip()
        if address:
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
