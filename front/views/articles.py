"""The sources: every article, and one with everything the knowledge base takes from it."""

from operator import attrgetter

from django.views.generic import DetailView, ListView

from actors.models import Actor
from articles.models import Article, Position, Quote, with_stated_positions
from core.collation import sort_key, swedish
from core.derived_cache import remember, with_rows
from core.id_lists import counts_among
from core.pagination import ForgivingPaginationMixin
from core.publishing import sees_drafts
from front import archived_text
from front.references import References
from front.views.citations import CitableMixin, VersionMixin
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeClaim,
    InitiativeSchool,
    InitiativeSource,
    Participation,
    newest_payment_first,
)
from municipalities.models import Municipality


class ArticleListView(ForgivingPaginationMixin, ListView):
    paginate_by = 25
    template_name = "articles/article_list.html"
    count_once_per_change = True

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .select_related("publisher")
            # Only what the list shows: without the whole texts and their search data
            # (on PostgreSQL, 25 texts read at scale cost a tenth of the page, 10.3 ->
            # 8.4 ms), and without the columns only the admin shows, whose six date-times
            # a row were converted for nothing (at scale 6.5 -> 5.9 ms on SQLite, 8.3 ->
            # 7.1 ms on PostgreSQL).
            .only(
                "slug", "title", "language", "published_on", "last_reviewed_on", "publisher__name"
            )
            .order_by(*swedish("title"), "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, articles = self.request.user, context["page_obj"].object_list
        # How many initiatives cite each, of those the visitor may see: counted for the
        # page's articles once per content change (core.derived_cache), not by a
        # correlated count per row on every request (1.4 ms of 6 on PostgreSQL).
        ids = [article.pk for article in articles]
        counts = remember(
            f"articles:citations:{sees_drafts(user)}:{','.join(map(str, ids))}",
            lambda: counts_among(InitiativeSource.objects.visible_to(user), "article", ids),
        )
        for article in articles:
            article.citation_count = counts.get(article.pk, 0)
        return context


class ArticleDetailView(CitableMixin, DetailView):
    """The source itself, and everything the knowledge base cites it for."""

    cite_namespace = "articles"
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        user = self.request.user
        return Article.objects.visible_to(user).select_related("publisher", "author")

    def cited_source(self):
        """The article as the page's facts cite it."""
        return self.object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article, user = self.object, self.request.user
        # Only the kinds of facts the article is cited for are asked for (with_rows).
        cited = with_rows(
            f"article:{article.pk}:{sees_drafts(user)}:facts", article, cited_lists(article, user)
        )
        participations, funding = cited["roles"], cited["payments"]
        positions, school_links, claims = cited["positions"], cited["schools"], cited["claims"]
        quotes = with_stated_positions(cited["quotes"], Position.objects.visible_to(user))
        facts = [*participations, *funding, *positions, *school_links, *claims]
        # Each fact cites this article: set on it, not joined again for every row (five
        # queries a join and a row's worth of columns each fewer: at scale 14.5 -> 13.2 ms).
        source = self.cited_source()
        for fact in facts:
            fact.source = source
        context.update(
            initiatives=cited["initiatives"],
            participations=participations,
            funding=funding,
            positions=positions,
            school_links=school_links,
            claims=claims,
            quotes=quotes,
            mentioned_municipalities=cited["municipalities"],
            mentioned_actors=cited["actors"],
            archived_text=archived_text.render(
                article.body, [fact.passage for fact in facts] + [quote.text for quote in quotes]
            ),
            references=References(),
        )
        return context


def cited_lists(article, user):
    """What the article's page lists, each as {key: a function that makes its queryset}
    (for with_rows): the initiatives citing it, the facts it is cited for, and the
    municipalities and actors its text names."""
    return {
        "initiatives": lambda: (
            Initiative.objects.visible_to(user)
            .filter(
                pk__in=InitiativeSource.objects.visible_to(user)
                .filter(article=article)
                .values("initiative")
            )
            .listed()
            .select_related("type")
            .sorted_by(lambda initiative: (sort_key(initiative.title), initiative.pk))
        ),
        "roles": lambda: (
            Participation.objects.visible_to(user)
            .filter(source=article)
            .joined("actor", "initiative")
            .sorted_by(lambda role: (sort_key(role.initiative.title), role.role, role.pk))
        ),
        "payments": lambda: (
            Funding.objects.visible_to(user)
            .filter(source=article)
            .for_table("source__publisher")
            .sorted_by(newest_payment_first)
        ),
        "positions": lambda: (
            Position.objects.visible_to(user)
            .filter(source=article)
            .joined("actor", "organisation")
            .sorted_by(lambda position: (sort_key(position.actor.name), position.pk))
        ),
        "schools": lambda: (
            InitiativeSchool.objects.visible_to(user)
            .filter(source=article)
            .joined("school", "initiative")
            .sorted_by(attrgetter("pk"))
        ),
        "claims": lambda: (
            InitiativeClaim.objects.visible_to(user)
            .filter(source=article)
            .joined("initiative")
            .sorted_by(lambda claim: (sort_key(claim.initiative.title), claim.aspect, claim.pk))
        ),
        "quotes": lambda: (
            Quote.objects.visible_to(user)
            .filter(article=article)
            .joined("speaker", "article__publisher")
            .sorted_by(attrgetter("pk"))
        ),
        "municipalities": lambda: Municipality.objects.filter(articles=article),
        "actors": lambda: Actor.objects.visible_to(user).filter(articles_mentioning=article),
    }


class ArticleVersionView(VersionMixin, ArticleDetailView):
    """One public version of an article's record (the page a citation links to)."""

    def cited_source(self):
        # The page shows the version's fields; what its facts cite is the article now,
        # as on every other page.
        return Article.objects.select_related("publisher", "author").get(pk=self.object.pk)
