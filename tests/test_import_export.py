"""Import and export of initiatives, participations and funding in the admin."""

from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.publishing import PublicationState
from initiatives.models import Funding, Initiative, Participation
from initiatives.resources import FundingResource, InitiativeResource, ParticipationResource
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db

SOURCE = "skolan-ar-en-angelagenhet-for-hela-borlange"
INITIATIVE_HEADERS = [
    "slug",
    "title",
    "type",
    "summary",
    "status",
    "start_year",
    "end_year",
    "start_date",
    "end_date",
    "municipalities",
    "schools",
    "sources",
    "publication_state",
]


def initiative_row(**values):
    row = {
        "slug": "borlange-skolteam",
        "title": "Team på två skolor i Borlänge",
        "type": "tillvaxtverket-grant",
        "summary": "Team från skola, elevhälsa och socialtjänst.",
        "status": "ongoing",
        "start_year": "2018",
        "end_year": "",
        "start_date": "",
        "end_date": "",
        "municipalities": "2081",
        "schools": "",
        "sources": SOURCE,
        "publication_state": "draft",
    }
    row.update(values)
    return [row[header] for header in INITIATIVE_HEADERS]


def dataset(headers, *rows):
    return tablib.Dataset(*rows, headers=headers)


def run_import(resource_class, data, dry_run=False, user=None):
    return resource_class().import_data(data, dry_run=dry_run, user=user)


def row_errors(result):
    """{row number: {field: [messages]}} for the rows that failed validation."""
    return {row.number: row.error_dict for row in result.invalid_rows}


# Happy paths.


def test_it_imports_a_new_initiative_with_its_places_and_sources():
    data = dataset(
        INITIATIVE_HEADERS,
        initiative_row(municipalities="2081, 1488", schools="kronans-skola", end_year="2019"),
    )
    result = run_import(InitiativeResource, data)
    assert not result.has_errors() and not result.has_validation_errors()
    initiative = Initiative.objects.get(slug="borlange-skolteam")
    assert initiative.type.slug == "tillvaxtverket-grant"
    assert (initiative.start_year, initiative.end_year) == (2018, 2019)
    assert set(initiative.municipalities.values_list("code", flat=True)) == {"2081", "1488"}
    assert list(initiative.schools.values_list("slug", flat=True)) == ["kronans-skola"]
    assert list(initiative.sources.values_list("slug", flat=True)) == [SOURCE]


def test_it_never_publishes_through_an_import():
    data = dataset(INITIATIVE_HEADERS, initiative_row(publication_state="published"))
    run_import(InitiativeResource, data)
    initiative = Initiative.objects.get(slug="borlange-skolteam")
    assert initiative.publication_state == PublicationState.DRAFT


def test_it_updates_the_initiative_with_the_same_slug():
    existing = Initiative.objects.get(slug="borlange-mot-segregation-tillvaxtverket")
    exported = InitiativeResource().export(Initiative.objects.filter(pk=existing.pk))
    exported.dict = [{**exported.dict[0], "end_year": "2020"}]
    result = run_import(InitiativeResource, exported)
    assert result.totals["update"] == 1
    existing.refresh_from_db()
    assert existing.end_year == 2020


def test_it_reads_a_municipality_code_that_lost_its_leading_zero():
    data = dataset(INITIATIVE_HEADERS, initiative_row(municipalities="114"))
    run_import(InitiativeResource, data)
    initiative = Initiative.objects.get(slug="borlange-skolteam")
    assert list(initiative.municipalities.all()) == [Municipality.objects.get(code="0114")]


def test_it_imports_participations_by_slug():
    headers = ["initiative", "actor", "role", "source", "note"]
    row = ["borlange-kartlaggning-social-hallbarhet", "lars-walter", "contact", SOURCE, "Chef."]
    result = run_import(ParticipationResource, dataset(headers, row))
    assert result.totals["new"] == 1
    participation = Participation.objects.get(actor__slug="lars-walter", role="contact")
    assert participation.source.slug == SOURCE


