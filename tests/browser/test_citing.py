"""
A researcher cites an initiative with JavaScript off: opens "Cite", reads the citation,
takes the BibTeX file, follows the permanent link to the version and back.
"""

import re

import bibtexparser
import pytest
from playwright.sync_api import expect

SLUG = "skolverket-stod-trollhattan-efter-dadet-pa-kronan"
TITLE = "Skolverkets stöd till Trollhättan efter dådet på Kronans skola"


@pytest.mark.browser
def test_a_researcher_cites_an_initiative_without_javascript(seeded, browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(f"/en/initiatives/{SLUG}/")

    block = page.locator("details.cite")
    text = block.locator(".cite-text")
    expect(text).to_be_hidden()
    block.locator("summary").click()
    expect(text).to_be_visible()
    expect(text).to_have_text(
        re.compile(
            rf'^School equity knowledge base \(\d{{4}}\)\. "{TITLE}"\. Version of .+\. '
            rf"{re.escape(base_url)}/en/initiatives/{SLUG}/v/\d+/ \(accessed .+\)\.$"
        )
    )

    bib = block.get_by_role("link", name="BibTeX").get_attribute("href")
    response = context.request.get(bib)
    assert response.ok
    [entry] = bibtexparser.parse_string(response.text()).entries
    assert entry.fields_dict["title"].value == TITLE

    block.get_by_role("link", name="Permanent link to this version").click()
    expect(page).to_have_url(re.compile(rf"/en/initiatives/{SLUG}/v/\d+/$"))
    banner = page.locator(".banner-version")
    expect(banner).to_contain_text("Version of")
    expect(page.locator("h1")).to_have_text(TITLE)
    banner.get_by_role("link", name="see the current version").click()
    expect(page).to_have_url(f"{base_url}/en/initiatives/{SLUG}/")
    context.close()
