"""Admin forms reject bad data with an error beside the field, and save nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actors.models import Actor
from articles.models import Article
from initiatives.models import Funding, Initiative
from municipalities.models import Municipality

from .admin_forms import admin_url, form_data
from .factories import make_actor, make_article, make_funding, make_initiative

pytestmark = pytest.mark.django_db


def field_errors(response):
    assert response.status_code == 200, "the form was accepted"
    return response.context["adminform"].form.errors


def add_form(client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    return url, form_data(client.get(url))


def change_form(client, obj):
    return admin_url(obj), form_data(client.get(admin_url(obj)))


def funding_fields():
    return {
        "initiative": Initiative.objects.first().pk,
        "funder": Actor.objects.get(slug="tillvaxtverket").pk,
        "recipient_municipality": Municipality.objects.get(code="2081").pk,
        "source": Article.objects.first().pk,
    }


def test_it_refuses_a_negative_amount_beside_the_amount(editor_client):
    url, data = add_form(editor_client, Funding)

    response = editor_client.post(url, {**data, **funding_fields(), "amount_sek": "-1"})

    assert "amount_sek" in field_errors(response)
    assert not Funding.objects.filter(amount_sek__lt=0).exists()


def test_it_accepts_a_zero_amount(editor_client):
    url, data = add_form(editor_client, Funding)

    response = editor_client.post(url, {**data, **funding_fields(), "amount_sek": "0"})

    assert response.status_code == 302


def test_it_refuses_a_negative_amount_in_the_funding_rows_of_an_initiative(editor_client):
    initiative = make_initiative()
    make_funding(
        initiative=initiative,
        recipient_municipality=Municipality.objects.get(code="2081"),
        amount_sek=Decimal("100"),
    )
    url, data = change_form(editor_client, initiative)

    response = editor_client.post(url, {**data, "funding-0-amount_sek": "-100"})

    assert response.status_code == 200
    funding_forms = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "funding"
    )
    assert "amount_sek" in funding_forms.forms[0].errors


def test_it_refuses_an_end_year_before_the_start_year_beside_the_end_year(editor_client):
    initiative = make_initiative(start_year=2019)
    url, data = change_form(editor_client, initiative)

    response = editor_client.post(url, {**data, "end_year": "2018"})

    errors = field_errors(response)
    assert "end_year" in errors
    assert "__all__" not in errors
    initiative.refresh_from_db()
    assert initiative.end_year is None


def test_it_refuses_an_end_date_before_the_start_date(editor_client):
    initiative = make_initiative()
    url, data = change_form(editor_client, initiative)

    response = editor_client.post(
        url, {**data, "start_date": "2020-05-01", "end_date": "2020-04-30"}
    )

    assert "end_date" in field_errors(response)


def test_it_refuses_a_duplicate_municipality_code(admin_client):
    url, data = add_form(admin_client, Municipality)
    trollhattan = Municipality.objects.get(code="1488")

    response = admin_client.post(
        url, {**data, "code": "1488", "name": "Ny", "slug": "ny", "county": trollhattan.county_id}
    )

    assert "code" in field_errors(response)


def test_it_refuses_a_duplicate_slug(editor_client):
    url, data = add_form(editor_client, Actor)

    response = editor_client.post(
        url, {**data, "name": "Skolverket igen", "slug": "skolverket", "kind": "national_agency"}
    )

    assert "slug" in field_errors(response)
    assert Actor.objects.filter(slug="skolverket").count() == 1


def test_it_refuses_a_duplicate_initiative_slug_on_change(editor_client):
    taken = make_initiative()
    initiative = make_initiative()
    url, data = change_form(editor_client, initiative)

    assert "slug" in field_errors(editor_client.post(url, {**data, "slug": taken.slug}))


@pytest.mark.parametrize("url", ["not a url", "javascript:alert(1)", "http://", "ftp//x"])
def test_it_refuses_a_malformed_article_url(editor_client, url):
    article = make_article()
    change_url, data = change_form(editor_client, article)

    assert "url" in field_errors(editor_client.post(change_url, {**data, "url": url}))


def test_it_refuses_a_malformed_website(editor_client):
    actor = make_actor()
    url, data = change_form(editor_client, actor)

    assert "website" in field_errors(editor_client.post(url, {**data, "website": "www example"}))


def test_it_refuses_a_year_outside_the_sane_range(editor_client):
    initiative = make_initiative()
    url, data = change_form(editor_client, initiative)

    assert "start_year" in field_errors(editor_client.post(url, {**data, "start_year": "1066"}))