def test_it_imports_funding_without_an_identifier_column_as_new_rows():
    headers = ["initiative", "funder", "recipient_municipality", "amount_sek", "year", "source"]
    row = ["borlange-mot-segregation-tillvaxtverket", "tillvaxtverket", "2081", "1 000 000,50"]
    result = run_import(FundingResource, dataset(headers, [*row, "2019", SOURCE]))
    assert result.totals["new"] == 1
    funding = Funding.objects.get(year=2019)
    assert funding.amount_sek == Decimal("1000000.50")
    assert funding.recipient_municipality.code == "2081"


# Invalid rows: each is reported on its row and field, and the file saves nothing.

INVALID_INITIATIVES = [
    ({"type": "no-such-type"}, "type"),
    ({"municipalities": "2081,9999"}, "municipalities"),
    ({"schools": "no-such-school"}, "schools"),
    ({"sources": "no-such-article"}, "sources"),
    ({"start_year": "tjugoarton"}, "start_year"),
    ({"start_year": "1850"}, "start_year"),
    ({"start_year": "2019", "end_year": "2018"}, "__all__"),  # a check constraint
    ({"start_date": "18/3 2019"}, "start_date"),
    ({"status": "paused"}, "status"),
    ({"title": ""}, "title"),
]


@pytest.mark.parametrize("values,field", INVALID_INITIATIVES)
def test_it_reports_an_invalid_initiative_row_and_saves_nothing(values, field):
    before = Initiative.objects.count()
    good = initiative_row(slug="en-bra-rad")
    bad = initiative_row(**values)
    result = run_import(InitiativeResource, dataset(INITIATIVE_HEADERS, good, bad))
    assert not result.has_errors()
    errors = row_errors(result)
    assert list(errors) == [2]
    assert field in errors[2]
    assert Initiative.objects.count() == before


PARTICIPATION_HEADERS = ["initiative", "actor", "role", "source", "note"]
GOOD_PARTICIPATION = ["borlange-kartlaggning-social-hallbarhet", "lars-walter", "contact", SOURCE]
INVALID_PARTICIPATIONS = [
    (["no-such-initiative", "lars-walter", "contact", SOURCE], "initiative"),
    (["borlange-kartlaggning-social-hallbarhet", "nobody", "contact", SOURCE], "actor"),
    (["borlange-kartlaggning-social-hallbarhet", "lars-walter", "boss", SOURCE], "role"),
    (["borlange-kartlaggning-social-hallbarhet", "lars-walter", "lead", "no-such"], "source"),
]


@pytest.mark.parametrize("row,field", INVALID_PARTICIPATIONS)
def test_it_reports_an_invalid_participation_row_and_saves_nothing(row, field):
    before = Participation.objects.count()
    data = dataset(PARTICIPATION_HEADERS, [*GOOD_PARTICIPATION, ""], [*row, ""])
    result = run_import(ParticipationResource, data)
    assert not result.has_errors()
    errors = row_errors(result)
    assert list(errors) == [2]
    assert field in errors[2]
    assert Participation.objects.count() == before


FUNDING_HEADERS = [
    "uid",
    "initiative",
    "funder",
    "recipient_municipality",
    "recipient_actor",
    "amount_sek",
    "is_lower_bound",
    "year",
    "note",
    "source",
]


def funding_row(**values):
    row = {
        "uid": "",
        "initiative": "borlange-mot-segregation-tillvaxtverket",
        "funder": "tillvaxtverket",
        "recipient_municipality": "2081",
        "recipient_actor": "",
        "amount_sek": "100000",
        "is_lower_bound": "0",
        "year": "2019",
        "note": "",
        "source": SOURCE,
    }
    row.update(values)
    return [row[header] for header in FUNDING_HEADERS]


