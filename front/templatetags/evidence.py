"""Template tags for evidence: numbered references and dated statements.

{% load evidence %}
{% cite participation %}            → [3], and "tolkning" when it is an inference
{% cite link basis=link.basis %}    → cite a quote, with the basis of its link
{% status_of initiative claim %}    → "Pågående enligt källan (22 augusti 2017)"
{% position_of position %}          → "Rektor, Kastellskolan (enligt källan, 2023)"
{% reference_items references %}    → the references' <li>s: each passage and its article
{{ article|article_date }}          → "22 augusti 2017", "senast granskad 3 maj 2020" or ""
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from core.dates import long_date
from core.html import format_html
from core.links import link_state
from core.templatetags.language import marked
from core.translation import translated
from front.references import References

register = template.Library()

# A numbered link to a reference in the page's list of references.
CITE = '<sup class="ref"><a href="#ref-{0}" aria-describedby="references-title">[{0}]</a></sup>'


@register.simple_tag(takes_context=True)
def cite(context, fact, basis=None, reason=None):
    """A numbered link to `fact`'s reference (kept in the page's `references`)."""
    references = context.get("references")
    if references is None:
        references = context["references"] = References()
    if fact is None or getattr(fact, "source", None) is None:
        return ""
    reference = references.cite(fact, basis=basis, reason=reason)
    # Made here rather than from a template: a page cites up to a hundred facts, and a
    # template rendered per citation cost a list page a few milliseconds. Nothing comes
    # between the text and its [n].
    link = format_html(CITE, reference.number)
    if reference.is_inferred:
        return format_html('{} <span class="inference">{}</span>', link, _("interpretation"))
    return link


def source_date(claim, language=None):
    """How a statement is dated: the year it gives, else its article's own date.
    `language`: the page's, for a caller that has read it (core/translation.py)."""
    if claim.year:
        return str(claim.year)
    date = claim.source.published_on or claim.source.last_reviewed_on
    return long_date(date, language) if date else ""


@register.simple_tag(takes_context=True)
def status_of(context, initiative, claim=None):
    """The initiative's status with the date its source gives it, never a bare "Ongoing"."""
    status = initiative.get_status_display()
    if initiative.status == initiative.Status.UNKNOWN:
        return _("Not stated in the sources")
    if not claim:  # none recorded (a missing template variable is "")
        return _("%(status)s (no source given)") % {"status": status}
    date = source_date(claim)
    if date:
        text = _("%(status)s according to the source (%(date)s)") % {
            "status": status,
            "date": date,
        }
    else:
        text = _("%(status)s according to the source, undated") % {"status": status}
    return format_html("{}{}", text, cite(context, claim))


LAST_REVIEWED = gettext_noop("last reviewed")
UNDATED = gettext_noop("undated")
ACCORDING_TO_THE_SOURCE = gettext_noop("according to the source, %(date)s")


@register.filter
def article_date(article, language=None):
    """An article's own date as lists show it: "3 May 2020", "last reviewed 3 May 2020" or
    "". `language`: as for `source_date`."""
    if article.published_on:
        return long_date(article.published_on, language)
    if article.last_reviewed_on:
        language = language or get_language()
        return (
            f"{translated(LAST_REVIEWED, language)} {long_date(article.last_reviewed_on, language)}"
        )
    return ""


def publisher_and_date(article, language=None):
    """Who published an article and, where it has one, its date: "Skolverket, 3 maj 2020"
    (a list of sources and a page's references name their articles so)."""
    date = article_date(article, language)
    publisher = article.publisher.name
    return format_html("{}, {}", publisher, date) if date else publisher


@register.filter
def dated(fact, language=None):
    """The date a source gives a statement (a position, a claim), or "undated"."""
    language = language or get_language()
    return source_date(fact, language) or translated(UNDATED, language)


@register.simple_tag(takes_context=True)
def position_of(context, position, cited=False, state=None):
    """An actor's position: its title (in its source's language) and organisation, and
    the date its source gives it; with `cited`, its reference right after it. `state`:
    the `link_state()` of the links made with it (core/links.py), else read here.

    Made here rather than by an included template: the actors list shows fifty, and their
    template's lookups, filters and tags were a quarter of the page's instructions (95
    million a request at scale; callgrind).
    """
    state = state or link_state()
    title = marked(position.title, position.source.language, state[0])
    organisation = position.organisation
    if organisation is not None:
        title = format_html(
            '{}{} <a href="{}">{}</a>',
            title,
            "," if position.title else "",
            organisation.get_absolute_url(state),
            organisation.name,
        )
    when = translated(ACCORDING_TO_THE_SOURCE, state[0]) % {"date": dated(position, state[0])}
    text = format_html('{} <span class="muted">({})</span>', title, when)
    return mark_safe(text + cite(context, position)) if cited else text


@register.simple_tag
def reference_items(references):
    """The entries of a page's references: each one's passage (or that none is recorded
    yet), whether it is stated or an inference with its reason, and the article's link,
    at the passage, with its publisher and date.

    Made here rather than by the references template's loop: a page cites up to a
    hundred passages, and their lookups and filters cost an actor's page 5 ms at scale.
    The messages and the links' state are read once for the list.
    """
    state = link_state()
    unrecorded = format_html(
        '<p class="muted">{}</p>', _("The passage that states this has not been recorded yet.")
    )
    stated, interpretation = _("Stated in"), _("Interpretation:")
    items = []
    for reference in references:
        article = reference.article
        passage = unrecorded
        if reference.passage:
            passage = format_html(
                '<blockquote class="passage" lang="{}">{}</blockquote>',
                article.language,
                reference.passage,
            )
        basis = stated
        if reference.is_inferred:
            basis = format_html("<strong>{}</strong> {}", interpretation, reference.reason)
        items.append(
            format_html(
                '<li id="ref-{}" value="{}">{}<p>{} <a href="{}">{}</a> ({})</p></li>',
                reference.number,
                reference.number,
                passage,
                basis,
                reference.url_in(state),
                marked(article.title, article.language, state[0]),
                publisher_and_date(article, state[0]),
            )
        )
    return mark_safe("".join(items))
