"""Atom feeds of new and changed published initiatives: the browser's selection, a
municipality, a county. Read with feedparser, as a feed reader would."""

import re

import feedparser
import pytest
from django.test import Client

from core.publishing import PublicationState, publication_changes_allowed
from initiatives.models import Initiative
from municipalities.models import Municipality

from .admin_forms import admin_url, form_data
from .factories import make_initiative, make_many_initiatives

pytestmark = pytest.mark.django_db

MARKER = "Flödesmarkör"


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    return feedparser.parse(response.content)


def titles(feed):
    return [entry.title for entry in feed.entries]


def save(initiative, **changes):
    """A Publisher's direct edit (or a state change), saved with its history."""
    for name, value in changes.items():
        setattr(initiative, name, value)
    with publication_changes_allowed():
        initiative.save()
    return Initiative.objects.get(pk=initiative.pk)


def trollhattan():
    return Municipality.objects.get(slug="trollhattan")


def borlange():
    return Municipality.objects.get(slug="borlange")


def test_new_and_changed_initiatives_come_newest_first_and_say_what_changed(client):
    older = make_initiative(title="Äldre insats", municipalities=[trollhattan()])
    newer = make_initiative(title="Ny insats", municipalities=[trollhattan()])
    save(older, title="Ändrad insats", status=Initiative.Status.COMPLETED)

    feed = read(client, "/en/initiatives/feed.atom")

    assert titles(feed)[:2] == ["Changed: Ändrad insats", "New: Ny insats"]
    changed, new = feed.entries[:2]
    assert changed.summary.startswith("Changed: title, status.")
    assert new.summary.startswith("New initiative.")
    assert changed.link == f"http://testserver/en/initiatives/{older.slug}/"
    assert new.link == f"http://testserver/en/initiatives/{newer.slug}/"
    assert changed.updated_parsed >= new.updated_parsed
    assert changed.id.startswith(f"http://testserver/en/initiatives/{older.slug}/#version-")
    save(older, summary="Ännu en ändring")
    assert read(client, "/en/initiatives/feed.atom").entries[0].id != changed.id  # a new entry
    assert feed.feed.links[0].href.startswith("http://testserver/en/initiatives/")


def test_a_draft_never_shows_nor_an_edit_made_while_unpublished(client, editor):
    make_initiative(title=f"{MARKER} utkast", summary=MARKER, publication_state="draft")
    live = make_initiative(title="Publicerad insats")
    hidden = save(live, publication_state=PublicationState.DRAFT, title=f"{MARKER} under arbete")
    save(hidden, publication_state=PublicationState.PUBLISHED, title="Publicerad igen")
    # An Editor's change waits for review and is not the record yet.
    editing = Client()
    editing.force_login(editor)
    pending = Initiative.objects.get(pk=live.pk)
    data = form_data(editing.get(admin_url(pending)))
    editing.post(admin_url(pending), {**data, "title": f"{MARKER} väntande"})

    for url in ["/en/initiatives/feed.atom", "/initiatives/feed.atom", "/en/counties/14/feed.atom"]:
        body = client.get(url).content.decode()
        assert MARKER not in body, url
    feed = read(client, "/en/initiatives/feed.atom")
    entry = feed.entries[0]
    assert entry.title == "Changed: Publicerad igen"
    assert entry.summary.startswith("Changed: title.")  # against the published version


def test_the_browser_feed_follows_the_filters_in_its_query_string(client):
    make_initiative(title="I Trollhättan", municipalities=[trollhattan()], start_year=2019)
    make_initiative(title="I Borlänge", municipalities=[borlange()], start_year=2019)
    make_initiative(
        title="Tidigare i Borlänge", municipalities=[borlange()], start_year=2001, end_year=2002
    )

    by_place = read(client, "/en/initiatives/feed.atom?municipality=borlange")
    by_year = read(client, "/en/initiatives/feed.atom?municipality=borlange&year_from=2010")

    assert {"New: I Borlänge", "New: Tidigare i Borlänge"} <= set(titles(by_place))
    assert "New: I Trollhättan" not in titles(by_place)
    expected = Initiative.objects.published().filter(municipalities=borlange())
    expected = expected.active_between(year_from=2010)
    assert {entry.link for entry in by_year.entries} == {
        f"http://testserver/en/initiatives/{slug}/"
        for slug in expected.values_list("slug", flat=True)
    }
    assert "New: I Borlänge" in titles(by_year)
    assert "New: Tidigare i Borlänge" not in titles(by_year)
    assert by_year.feed.link.endswith("/en/initiatives/?municipality=borlange&year_from=2010")


def test_the_browser_feed_answers_an_invalid_query_like_the_browser(client):
    for query in ["year_from=abc", "municipality=ingenstans", "year_from=2020&year_to=2010"]:
        response = client.get(f"/en/initiatives/feed.atom?{query}")
        assert response.status_code == 400, query
        assert "not valid" in response.content.decode()


def test_municipality_and_county_feeds_hold_their_own_initiatives(client):
    make_initiative(title="I Trollhättan", municipalities=[trollhattan()])
    make_initiative(title="I Borlänge", municipalities=[borlange()])

    municipality = read(client, "/en/municipalities/trollhattan/feed.atom")
    county = read(client, "/en/counties/20/feed.atom")  # Dalarna

    assert "New: I Trollhättan" in titles(municipality)
    assert "New: I Borlänge" not in titles(municipality)
    assert "New: I Borlänge" in titles(county)
    assert "New: I Trollhättan" not in titles(county)
    assert municipality.feed.link == "http://testserver/en/municipalities/trollhattan/"
    assert client.get("/en/municipalities/ingenstans/feed.atom").status_code == 404
    assert client.get("/en/counties/99/feed.atom").status_code == 404


def test_pages_announce_their_feeds(client):
    pages = {
        "/en/initiatives/?municipality=trollhattan&page=2": (
            "/en/initiatives/feed.atom?municipality=trollhattan"
        ),
        "/en/municipalities/trollhattan/": "/en/municipalities/trollhattan/feed.atom",
        "/en/counties/14/": "/en/counties/14/feed.atom",
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        announced = re.search(r'<link rel="alternate"\s+type="application/atom\+xml"[^>]*>', html)
        assert announced, page
        assert f'href="{feed}"' in announced.group(), page
        assert client.get(feed).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/en/initiatives/feed.atom?municipality=trollhattan",
        "/en/municipalities/trollhattan/feed.atom",
    ],
)
def test_feeds_take_a_fixed_number_of_queries(client, django_assert_max_num_queries, url):
    initiatives = make_many_initiatives(30)
    for initiative in initiatives[:10]:
        save(initiative, summary="Ny sammanfattning")

    with django_assert_max_num_queries(8):
        feed = read(client, url)

    assert (
        len(feed.entries)
        == 30
        + Initiative.objects.published()
        .filter(municipalities=trollhattan())
        .exclude(pk__in=[i.pk for i in initiatives])
        .count()
    )


def test_an_empty_feed_does_not_look_new_on_every_poll(client):
    first = client.get("/en/counties/01/feed.atom").content
    make_initiative(title="Någon annanstans", municipalities=[borlange()])

    assert client.get("/en/counties/01/feed.atom").content == first
    assert feedparser.parse(first).entries == []
