"""django-axes (the admin login's throttling) under a name staff understand in the admin.

Its own module, imported while the app registry loads: it may import no models.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class LoginThrottleConfig(AxesAppConfig):
    verbose_name = _("Login throttling")
