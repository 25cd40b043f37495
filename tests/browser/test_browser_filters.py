"""The initiative browser for people: results first on a phone, errors that take focus."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

URL = reverse("initiatives:list")


@pytest.mark.browser
def test_on_a_phone_the_results_come_first_and_the_filters_fold_away(seeded, new_context):
    page = new_context(viewport={"width": 390, "height": 800}).new_page()
    page.goto(f"{URL}?type=school-closure")
    summary = page.locator("summary.filters-summary")
    form = page.locator("form.filters")
    expect(summary).to_have_text("Filter (1 aktivt)")
    expect(form).to_be_hidden()
    results = page.locator("ul.results").first
    expect(results).to_be_visible()
    assert summary.bounding_box()["y"] < results.bounding_box()["y"] < 800
    summary.click()  # a <details>: no script needed
    expect(form).to_be_visible()


@pytest.mark.browser
def test_on_a_wide_screen_the_filters_stand_beside_the_results(seeded, new_context):
    page = new_context(viewport={"width": 1366, "height": 800}).new_page()
    page.goto(f"{URL}?type=school-closure")
    expect(page.locator("summary.filters-summary")).to_be_hidden()
    form = page.locator("form.filters")
    expect(form).to_be_visible()
    results = page.locator("section.browse-results")
    assert form.bounding_box()["x"] + form.bounding_box()["width"] <= results.bounding_box()["x"]


@pytest.mark.browser
def test_the_error_summary_takes_focus_and_links_to_the_field(seeded, page):
    page.goto(f"/en{URL}?year_from=2019&year_to=2018")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("To year: It cannot be before “From year”.")
    page.get_by_role("link", name="To year: It cannot be before “From year”.").click()
    field = page.locator("#id_year_to")
    expect(field).to_be_in_viewport()
    expect(field).to_have_attribute("aria-describedby", "id_year_to-error")
