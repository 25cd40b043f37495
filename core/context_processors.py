"""Template context shared by every page: canonical and alternate-language URLs."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.encoding import escape_uri_path
from django.utils.translation import override


def current_section(match):
    """The main-menu entry a page belongs to (marked aria-current in the header)."""
    if match is None:
        return ""
    if match.namespace == "municipalities" and match.url_name.startswith("county"):
        return "counties"
    if match.namespace == "municipalities" and match.url_name == "compare":
        return "compare"
    return match.namespace or match.url_name or ""


def site(request):
    # As sent, percent-encoded: decoded, a path such as "/%0A/%5B%5D" ("/\n/[]") reads to
    # urlsplit, which drops line breaks, as "//[]", a host it cannot parse, and the page
    # (its 404 page too) would fail to render. translate_url decodes the path it resolves.
    path = escape_uri_path(request.path)
    alternates = [
        (code, name, request.build_absolute_uri(in_language(path, request.resolver_match, code)))
        for code, name in settings.LANGUAGES
    ]
    return {
        "canonical_url": request.build_absolute_uri(path),
        "alternate_languages": alternates,
        "current_section": current_section(request.resolver_match),
        # A Publisher's preview of a pending change (core.moderation.render_public_page).
        "is_preview": getattr(request, "is_preview", False),
    }


def in_language(path, match, code):
    """The page's address in the language `code`, as `translate_url(path, code)` gives it,
    reversed from the request's own match (`match`, what `path` resolved to) instead of
    resolving the path once more for each language: the URL patterns walked twice a page.
    A page that resolved to nothing (a 404) keeps its path, as translate_url keeps it."""
    if match is None:
        return translate_url(path, code)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(code):
        try:
            return reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
