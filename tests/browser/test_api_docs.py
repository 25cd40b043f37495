"""The API's interactive documentation works under the site's strict CSP."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .test_page_console import failed, logged


@pytest.mark.browser
def test_the_api_docs_render_the_schema_with_a_clean_console(seeded, page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if logged(message) else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: errors.append(failed(r)) if failed(r) else None)
    page.goto(reverse("api:docs"))
    expect(page.get_by_text("/api/v1/initiatives/{slug}/")).to_be_visible()
    # Open one operation and run it: the docs call the API from the page.
    page.get_by_text("/api/v1/types/{slug}/").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_placeholder("slug").fill("school-closure")
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table .response .response-col_status")).to_contain_text(
        "200"
    )
    assert not errors, "\n".join(errors)
