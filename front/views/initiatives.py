from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from articles.models import Position, with_stated_positions
from core.collation import swedish
from core.derived_cache import remember, remember_markup, without_rows
from core.html import format_html
from core.id_lists import rows_in_order
from core.pagination import ForgivingPaginationMixin
from core.publishing import sees_drafts
from front.browser_query import active_filters, shareable_query
from front.charts import initiatives_per_year_chart, rendered_chart
from front.maps import map_for_initiatives
from front.references import References
from front.views.citations import CitableMixin, VersionMixin
from initiatives.filters import DEFAULT_PAGE_SIZE, PAGE_SIZES, InitiativeFilter, selection_key
from initiatives.models import (
    Funding,
    Initiative,
    fact_lists,
    fact_prefetches,
    of_initiative,
    with_funding_totals,
)


def page_size_from(request):
    """The requested page size if it is one we offer; otherwise the default."""
    try:
        size = int(request.GET.get("page_size", DEFAULT_PAGE_SIZE))
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE


def municipality_options(filterset):
    """The municipality box's 290 options, with the chosen one selected.

    The same for every request until something changes, so made once per content change
    (core.derived_cache) rather than by a template loop per request (a sixth of a
    filtered browser page); the chosen one is marked in the made markup. The value
    marked is escaped as the options' values are, so an unknown or hostile value matches
    no option and marks nothing.
    """
    options = remember_markup(
        "browser:municipality-options",
        lambda: "".join(
            format_html('<option value="{}">{}</option>', slug, name)
            for slug, name in filterset.filters["municipality"].queryset.values_list("slug", "name")
        ),
    )
    chosen = filterset.form["municipality"].value()
    if chosen:
        option = format_html('<option value="{}">', chosen)
        options = options.replace(option, option[:-1] + " selected>", 1)
    return mark_safe(options)


def query_string_without(request, *names):
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


class InitiativeListView(ForgivingPaginationMixin, FilterView):
    """The faceted browser. Invalid filter values answer 400 with the form's messages."""

    filterset_class = InitiativeFilter
    template_name = "initiatives/initiative_list.html"
    # The number of rows a selection has is kept with its facets and chart, once per
    # content change (a COUNT took 50 ms on SQLite at scale for type + year).
    count_once_per_change = True

    def counted_by(self):
        return selection_key(self.request.GET)

    def count_rows(self, queryset):
        # The selection's ids are read for its facets, chart and map anyway.
        return len(self.filterset.selected_ids(None)) if self.filterset.is_valid() else 0

    def page_rows(self, rows):
        return with_funding_totals(rows)

    def get_queryset(self):
        return Initiative.objects.visible_to(self.request.user).for_listing()

    def get_filterset_kwargs(self, filterset_class):
        # Always bound (an empty query is valid), so facets and ordering can rely on
        # cleaned_data.
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get_paginate_by(self, queryset):
        return page_size_from(self.request)

    def get(self, request, *args, **kwargs):
        # A submitted form sends every box, empty or not: answer with the address
        # without them, which is the one worth bookmarking and sharing.
        clean = shareable_query(request.GET)
        if clean is not None:
            return redirect(f"{request.path}?{clean}" if clean else request.path)
        filterset = self.get_filterset(self.get_filterset_class())
        self.filterset = filterset
        self.object_list = filterset.results
        context = self.get_context_data(filter=filterset, object_list=self.object_list)
        status = 200 if filterset.is_valid() else 400
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        valid = filterset.is_valid()
        # Aggregates over the whole selection, computed once per content change. The
        # facets and suggestions stay beside an error message: they count what the
        # valid filters select, so they still help to correct the invalid one.
        staff = str(self.request.user.is_staff)
        key = ":".join(["browser", get_language(), selection_key(self.request.GET), staff])

        def kept(facet, count):
            # A facet counts what the other filters select: kept under those alone, it
            # serves every selection that differs only in its own filter (the next click
            # in its box) and both languages.
            return remember(f"browser-facet:{facet}:{filterset.basis_key(facet)}:{staff}", count)

        context["type_facets"] = filterset.type_facets(kept("type", filterset.type_counts))
        context["county_facets"] = kept("county", filterset.county_facets)
        for name in ("actor", "funder"):
            context[f"{name}_suggestions"] = kept(
                name, lambda name=name: filterset.actor_suggestions(name)
            )
        context.update(
            chips=active_filters(filterset, self.request),
            errors=filterset.error_list(),
            # The 290 names in Swedish order.
            municipality_options=municipality_options(filterset),
        )
        if valid:
            count = context["paginator"].count
            context["chart_html"] = rendered_chart(
                key,
                lambda: initiatives_per_year_chart(
                    filterset.counts_by_year_and_type(),
                    _("Initiatives per start year and type (your selection)"),
                    total=count,
                ),
                "browser-chart",
            )
            context["map"] = map_for_initiatives(
                self.request, filterset.qs, cache_as=key, ids=lambda: filterset.selected_ids(None)
            )
        context.update(
            valid=valid,
            page_sizes=PAGE_SIZES,
            page_size=page_size_from(self.request),
            query_string=query_string_without(self.request, "page"),
            export_query=query_string_without(self.request, "page", "page_size"),
            result_count=context["paginator"].count if context.get("paginator") else 0,
        )
        return context


