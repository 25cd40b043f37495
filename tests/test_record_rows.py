"""The rows record pages repeat: a payment, a source, a reference, a result, a timeline's
item, a role, a funder and the compare page's cells, in both languages.

Each is made by a tag (front/templatetags/rows.py, evidence.py); these tests pin what a
visitor reads in them, escaped, with Swedish text marked on English pages.
"""

import datetime
import re
from decimal import Decimal

import pytest

from articles.evidence import Basis, passage_anchor
from initiatives.models import InitiativeQuote
from municipalities.models import Municipality

from .factories import (
    PASSAGE,
    make_actor,
    make_article,
    make_funding,
    make_initiative,
    make_participation,
    make_position,
    make_quote,
)

pytestmark = pytest.mark.django_db

SWEDISH, ENGLISH = "", "/en"


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"[ \n]+", " ", response.content.decode())


def help_in(codes, start_year, end_year):
    """An initiative titled with characters HTML escapes, in the municipalities of `codes`."""
    return make_initiative(
        title="Stöd & <hjälp>",
        slug="stod",
        start_year=start_year,
        end_year=end_year,
        municipalities=list(Municipality.objects.filter(code__in=codes)),
    )


@pytest.fixture
def newspaper_article():
    return make_article(
        title="Skolan & <staden>",
        slug="skolan-och-staden",
        publisher=make_actor(name="Tidningen", slug="tidningen"),
        published_on=datetime.date(2020, 5, 3),
        url="https://example.org/artikel?a=1&b=2",
    )


@pytest.mark.parametrize(
    "prefix,year,money,initiative,note",
    [
        (
            SWEDISH,
            "anges inte",
            "drygt 800\xa0000\xa0kr",
            "Stöd &amp; &lt;hjälp&gt;",
            "Första &lt;delen&gt;",
        ),
        (
            ENGLISH,
            "not stated",
            "just over SEK 800,000",
            '<span lang="sv">Stöd &amp; &lt;hjälp&gt;</span>',
            '<span lang="sv">Första &lt;delen&gt;</span>',
        ),
    ],
)
def test_a_payment_shows_its_funder_recipients_initiative_year_amount_and_reference(
    client, newspaper_article, prefix, year, money, initiative, note
):
    funder = make_actor(name="Aaa Finansiär", slug="aaa-finansiar")
    make_funding(
        initiative=make_initiative(title="Stöd & <hjälp>", slug="stod"),
        funder=funder,
        recipient_municipality=Municipality.objects.get(code="1488"),
        recipient_actor=make_actor(name="Mottagare <AB>", slug="mottagare"),
        amount_sek=Decimal("800000"),
        is_lower_bound=True,
        year=None,
        note="Första <delen>",
        source=newspaper_article,
    )

    page = text_of(client, f"{prefix}/actors/aaa-finansiar/")

    assert (
        f'<tr><td><a href="{prefix}/actors/aaa-finansiar/">Aaa Finansiär</a></td>'
        f'<td><a href="{prefix}/municipalities/trollhattan/">Trollhättan</a> · '
        f'<a href="{prefix}/actors/mottagare/">Mottagare &lt;AB&gt;</a></td>'
        f'<td><a href="{prefix}/initiatives/stod/">{initiative}</a></td>'
        f'<td>{year}</td><td class="num">{money}</td>'
        '<td><sup class="ref"><a href="#ref-1" aria-describedby="references-title">[1]</a></sup>'
        f' <span class="muted">{note}</span></td></tr>'
    ) in page


def test_a_payment_to_one_recipient_in_a_stated_year_shows_that_year(client):
    """No separator without a second recipient; the year as the source gives it."""
    initiative = make_initiative(slug="stod")
    make_funding(
        initiative=initiative,
        funder=make_actor(name="Aaa Finansiär", slug="aaa-finansiar"),
        recipient_municipality=Municipality.objects.get(code="1488"),
        amount_sek=Decimal("1500.50"),
        year=2018,
    )

    page = text_of(client, "/initiatives/stod/")

    assert (
        '<td><a href="/municipalities/trollhattan/">Trollhättan</a></td>'
        '<td>2018</td><td class="num">1\xa0500\xa0kr</td>'
    ) in page


