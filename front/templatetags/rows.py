"""Rows that record pages repeat up to fifty times, made here rather than by templates.

{% load rows %}
{% funding_rows payments show_initiative=True %} → each payment's <tr>: funder, recipient,
                                               initiative, year, amount, reference
{% source_items articles %}                 → each article's <li> in a list of sources
{% initiative_items initiatives %}          → each initiative's <li> in a list of results:
                                               title, type, years, places, total funding
{% timeline_items initiatives %}            → each initiative's <li> under its start year:
                                               title, type, what its period adds
{% municipality_rows table show_county=True %} → the <tr>s of a table of municipalities
                                               (front.views.municipalities.table_row)
{% initiative_rows initiatives %}           → each initiative's <tr> in a table: title, type,
                                               years, municipalities
{% municipality_cards municipalities %}     → each municipality's card: name, county,
                                               initiatives, funding received
{% county_rows counties %}                  → the <tr>s of the table of counties: name, code,
                                               municipalities reached, initiatives, funding
{% county_cards counties %}                 → each county's card on the start page: name,
                                               initiatives and municipalities reached
{% type_cards types browser_url %}          → each initiative type's card on the start
                                               page: name, count, description
{% count_cells counts %}                    → a row of counts as <td>s, none marked zero
{% actor_rows actors %}                     → each actor's <tr> in the list of actors: name,
                                               kind, latest position, number of roles
{% role_rows roles %}                       → each role's <tr>: actor, role, initiative,
                                               reference
{% role_items roles %}                      → each role's <li> on its actor's page:
                                               initiative, role, note, reference
{% timeline_cells cells %}                  → a year's <td>s on the compare page: each
                                               municipality's initiatives that year
{% funding_cells cells %}                   → a year's <td>s of amounts on the compare page
{% funder_rows funders details=True %}      → the <tr>s of a table of funders (by_funder()):
                                               name, with `details` payments and years, amount
{% quote_figures quotes %}                  → each quote's <figure>: its words, the speaker
                                               and their position, reference, interpretation

Each uses the same rules as the templates did (`amount`, `lang`, `article_date`, `cite`)
and the same messages, so the .po files are unchanged. An actor's and a municipality's
pages show up to fifty payments and fifty sources, the browser fifty initiatives: each
row's lookups, filters and tags, resolved one by one by the template engine (and an
included template's context for each initiative), cost some 100 µs, a few milliseconds
a page. A list's tag makes all its rows, their links in one `link_state()` (core/links.py).
"""

from functools import partial

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from core.choice_labels import label_of
from core.html import conditional_escape, format_html, format_html_join
from core.links import link_state, slug_url
from core.templatetags.language import marked
from core.templatetags.money import amount, sek
from core.translation import translated
from initiatives.models import period_of

from .counts import cited_by
from .counts import initiatives as initiatives_counted
from .counts import more as more_than_shown
from .counts import reach as county_reach
from .evidence import article_date, cite, position_of, publisher_and_date

register = template.Library()

LINK = '<a href="{}">{}</a>'
ORIGINAL = gettext_noop("original")
NO_INITIATIVES_YET = gettext_noop("No initiatives recorded yet")
NOT_STATED = gettext_noop("not stated")
YEAR_NOT_STATED = gettext_noop("Year not stated")
PART_OF_WHOLE = gettext_noop("%(part)s of %(whole)s")
INTERPRETATION = gettext_noop("interpretation")
QUOTE_IS_INTERPRETED = gettext_noop(
    "That the quote speaks of this initiative is an interpretation: %(reason)s"
)


def link(record, state=None):
    """A link to a named record (an actor, a municipality) by its name; `state`: the
    `link_state()` of links made together (core/links.py), else read here."""
    return format_html(LINK, record.get_absolute_url(state), record.name)


def place_links(initiative, state=None):
    """Links to an initiative's municipalities (read with it: `places()`), separated by commas."""
    state = state or link_state()
    return format_html_join(", ", "{}", ((link(m, state),) for m in initiative.places))


