from itertools import groupby

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from articles.models import Article, Quote
from equity_site.publishing import PublicationState
from initiatives import charts
from initiatives.models import Funding, Initiative, Participation
from initiatives.templatetags.money import sek

from .models import Municipality, School

PUBLISHED_INITIATIVES = Q(initiatives__publication_state=PublicationState.PUBLISHED)


class MunicipalityListView(ListView):
    """All 290 municipalities grouped by county, with their number of initiatives."""

    template_name = "municipalities/municipality_list.html"

    def get_queryset(self):
        queryset = (
            Municipality.objects.select_related("county")
            .annotate(initiative_count=Count("initiatives", filter=PUBLISHED_INITIATIVES))
            .order_by("county__code", "name")
        )
        self.only_with_records = self.request.GET.get("with_records") == "1"
        if self.only_with_records:
            queryset = queryset.filter(initiative_count__gt=0)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counties = [
            (county, list(rows))
            for county, rows in groupby(context["object_list"], key=lambda m: m.county)
        ]
        context.update(counties=counties, only_with_records=self.only_with_records)
        return context


class MunicipalityDetailView(DetailView):
    template_name = "municipalities/municipality_detail.html"
    queryset = Municipality.objects.select_related("county")

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        if slug.isdigit():
            # /municipalities/1488/ is the SCB code: send it to the slug for good.
            municipality = get_object_or_404(Municipality, code=slug)
            return redirect(municipality, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = self.object
        initiatives = list(
            Initiative.objects.visible_to(self.request.user)
            .filter(municipalities=municipality)
            .select_related("type")
            .with_total_funding()
            .prefetch_related(Prefetch("sources", queryset=Article.objects.only("slug", "title")))
            .newest_first()
        )
        initiative_ids = [i.pk for i in initiatives]
        funding = list(
            Funding.objects.filter(
                recipient_municipality=municipality, initiative_id__in=initiative_ids
            )
            .select_related(
                "funder", "recipient_municipality", "recipient_actor", "initiative", "source"
            )
            .order_by("-year", "pk")
        )
        context.update(
            initiatives_by_year=[
                (year, list(rows))
                for year, rows in groupby(initiatives, key=lambda i: i.start_year)
            ],
            initiative_count=len(initiatives),
            schools=School.objects.filter(municipality=municipality).order_by("name"),
            actor_roles=self.actor_roles(initiative_ids),
            funding=funding,
            funding_total=sum((row.amount_sek for row in funding), start=0),
            funding_by_funder=self.funding_by_funder(funding),
            funding_chart=self.funding_chart(funding),
            quotes=Quote.objects.filter(initiative_id__in=initiative_ids)
            .select_related("speaker", "article")
            .order_by("pk"),
            sources=Article.objects.visible_to(self.request.user)
            .filter(Q(municipalities=municipality) | Q(initiatives__in=initiative_ids))
            .select_related("publisher")
            .distinct()
            .order_by("title"),
        )
        return context

    @staticmethod
    def actor_roles(initiative_ids):
        """[(actor, [participation, ...])]: who took part, in which roles, with sources."""
        participations = (
            Participation.objects.filter(initiative_id__in=initiative_ids)
            .select_related("actor", "initiative", "source")
            .order_by("actor__name", "role")
        )
        return [(actor, list(rows)) for actor, rows in groupby(participations, lambda p: p.actor)]

    @staticmethod
    def funding_by_funder(funding):
        totals = {}
        for row in funding:
            totals.setdefault(row.funder, 0)
            totals[row.funder] += row.amount_sek
        return sorted(totals.items(), key=lambda item: -item[1])

    @staticmethod
    def funding_chart(funding):
        values = {}
        for row in funding:
            if row.year is not None:
                values[(row.year, "sek")] = values.get((row.year, "sek"), 0) + int(row.amount_sek)
        return charts.stacked_bars(
            _("Funding received per year"), values, [("sek", _("Funding"))], value_label=sek
        )