@pytest.mark.parametrize(
    "prefix,title,date",
    [
        (SWEDISH, "Skolan &amp; &lt;staden&gt;", "3 maj 2020"),
        (ENGLISH, '<span lang="sv">Skolan &amp; &lt;staden&gt;</span>', "3 May 2020"),
    ],
)
def test_a_source_shows_its_publisher_and_date_and_links_the_original(
    client, newspaper_article, prefix, title, date
):
    undated = make_article(title="Utan datum", slug="utan-datum", url="")
    make_initiative(slug="stod", sources=[newspaper_article, undated])

    page = text_of(client, f"{prefix}/initiatives/stod/")

    assert (
        f'<li><a href="{prefix}/articles/skolan-och-staden/">{title}</a> – Tidningen, {date}'
        ' · <a href="https://example.org/artikel?a=1&amp;b=2" rel="noopener">original</a></li>'
    ) in page
    publisher = undated.publisher.name
    assert f'<a href="{prefix}/articles/utan-datum/">' in page
    assert f"</a> – {publisher}</li>" in page


@pytest.mark.parametrize(
    "prefix,stated,interpretation,missing,date",
    [
        (SWEDISH, "Står i", "Tolkning:", "Passagen som säger detta har ännu inte", "3 maj 2020"),
        (ENGLISH, "Stated in", "Interpretation:", "The passage that states this", "3 May 2020"),
    ],
)
def test_a_reference_quotes_its_passage_or_says_none_is_recorded_and_names_its_article(
    client, newspaper_article, prefix, stated, interpretation, missing, date
):
    initiative = make_initiative(slug="stod")
    funder = make_actor(name="Aaa Finansiär", slug="aaa-finansiar")
    for amount, evidence in [
        ("1", {}),
        ("2", {"basis": Basis.INFERRED, "inference_reason": "Summan <räknad> ur tabellen"}),
        ("3", {"passage": ""}),
    ]:
        make_funding(
            initiative=initiative,
            funder=funder,
            recipient_municipality=Municipality.objects.get(code="1488"),
            amount_sek=Decimal(amount),
            year=2020 + int(amount),  # newest first: the third is cited first
            source=newspaper_article,
            **evidence,
        )

    page = text_of(client, f"{prefix}/initiatives/stod/")

    title = "Skolan &amp; &lt;staden&gt;"
    title = f'<span lang="sv">{title}</span>' if prefix else title
    article = f"{prefix}/articles/skolan-och-staden/"
    named = f"{title}</a> (Tidningen, {date})</p></li>"
    assert (f'<li id="ref-1" value="1"><p class="muted">{missing}') in page
    assert f'{stated} <a href="{article}">{named}' in page
    assert (
        '<li id="ref-2" value="2"><blockquote class="passage" lang="sv">'
        f"{PASSAGE}</blockquote><p><strong>{interpretation}</strong> Summan &lt;räknad&gt; "
        f'ur tabellen <a href="{article}#{passage_anchor(PASSAGE)}">{named}'
    ) in page
    assert (
        '<li id="ref-3" value="3"><blockquote class="passage" lang="sv">'
        f'{PASSAGE}</blockquote><p>{stated} <a href="{article}#{passage_anchor(PASSAGE)}">'
    ) in page


