"""The export of every published initiative and the data package's files are made once per
content change, then sent from the file kept on the way (core/stored_downloads.py), and
never outlive a change."""

import csv
import gc
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from django.http import FileResponse
from django.urls import reverse

from core import stored_downloads
from initiatives.models import Initiative

from .factories import make_initiative, make_many_initiatives

pytestmark = pytest.mark.django_db

EXPORTS = ["initiatives:export-csv", "initiatives:export-json"]


def body(response):
    return b"".join(response.streaming_content)


def slugs(name, content):
    text = content.decode("utf-8")
    if name.endswith("csv"):
        return [row["slug"] for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))]
    return [row["slug"] for row in json.loads(text)]


def stored_files(settings):
    directory = Path(settings.DOWNLOAD_STORE_DIR)
    return sorted(directory.iterdir()) if directory.exists() else []


@pytest.mark.parametrize("name", EXPORTS)
def test_the_second_full_export_is_the_stored_file_without_a_query(
    client, settings, django_assert_num_queries, name
):
    first = client.get(reverse(name))
    made = body(first)
    assert not isinstance(first, FileResponse)
    assert len(stored_files(settings)) == 1

    with django_assert_num_queries(0):
        second = client.get(reverse(name))
        sent = body(second)

    assert isinstance(second, FileResponse)
    assert sent == made
    assert second["Content-Length"] == str(len(made))
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert "borlange-mot-segregation-tillvaxtverket" in slugs(name, sent)


@pytest.mark.parametrize("name", EXPORTS)
def test_a_change_is_in_the_next_full_export_and_the_old_file_is_removed(client, settings, name):
    before = body(client.get(reverse(name)))
    (old_file,) = stored_files(settings)

    initiative = Initiative.objects.published().get(slug="borlange-mot-segregation-tillvaxtverket")
    initiative.title = "Ny titel efter en ändring"
    initiative.save()
    added = make_initiative(title="Alldeles ny insats")
    after = body(client.get(reverse(name)))

    assert "Ny titel efter en ändring".encode() in after
    assert "Ny titel efter en ändring".encode() not in before
    assert added.slug in slugs(name, after)
    assert added.slug not in slugs(name, before)
    (new_file,) = stored_files(settings)
    assert new_file != old_file
    assert new_file.read_bytes() == after


def test_a_filtered_export_is_streamed_and_not_stored(client, settings):
    for _ in range(2):
        response = client.get(reverse("initiatives:export-csv"), {"municipality": "borlange"})
        assert not isinstance(response, FileResponse)
        assert "borlange-mot-segregation-tillvaxtverket" in slugs("csv", body(response))
    assert stored_files(settings) == []


def test_each_language_has_its_own_file_with_its_own_links(client, settings):
    swedish = body(client.get("/initiatives/export.csv")).decode()
    english = body(client.get("/en/initiatives/export.csv")).decode()

    assert "http://testserver/initiatives/borlange-mot-segregation-tillvaxtverket/" in swedish
    assert "http://testserver/en/initiatives/borlange-mot-segregation-tillvaxtverket/" in english
    assert len(stored_files(settings)) == 2
    assert body(client.get("/en/initiatives/export.csv")).decode() == english


@pytest.mark.parametrize("name", EXPORTS)
def test_an_abandoned_download_leaves_nothing_to_serve(client, settings, monkeypatch, name):
    make_many_initiatives(6)
    monkeypatch.setattr("front.exports.CHUNK_SIZE", 2)
    response = client.get(reverse(name))
    stream = iter(response.streaming_content)
    next(stream)
    # The client goes away: the response is let go half read, which closes its stream
    # (the test client's wrapper then closes the response).
    del stream, response
    gc.collect()

    assert stored_files(settings) == []
    again = client.get(reverse(name))
    assert not isinstance(again, FileResponse)  # made afresh, and complete this time
    complete = body(again)
    assert len(slugs(name, complete)) == Initiative.objects.published().count()
    assert (stored_files(settings)[0]).read_bytes() == complete


