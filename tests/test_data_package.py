"""The whole published dataset as a Frictionless Data Package, and the /data/ page."""

import csv
import io
import json
import re
import zipfile

import pytest
from django.urls import reverse
from frictionless import Package, validate

from core.publishing import PublicationState
from datasets import package
from initiatives.models import Initiative, InitiativeSource
from municipalities.models import Municipality

from .factories import (
    make_actor,
    make_article,
    make_claim,
    make_funding,
    make_initiative,
    make_participation,
    make_quote,
    make_school,
    make_school_link,
)

pytestmark = pytest.mark.django_db

MARKER = "Utkastmarkör"
TABLE_URLS = [f"/data/{name}.csv" for name in package.TABLES]


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def download(client, folder):
    """Every file of the package as a researcher gets it, saved in `folder`."""
    files = {"datapackage.json": content(client.get("/data/datapackage.json"))}
    for url in TABLE_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        files[url.rsplit("/", 1)[1]] = content(response)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def rows_of(data):
    return list(csv.DictReader(io.StringIO(data.decode())))


def zip_members(client):
    response = client.get("/data/equity-data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(content(response)))
    assert archive.testzip() is None
    return {name: archive.read(name) for name in archive.namelist()}


def with_parent_and_facts():
    """A published initiative with every kind of fact, part of another published one."""
    trollhattan = Municipality.objects.get(code="1488")
    whole = make_initiative(title="Helheten", municipalities=[trollhattan])
    part = make_initiative(title="Delen", part_of=whole, municipalities=[trollhattan])
    source = make_article()
    InitiativeSource.objects.create(initiative=part, article=source)
    make_participation(initiative=part, actor=make_actor(), source=source)
    make_funding(initiative=part, recipient_municipality=trollhattan, source=source, note="=1+1")
    make_school_link(initiative=part, school=make_school(), source=source)
    make_claim(initiative=part, aspect="part_of", source=source)
    make_quote(initiative=part, article=source, speaker=make_actor(), text="arbetar mot")
    return part, whole


def drafts_with_marker():
    """Every kind of unpublished record, and facts of published records that name one."""
    draft = PublicationState.DRAFT
    trollhattan = Municipality.objects.get(code="1488")
    published = make_initiative(title="Publicerad", municipalities=[trollhattan])
    draft_article = make_article(
        title=f"{MARKER} artikel",
        slug="utkastmarkor-artikel",
        body=f"{MARKER} arbetar mot segregation.",
        publication_state=draft,
    )
    draft_actor = make_actor(
        name=f"{MARKER} aktör", slug="utkastmarkor-aktor", publication_state=draft
    )
    draft_school = make_school(
        name=f"{MARKER}skolan", slug="utkastmarkor-skola", publication_state=draft
    )
    draft_initiative = make_initiative(
        title=f"{MARKER} insats",
        slug="utkastmarkor-insats",
        summary=MARKER,
        municipalities=[trollhattan],
        publication_state=draft,
    )
    make_participation(initiative=draft_initiative, actor=make_actor(), note=MARKER)
    make_initiative(title="Del av ett utkast", part_of=draft_initiative)
    make_actor(name="Skolaktör", school=draft_school)
    InitiativeSource.objects.create(initiative=published, article=draft_article)
    make_participation(initiative=published, actor=draft_actor)
    make_participation(initiative=published, actor=make_actor(), source=draft_article)
    make_funding(initiative=published, funder=draft_actor, recipient_municipality=trollhattan)
    make_school_link(initiative=published, school=draft_school)
    make_claim(initiative=published, source=draft_article)
    make_quote(
        initiative=published, article=draft_article, speaker=make_actor(), text=f"{MARKER} arbetar"
    )
    make_article(title=f"{MARKER} av ett utkast", publisher=draft_actor)


def test_the_package_validates_with_frictionless(client, tmp_path):
    with_parent_and_facts()
    download(client, tmp_path)

    report = validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(package.TABLES)


def test_every_table_has_a_schema_with_keys_and_described_columns(client, tmp_path):
    download(client, tmp_path)
    described = Package(str(tmp_path / "datapackage.json"))

    assert described.licenses[0]["name"] == "CC-BY-4.0"
    names = {resource.name for resource in described.resources}
    assert {"initiatives", "parts", "municipalities", "counties", "schools", "actors"} <= names
    assert {"participations", "funding", "articles", "quotes", "evidence"} <= names
    for resource in described.resources:
        assert resource.schema.primary_key, resource.name
        assert all(field.description for field in resource.schema.fields), resource.name
    initiatives = described.get_resource("initiatives").schema
    assert initiatives.get_field("start_year").type == "integer"
    assert described.get_resource("funding").schema.get_field("amount_sek").type == "number"


def test_foreign_keys_hold_and_facts_keep_their_sources(client, tmp_path):
    part, whole = with_parent_and_facts()
    files = download(client, tmp_path)
    tables = {
        name.removesuffix(".csv"): rows_of(data)
        for name, data in files.items()
        if name.endswith(".csv")
    }
    keys = {
        table.name: {row[table.primary_key[0]] for row in tables[table.name]}
        for table in package.TABLES.values()
        if len(table.primary_key) == 1
    }

    for table in package.TABLES.values():
        for column, target, _field in table.foreign_keys:
            for row in tables[table.name]:
                assert row[column] == "" or row[column] in keys[target], (table.name, column)
    assert {"part": part.slug, "whole": whole.slug} in tables["parts"]
    funding = next(row for row in tables["funding"] if row["initiative"] == part.slug)
    assert funding["passage"] == "arbetar mot segregation"
    assert funding["note"] == "'=1+1"  # as inert as the browser's export
    assert funding["source"] in keys["articles"]


def test_article_texts_are_not_shipped(client, tmp_path):
    make_article(title="Med en hemlig brödtext", body="Upphovsrättsligt skyddad brödtext.")
    files = download(client, tmp_path)

    assert "title" in rows_of(files["articles.csv"])[0]
    assert all(b"Upphovsr\xc3\xa4ttsligt" not in data for data in files.values())


def test_drafts_appear_in_no_file_and_not_inside_the_zip(client, tmp_path):
    drafts_with_marker()
    files = download(client, tmp_path)
    members = zip_members(client)

    assert set(members) == set(files)
    for name, data in [*files.items(), *members.items()]:
        text = data.decode()
        assert MARKER.lower() not in text.lower(), name
        assert "utkastmarkor" not in text, name
    actors = rows_of(files["actors.csv"])
    assert next(row for row in actors if row["name"] == "Skolaktör")["school"] == ""
    assert not any(
        row["part"].startswith("testinsats") and row["whole"] == ""
        for row in rows_of(files["parts.csv"])
    )
    assert validate(str(tmp_path / "datapackage.json")).valid


def test_the_zip_holds_the_same_files_as_the_downloads(client, tmp_path):
    with_parent_and_facts()
    files = download(client, tmp_path)

    assert zip_members(client) == files


def test_files_carry_an_etag_and_answer_304_until_content_changes(client):
    for url in ["/data/datapackage.json", "/data/initiatives.csv", "/data/equity-data.zip"]:
        first = client.get(url)
        etag = first["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304, url

    make_initiative(title="Ny insats")
    changed = client.get("/data/initiatives.csv", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "Ny insats" in content(changed).decode()
    assert changed["ETag"] != etag


def test_a_download_builds_each_table_with_one_query(client, django_assert_max_num_queries):
    for _ in range(3):
        with_parent_and_facts()

    with django_assert_max_num_queries(len(package.TABLES) + 2):
        content(client.get("/data/equity-data.zip"))
    with django_assert_max_num_queries(3):
        content(client.get("/data/participations.csv"))


def test_the_page_describes_the_dataset_with_json_ld(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(len(package.TABLES) + 3):
        response = client.get("/en/data/")

    assert response.status_code == 200
    page = response.content.decode()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    described = json.loads(found.group(1))
    assert described["@type"] == "Dataset"
    assert described["license"] == "https://creativecommons.org/licenses/by/4.0/"
    formats = {item["encodingFormat"] for item in described["distribution"]}
    assert formats == {"application/zip", "application/json", "text/csv"}
    assert "Statistics Sweden (SCB)" in page
    assert "Valmyndigheten" in page
    for url in ["/data/equity-data.zip", "/data/datapackage.json", *TABLE_URLS]:
        assert f'href="http://testserver{url}"' in page


def test_every_page_links_to_the_dataset(client):
    page = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("datasets:page")}"' in page


def test_unpublished_counts_stay_off_the_page(client):
    drafts_with_marker()
    published = Initiative.objects.published().count()

    page = client.get("/en/data/").content.decode()

    assert re.search(
        rf"initiatives\.csv</a>\s*</th>\s*<td>Initiatives</td>\s*<td class=\"num\">{published}<",
        page,
    )