@pytest.mark.parametrize(
    "prefix,title,type_name,total,undated",
    [
        (
            SWEDISH,
            "Stöd &amp; &lt;hjälp&gt;",
            "name_sv",
            "drygt 1\xa0500\xa0kr",
            "År anges inte",
        ),
        (
            ENGLISH,
            '<span lang="sv">Stöd &amp; &lt;hjälp&gt;</span>',
            "name_en",
            "just over SEK 1,500",
            "Year not stated",
        ),
    ],
)
def test_a_result_shows_its_type_years_places_and_total_funding(
    client, prefix, title, type_name, total, undated
):
    initiative = help_in(["2081", "1488"], 2017, 2019)
    trollhattan = Municipality.objects.get(code="1488")
    for amount, lower_bound in [("1000", True), ("500", False)]:
        make_funding(
            initiative=initiative,
            recipient_municipality=trollhattan,
            amount_sek=Decimal(amount),
            is_lower_bound=lower_bound,
        )
    make_initiative(title="Stöd utan år", slug="stod-utan-ar")

    page = text_of(client, f"{prefix}/initiatives/?q=stöd")

    kind = getattr(initiative.type, type_name)  # the name in the page's language
    assert (
        f'<li><h3><a href="{prefix}/initiatives/stod/">{title}</a></h3>'
        f'<p class="result-meta"><span class="tag">{kind}</span> 2017–2019 · '
        f'<a href="{prefix}/municipalities/borlange/">Borlänge</a>, '
        f'<a href="{prefix}/municipalities/trollhattan/">Trollhättan</a> · {total}</p></li>'
    ) in page
    assert f'<span class="tag">{kind}</span> {undated}</p></li>' in page


def test_staff_see_a_draft_result_marked_with_its_state(admin_client):
    make_initiative(title="Ett utkast", slug="ett-utkast", publication_state="draft")

    page = text_of(admin_client, "/initiatives/?q=utkast")

    assert (
        '<a href="/initiatives/ett-utkast/">Ett utkast</a> <span class="tag">Utkast</span>' in page
    )


@pytest.mark.parametrize(
    "prefix,total",
    [(SWEDISH, "drygt 1\xa0500\xa0kr"), (ENGLISH, "just over SEK 1,500")],
)
def test_a_funders_total_says_just_over_when_a_source_does_on_municipality_and_county_pages(
    client, prefix, total
):
    funder = make_actor(name="Aaa Finansiär", slug="aaa-finansiar")
    trollhattan = Municipality.objects.get(code="1488")
    for amount, lower_bound in [("1000", True), ("500", False)]:
        make_funding(
            initiative=make_initiative(municipalities=[trollhattan]),
            funder=funder,
            recipient_municipality=trollhattan,
            amount_sek=Decimal(amount),
            is_lower_bound=lower_bound,
        )
    link = f'<a href="{prefix}/actors/aaa-finansiar/">Aaa Finansiär</a>'

    municipality = text_of(client, f"{prefix}/municipalities/trollhattan/")
    county = text_of(client, f"{prefix}/counties/14/?funders=all")

    # The funder names each row of the municipality's table, as of the county's.
    per_funder = rf'<th scope="row">{re.escape(link)}</th>\s*<td class="num">{total}</td>'
    assert re.search(per_funder, municipality)
    row = rf'<th scope="row">{re.escape(link)}</th>(?:(?!</tr>).)*<td class="num">{total}</td>'
    assert re.search(row, county)


@pytest.mark.parametrize("prefix", [SWEDISH, ENGLISH])
@pytest.mark.parametrize(
    "page", ["/municipalities/trollhattan/", "/compare/?m=trollhattan&m=borlange"]
)
def test_a_timeline_item_shows_what_its_period_adds_to_its_start_year(client, prefix, page):
    trollhattan = Municipality.objects.get(code="1488")
    periods = {
        "stod-flera-ar": (2017, 2019),
        "stod-ett-ar": (2018, 2018),
        "stod-utan-slut": (2020, None),
        "stod-utan-ar": (None, None),
    }
    for slug, (start, end) in periods.items():
        initiative = make_initiative(
            title=f"Stöd & <{slug}>",
            slug=slug,
            start_year=start,
            end_year=end,
            municipalities=[trollhattan],
        )
    kind = initiative.type.name_en if prefix else initiative.type.name_sv

    text = text_of(client, prefix + page)

    def item(slug, aside=""):
        title = f"Stöd &amp; &lt;{slug}&gt;"
        if prefix:
            title = f'<span lang="sv">{title}</span>'
        return (
            f'<li><a href="{prefix}/initiatives/{slug}/">{title}</a> '
            f'<span class="tag">{kind}</span>{aside}</li>'
        )

    assert item("stod-flera-ar", ' <span class="muted">2017–2019</span>') in text
    assert item("stod-ett-ar") in text
    assert item("stod-utan-slut", ' <span class="muted">2020–</span>') in text
    if "compare" not in page:  # its undated cell shows the seed's first few by title
        assert item("stod-utan-ar") in text


