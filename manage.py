#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equity_site.settings")
    if "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
        # A bare `manage.py` on a developer's machine is development. Production sets
        # SECRET_KEY (or DEBUG=0) and then gets the strict settings; the WSGI entry
        # point (gunicorn) never falls back to development.
        os.environ["DEBUG"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
