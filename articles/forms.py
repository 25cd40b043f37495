"""The admin's forms for articles, quotes and positions."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedForm

from .evidence import passage_in
from .intake import url_variants
from .models import Article


def existing_article_for_url(url, exclude_pk=None):
    """The article already recorded under this address (or a trivial variant of it)."""
    if not url:
        return None
    return Article.objects.filter(url__in=url_variants(url)).exclude(pk=exclude_pk).first()


def cited_passages(article):
    """Every evidence passage and quote taken from `article`, whichever app's fact cites it.

    Found through the article's reverse relations, so facts defined above this app
    (roles, funding...) are covered without this app importing them.
    """
    passages: list[str] = []
    for relation in Article._meta.related_objects:
        model = relation.related_model
        assert not isinstance(model, str), "relations are resolved once apps are ready"
        for name in ("passage", "text"):
            if any(f.name == name for f in model._meta.fields) and relation.field.name in (
                "source",
                "article",
            ):
                rows = model._base_manager.filter(**{relation.field.name: article})
                passages += [p for p in rows.values_list(name, flat=True) if p]
    return passages


class DuplicateUrlCheck(VersionedForm):
    """An address already recorded points staff to the existing article."""

    def clean_url(self):
        url = self.cleaned_data["url"]
        existing = existing_article_for_url(url, exclude_pk=self.instance.pk)
        if existing:
            change_url = reverse("admin:articles_article_change", args=[existing.pk])
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("This URL is already recorded:"),
                    change_url,
                    existing.title,
                ),
                code="duplicate_url",
            )
        return url


class CitedPassagesKept(VersionedForm):
    """A corrected text must still contain every passage the knowledge base cites from it."""

    def clean_body(self):
        body = self.cleaned_data["body"]
        if self.instance.pk is None:
            return body
        lost = [p for p in dict.fromkeys(cited_passages(self.instance)) if not passage_in(p, body)]
        if lost:
            shown = "; ".join(f"“{p[:80]}”" for p in lost[:5])
            raise ValidationError(
                _(
                    "The new text no longer contains passages the knowledge base cites from "
                    "it: %(passages)s. Keep them, or change the facts that cite them first."
                )
                % {"passages": shown},
                code="cited_passage_lost",
            )
        return body


class ArticleAdminForm(DuplicateUrlCheck, CitedPassagesKept):
    class Meta:
        model = Article
        fields = "__all__"
