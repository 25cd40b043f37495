"""One URL for each type of public page, and the loop over them the browser tests share."""

from dataclasses import dataclass, replace

import pytest
from django.urls import reverse


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200
    # Pages still being built elsewhere: a 404 means "not there yet" and is skipped.
    optional: bool = False

    def skip_reason(self, status):
        """Why this page is skipped at the given status, or None when it is tested."""
        if self.optional and status == 404:
            return f"{self.path} answers 404: that page does not exist yet"
        return None

    def in_english(self):
        """The same page under /en/ (Swedish, the default language, has no prefix)."""
        return replace(self, name=f"{self.name} (English)", path="/en" + self.path)


PAGE_TYPES = [
    PageType("home", reverse("home")),
    PageType("municipality list", reverse("municipalities:list")),
    PageType("municipality detail", reverse("municipalities:detail", args=["trollhattan"])),
    PageType(
        "initiative list (filtered)",
        reverse("initiatives:list")
        + "?type=tillvaxtverket-grant&type=needs-analysis&type=school-closure&year_from=2017",
    ),
    PageType(
        "initiative list (invalid filters)",
        # The error summary, field messages, chips and facets of a 400.
        reverse("initiatives:list") + "?year_from=2019&year_to=2018&actor=nobody&county=14",
        status=400,
    ),
    PageType(
        "initiative detail",
        # Roles, funding, quotes and two sources: the fullest initiative page in the seed.
        reverse("initiatives:detail", args=["skolverket-stod-trollhattan-efter-dadet-pa-kronan"]),
    ),
    PageType("actor list", reverse("actors:list")),
    PageType("actor detail", reverse("actors:detail", args=["skolverket"])),
    PageType("article list", reverse("articles:list")),
    PageType(
        "article detail",
        reverse("articles:detail", args=["overenskommelse-om-stod-till-trollhattan"]),
    ),
    PageType("search results", reverse("search") + "?q=Trollh%C3%A4ttan"),
    PageType("404 page", "/finns-inte/", status=404),
    PageType("county list", "/counties/", optional=True),
    PageType("county detail", "/counties/14/", optional=True),
    PageType("compare", "/compare/?m=trollhattan&m=borlange", optional=True),
]

BOTH_LANGUAGES = [
    variant for page_type in PAGE_TYPES for variant in (page_type, page_type.in_english())
]


def check_each_page_type(page, subtests, check, page_types=PAGE_TYPES, before=None):
    """Open each page type in `page` and call check(page, page_type), one subtest each.

    `before()`, when given, runs before each page is opened. A page that is not built yet
    (optional, 404) is skipped; any other unexpected status fails that page's subtest
    before `check` runs.
    """
    for page_type in page_types:
        with subtests.test(page=page_type.name):
            if before:
                before()
            response = page.goto(page_type.path)
            reason = page_type.skip_reason(response.status)
            if reason:
                pytest.skip(reason)
            assert response.status == page_type.status, (
                f"{page_type.path} answered {response.status}"
            )
            check(page, page_type)
