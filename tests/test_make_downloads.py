"""`manage.py make_downloads` makes the kept downloads before a visitor asks for them."""

import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import FileResponse
from django.urls import reverse
from django.utils import translation

from core.caching import GENERATION_KEY
from core.stored_downloads import kept_downloads
from datasets import package

from .factories import make_initiative

pytestmark = pytest.mark.django_db


def make_downloads(**options):
    """The command's output. Each download it makes ends as a request does (Django's
    request_finished, which closes an obsolete database connection); as Django's test
    client does, that is held off here, or on PostgreSQL it would end the test's
    transaction."""
    out = io.StringIO()
    request_finished.disconnect(close_old_connections)
    try:
        call_command("make_downloads", stdout=out, **options)
    finally:
        request_finished.connect(close_old_connections)
    return out.getvalue()


def body(response):
    return b"".join(response.streaming_content)


def test_every_app_lists_its_kept_downloads():
    assert {"initiatives:export-csv", "initiatives:export-json", "data:zip"} <= set(
        kept_downloads()
    )
    assert {f"data:{name}" for name in package.TABLES} <= set(kept_downloads())


def test_after_it_ran_every_download_is_the_kept_file_without_a_query(
    client, django_assert_num_queries
):
    make_initiative(title="Insats före nedladdningarna")
    output = make_downloads(site="http://testserver")

    assert "/en/initiatives/export.csv: made" in output  # every language
    for language in ("sv", "en"):
        with translation.override(language):
            paths = [reverse(name) for name in kept_downloads()]
        for path in paths:
            with django_assert_num_queries(0):
                response = client.get(path, headers={"accept-language": language})
                content = body(response)
            assert isinstance(response, FileResponse), path
            assert content
    export = body(client.get("/initiatives/export.csv")).decode()
    assert "Insats före nedladdningarna" in export
    assert "http://testserver/initiatives/" in export  # links to the address visitors use


def test_the_files_it_makes_are_those_a_visitor_would_get(client, settings):
    make_downloads(site="http://testserver")
    kept = {
        path: body(client.get(path))
        for path in ("/data/equity-data.zip", "/en/initiatives/export.json")
    }

    settings.DOWNLOAD_STORE_DIR = settings.DOWNLOAD_STORE_DIR + "-elsewhere"
    for path, content in kept.items():
        made = client.get(path)
        assert not isinstance(made, FileResponse)
        assert body(made) == content, path


def test_a_second_run_leaves_the_kept_files_alone():
    make_downloads(site="http://testserver")
    output = make_downloads(site="http://testserver")

    assert "made" not in output
    assert output.count("kept already") == 2 * len(kept_downloads())  # two languages


def test_it_waits_while_the_content_is_still_changing(client, settings):
    make_initiative(title="Just ändrad")
    output = make_downloads(site="http://testserver", quiet_for=60)

    assert "nothing made" in output
    assert not isinstance(client.get("/data/equity-data.zip"), FileResponse)


def test_it_makes_them_once_the_content_has_settled(client, settings):
    from django.core.cache import caches

    generations = caches[settings.PAGE_CACHE_GENERATION_CACHE]
    generations.set(GENERATION_KEY, time.time_ns() - 120 * 10**9, timeout=None)
    make_downloads(site="http://testserver", quiet_for=60)

    assert isinstance(client.get("/data/equity-data.zip"), FileResponse)


@pytest.mark.parametrize("site", ["", "testserver", "ftp://testserver", "https://host/sub/"])
def test_it_needs_the_address_visitors_use(settings, site):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="address visitors use"):
        make_downloads(site=site)


def test_it_refuses_an_address_the_site_does_not_answer_to(settings):
    settings.ALLOWED_HOSTS = ["kunskapsbank.example.se"]
    with pytest.raises(CommandError, match="not in ALLOWED_HOSTS"):
        make_downloads(site="https://elsewhere.example.se")


def test_it_says_so_when_the_files_cannot_be_kept(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.DOWNLOAD_STORE_DIR = str(blocker / "downloads")
    with pytest.raises(CommandError, match="cannot be kept"):
        make_downloads(site="http://testserver")
