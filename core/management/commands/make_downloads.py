"""
Make the kept downloads (core/stored_downloads.py) before a visitor asks for them.

The full export and the data package are made by the first download after a change of
content, which waits for them (the ZIP takes seconds at scale); every later download in
the same content generation is the kept file. This command makes, for the current
generation, every download the apps list in `kept_downloads`, in every language, for
the address visitors use (SITE_URL or --site; the files' links hold it), through the
same views a visitor's download goes through, so the files are the same byte for byte.
A file already kept is left as it is.

deploy/systemd/equity-site-downloads.timer runs it every few minutes on each app server
(each keeps its own files). With --quiet-for, it waits until the content has not changed
for that many seconds, so a run of edits does not make the files again after each one.
"""

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import DisallowedHost
from django.core.management.base import BaseCommand, CommandError
from django.http import FileResponse
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from core.caching import current_generation
from core.stored_downloads import kept_downloads


class Command(BaseCommand):
    help = "Make the kept downloads (full export, data package) for the current content."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            default=settings.SITE_URL,
            help="the address visitors use, e.g. https://example.org (default: SITE_URL)",
        )
        parser.add_argument(
            "--quiet-for",
            type=float,
            default=0,
            metavar="SECONDS",
            help="do nothing while the content changed less than this long ago",
        )

    def handle(self, *args, site, quiet_for, **options):
        address = self.visitors_address(site)
        self.check_store()
        changed = time.time() - current_generation() / 1e9
        if changed < quiet_for:
            self.stdout.write(f"The content changed {changed:.0f} s ago: nothing made yet.")
            return
        factory = RequestFactory(HTTP_HOST=address.netloc)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for name in kept_downloads():
                    self.make(factory, reverse(name), address.scheme == "https")

    def visitors_address(self, site):
        """`site` split, once it is an address the site answers to."""
        address = urlsplit(site or "")
        if address.scheme not in ("http", "https") or not address.netloc or address.path.strip("/"):
            raise CommandError(
                "Give the address visitors use, e.g. --site https://example.org "
                "(or set SITE_URL): the files' links hold it."
            )
        try:
            RequestFactory(HTTP_HOST=address.netloc).get("/").get_host()
        except DisallowedHost as error:
            raise CommandError(f"{address.netloc} is not in ALLOWED_HOSTS.") from error
        return address

    def check_store(self):
        """Stop with a clear message where the files could only be made, not kept."""
        store = Path(settings.DOWNLOAD_STORE_DIR)
        try:
            store.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"The downloads cannot be kept in {store}: {error}") from error
        if not os.access(store, os.W_OK):
            raise CommandError(f"The downloads cannot be kept in {store}: not writable.")

    def make(self, factory, path, secure):
        request = factory.get(path, secure=secure)
        request.user = AnonymousUser()
        match = resolve(path)
        started = time.monotonic()
        response = match.func(request, *match.args, **match.kwargs)
        try:
            if response.status_code != 200:
                raise CommandError(f"{path}: {response.status_code}")
            if isinstance(response, FileResponse):
                self.stdout.write(f"{path}: kept already")
                return
            size = sum(len(piece) for piece in response.streaming_content)
        finally:
            response.close()
        seconds = time.monotonic() - started
        self.stdout.write(f"{path}: made, {size} bytes in {seconds:.1f} s")