def title_link(record, language, state=None):
    """A link to a titled record (an initiative, an article) by its title, marked with
    `language` where the page is in another."""
    state = state or link_state()
    return format_html(
        LINK, record.get_absolute_url(state), marked(record.title, language, state[0])
    )


def rows_of(make_row, records, *args):
    """`make_row(record, *args, state)` for each record, joined: the rows of one list,
    its links made in one `link_state()`."""
    state = link_state()
    return format_html_join("", "{}", ((make_row(record, *args, state),) for record in records))


@register.simple_tag(takes_context=True)
def funding_rows(context, funding, show_initiative=False):
    """The payments as includes/funding_table.html's columns show them."""
    return rows_of(partial(payment_row, context), funding, show_initiative)


# A payment's row: its funder linked, its recipients, (its initiative,) its year, its amount
# and its reference, written in one fragment (the funder's link in it): an actor's page
# shows a hundred.
PAYMENT_ROW = (
    '<tr><td><a href="{}">{}</a></td><td>{}</td>{}<td>{}</td><td class="num">{}</td>'
    "<td>{}</td></tr>"
)


def payment_row(context, row, show_initiative, state):
    recipients = [r for r in (row.recipient_municipality, row.recipient_actor) if r is not None]
    initiative = ""
    if show_initiative:
        initiative = format_html("<td>{}</td>", title_link(row.initiative, "sv", state))
    evidence = cite(context, row)
    if row.note:
        evidence = format_html(
            '{} <span class="muted">{}</span>', evidence, marked(row.note, "sv", state[0])
        )
    return format_html(
        PAYMENT_ROW,
        row.funder.get_absolute_url(state),
        row.funder.name,
        mark_safe(" · ".join(link(recipient, state) for recipient in recipients)),
        initiative,
        translated(NOT_STATED, state[0]) if row.year is None else row.year,
        amount(row.amount_sek, row.is_lower_bound, state[0]),
        evidence,
    )


@register.simple_tag
def source_items(articles):
    """The articles of a list of sources (includes/source_list.html)."""
    return rows_of(source_item, articles)


def source_item(article, state):
    """One article in a list of sources: its title, publisher and date, and a link to the
    original where one is recorded."""
    text = format_html(
        "{} – {}",
        title_link(article, article.language, state),
        publisher_and_date(article, state[0]),
    )
    if article.url:
        text = format_html(
            '{} · <a href="{}" rel="noopener">{}</a>',
            text,
            article.url,
            translated(ORIGINAL, state[0]),
        )
    return format_html("<li>{}</li>", text)


@register.simple_tag
def initiative_items(initiatives):
    """The initiatives of a list of results (`initiative_item`)."""
    return rows_of(initiative_item, initiatives)


def initiative_item(initiative, state):
    """One initiative in a list of results (the browser, the start page): its title, a
    draft's state (staff see drafts), its type, its years or that none is stated, its
    municipalities and, where it has public payments, their total.

    Needs `type` and `places` read with the rows (`for_listing()`) and
    `total_funding_sek` and `funding_is_lower_bound` set (`with_funding_totals()`, or
    annotated by `with_total_funding()`)."""
    title = title_link(initiative, "sv", state)
    if not initiative.is_published:
        title = format_html(
            '{} <span class="tag">{}</span>', title, initiative.get_publication_state_display()
        )
    meta = format_html(
        '<span class="tag">{}</span> {}',
        initiative.type.name_in(state[0]),
        initiative.period or translated(YEAR_NOT_STATED, state[0]),
    )
    places = place_links(initiative, state)
    if places:
        meta = format_html("{} · {}", meta, places)
    if initiative.total_funding_sek is not None:
        total = amount(initiative.total_funding_sek, initiative.funding_is_lower_bound, state[0])
        meta = format_html("{} · {}", meta, total)
    return format_html('<li><h3>{}</h3><p class="result-meta">{}</p></li>', title, meta)