@pytest.mark.parametrize(
    "prefix,type_name,undated",
    [(SWEDISH, "name_sv", "anges inte"), (ENGLISH, "name_en", "not stated")],
)
def test_a_county_table_row_shows_an_initiatives_type_years_and_places(
    client, prefix, type_name, undated
):
    dated = help_in(["1440", "1488"], 2030, 2031)
    make_initiative(
        title="Stöd utan år",
        slug="stod-utan-ar",
        municipalities=[Municipality.objects.get(code="1440")],
    )
    kind = getattr(dated.type, type_name)
    title = "Stöd &amp; &lt;hjälp&gt;"
    if prefix:
        title = f'<span lang="sv">{title}</span>'

    page = text_of(client, f"{prefix}/counties/14/")

    assert (
        f'<tr><th scope="row"><a href="{prefix}/initiatives/stod/">{title}</a></th>'
        f"<td>{kind}</td><td>2030–2031</td>"
        f'<td><a href="{prefix}/municipalities/ale/">Ale</a>, '
        f'<a href="{prefix}/municipalities/trollhattan/">Trollhättan</a></td></tr>'
    ) in page
    assert f"<td>{kind}</td><td>{undated}</td>" in page


CITED = r'<sup class="ref"><a href="#ref-\d+" aria-describedby="references-title">\[\d+\]</a></sup>'


@pytest.mark.parametrize("prefix,role", [(SWEDISH, "Samarbetspart"), (ENGLISH, "Partner")])
def test_a_role_shows_its_actor_initiative_note_and_reference(client, prefix, role):
    initiative = help_in(["1488"], 2030, None)
    actor = make_actor(name="Aaa & <ett>", slug="aaa")
    make_participation(initiative=initiative, actor=actor, note="Med & <andra>")
    title = "Stöd &amp; &lt;hjälp&gt;"
    note = "Med &amp; &lt;andra&gt;"
    if prefix:
        title, note = f'<span lang="sv">{title}</span>', f'<span lang="sv">{note}</span>'
    initiative_link = re.escape(f'<a href="{prefix}/initiatives/stod/">{title}</a>')

    # A municipality's table: actor, role, initiative, reference.
    municipality = text_of(client, f"{prefix}/municipalities/trollhattan/")
    actor_link = re.escape(f'<a href="{prefix}/actors/aaa/">Aaa &amp; &lt;ett&gt;</a>')
    assert re.search(
        rf"<tr><td>{actor_link}</td><td>{role}</td><td>{initiative_link}</td>"
        rf"<td>{CITED}</td></tr>",
        municipality,
    )
    # The actor's own list: initiative, role, note, reference.
    own = text_of(client, f"{prefix}/actors/aaa/")
    assert re.search(rf"<li>{initiative_link}: {role} – {re.escape(note)}{CITED}</li>", own)


