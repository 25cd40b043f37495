"""The admin's forms fit a 1366-pixel laptop screen without scrolling sideways."""

import pytest

from articles.models import Article
from initiatives.models import Initiative

from .test_page_width import OVERFLOW

# Roles, funding and sources: the initiative with the most inline rows in the seed.
FULLEST = "skolverket-stod-trollhattan-efter-dadet-pa-kronan"


@pytest.mark.browser
def test_the_initiative_and_article_forms_fit_1366_pixels(
    seeded, new_context, django_user_model, subtests
):
    django_user_model.objects.create_superuser("chief", "chief@example.org", "pw")
    page = new_context(viewport={"width": 1366, "height": 800}).new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    initiative = Initiative.objects.get(slug=FULLEST)
    article = Article.objects.filter(initiatives=initiative).first()
    for path in [
        f"/admin/initiatives/initiative/{initiative.pk}/change/",
        "/admin/initiatives/initiative/add/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/initiatives/initiative/",
    ]:
        with subtests.test(path=path):
            assert page.goto(path).status == 200
            overflow = page.evaluate(OVERFLOW)
            assert overflow["excess"] <= 0, (
                f"{path} is {overflow['excess']}px too wide: " + "; ".join(overflow["culprits"])
            )
