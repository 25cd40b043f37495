"""
Gzip for public HTML pages, and only where no secret can leak through it (BREACH).

BREACH guesses a secret in a compressed HTTPS response, byte by byte, from how the
compressed size changes with text the attacker gets reflected into the same response
(a search box, a filter value). It needs both in one body: a secret and reflected input.
So HTML is compressed only when the body carries no secret:

- the request has no session cookie (an anonymous visitor: no personal data, no drafts);
- the path is not under the admin or /i18n/ (their forms carry CSRF tokens);
- rendering the page did not ask for a CSRF token (`get_token()` marks the request), so a
  public page that one day gains a POST form stops being compressed by itself;
- the response sets no cookie.

Staff pages, the admin and the login page are sent uncompressed. As a second layer,
Django's GZipMiddleware pads each compressed response with 0–100 random bytes ("Heal the
Breach"), which blurs the sizes an attack measures. Static files are compressed ahead of
time by whitenoise (CompressedManifestStaticFilesStorage), not here; streamed exports
are left as they are.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

EXCLUDED_PREFIXES = ("/admin/", "/i18n/")


def carries_no_secret(request, response):
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.cookies
    )


class PublicPageGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for HTML that carries no secret (see the module docstring)."""

    def process_response(self, request, response):
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        if not carries_no_secret(request, response):
            return response
        return super().process_response(request, response)