class InitiativeDetailView(CitableMixin, DetailView):
    """One initiative, every fact with its numbered reference."""

    cite_namespace = "initiatives"
    template_name = "initiatives/initiative_detail.html"

    def get_queryset(self):
        return Initiative.objects.visible_to(self.request.user).select_related("type", "part_of")

    def get_object(self, queryset=None):
        """The initiative with its lists (`with_facts`'), asking only for those it has
        (core.derived_cache.without_rows): most initiatives have no claims, schools,
        quotes or parts, and each was a query compiled and run on every request."""
        initiative = super().get_object(queryset)
        user = self.request.user
        lists = fact_lists(user)
        empty = without_rows(
            f"initiative:{initiative.pk}:{sees_drafts(user)}:lists",
            initiative,
            lambda: {
                relation: rows.filter(**of_initiative(relation, initiative))
                for relation, rows in lists.items()
            },
        )
        prefetch_related_objects([initiative], *fact_prefetches(lists, empty))
        return initiative

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.object
        user = self.request.user
        roles: dict[str, list] = {}
        for participation in initiative.participations.all():
            roles.setdefault(participation.get_role_display(), []).append(participation)
        parent = initiative.part_of
        if (
            parent is not None
            and not Initiative.objects.visible_to(user).filter(pk=parent.pk).exists()
        ):
            parent = None
        parts = with_funding_totals(initiative.parts.all())
        funding = list(initiative.funding.all())
        part_funding = (
            [
                row
                for row in Funding.objects.visible_to(user)
                .filter(initiative__in=parts)
                .for_table()
                .order_by(*swedish("initiative__title"), "-year", "pk")
            ]
            if parts
            else []
        )
        context.update(
            roles=sorted(roles.items()),
            claims={claim.aspect: claim for claim in initiative.claims.all()},
            parent=parent,
            parts=parts,
            part_funding=part_funding,
            funding_total=funding_total(funding + part_funding),
            quotes=quotes_of(initiative.quote_links.all(), Position.objects.visible_to(user)),
            related=self.related(initiative),
            references=References(),
        )
        return context

    def related(self, initiative):
        """The six newest initiatives that share a municipality or the type with this
        one. Which six is chosen once per content change (core.derived_cache, apart for
        staff, who see drafts) and the rows are read by their ids, as a municipality's
        lists are: choosing them (a subquery per candidate) was an eighth of the page."""
        user = self.request.user

        def choose():
            municipality_ids = [m.pk for m in initiative.places]
            # EXISTS rather than a join: no DISTINCT, so the newest-first index yields
            # the first six at once instead of sorting every initiative of the type.
            shares_a_place = Exists(
                Initiative.municipalities.through.objects.filter(
                    initiative=OuterRef("pk"), municipality__in=municipality_ids
                )
            )
            chosen = (
                Initiative.objects.visible_to(user)
                .filter(shares_a_place | Q(type=initiative.type_id))
                .exclude(pk=initiative.pk)
                .newest_first()[:6]
            )
            return list(chosen.values_list("pk", flat=True))

        return rows_in_order(
            Initiative.objects.visible_to(user).listed().select_related("type"),
            remember(f"initiative:{initiative.pk}:{sees_drafts(user)}:related", choose),
        )


class InitiativeVersionView(VersionMixin, InitiativeDetailView):
    """One public version of an initiative (the page a citation links to)."""


def funding_total(rows):
    """(total, is_lower_bound) of funding rows; lower bound when any amount is "drygt"."""
    if not rows:
        return None
    return (sum(row.amount_sek for row in rows), any(row.is_lower_bound for row in rows))


def quotes_of(links, positions):
    """The quotes of initiative-quote links, each knowing its `link` (stated or inferred)
    and what its article says its speaker is (`with_stated_positions`: `positions` are
    those the reader may see)."""
    quotes = []
    for link in links:
        link.quote.link = link
        quotes.append(link.quote)
    return with_stated_positions(quotes, positions)
