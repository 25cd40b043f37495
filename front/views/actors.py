"""The actors' pages: every organisation and person, and one in detail."""

from operator import attrgetter

from django.views.generic import DetailView, ListView

from actors.models import Actor
from articles.models import Article, Position, Quote, with_stated_positions
from core.collation import sort_key, swedish
from core.derived_cache import remember, with_rows
from core.id_lists import counts_among, rows_among, rows_in_order
from core.pagination import ForgivingPaginationMixin
from core.publishing import sees_drafts
from front.references import References
from initiatives.models import NEWEST_PAYMENTS_FIRST, Funding, Participation

from .initiatives import query_string_without

# An actor's lists are capped like a municipality's, so the busiest actor's page is no
# bigger than anyone's: the browser lists the rest (filtered by actor or funder).
MAX_ROWS = 50


def by_date(positions):
    """Positions newest first by the date their source gives (a year or a day); undated last.

    Those of one date keep the order they come in: read with `sorted_by()` rather than
    ordered by the database (a position's default order joins its actor to sort by
    name), whose ordering cost Django's compiler more than the rest of the query."""
    dated = [p for p in positions if p.date]
    undated = [p for p in positions if not p.date]
    return sorted(dated, key=lambda p: str(p.date), reverse=True) + undated


def articles_naming(actor):
    """The ids of the articles that name, publish or are written by `actor`: a UNION of
    three index lookups. A DISTINCT over joined article rows took seconds for an actor
    named in many articles, and the three conditions OR-ed together made PostgreSQL
    read the whole article table (160 ms at scale)."""
    return (
        Article.actors.through.objects.filter(actor=actor)
        .order_by()
        .values("article")
        .union(
            Article.objects.filter(publisher=actor).order_by().values("pk"),
            Article.objects.filter(author=actor).order_by().values("pk"),
        )
    )


class ActorListView(ForgivingPaginationMixin, ListView):
    paginate_by = 50
    template_name = "actors/actor_list.html"
    count_once_per_change = True

    def counted_by(self):
        return self.kind

    def get_queryset(self):
        queryset = Actor.objects.visible_to(self.request.user).listed()
        self.kind = self.request.GET.get("kind", "")
        if self.kind in Actor.Kind.values:
            queryset = queryset.filter(kind=self.kind)
        else:
            self.kind = ""
        return queryset.order_by(*swedish("name"), "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actors = context["page_obj"].object_list
        # How many public roles each has: counted for the page's actors once per content
        # change (core.derived_cache). A correlated count per row took 7 ms on SQLite and
        # PostgreSQL at scale, a GROUP BY over the page's ids as long, on every request.
        ids = [actor.pk for actor in actors]
        counts = remember(
            f"actors:roles:{','.join(map(str, ids))}",
            lambda: counts_among(Participation.objects.published(), "actor", ids),
        )
        positions = rows_among(
            Position.objects.visible_to(self.request.user)
            .joined("organisation", "source")
            .sorted_by(attrgetter("pk")),
            "actor",
            ids,
        )
        for actor in actors:
            actor.role_count = counts.get(actor.pk, 0)
            current = by_date(positions.get(actor.pk, ()))
            actor.current_position = current[0] if current else None
        context.update(
            kinds=Actor.Kind.choices,
            kind=self.kind,
            query_string=query_string_without(self.request, "page"),
        )
        return context


class ActorDetailView(DetailView):
    template_name = "actors/actor_detail.html"

    def get_queryset(self):
        return Actor.objects.visible_to(self.request.user).joined("municipality", "school")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor, user = self.object, self.request.user
        # The publication rule as semi-joins for the two payment tables: PostgreSQL planned
        # their eight joined tables in 10-15 ms each; planned and run, 10-18 -> 5-13 ms per
        # table for the actors with the most payments and for one with none. (A
        # municipality's table and an actor's roles are faster joined: see public_q.)
        funding = Funding.objects.visible_to(user, semi_join=True)
        positions = Position.objects.visible_to(user).joined("organisation", "source__publisher")
        # Which roles, payments and articles the capped lists show is kept once per
        # content change (core.derived_cache, apart for staff, who see drafts) and the
        # rows are read by their ids, as on a municipality's page: at scale on
        # PostgreSQL choosing the roles took 4.7 ms and the payments given 4.8 ms.
        kept = f"actor:{actor.pk}:{sees_drafts(user)}"
        roles = (
            Participation.objects.visible_to(user)
            .filter(actor=actor)
            .order_by(*swedish("initiative__title"), "role")[:MAX_ROWS]
        )
        articles = (
            Article.objects.visible_to(user)
            .filter(pk__in=articles_naming(actor))
            .order_by(*swedish("title"))[:MAX_ROWS]
        )
        # Only the kinds of positions and quotes the actor has are asked for (with_rows).
        has = with_rows(
            f"{kept}:lists",
            actor,
            {
                "positions": lambda: positions.filter(actor=actor).sorted_by(attrgetter("pk")),
                "members": lambda: (
                    positions.filter(organisation=actor)
                    .joined("actor")
                    .sorted_by(lambda position: (sort_key(position.actor.name), position.pk))
                ),
                "quotes": lambda: (
                    Quote.objects.visible_to(user)
                    .filter(speaker=actor)
                    .joined("article__publisher", "speaker")
                ),
            },
        )
        context.update(
            positions=by_date(has["positions"]),
            members=by_date(has["members"]),
            participations=rows_in_order(
                Participation.objects.visible_to(user).joined("initiative", "source__publisher"),
                remember(f"{kept}:roles", lambda: list(roles.values_list("pk", flat=True))),
            ),
            funding_given=funding.table_rows(
                *NEWEST_PAYMENTS_FIRST, limit=MAX_ROWS, kept_as=f"{kept}:given", funder=actor
            ),
            funding_received=funding.table_rows(
                *NEWEST_PAYMENTS_FIRST,
                limit=MAX_ROWS,
                kept_as=f"{kept}:received",
                recipient_actor=actor,
            ),
            row_cap=MAX_ROWS,
            quotes=with_stated_positions(has["quotes"], positions),
            articles=rows_in_order(
                Article.objects.visible_to(user).listed().joined("publisher"),
                remember(f"{kept}:articles", lambda: list(articles.values_list("pk", flat=True))),
            ),
            references=References(),
        )
        return context