@register.simple_tag
def timeline_items(initiatives):
    """A year's initiatives in a municipality's timeline (`timeline_item`), their links
    made in one `link_state()`."""
    return rows_of(timeline_item, initiatives)


TIMELINE_ITEM = '<li><a href="{}">{}</a> <span class="tag">{}</span>{}</li>'


def timeline_item(initiative, state=None):
    """One initiative under its start year in a timeline (a municipality's page, the
    compare page's columns): its title, its type and what its period adds to that year
    ("2015–2017", "2015–"; nothing for that year alone or without a year).

    The compare page shows up to 400 (its grid's cells), where the template's lookups,
    filters and conditions per item were some 40 µs each."""
    state = state or link_state()
    period = period_of(initiative.start_year, initiative.end_year)
    aside = ""
    if period and period != str(initiative.start_year):
        aside = format_html(' <span class="muted">{}</span>', period)
    # The title's link written into the item (as `title_link` makes it), not made apart
    # and passed in: one fragment less to make and check for each of 400 items.
    return format_html(
        TIMELINE_ITEM,
        initiative.get_absolute_url(state),
        marked(initiative.title, "sv", state[0]),
        initiative.type.name_in(state[0]),
        aside,
    )


MUNICIPALITY_ROW = (
    '<tr><th scope="row"><a href="{url}">{name}</a></th>{county}'
    '<td class="num{no_initiatives}">{initiatives}</td>'
    '<td class="num{no_funding}">{funding}</td>'
    '<td class="num">{population}</td></tr>'
)


@register.simple_tag
def municipality_rows(table, show_county=False):
    """The rows of a table of municipalities (all 290 of them, or a county's), from the
    cells `table_row` made: name, county (with `show_county`), initiatives, funding
    received and population, a count of nothing marked as zero.

    The list of all 290 spent a quarter of its time resolving the rows' cells, class
    conditions and the "not known" message one by one in the template."""
    not_known = format_html('<span class="muted">{}</span>', _("not known"))
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    MUNICIPALITY_ROW,
                    url=row["url"],
                    name=row["name"],
                    county=format_html("<td>{}</td>", row["county"]) if show_county else "",
                    no_initiatives="" if row["has_initiatives"] else " zero",
                    initiatives=row["initiatives"],
                    no_funding="" if row["has_funding"] else " zero",
                    funding=row["funding"],
                    population=row["population"] or not_known,
                ),
            )
            for row in table
        ),
    )


@register.simple_tag
def initiative_rows(initiatives):
    """The initiatives in a table of them (a county's newest): each one's title, type,
    years or that none is stated, and municipalities (`places` prefetched)."""
    return rows_of(initiative_row, initiatives)


def initiative_row(initiative, state):
    return format_html(
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>',
        title_link(initiative, "sv", state),
        initiative.type.name_in(state[0]),
        initiative.period or translated(NOT_STATED, state[0]),
        place_links(initiative, state),
    )


@register.simple_tag
def municipality_cards(municipalities):
    """The cards of municipalities with records (above the table of all 290): each one's
    name linked, its county, its initiatives counted and the funding it received, if
    any (`municipalities_with_totals()`)."""
    return rows_of(municipality_card, municipalities)


COUNTY_ROW = (
    '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td class="num{}">{}</td>'
    '<td class="num{}">{}</td><td class="num{}">{}</td></tr>'
)


@register.simple_tag
def county_rows(counties):
    """The rows of the table of the 21 counties (`counties_with_totals()`): each one's name
    linked, its code, how many of its municipalities have records, its initiatives and the
    funding they received, a count of nothing marked as zero."""
    return rows_of(county_row, counties)