INVALID_FUNDING = [
    ({"amount_sek": "-5"}, "__all__"),  # a check constraint
    ({"amount_sek": "mycket"}, "amount_sek"),
    ({"recipient_municipality": ""}, "__all__"),  # neither a municipality nor an actor
    ({"recipient_municipality": "0000"}, "recipient_municipality"),
    ({"recipient_actor": "nobody"}, "recipient_actor"),
    ({"funder": "nobody"}, "funder"),
    ({"is_lower_bound": "kanske"}, "is_lower_bound"),
    ({"uid": "not-a-uuid"}, "uid"),
    ({"year": "3000"}, "year"),
]


@pytest.mark.parametrize("values,field", INVALID_FUNDING)
def test_it_reports_an_invalid_funding_row_and_saves_nothing(values, field):
    before = Funding.objects.count()
    data = dataset(FUNDING_HEADERS, funding_row(), funding_row(**values))
    result = run_import(FundingResource, data)
    assert not result.has_errors()
    errors = row_errors(result)
    assert list(errors) == [2]
    assert field in errors[2]
    assert Funding.objects.count() == before


# Round trips.


@pytest.mark.parametrize(
    "resource_class", [InitiativeResource, ParticipationResource, FundingResource]
)
def test_it_imports_its_own_export_unchanged(resource_class):
    model = resource_class._meta.model
    before = resource_class().export().csv
    result = run_import(resource_class, tablib.Dataset().load(before, format="csv"))
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == model.objects.count()
    assert result.totals["new"] == result.totals["update"] == 0
    assert resource_class().export().csv == before


# Through the admin.


def upload(data, file_format="csv"):
    content = data.export(file_format)
    if isinstance(content, str):
        content = content.encode()
    return SimpleUploadedFile(f"rader.{file_format}", content)


FORMAT_INDEX = {"csv": "0", "xlsx": "1"}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_previews_an_upload_and_saves_it_only_once_confirmed(editor_client, file_format):
    url = reverse("admin:initiatives_initiative_import")
    assert url == "/admin/initiatives/initiative/import/"
    data = dataset(INITIATIVE_HEADERS, initiative_row())
    preview = editor_client.post(
        url,
        {"import_file": upload(data, file_format), "format": FORMAT_INDEX[file_format]},
    )
    assert preview.status_code == 200
    assert preview.context["result"].totals["new"] == 1
    assert not Initiative.objects.filter(slug="borlange-skolteam").exists()

    confirm = preview.context["confirm_form"]
    response = editor_client.post(
        reverse("admin:initiatives_initiative_process_import"), confirm.initial
    )
    assert response.status_code == 302
    assert Initiative.objects.get(slug="borlange-skolteam").municipalities.get().code == "2081"


def test_it_shows_row_errors_and_offers_no_confirmation(editor_client):
    data = dataset(INITIATIVE_HEADERS, initiative_row(), initiative_row(type="no-such-type"))
    response = editor_client.post(
        reverse("admin:initiatives_initiative_import"),
        {"import_file": upload(data), "format": "0"},
    )
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert response.context["result"].has_validation_errors()
    assert "no-such-type" in response.content.decode()


@pytest.mark.parametrize("model_name", ["initiative", "participation", "funding"])
def test_editors_may_import_and_viewers_may_not(client, editor, viewer, model_name):
    url = reverse(f"admin:initiatives_{model_name}_import")
    client.force_login(editor)
    assert client.get(url).status_code == 200
    client.force_login(viewer)
    assert client.get(url).status_code == 403


def test_it_exports_from_the_admin_a_file_that_imports_back_unchanged(editor_client):
    url = reverse("admin:initiatives_initiative_export")
    form = editor_client.get(url).context["form"]
    data = {name: "on" for name in form.fields if name.startswith("initiativeresource_")}
    response = editor_client.post(url, {**data, "format": "0", "resource": "0"})
    assert response.status_code == 200
    exported = response.content.decode("utf-8-sig")
    result = run_import(InitiativeResource, tablib.Dataset().load(exported, format="csv"))
    assert not result.has_validation_errors()
    assert result.totals["skip"] == Initiative.objects.count()
