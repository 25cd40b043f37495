"""One search box over initiatives, municipalities, actors and articles."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from actors.models import Actor
from articles.models import Article
from core import text_search
from core.collation import swedish
from initiatives.models import Initiative
from municipalities.models import Municipality

SEARCH_LIMIT = 10


def row(found, title, snippet="", title_lang="", snippet_lang=""):
    """One search result for the template."""
    return {
        "object": found,
        "title": title,
        "snippet": snippet,
        "title_lang": title_lang,
        "snippet_lang": snippet_lang,
    }


class SearchView(TemplateView):
    """One box over initiatives, municipalities, actors and articles, best matches first."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:200]
        context["query"] = query
        if not text_search.words(query):
            context["groups"] = []
            return context
        user = self.request.user
        initiatives = text_search.ranked(
            Initiative.objects.visible_to(user).select_related("type"),
            query,
            ["title", "summary"],
            SEARCH_LIMIT,
        )
        actors = text_search.ranked(
            Actor.objects.visible_to(user), query, ["name", "aliases"], SEARCH_LIMIT
        )
        articles = text_search.ranked(
            Article.objects.visible_to(user).joined("publisher"),
            query,
            ["title", "body"],
            SEARCH_LIMIT,
        )
        municipalities = self.municipalities(query)
        # Titles and snippets keep the language they are written in (`*_lang`, for
        # lang="…" on an English page); names of places, people and bodies need none.
        context["groups"] = [
            (
                _("Initiatives"),
                [
                    row(i, i.title, text_search.highlight(i.summary, query), "sv", "sv")
                    for i in initiatives
                ],
                f"{reverse('initiatives:list')}?{urlencode({'q': query})}",
            ),
            (
                _("Municipalities"),
                [row(m, m.name, m.county.name) for m in municipalities],
                None,
            ),
            (
                _("Actors"),
                [row(a, a.name, a.get_kind_display()) for a in actors],
                None,
            ),
            (
                _("Sources"),
                [
                    row(a, a.title, text_search.highlight(a.body, query), a.language, a.language)
                    for a in articles
                ],
                None,
            ),
        ]
        context["total"] = sum(len(rows) for _label, rows, _more in context["groups"])
        return context

    @staticmethod
    def municipalities(query):
        """Municipalities named in the query, genitive -s included ("Borlänges").

        There are only 290, so the names are matched in Python: SQLite's LIKE folds
        case for ASCII only, and Å/Ä/Ö must match å/ä/ö. Only their names are read to
        match them (290 model instances with their counties were a fifth of the page's
        Python time); the matches are read whole, and only when there are some.
        """
        wanted = query.casefold()
        words = {w.casefold() for w in text_search.words(query)}
        words |= {w.removesuffix("s") for w in words}
        found = [
            pk
            for pk, name in Municipality.objects.order_by().values_list("pk", "name")
            if name.casefold() in words or (" " in name and name.casefold() in wanted)
        ]
        if not found:
            return []
        return list(
            Municipality.objects.select_related("county")
            .filter(pk__in=found)
            .order_by(*swedish("name"))[:SEARCH_LIMIT]
        )
