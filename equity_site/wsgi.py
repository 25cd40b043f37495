"""WSGI entry point; gunicorn runs `equity_site.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equity_site.settings")

application = get_wsgi_application()