def county_row(county, state):
    reached = translated(PART_OF_WHOLE, state[0]) % {
        "part": county.municipalities_with_records,
        "whole": county.municipality_count,
    }
    return format_html(
        COUNTY_ROW,
        county.get_absolute_url(state),
        county.name,
        county.code,
        "" if county.municipalities_with_records else " zero",
        reached,
        "" if county.initiative_count else " zero",
        county.initiative_count,
        "" if county.funding_sek else " zero",
        amount(county.funding_sek, county.funding_is_lower_bound, state[0]),
    )


@register.simple_tag
def county_cards(counties):
    """The start page's cards of the 21 counties (`counties_with_totals()`): each one's
    name linked, and its initiatives and how many of its municipalities have any."""
    return rows_of(county_card, counties)


def county_card(county, state):
    if county.initiative_count:
        reached = format_html('<span class="facet-count">{}</span>', county_reach(county, state[0]))
    else:
        reached = format_html(
            '<span class="zero">{}</span>', translated(NO_INITIATIVES_YET, state[0])
        )
    return format_html(
        '<li class="card"><a href="{}">{}</a><br>{}</li>',
        county.get_absolute_url(state),
        county.name,
        reached,
    )


@register.simple_tag
def type_cards(types, browser_url):
    """The start page's cards of the initiative types, each (type, count): its name
    linking to the browser filtered by it, the count, and its description if any."""
    language = get_language()
    return format_html_join(
        "", "{}", ((type_card(kind, n, browser_url, language),) for kind, n in types)
    )


def type_card(kind, count, browser_url, language):
    description = ""
    if text := kind.description_in(language):
        description = format_html('<br><span class="muted">{}</span>', text)
    return format_html(
        '<li class="card"><a href="{}?type={}">{}</a> <span class="facet-count">({})</span>{}</li>',
        browser_url,
        kind.slug,
        kind.name_in(language),
        count,
        description,
    )


def municipality_card(municipality, state):
    funding = ""
    if municipality.funding_sek:
        funding = format_html(
            " · {}",
            amount(municipality.funding_sek, municipality.funding_is_lower_bound, state[0]),
        )
    return format_html(
        '<li class="card"><a href="{}">{}</a> <span class="muted">{}</span><br>'
        "<strong>{}</strong>{}</li>",
        municipality.get_absolute_url(state),
        municipality.name,
        municipality.county.name,
        initiatives_counted(municipality.initiative_count),
        funding,
    )


@register.simple_tag
def count_cells(counts):
    """A row of counts as table cells, a count of nothing marked as zero (a county's
    initiatives by type and year: some 200 cells)."""
    return format_html_join(
        "", '<td class="num{}">{}</td>', (("" if count else " zero", count) for count in counts)
    )


@register.simple_tag(takes_context=True)
def role_rows(context, roles):
    """The roles in a table of them (a municipality's): each role's actor, the role, the
    initiative and the reference (`actor` and `initiative` read with it)."""
    return rows_of(partial(role_row, context), roles)


ROLE_ROW = '<tr><td><a href="{}">{}</a></td><td>{}</td><td><a href="{}">{}</a></td><td>{}</td></tr>'


def role_row(context, role, state):
    """Its actor's and initiative's links written into the row (as `link` and
    `title_link` make them): a municipality's page shows fifty."""
    return format_html(
        ROLE_ROW,
        role.actor.get_absolute_url(state),
        role.actor.name,
        label_of(role, "role", state[0]),
        role.initiative.get_absolute_url(state),
        marked(role.initiative.title, "sv", state[0]),
        cite(context, role),
    )


@register.simple_tag(takes_context=True)
def role_items(context, roles):
    """An actor's roles in a list: each one's initiative, the role, its note and the
    reference (`initiative` read with it)."""
    return rows_of(partial(role_item, context), roles)


def role_item(context, role, state):
    note = format_html(" – {}", marked(role.note, "sv", state[0])) if role.note else ""
    return format_html(
        "<li>{}: {}{}{}</li>",
        title_link(role.initiative, "sv", state),
        label_of(role, "role", state[0]),
        note,
        cite(context, role),
    )


