"""
The page a locked-out admin login gets (django-axes' AXES_LOCKOUT_CALLABLE): in the
admin's language, saying how long to wait, and telling clients the same in a
`Retry-After` header. (Axes' own answer is one English sentence.)
"""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429, a page saying when to try again, and Retry-After."""
    cool_off = get_cool_off(request)
    seconds = math.ceil(cool_off.total_seconds()) if cool_off else None
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        # Axes adds its defaults to the settings when it loads, out of the type checker's sight.
        "message": settings.AXES_COOLOFF_MESSAGE  # type: ignore[misc]
        if seconds
        else settings.AXES_PERMALOCK_MESSAGE,  # type: ignore[misc]
        "minutes": math.ceil(seconds / 60) if seconds else None,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    # Rendered now: axes may answer from its middleware, after the view has run.
    response = render(request, "admin/lockout.html", context, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
