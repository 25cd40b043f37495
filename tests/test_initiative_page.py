"""An initiative's page: everything about it, each fact linked to its article."""

import re

import pytest
from django.urls import reverse

from core.publishing import PublicationState, publication_changes_allowed

from .factories import make_initiative, make_many_initiatives

pytestmark = pytest.mark.django_db


def test_it_shows_type_schools_roles_funding_quotes_and_sources(client):
    response = client.get(
        reverse("initiatives:detail", args=["skolverket-stod-trollhattan-efter-dadet-pa-kronan"])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Skolverkets stöd till Trollhättan efter dådet på Kronans skola</h1>" in page
    assert "Överenskommelse om stöd från Skolverket" in page  # type
    assert "Kronans skola" in page
    assert "Fredrik Ignell" in page
    assert "800\xa0000\xa0kr" in page
    assert "Efter dådet på Kronan beslutade vi omgående" in page
    source = reverse("articles:detail", args=["overenskommelse-om-stod-till-trollhattan"])
    assert f'href="{source}"' in page  # the source list
    # Roles, funding, schools, status and quotes each point at their passage.
    assert page.count(f'href="{source}#passage-') >= 5


def test_it_says_when_the_sources_give_no_years_and_lists_its_parts(client):
    page = client.get(
        reverse("initiatives:detail", args=["samverkan-for-basta-skola-trollhattan"])
    ).content.decode()
    assert "Frälsegårdsskolan" in page
    assert "Anges inte i källorna" in page  # no years
    assert "Pågående enligt källan (22 augusti 2017)" in page
    assert "Skolverkets stöd till Trollhättan efter dådet på Kronans skola" in page  # a part
    assert "Utvecklingsdag om systematiskt kvalitetsarbete" in page  # another part
    assert "drygt 800\xa0000\xa0kr" in page  # the parts' funding, "drygt" kept
    parts = page[page.index("<h2>Delar av insatsen</h2>") :]
    parts = re.sub(r"\s+", " ", parts[: parts.index("</ul>")])
    # Each part with its type and, where it has public payments, their total.
    funded = r'Kronans skola</a> <span class="muted"> \([^,)]+, drygt 800.000.kr\)'
    unfunded = r'Folkets Hus i Trollhättan</a> <span class="muted"> \([^,)]+\)'
    assert re.search(funded, parts)
    assert re.search(unfunded, parts)


def test_related_initiatives_share_a_municipality_or_type(client, admin_client):
    url = reverse("initiatives:detail", args=["trollhattan-avveckling-av-skolor"])
    response = client.get(url)
    related = [i.slug for i in response.context["related"]]
    assert "samverkan-for-basta-skola-trollhattan" in related
    assert "orebro-stangning-av-vivallaskolans-hogstadium" in related
    years = [i.start_year or 0 for i in response.context["related"]]
    assert len(related) <= 6 and years == sorted(years, reverse=True)  # the newest six

    # Which six is kept until something changes: a newer one in the same place comes
    # first at once, for visitors only when it is published, for staff as a draft too.
    trollhattan = response.context["initiative"].municipalities.get(name="Trollhättan")
    draft = make_initiative(
        slug="ny-i-trollhattan",
        start_year=2030,
        municipalities=[trollhattan],
        publication_state=PublicationState.DRAFT,
    )
    assert "ny-i-trollhattan" not in [i.slug for i in client.get(url).context["related"]]
    assert admin_client.get(url).context["related"][0].slug == "ny-i-trollhattan"
    draft.publication_state = PublicationState.PUBLISHED
    with publication_changes_allowed():  # as a Publisher's review transition does
        draft.save()
    assert client.get(url).context["related"][0].slug == "ny-i-trollhattan"


def test_a_draft_is_404_for_visitors_and_bannered_for_staff(client, admin_client):
    draft = make_initiative(slug="utkast", publication_state=PublicationState.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    page = admin_client.get(draft.get_absolute_url()).content.decode()
    assert 'class="banner-draft"' in page


def test_unknown_slug_is_a_friendly_404(client):
    response = client.get("/initiatives/finns-inte/")
    assert response.status_code == 404


def test_detail_query_count_is_bounded(client, django_assert_max_num_queries):
    url = reverse("initiatives:detail", args=["samverkan-for-basta-skola-trollhattan"])
    with django_assert_max_num_queries(16):
        client.get(url)
    make_many_initiatives(20)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
