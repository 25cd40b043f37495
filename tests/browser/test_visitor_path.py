"""
A visitor finds what Trollhättan does, and the article each fact comes from, by clicking
from the start page (under the site's real Content-Security-Policy).
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from initiatives.models import Initiative
from municipalities.models import Municipality

INITIATIVE = "skr-natverksbesok-trollhattan"


def at(url):
    """The page's address ends with this path (and no query string)."""
    return re.compile(re.escape(url) + "$")


def link(page, name):
    """The first link in the page's main content with exactly this accessible name."""
    return page.locator("main").get_by_role("link", name=name, exact=True).first


@pytest.mark.browser
def test_a_visitor_clicks_from_home_to_the_source_of_an_initiative(seeded, page):
    trollhattan = Municipality.objects.select_related("county").get(slug="trollhattan")
    county = trollhattan.county
    initiative = Initiative.objects.get(slug=INITIATIVE)
    article = initiative.sources.order_by("title").first()

    # Home → the municipality list → Trollhättan.
    page.goto("/")
    page.locator(f'header a[href="{reverse("municipalities:list")}"]').click()
    expect(page).to_have_url(at(reverse("municipalities:list")))
    link(page, trollhattan.name).click()
    expect(page).to_have_url(at(trollhattan.get_absolute_url()))

    # Home → the county's initiatives (or the county's own page) → Trollhättan.
    page.goto("/")
    link(page, county.name).click()
    expect(page).to_have_url(re.compile(rf"(\?county={county.code}|/counties/{county.code}/)$"))
    link(page, trollhattan.name).click()
    expect(page).to_have_url(at(trollhattan.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(trollhattan.name)

    # Trollhättan → one of its initiatives → the article it comes from.
    link(page, initiative.title).click()
    expect(page).to_have_url(at(initiative.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(initiative.title)
    page.locator("ol.sources").get_by_role("link", name=article.title, exact=True).click()
    expect(page).to_have_url(at(article.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    # The article page leads back to what it is cited for.
    expect(link(page, initiative.title)).to_be_visible()
