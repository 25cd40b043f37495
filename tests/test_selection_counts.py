"""A new selection's facets, chart, map and row count, counted among the public
initiatives' kept columns (initiatives/selection_counts.py), are what the database counts
through the publication rule; staff, who see drafts, still count drafts."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.test import RequestFactory
from django.urls import reverse

from core.caching import bump_generation
from core.publishing import PublicationState
from curation.scale_data import Sizes, build_scale_data
from front.maps import initiative_counts
from initiatives import selection_counts
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative, InitiativeType
from municipalities.models import County, Municipality

from .factories import make_initiative

pytestmark = pytest.mark.django_db
URL = reverse("initiatives:list")


def filterset_for(query, user=None):
    request = RequestFactory().get(URL, query)
    request.user = user or AnonymousUser()
    filterset = InitiativeFilter(
        request.GET, queryset=Initiative.objects.published().for_listing(), request=request
    )
    assert filterset.is_valid(), filterset.errors
    return filterset


def in_the_database(filterset):
    """The counts as the database makes them, through published()."""
    without_type = filterset.without("type").order_by()
    without_county = filterset.without("county").order_by()
    counties = without_county.values_list("municipalities__county").annotate(
        n=Count("pk", distinct=True)
    )
    return {
        "types": dict(without_type.values_list("type").annotate(n=Count("pk"))),
        # (An initiative in no municipality is in no county's count.)
        "counties": {county: n for county, n in counties if county is not None},
        "chart": filterset.qs.counts_by_year_and_type(),
        "map": initiative_counts(filterset.qs),
        "rows": filterset.qs.count(),
    }


def kept(filterset):
    return {
        "types": {kind.pk: n for kind, n in filterset.type_counts() if n},
        "counties": {county.pk: n for county, n in filterset.county_facets() if n},
        "chart": filterset.counts_by_year_and_type(),
        "map": selection_counts.per_municipality(filterset.selected_ids(None)),
        "rows": len(filterset.selected_ids(None)),
    }


def test_the_kept_counts_are_what_the_database_counts_through_the_rule():
    # Generated data: initiatives in one to three municipalities, some in other
    # counties, some undated, a share of them drafts or in review.
    build_scale_data(
        Sizes(actors=40, initiatives=400, participations=400, funding=100, articles=200)
    )
    initiatives = list(Initiative.objects.order_by("pk").values_list("pk", flat=True))
    Initiative.objects.filter(pk__in=initiatives[::4]).update(
        publication_state=PublicationState.DRAFT
    )
    bump_generation()
    assert Initiative.objects.filter(start_year=None).exists()
    type_slug = InitiativeType.objects.order_by("pk").first().slug
    county = County.objects.order_by("code").first().code
    busy = Municipality.objects.annotate(n=Count("initiatives")).order_by("-n", "code").first().slug
    for query in (
        {},
        {"type": type_slug},
        {"year": "2015"},
        {"county": county},
        {"municipality": busy},
        {"type": type_slug, "year_from": "2010"},
        {"q": "skola"},
    ):
        filterset = filterset_for(query)
        expected = in_the_database(filterset)
        assert kept(filterset) == expected, query
        assert expected["rows"], query  # every selection selects something


def test_visitors_counts_leave_drafts_out_and_staff_counts_keep_them(client, admin_client):
    kiruna = Municipality.objects.get(code="2584")
    study = InitiativeType.objects.get(slug="research-study")
    make_initiative(municipalities=[kiruna], type=study, start_year=2015)
    make_initiative(
        municipalities=[kiruna],
        type=study,
        start_year=2015,
        publication_state=PublicationState.DRAFT,
    )

    def counts(as_client):
        context = as_client.get(URL, {"municipality": "kiruna"}).context
        types = {kind.slug: n for kind, n, _selected in context["type_facets"]}
        counties = {county.code: n for county, n in context["county_facets"]}
        rows = dict((row.name, row.value) for row in context["map"]["rows"])
        return types["research-study"], counties["25"], rows["Kiruna"], context["result_count"]

    assert counts(client) == (1, 1, 1, 1)
    # Staff see the draft in the facets and the list; the map counts published ones.
    assert counts(admin_client) == (2, 2, 1, 2)


def test_a_new_selection_reads_its_ids_once_for_all_its_counts(client, django_assert_num_queries):
    make_initiative(municipalities=[Municipality.objects.get(code="2584")], start_year=2016)
    client.get(URL)  # the kept columns and pairs, read once per content change
    filterset = filterset_for({"year": "2016"})
    # The selection's ids, and the types and counties the facets list (before, the type
    # and county facets, the chart and the map each asked the database to count: seven).
    with django_assert_num_queries(3):
        filterset.type_counts()
        filterset.county_facets()
        filterset.counts_by_year_and_type()
        filterset.actor_suggestions("actor")
        filterset.actor_suggestions("funder")
        selection_counts.per_municipality(filterset.selected_ids(None))
