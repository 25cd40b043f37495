"""
Nothing unpublished reaches the public, on any public URL.

Every kind of unpublished record is created, each carrying a marker word: draft and
in-review initiatives and articles, a draft actor and school, facts on a *published*
initiative that cite a draft article or name a draft actor or school, a published
article whose publisher is a draft, and an Editor's pending change to a live record.
Then every public URL is fetched anonymously, in Swedish and English: the URLs the
URLconf gives without parameters (with the queries a visitor would type), every URL the
sitemaps list, and the same-site links those pages and documents hold (HTML, Atom, JSON),
followed a few steps deep. A public route with parameters that neither a sitemap nor a
link reaches fails the test, so a new public page or endpoint joins it without anyone
editing a list here.

Two checks: no page contains the marker, and every page is byte for byte what it was
before the unpublished records existed, so no count, total, facet or chart moved either.
"""

import html
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import translation

from actors.models import Actor
from articles.models import Article, Quote
from core.models import PendingChange
from core.publishing import PublicationState
from initiatives.models import Initiative, InitiativeQuote, InitiativeSource
from municipalities.models import Municipality

from .admin_forms import admin_url, form_data
from .factories import (
    make_actor,
    make_article,
    make_claim,
    make_funding,
    make_initiative,
    make_participation,
    make_position,
    make_school,
    make_school_link,
)

pytestmark = pytest.mark.django_db

MARKER = "Hemligmarkör"
DRAFT, IN_REVIEW = PublicationState.DRAFT, PublicationState.IN_REVIEW
LANGUAGES = ["sv", "en"]
# Not pages for visitors: the admin (staff only), the language switch (a POST target).
PRIVATE_PREFIXES = ("admin/", "i18n/")
# What a visitor would type into the pages that take a query.
QUERIES = {
    "search": ["q=Trollhättan", "q=skola", f"q={MARKER}", f"q={MARKER.lower()}"],
    "initiatives:list": [
        "",
        "q=skola",
        f"q={MARKER}",
        "municipality=trollhattan",
        "actor=skolverket",
        "funder=skolverket",
        "has_funding=true",
        "order=funding",
        "actor=hemligmarkor-aktor",
        "funder=hemligmarkor-aktor",
    ],
    "initiatives:export-csv": ["", "municipality=trollhattan", f"q={MARKER}"],
    "initiatives:export-json": ["", "municipality=trollhattan", f"q={MARKER}"],
    "municipalities:compare": ["m=trollhattan&m=borlange"],
    "actors:list": ["", "kind=person", "page=2"],
}
SITEMAP_LOC = re.compile(r"<loc>([^<]+)</loc>|hreflang=\"[^\"]+\" href=\"([^\"]+)\"")
# Same-site links in a page or document: href/src attributes, and absolute URLs in JSON or XML.
LINK = re.compile(r"""(?:href|src)=["'](/[^"'#]*)|https?://testserver(/[^\s"'<>#]*)""")
# Links followed: this many steps from the start pages, this many URLs per route and language.
CRAWL_DEPTH = 3
CRAWL_PER_ROUTE = 3
NOT_PAGES = ("/static/", "/media/")


def unpublished_records(editor):
    """Every kind of record visitors must not see, each with the marker in its text."""
    trollhattan = Municipality.objects.get(code="1488")
    published = Initiative.objects.get(slug="skolverket-stod-trollhattan-efter-dadet-pa-kronan")
    skolverket = Actor.objects.get(slug="skolverket")
    # Facts naming a draft record cite a published seed article, with a real passage.
    public_source = {
        "source": Article.objects.get(slug="overenskommelse-om-stod-till-trollhattan"),
        "passage": "Totalt bidrar Skolverket i ett första skede med drygt 800 000 kronor",
    }

    draft_article = make_article(
        title=f"{MARKER} utkast till artikel",
        slug="markor-artikel",
        url=f"https://example.org/{MARKER}",
        body=f"{MARKER} säger att skolan arbetar mot segregation.",
        publisher=skolverket,
        publication_state=DRAFT,
    )
    make_article(
        title=f"{MARKER} artikel för granskning", publisher=skolverket, publication_state=IN_REVIEW
    )
    draft_actor = make_actor(
        name=f"{MARKER} Aktör", slug="hemligmarkor-aktor", publication_state=DRAFT
    )
    draft_school = make_school(name=f"{MARKER}skolan", publication_state=DRAFT)
    hidden_publisher = make_actor(name=f"{MARKER} Förlag", publication_state=DRAFT)
    make_article(title=f"{MARKER} av ett opublicerat förlag", publisher=hidden_publisher)

    for state in (DRAFT, IN_REVIEW):
        initiative = make_initiative(
            title=f"{MARKER} insats ({state})",
            summary=f"{MARKER} sammanfattning",
            municipalities=[trollhattan],
            sources=[draft_article],
            start_year=2018,
            publication_state=state,
        )
        make_participation(
            initiative=initiative, actor=skolverket, note=MARKER, source=draft_article
        )
        make_funding(
            initiative=initiative,
            funder=skolverket,
            recipient_municipality=trollhattan,
            source=draft_article,
        )

    # Facts on a published initiative that cite the draft article or name draft records.
    InitiativeSource.objects.create(initiative=published, article=draft_article)
    make_participation(initiative=published, actor=skolverket, role="host", source=draft_article)
    make_participation(initiative=published, actor=draft_actor, role="partner", **public_source)
    make_funding(
        initiative=published,
        funder=draft_actor,
        recipient_municipality=trollhattan,
        amount_sek=Decimal("123456789"),
        note=MARKER,
        **public_source,
    )
    make_funding(
        initiative=published,
        funder=skolverket,
        recipient_municipality=trollhattan,
        amount_sek=Decimal("987654321"),
        source=draft_article,
    )
    make_school_link(initiative=published, school=draft_school, **public_source)
    make_claim(initiative=published, aspect="years", source=draft_article)
    make_position(
        actor=Actor.objects.get(slug="fredrik-ignell"), title=MARKER, source=draft_article
    )
    quote = Quote.objects.create(
        article=draft_article, speaker=skolverket, text=f"{MARKER} säger att skolan"
    )
    InitiativeQuote.objects.create(initiative=published, quote=quote)

    # An Editor's change to a live record waits for review.
    client = Client()
    client.force_login(editor)
    data = form_data(client.get(admin_url(published)))
    client.post(admin_url(published), {**data, "title": f"{MARKER} ny rubrik"})
    assert PendingChange.objects.pending().count() == 1
    return [draft_article, draft_actor, draft_school, hidden_publisher]