@pytest.mark.parametrize(
    "prefix,more,received,nothing",
    [
        (SWEDISH, "och 1 till", "drygt 1\xa0000\xa0kr", "0\xa0kr"),
        (ENGLISH, "and 1 more", "just over SEK 1,000", "SEK 0"),
    ],
)
def test_the_compare_pages_cells_show_each_municipalitys_year(
    client, prefix, more, received, nothing
):
    trollhattan = Municipality.objects.get(code="1488")
    for letter in "abcd":
        make_initiative(
            title=f"Insats {letter}", slug=f"insats-{letter}", municipalities=[trollhattan],
            start_year=2031, end_year=2031,
        )  # fmt: skip
    make_funding(
        initiative=make_initiative(municipalities=[trollhattan]),
        recipient_municipality=trollhattan,
        amount_sek=Decimal("1000"),
        is_lower_bound=True,
        year=2031,
    )

    page = text_of(client, f"{prefix}/compare/?m=trollhattan&m=borlange")

    # The timeline: Trollhättan's first three by title and a link to the rest; Borlänge
    # has none that year.
    items = "".join(
        rf'<li><a href="{prefix}/initiatives/insats-{letter}/">(<span lang="sv">)?'
        rf'Insats {letter}(</span>)?</a> <span class="tag">[^<]+</span></li>'
        for letter in "abc"
    )
    browser = re.escape(f'<a href="{prefix}/initiatives/?municipality=trollhattan&amp;year=2031">')
    assert re.search(
        rf'2031 </th> ?<td><ul class="compare-items">{items}</ul>{browser}{more}</a></td>'
        rf"<td></td> ?</tr>",
        page,
    )
    # The funding: what Trollhättan received that year, and nothing for Borlänge.
    assert re.search(
        rf'2031 </th> ?<td class="num">{received}</td><td class="num">{nothing}</td> ?</tr>', page
    )


@pytest.mark.parametrize("prefix,undated", [(SWEDISH, "anges inte"), (ENGLISH, "not stated")])
def test_a_countys_funder_shows_its_payments_and_their_years(client, prefix, undated):
    trollhattan = Municipality.objects.get(code="1488")
    payments = {"aaa": [2016, 2019], "aab": [2018, 2018], "aac": [None]}
    for slug, years in payments.items():
        funder = make_actor(name=f"{slug.upper()} & <fond>", slug=slug)
        for year in years:
            make_funding(
                initiative=make_initiative(municipalities=[trollhattan]),
                funder=funder,
                recipient_municipality=trollhattan,
                year=year,
            )

    page = text_of(client, f"{prefix}/counties/14/?funders=all")

    for slug, payments, years in [("aaa", 2, "2016–2019"), ("aab", 2, "2018"), ("aac", 1, undated)]:
        link = f'<a href="{prefix}/actors/{slug}/">{slug.upper()} &amp; &lt;fond&gt;</a>'
        assert (
            f'<tr><th scope="row">{link}</th><td class="num">{payments}</td><td>{years}</td>'
        ) in page


@pytest.mark.parametrize("prefix,kind", [(SWEDISH, "Skola"), (ENGLISH, "School")])
def test_an_actor_row_shows_name_kind_latest_position_and_roles(client, prefix, kind):
    school = make_actor(name="Aaa & <skola>", slug="aaa-skola", kind="school")
    rector = make_actor(name="Aab Rektorsson", slug="aab", kind="person")
    make_position(actor=rector, organisation=school, title="Rektor", year=2023)
    make_participation(initiative=make_initiative(), actor=school)

    page = text_of(client, f"{prefix}/actors/")

    # No position: an empty cell; one role, counted.
    assert (
        f'<tr><td><a href="{prefix}/actors/aaa-skola/">Aaa &amp; &lt;skola&gt;</a></td>'
        f'<td>{kind}</td><td></td><td class="num">1</td></tr>'
    ) in page
    assert re.search(
        rf'<tr><td><a href="{prefix}/actors/aab/">Aab Rektorsson</a></td><td>Person</td>'
        rf'<td>(<span lang="sv">)?Rektor(</span>)?, <a href="{prefix}/actors/aaa-skola/">'
        rf'Aaa &amp; &lt;skola&gt;</a> <span class="muted">\([^)]*2023\)</span></td>'
        rf'<td class="num">0</td></tr>',
        page,
    )


