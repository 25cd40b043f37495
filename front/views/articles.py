from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.views.generic import DetailView, ListView

from articles.models import Article, Quote
from core.collation import swedish
from core.pagination import ForgivingPaginationMixin
from initiatives.models import Funding, Initiative, InitiativeSource, Participation


class ArticleListView(ForgivingPaginationMixin, ListView):
    paginate_by = 25
    template_name = "articles/article_list.html"

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .select_related("publisher")
            # A correlated count per shown row, not a GROUP BY over every article.
            .annotate(
                citation_count=Subquery(
                    InitiativeSource.objects.filter(article=OuterRef("pk"))
                    .order_by()
                    .values("article")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                )
            )
            .order_by(*swedish("title"), "pk")
        )


class ArticleDetailView(DetailView):
    """The source itself, and everything the knowledge base cites it for."""

    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .select_related("publisher", "author")
            .prefetch_related("municipalities", "actors")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        public = Initiative.objects.visible_to(self.request.user)
        context.update(
            initiatives=public.filter(sources=article).select_related("type").order_by("title"),
            participations=Participation.objects.filter(source=article, initiative__in=public)
            .select_related("actor", "initiative")
            .order_by("initiative__title", "role"),
            funding=Funding.objects.filter(source=article, initiative__in=public).select_related(
                "funder", "recipient_municipality", "recipient_actor", "initiative", "source"
            ),
            quotes=Quote.objects.filter(article=article)
            .select_related("speaker", "article")
            .order_by("pk"),
        )
        return context
