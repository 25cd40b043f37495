"""Template context shared by every page: canonical and alternate-language URLs."""

from django.conf import settings
from django.urls import translate_url


def site(request):
    path = request.path
    alternates = [
        (code, name, request.build_absolute_uri(translate_url(path, code)))
        for code, name in settings.LANGUAGES
    ]
    return {
        "canonical_url": request.build_absolute_uri(path),
        "alternate_languages": alternates,
        "current_section": getattr(request.resolver_match, "namespace", "") or "",
    }