@register.simple_tag
def funder_rows(funders, details=False):
    """The rows of a table of funders, from `by_funder()`'s dicts: the funder's name
    linked, with `details` the number of payments and their years (or that none is
    stated), and the total. A municipality's page lists some 75 of them."""
    state = link_state()
    not_stated = translated(NOT_STATED, state[0])
    rows = []
    for row in funders:
        name = format_html(
            LINK, slug_url("actors:detail", row["funder__slug"], state=state), row["funder__name"]
        )
        cells = ""
        if details:
            first, last = row["first_year"], row["last_year"]
            years = not_stated if not first else str(first) if last == first else f"{first}–{last}"
            cells = format_html('<td class="num">{}</td><td>{}</td>', row["payments"], years)
        rows.append(
            format_html(
                '<tr><th scope="row">{}</th>{}<td class="num">{}</td></tr>',
                name,
                cells,
                amount(row["total"], row["lower_bounds"], state[0]),
            )
        )
    return format_html_join("", "{}", ((row,) for row in rows))


@register.simple_tag
def timeline_cells(cells):
    """A year's row of the compare page's timeline, a <td> per municipality: the
    initiatives it shows for that year (`timeline_item`) and a link to the rest,
    or nothing (front.views.compare.initiatives_by_year's cells). Four columns of some
    thirty years: 130 cells, each with its conditions, loop and filter resolved in the
    template, cost a few milliseconds."""
    state = link_state()
    return format_html_join(
        "",
        "<td>{}</td>",
        ((timeline_cell(cell, state) if cell else "",) for cell in cells),
    )


def timeline_cell(cell, state):
    items = format_html_join("", "{}", ((timeline_item(i, state),) for i in cell["initiatives"]))
    more = ""
    if cell["more"] > 0:
        more = format_html(LINK, cell["more_url"], more_than_shown(cell["more"], state[0]))
    return format_html('<ul class="compare-items">{}</ul>{}', items, more)


@register.simple_tag
def funding_cells(cells):
    """A year's row of the compare page's funding, a <td> per municipality: what it
    received that year, or 0 kr (front.views.compare.funding_by_year's cells)."""
    language = get_language()
    return format_html_join(
        "",
        '<td class="num">{}</td>',
        (
            (amount(cell["total"], cell["lower_bound"], language) if cell else sek(0, language),)
            for cell in cells
        ),
    )


@register.simple_tag(takes_context=True)
def actor_rows(context, actors):
    """The actors in the list of actors: each one's name, kind, latest position (`{%
    position_of %}`) and number of roles, as front.views.actors sets `current_position`
    and `role_count` on the page's rows."""
    return rows_of(partial(actor_row, context), actors)


def actor_row(context, actor, state):
    position = actor.current_position
    return format_html(
        '<tr><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td></tr>',
        link(actor, state),
        label_of(actor, "kind", state[0]),
        position_of(context, position, state=state) if position else "",
        actor.role_count,
    )


QUOTE = (
    '<figure class="quote"><blockquote lang="{}"><p>{}</p></blockquote>'
    "<figcaption>– {}{}{}{}</figcaption></figure>"
)


@register.simple_tag(takes_context=True)
def quote_figures(context, quotes):
    """The quotes (front.views.initiatives.quotes_with_titles): each one's words in its
    article's language, its speaker linked with the position the same article gives
    them, its reference, and, where the quote's `link` to an initiative is an
    interpretation (quotes_of), that and why."""
    return rows_of(partial(quote_figure, context), quotes)


def quote_figure(context, quote, state):
    position = quote.speaker_position
    tie = getattr(quote, "link", None)  # to the initiative the page is about, if any
    inference = ""
    if tie is not None and tie.is_inferred:
        why = translated(QUOTE_IS_INTERPRETED, state[0])
        inference = format_html(
            '<br><span class="inference">{}</span> {}',
            translated(INTERPRETATION, state[0]),
            mark_safe(why % {"reason": conditional_escape(tie.inference_reason)}),
        )
    return format_html(
        QUOTE,
        quote.article.language,
        quote.text,
        link(quote.speaker, state),
        format_html(", {}", position.title) if position else "",
        cite(context, quote),
        inference,
    )