@pytest.mark.parametrize(
    "prefix,why",
    [
        (SWEDISH, "tolkning</span> Att citatet handlar om den här insatsen är en tolkning: "),
        (ENGLISH, "interpretation</span> That the quote speaks of this initiative is an "
         "interpretation: "),
    ],
)  # fmt: skip
def test_a_quote_shows_its_words_speaker_position_reference_and_interpretation(client, prefix, why):
    initiative = help_in(["1488"], 2030, None)
    article = make_article(language="sv")
    speaker = make_actor(name="Aaa & <talare>", slug="talare", kind="person")
    make_position(actor=speaker, title="Rektor & <skola>", source=article)
    make_position(actor=speaker, title="Lärare", source=make_article())  # another source's
    quote = make_quote(text="Vi & <de>.", speaker=speaker, article=article)
    InitiativeQuote.objects.create(
        initiative=initiative, quote=quote, basis=Basis.INFERRED, inference_reason="Se <ovan>"
    )

    page = text_of(client, f"{prefix}/initiatives/stod/")

    assert re.search(
        r'<figure class="quote"><blockquote lang="sv"><p>Vi &amp; &lt;de&gt;.</p></blockquote>'
        rf'<figcaption>– <a href="{prefix}/actors/talare/">Aaa &amp; &lt;talare&gt;</a>, '
        rf"Rektor &amp; &lt;skola&gt;{CITED}"
        rf'<br><span class="inference">{why}Se &lt;ovan&gt;</figcaption></figure>',
        page,
    )


@pytest.mark.parametrize(
    "page", ["/municipalities/ale/", "/actors/talare/", "ARTICLE", "/initiatives/stod/"]
)
def test_every_page_with_a_quote_names_the_title_its_own_article_states(client, page):
    initiative = help_in(["1440"], 2030, None)
    article = make_article(language="sv")
    speaker = make_actor(name="Talare", slug="talare", kind="person")
    make_position(actor=speaker, title="Lärare", source=make_article())  # another source's
    make_position(actor=speaker, title="Rektor", source=article)  # at the article's date
    make_position(actor=speaker, title="Lärarvikarie", source=article, year=2015)  # before
    quote = make_quote(text="Vi och de.", speaker=speaker, article=article)
    InitiativeQuote.objects.create(initiative=initiative, quote=quote, basis=Basis.STATED)
    other = make_quote(text="Ni och vi.", speaker=speaker, article=make_article(language="sv"))
    InitiativeQuote.objects.create(initiative=initiative, quote=other, basis=Basis.STATED)
    url = article.get_absolute_url() if page == "ARTICLE" else page

    html = text_of(client, url)

    assert re.search(r"Vi och de\.</p></blockquote><figcaption>– <a [^>]*>Talare</a>, Rektor", html)
    if page != "ARTICLE":  # the other article's quote: no title that article states
        assert re.search(r"Ni och vi\.</p></blockquote><figcaption>– <a [^>]*>Talare</a><", html)
    quotes = re.findall(r'<figure class="quote">.*?</figure>', html)
    assert len(quotes) == (1 if page == "ARTICLE" else 2)
    assert not any("Lärare" in quote or "vikarie" in quote for quote in quotes)


@pytest.mark.parametrize(
    "prefix,one,received",
    [
        (SWEDISH, "1 insats", "drygt 1\xa0000\xa0kr"),
        (ENGLISH, "1 initiative", "just over SEK 1,000"),
    ],
)
def test_a_municipality_card_shows_its_county_initiatives_and_funding(
    client, prefix, one, received
):
    ale, habo = Municipality.objects.get(code="1440"), Municipality.objects.get(code="0643")
    make_funding(
        initiative=make_initiative(municipalities=[ale]),
        recipient_municipality=ale,
        amount_sek=Decimal("1000"),
        is_lower_bound=True,
    )
    make_initiative(municipalities=[habo])

    page = text_of(client, f"{prefix}/municipalities/")

    assert (
        f'<li class="card"><a href="{prefix}/municipalities/ale/">Ale</a> '
        f'<span class="muted">Västra Götalands län</span><br><strong>{one}</strong> · '
        f"{received}</li>"
    ) in page
    # Without funding: nothing after the count.
    assert (
        f'<li class="card"><a href="{prefix}/municipalities/habo-0643/">Habo</a> '
        f'<span class="muted">Jönköpings län</span><br><strong>{one}</strong></li>'
    ) in page