def routes(resolver=None, namespace="", prefix=""):
    """(view name, route) of every URL pattern, walking included URLconfs."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from routes(pattern, inner, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", route


def public_routes():
    """{view name: has parameters} for every public route."""
    return {
        name: bool(re.search(r"<\w+(:\w+)?>|\(\?P<", route))
        for name, route in routes()
        if not route.lstrip("^").startswith(PRIVATE_PREFIXES)
    }


def sitemap_urls(client):
    """Every URL the sitemaps list, their language alternates included."""
    found = set()
    index = client.get(reverse("sitemap")).content.decode()
    for section in re.findall(r"<loc>([^<]+)</loc>", index):
        page = client.get(section.removeprefix("http://testserver")).content.decode()
        found.add(section.removeprefix("http://testserver"))
        for loc, alternate in SITEMAP_LOC.findall(page):
            found.add((loc or alternate).removeprefix("http://testserver"))
    return found


def every_public_url(client):
    """The URLs to fetch, and the parameterised routes no URL reached (should be none)."""
    urls = set()
    for name, has_parameters in public_routes().items():
        if has_parameters:
            continue
        for language in LANGUAGES:
            with translation.override(language):
                base = reverse(name)
            for query in QUERIES.get(name, [""]):
                urls.add(f"{base}?{query}" if query else base)
    urls |= sitemap_urls(client)
    urls |= linked_urls(urls)
    reached = {view_name(url) for url in urls}
    unreached = {n for n, has_parameters in public_routes().items() if has_parameters} - reached
    return sorted(urls), unreached


def linked_urls(start):
    """Same-site public URLs that the start pages link to, followed CRAWL_DEPTH steps.

    Each route and language contributes at most CRAWL_PER_ROUTE URLs beyond the start, so
    the crawl stays small while every kind of linked page and document is fetched.
    """
    cache.clear()
    visitor = Client()
    public = public_routes()
    seen, found = set(start), set()
    per_route = {}
    frontier = sorted(start)
    for _step in range(CRAWL_DEPTH):
        links = set()
        for url in frontier:
            response = visitor.get(url)
            if response.status_code == 200:
                links |= links_in(body(response))
        frontier = []
        for url in sorted(links - seen):
            seen.add(url)
            name = public_view_name(url, public)
            if name is None:
                continue
            key = (name, url.startswith("/en/"))
            if per_route.get(key, 0) < CRAWL_PER_ROUTE:
                per_route[key] = per_route.get(key, 0) + 1
                found.add(url)
                frontier.append(url)
    return found


def links_in(page):
    """The same-site paths (with their query strings) a page or document links to."""
    links = set()
    for attribute, absolute in LINK.findall(page):
        url = html.unescape(attribute or absolute)
        if not url.startswith(NOT_PAGES):
            links.add(url)
    return links


def public_view_name(url, public):
    """The public route a same-site URL resolves to, or None (admin, static, unknown)."""
    try:
        name = view_name(url)
    except Resolver404:
        return None
    return name if name in public else None


def view_name(url):
    """The route a URL of either language resolves to."""
    path = url.split("?")[0]
    with translation.override("en" if path.startswith("/en/") else "sv"):
        return resolve(path).view_name


def fetch_all(urls):
    cache.clear()
    visitor = Client()
    return {url: visitor.get(url) for url in urls}


def body(response):
    """The response as text; a binary download (a ZIP) as text with its bytes replaced."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def test_no_public_url_shows_anything_unpublished(client, editor):
    urls, unreached = every_public_url(client)
    assert not unreached, (
        f"Public routes with parameters that no sitemap lists and no page links to: "
        f"{sorted(unreached)}. List them in a sitemap or link them from a public page, "
        "so this test (and search engines) reach them."
    )
    before = {url: body(response) for url, response in fetch_all(urls).items()}

    hidden = unpublished_records(editor)
    own_pages = [obj.get_absolute_url() for obj in hidden if hasattr(obj, "get_absolute_url")]
    after = fetch_all(urls + own_pages)

    for url, response in after.items():
        page = body(response)
        if MARKER.lower() not in url.lower():  # a query the visitor typed is echoed back
            assert MARKER.lower() not in page.lower(), url
        if url in before:
            assert page == before[url], f"{url} changed when unpublished records were added"
        else:
            assert response.status_code == 404, url  # an unpublished record's own page


def test_it_reaches_every_kind_of_public_page(client):
    urls, _unreached = every_public_url(client)
    names = {view_name(url) for url in urls}
    for expected in [
        "home",
        "search",
        "municipalities:detail",
        "municipalities:county-detail",
        "initiatives:detail",
        "initiatives:export-csv",
        "actors:detail",
        "articles:detail",
        "sitemap-section",
    ]:
        assert expected in names
    assert any(url.startswith("/en/") for url in urls)