@register.simple_tag
def datalist_options(names):
    """The options of a <datalist> of names (the browser's actor and funder suggestions:
    50 each, whose template loop was some 2 ms of a filtered browser page)."""
    return format_html_join("", '<option value="{}"></option>', ((name,) for name in names))


@register.simple_tag
def county_options(facets, chosen):
    """The options of the browser's county box, from (county, count) facets: each county's
    name with its count, the `chosen` code selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{} ({})</option>',
        (
            (county.code, " selected" if chosen == county.code else "", county.name, count)
            for county, count in facets
        ),
    )


@register.simple_tag
def shared_actor_rows(actors):
    """The rows of the compare page's table of actors in several of its municipalities
    (front.views.compare.role_labels): each actor's name linked, then per municipality
    its roles there, or a dash. Thirty actors by four columns: 150 iterations of the
    template's loops, filters and a link tag each."""
    state = link_state()
    return format_html_join(
        "",
        '<tr><th scope="row"><a href="{}">{}</a></th>{}</tr>',
        (
            (
                slug_url("actors:detail", actor["slug"], state=state),
                actor["name"],
                format_html_join("", "<td>{}</td>", ((role_list(labels),) for labels in roles)),
            )
            for actor, roles in actors
        ),
    )


def role_list(labels):
    """Role names joined by commas (as `|join:", "` escapes them), or a dash for none."""
    if not labels:
        return "–"
    return mark_safe(", ".join(conditional_escape(label) for label in labels))


@register.simple_tag
def article_title_items(articles):
    """List items linking to articles (dicts of slug, title and language: the compare page's
    sources) by their titles, marked with their language where the page is in another."""
    state = link_state()
    return format_html_join(
        "",
        '<li><a href="{}">{}</a></li>',
        (
            (
                slug_url("articles:detail", article["slug"], state=state),
                marked(article["title"], article["language"], state[0]),
            )
            for article in articles
        ),
    )


@register.simple_tag
def year_headers(years):
    """The column headers of a table by start year (a county's initiatives by type and
    year): each year, or that it is not known."""
    not_known = _("Year not known")
    return format_html_join(
        "", '<th scope="col" class="num">{}</th>', ((year or not_known,) for year in years)
    )


@register.simple_tag
def number_cells(numbers):
    """A row of plain number cells (a table's totals)."""
    return format_html_join("", '<td class="num">{}</td>', ((number,) for number in numbers))


@register.simple_tag
def article_items(articles):
    """The sources' list (`ArticleListView`'s page): each article's title linked, its
    publisher, its own date where it gives one, and how many initiatives cite it."""
    return rows_of(article_item, articles)


def article_item(article, state):
    date = article_date(article, state[0])
    return format_html(
        '<li><h2><a href="{}">{}</a></h2><p class="result-meta">{}{} · {}</p></li>',
        article.get_absolute_url(state),
        marked(article.title, article.language, state[0]),
        article.publisher.name,
        format_html(" · {}", date) if date else "",
        cited_by(article.citation_count, state[0]),
    )


@register.simple_tag
def search_result_items(rows):
    """One group of the search page's results (front.views.search.row's dicts): each
    record's title linked and, where it has one, a snippet, each marked with its language
    where the page is in another."""
    return rows_of(search_result_item, rows)


def search_result_item(row, state):
    snippet = ""
    if row["snippet"]:
        snippet = format_html(
            '<p class="result-meta">{}</p>', marked(row["snippet"], row["snippet_lang"], state[0])
        )
    return format_html(
        '<li><h3><a href="{}">{}</a></h3>{}</li>',
        row["object"].get_absolute_url(state),
        marked(row["title"], row["title_lang"], state[0]),
        snippet,
    )
