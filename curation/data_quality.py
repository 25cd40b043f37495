"""
The admin's data-quality page (/admin/data-quality/): what staff should fix, each line
linking to the record to fix.

Every check runs a fixed number of queries whatever the size of the data (one, or one
per fact model; the duplicates check is two per model), and shows at most LINES_SHOWN
lines. Load-test (synthetic) records
are left out: nobody curates them.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.models import Actor
from articles.evidence import Basis
from articles.models import Article, Position, Quote
from core.similarity import likely_duplicates
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeClaim,
    InitiativeSchool,
    InitiativeSource,
    Participation,
)
from municipalities.models import School

LINES_SHOWN = 100

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class Line:
    """One problem: the records involved (label, admin URL) and what is wrong."""

    links: list
    detail: str = ""


@dataclass
class Section:
    title: "StrOrPromise"
    explanation: "StrOrPromise"
    lines: list = field(default_factory=list)
    more: bool = False  # there are more lines than shown


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def link(obj):
    return (str(obj), change_url(obj))


def _section(title, explanation, queryset, make_line):
    rows = list(queryset[: LINES_SHOWN + 1])
    lines = [make_line(row) for row in rows[:LINES_SHOWN]]
    return Section(title, explanation, lines, more=len(rows) > LINES_SHOWN)


def _none_pointing_here(model, fk):
    return ~Exists(model.objects.filter(**{fk: OuterRef("pk")}))


def _curated_initiatives():
    return Initiative.objects.filter(is_synthetic=False)


def initiatives_without_sources():
    cited = InitiativeSource.objects.filter(initiative=OuterRef("pk"))
    queryset = _curated_initiatives().filter(~Exists(cited)).order_by("title")
    return _section(
        gettext_lazy("Initiatives with no source"),
        gettext_lazy("Every initiative needs at least one source article."),
        queryset,
        lambda initiative: Line([link(initiative)]),
    )


def actors_without_sources():
    queryset = Actor.objects.filter(
        _none_pointing_here(Article.actors.through, "actor"),
        _none_pointing_here(Article, "publisher"),
        _none_pointing_here(Article, "author"),
        is_synthetic=False,
    ).order_by("name")
    return _section(
        gettext_lazy("Actors no article mentions"),
        gettext_lazy("No article mentions the actor, is published by it or written by it."),
        queryset,
        lambda actor: Line([link(actor)]),
    )


def schools_without_sources():
    queryset = School.objects.filter(
        _none_pointing_here(Article.schools.through, "school")
    ).order_by("name")
    return _section(
        gettext_lazy("Schools no article mentions"),
        gettext_lazy("No article mentions the school."),
        queryset,
        lambda school: Line([link(school)]),
    )


def _actor_mentioned(actor_field):
    return Exists(
        Article.actors.through.objects.filter(
            article=OuterRef("source"), actor=OuterRef(actor_field)
        )
    )


def participations_not_in_source():
    queryset = (
        Participation.objects.filter(initiative__is_synthetic=False)
        .filter(~_actor_mentioned("actor"))
        .select_related("actor", "initiative", "source")
        .order_by("initiative__title", "actor__name")
    )
    return _section(
        gettext_lazy("Participations whose source does not mention the actor"),
        gettext_lazy(
            "The source article's confirmed mentions do not include the actor. Link the actor "
            "to the article, or cite an article that names it."
        ),
        queryset,
        lambda p: Line(
            [link(p), link(p.source)],
            _("“%(article)s” does not mention %(actor)s.")
            % {"article": p.source, "actor": p.actor},
        ),
    )


def funding_not_in_source():
    municipality_mentioned = Exists(
        Article.municipalities.through.objects.filter(
            article=OuterRef("source"), municipality=OuterRef("recipient_municipality")
        )
    )
    queryset = (
        Funding.objects.filter(initiative__is_synthetic=False)
        .annotate(
            funder_named=_actor_mentioned("funder"),
            recipient_named=_actor_mentioned("recipient_actor"),
            municipality_named=municipality_mentioned,
        )
        .filter(
            Q(funder_named=False)
            | Q(recipient_actor__isnull=False, recipient_named=False)
            | Q(recipient_municipality__isnull=False, municipality_named=False)
        )
        .select_related("funder", "recipient_actor", "recipient_municipality", "source")
        .order_by("source__title", "pk")
    )
    return _section(
        gettext_lazy("Funding whose source does not mention the funder or recipient"),
        gettext_lazy(
            "The source article's confirmed mentions do not include everyone the funding row names."
        ),
        queryset,
        _funding_line,
    )


def _funding_line(funding):
    missing = [] if funding.funder_named else [funding.funder]
    if funding.recipient_actor_id and not funding.recipient_named:
        missing.append(funding.recipient_actor)
    if funding.recipient_municipality_id and not funding.municipality_named:
        missing.append(funding.recipient_municipality)
    detail = _("“%(article)s” does not mention %(names)s.") % {
        "article": funding.source,
        "names": ", ".join(str(name) for name in missing),
    }
    return Line([link(funding), link(funding.source)], detail)


def initiatives_without_years():
    queryset = _curated_initiatives().filter(start_year__isnull=True, end_year__isnull=True)
    return _section(
        gettext_lazy("Initiatives with no years"),
        gettext_lazy(
            "Neither a start nor an end year. Add them when a source states them; never guess."
        ),
        queryset.order_by("title"),
        lambda initiative: Line([link(initiative)]),
    )


def articles_linked_to_nothing():
    queryset = Article.objects.filter(
        _none_pointing_here(InitiativeSource, "article"),
        _none_pointing_here(Participation, "source"),
        _none_pointing_here(Funding, "source"),
        _none_pointing_here(Quote, "article"),
        _none_pointing_here(Article.municipalities.through, "article"),
        _none_pointing_here(Article.schools.through, "article"),
        _none_pointing_here(Article.actors.through, "article"),
        is_synthetic=False,
    ).order_by("title")
    return _section(
        gettext_lazy("Articles linked to nothing"),
        gettext_lazy(
            "No initiative, participation, funding row or quote cites the article, and it "
            "is linked to no municipality, school or actor."
        ),
        queryset,
        lambda article: Line([link(article)]),
    )


def likely_duplicate_records():
    pairs = []
    for model, name_field in [(Actor, "name"), (School, "name"), (Initiative, "title")]:
        pairs += likely_duplicates(model, name_field, limit=LINES_SHOWN)
    pairs.sort(key=lambda pair: -pair[2])
    lines = [
        Line([link(a), link(b)], _("%(percent)d%% alike") % {"percent": round(score * 100)})
        for a, b, score in pairs[:LINES_SHOWN]
    ]
    return Section(
        gettext_lazy("Likely duplicates"),
        gettext_lazy(
            "Actors, schools and initiatives with very similar names. Merge them if they "
            "are one, or keep both if the names only look alike."
        ),
        lines,
        more=len(pairs) > LINES_SHOWN,
    )


# The models whose rows are facts with evidence (a passage and a basis), each with the
# relations its line shows (its name and its links), fetched with it.
FACT_MODELS = {
    Participation: ["actor", "initiative"],
    Funding: ["funder", "recipient_municipality", "recipient_actor", "initiative"],
    InitiativeSchool: ["school", "initiative"],
    InitiativeClaim: ["initiative"],
    Position: ["actor", "organisation"],
}


def _facts(model):
    """Curated rows of a fact model, with what their lines show."""
    queryset = model.objects.select_related("source", *FACT_MODELS[model])
    if _has_field(model, "initiative"):
        queryset = queryset.filter(initiative__is_synthetic=False)
    if _has_field(model, "actor"):
        queryset = queryset.filter(actor__is_synthetic=False)
    return queryset.order_by("source__title", "pk")


def _has_field(model, name):
    return any(f.name == name for f in model._meta.fields)


def link_fact(fact):
    """A fact's own admin page, or its initiative's (where it is edited as an inline row)."""
    return link(fact if admin.site.is_registered(type(fact)) else fact.initiative)


def _fact_section(title, explanation, condition, detail):
    lines, more = [], False
    for model in FACT_MODELS:
        rows = list(_facts(model).filter(condition)[: LINES_SHOWN + 1])
        more = more or len(rows) > LINES_SHOWN
        lines += [
            Line([link_fact(row), link(row.source)], detail(row)) for row in rows[:LINES_SHOWN]
        ]
    return Section(title, explanation, lines[:LINES_SHOWN], more=more or len(lines) > LINES_SHOWN)


def facts_without_passage():
    return _fact_section(
        gettext_lazy("Facts without an evidence passage"),
        gettext_lazy(
            "Copy the sentence that states the fact, word for word, from its source. Until "
            "then the public reference says the passage is missing."
        ),
        Q(passage=""),
        lambda fact: (
            _("%(kind)s citing “%(article)s”")
            % {"kind": capfirst(fact._meta.verbose_name), "article": fact.source}
        ),
    )


def inferred_facts():
    return _fact_section(
        gettext_lazy("Inferred facts"),
        gettext_lazy(
            "The source implies these rather than states them; each is shown to visitors as "
            "an interpretation with its reason. Check that the reason holds."
        ),
        Q(basis=Basis.INFERRED),
        lambda fact: fact.inference_reason,
    )


def undated_statements():
    """Statuses and titles whose source gives no date: shown as "undated"."""
    undated_source = Q(source__published_on__isnull=True, source__last_reviewed_on__isnull=True)
    statuses = (
        InitiativeClaim.objects.filter(
            undated_source,
            aspect=InitiativeClaim.Aspect.STATUS,
            year__isnull=True,
            initiative__is_synthetic=False,
        )
        .select_related("initiative", "source")
        .order_by("initiative__title")
    )
    titles = (
        Position.objects.filter(undated_source, year__isnull=True, actor__is_synthetic=False)
        .select_related("actor", "organisation", "source")
        .order_by("actor__name")
    )
    lines = [
        Line(
            [link(claim.initiative), link(claim.source)],
            _("Status: %(status)s") % {"status": claim.initiative.get_status_display()},
        )
        for claim in statuses[:LINES_SHOWN]
    ] + [
        Line([link(position.actor), link(position.source)], str(position))
        for position in titles[:LINES_SHOWN]
    ]
    return Section(
        gettext_lazy("Undated statuses and titles"),
        gettext_lazy(
            "Their source gives no date, so visitors see them as undated. Add the year when "
            "the passage gives one; never guess it."
        ),
        lines[:LINES_SHOWN],
        more=len(lines) > LINES_SHOWN,
    )


def statuses_without_evidence():
    has_claim = Exists(
        InitiativeClaim.objects.filter(
            initiative=OuterRef("pk"), aspect=InitiativeClaim.Aspect.STATUS
        )
    )
    queryset = (
        _curated_initiatives()
        .exclude(status=Initiative.Status.UNKNOWN)
        .filter(~has_claim)
        .order_by("title")
    )
    return _section(
        gettext_lazy("Statuses without evidence"),
        gettext_lazy(
            "The initiative has a status but no passage says so: add the evidence (the "
            "passage and, when it gives one, the year) or set the status to unknown."
        ),
        queryset,
        lambda initiative: Line([link(initiative)], initiative.get_status_display()),
    )


CHECKS = [
    initiatives_without_sources,
    actors_without_sources,
    schools_without_sources,
    participations_not_in_source,
    funding_not_in_source,
    initiatives_without_years,
    articles_linked_to_nothing,
    facts_without_passage,
    inferred_facts,
    statuses_without_evidence,
    undated_statements,
    likely_duplicate_records,
]


def data_quality_report():
    return [check() for check in CHECKS]


def data_quality_view(request):
    """The report, for staff; wrapped in admin.site.admin_view in the URLconf."""
    context = {
        **admin.site.each_context(request),
        "title": _("Data quality"),
        "sections": data_quality_report(),
    }
    return TemplateResponse(request, "admin/data_quality.html", context)
