"""The actors' pages: every organisation and person, and one in detail."""

from django.db.models import Count, Q
from django.views.generic import DetailView, ListView

from actors.models import Actor
from articles.models import Article, Quote
from core.collation import swedish
from core.pagination import ForgivingPaginationMixin
from initiatives.models import Funding, Initiative, Participation

from .initiatives import query_string_without


class ActorListView(ForgivingPaginationMixin, ListView):
    paginate_by = 50
    template_name = "actors/actor_list.html"

    def get_queryset(self):
        queryset = Actor.objects.select_related("affiliation").annotate(
            role_count=Count(
                "participations",
                filter=Q(participations__initiative__publication_state="published"),
            )
        )
        self.kind = self.request.GET.get("kind", "")
        if self.kind in Actor.Kind.values:
            queryset = queryset.filter(kind=self.kind)
        else:
            self.kind = ""
        return queryset.order_by(*swedish("name"), "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            kinds=Actor.Kind.choices,
            kind=self.kind,
            query_string=query_string_without(self.request, "page"),
        )
        return context


class ActorDetailView(DetailView):
    template_name = "actors/actor_detail.html"
    queryset = Actor.objects.select_related("affiliation", "municipality", "school")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.object
        public = Initiative.objects.visible_to(self.request.user)
        context.update(
            participations=Participation.objects.filter(actor=actor, initiative__in=public)
            .select_related("initiative", "initiative__type", "source")
            .order_by("initiative__title", "role"),
            funding_given=Funding.objects.filter(funder=actor, initiative__in=public)
            .select_related(
                "funder", "initiative", "recipient_municipality", "recipient_actor", "source"
            )
            .order_by("-year", "pk"),
            funding_received=Funding.objects.filter(recipient_actor=actor, initiative__in=public)
            .select_related(
                "funder", "initiative", "recipient_municipality", "recipient_actor", "source"
            )
            .order_by("-year", "pk"),
            quotes=Quote.objects.filter(speaker=actor)
            .filter(article__in=Article.objects.visible_to(self.request.user))
            .select_related("article", "initiative", "speaker"),
            members=actor.members.order_by("name"),
            articles=Article.objects.visible_to(self.request.user)
            .filter(Q(actors=actor) | Q(publisher=actor) | Q(author=actor))
            .select_related("publisher")
            .distinct()
            .order_by("title")[:50],
        )
        return context