def test_a_file_made_while_the_content_changed_is_not_kept(client, settings):
    response = client.get(reverse("initiatives:export-csv"))
    stream = iter(response.streaming_content)
    received = [next(stream)]
    make_initiative(title="Ändrad under nedladdningen")  # a new content generation
    received.extend(stream)

    assert stored_files(settings) == []
    again = body(client.get(reverse("initiatives:export-csv")))
    assert "Ändrad under nedladdningen".encode() in again


def test_an_unwritable_store_still_streams_the_export(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.DOWNLOAD_STORE_DIR = str(blocker / "downloads")

    response = client.get(reverse("initiatives:export-csv"))

    assert response.status_code == 200
    assert "borlange-mot-segregation-tillvaxtverket" in slugs("csv", body(response))


def test_files_of_earlier_generations_and_dead_partials_are_removed(tmp_path):
    digest = "0123456789abcdef" * 2
    old, current = tmp_path / f"100-{digest}", tmp_path / f"200-{digest}"
    newer = tmp_path / f"300-{digest}"
    not_ours = tmp_path / "100-notes.txt"  # in a directory shared by mistake
    fresh_partial = tmp_path / f"{stored_downloads.PARTIAL_PREFIX}fresh"
    dead_partial = tmp_path / f"{stored_downloads.PARTIAL_PREFIX}dead"
    for path in (old, current, newer, not_ours, fresh_partial, dead_partial):
        path.write_text("x")
    hours_ago = dead_partial.stat().st_mtime - 2 * stored_downloads.PARTIAL_MAX_AGE_SECONDS
    os.utime(dead_partial, (hours_ago, hours_ago))

    stored_downloads.remove_older(tmp_path, 200)

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [current.name, newer.name, not_ours.name, fresh_partial.name]
    )


def test_nothing_is_stored_while_a_read_replica_may_lag(client, settings, monkeypatch):
    monkeypatch.setattr(stored_downloads, "replica_may_be_behind", lambda generation: True)
    for _ in range(2):
        response = client.get(reverse("initiatives:export-csv"))
        assert not isinstance(response, FileResponse)
        assert "borlange-mot-segregation-tillvaxtverket" in slugs("csv", body(response))
    assert stored_files(settings) == []


DATA_FILES = ["/data/equity-data.zip", "/data/initiatives.csv", "/data/participations.csv"]


@pytest.mark.parametrize("url", DATA_FILES)
def test_the_data_package_files_are_made_once_per_change_then_sent_without_a_query(
    client, settings, django_assert_num_queries, url
):
    first = client.get(url)
    made = body(first)
    assert not isinstance(first, FileResponse)

    with django_assert_num_queries(0):
        second = client.get(url)
        sent = body(second)

    assert isinstance(second, FileResponse)
    assert sent == made
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["ETag"] == first["ETag"]
    assert len(stored_files(settings)) == 1


def test_a_change_is_in_the_next_data_package_and_the_old_files_are_removed(client, settings):
    before = body(client.get("/data/equity-data.zip"))
    body(client.get("/data/initiatives.csv"))
    old_files = stored_files(settings)

    added = make_initiative(title="Alldeles ny insats i datapaketet")
    after_zip = body(client.get("/data/equity-data.zip"))
    after_table = body(client.get("/data/initiatives.csv")).decode()

    member = zipfile.ZipFile(io.BytesIO(after_zip)).read("initiatives.csv").decode()
    assert added.slug in member
    assert added.slug in after_table
    assert added.slug.encode() not in before
    new_files = stored_files(settings)
    assert len(new_files) == 2
    assert not set(new_files) & set(old_files)


def test_the_data_package_table_and_the_export_of_the_same_name_are_kept_apart(client, settings):
    """Both are called initiatives.csv but hold different columns."""
    for _ in range(2):
        export = body(client.get(reverse("initiatives:export-csv"))).decode()
        table = body(client.get("/data/initiatives.csv")).decode()
        assert "actors_with_roles" in export.splitlines()[0]
        assert "actors_with_roles" not in table.splitlines()[0]
    assert len(stored_files(settings)) == 2


def test_the_data_package_is_kept_once_for_every_language(client, settings):
    swedish = body(client.get("/data/equity-data.zip", headers={"accept-language": "sv"}))
    english = client.get("/data/equity-data.zip", headers={"accept-language": "en"})

    assert isinstance(english, FileResponse)
    assert body(english) == swedish
    assert len(stored_files(settings)) == 1
