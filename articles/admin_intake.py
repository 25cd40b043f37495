"""
Article intake in the admin: after each save of new text, suggest the municipalities,
schools and actors it mentions for staff to confirm (the form itself refuses a URL
already recorded: `articles.forms.DuplicateUrlCheck`).

Nothing is linked until a person ticks it on the suggestions page.
"""

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .intake import ACTOR, MUNICIPALITY, SCHOOL, find_mentions, known_candidates

# The article's many-to-many field for each kind of mention.
LINK_FIELDS = {MUNICIPALITY: "municipalities", SCHOOL: "schools", ACTOR: "actors"}
GROUP_TITLES = {
    MUNICIPALITY: _("Municipalities"),
    SCHOOL: _("Schools"),
    ACTOR: _("Organisations and people"),
}
# Saving either of these asks again what the text mentions.
TEXT_FIELDS = {"title", "body"}


def unlinked_mentions(article):
    """What the article's text mentions that it does not link yet."""
    linked = {
        kind: set(getattr(article, name).values_list("pk", flat=True))
        for kind, name in LINK_FIELDS.items()
    }
    mentions = find_mentions(f"{article.title}\n{article.body}", known_candidates())
    return [m for m in mentions if m.candidate.pk not in linked[m.candidate.kind]]


def text_changed_in_last_save(article):
    """Whether the latest saved version changed the title or text (read from history)."""
    latest = article.history.order_by("-history_date", "-history_id").first()
    previous = latest.prev_record if latest is not None else None
    if previous is None:
        return True
    return bool(TEXT_FIELDS & set(latest.diff_against(previous).changed_fields))


class MentionConfirmForm(forms.Form):
    """One checkbox per suggestion, none ticked: staff choose what to link."""

    def __init__(self, *args, mentions, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentions = {
            kind: [m for m in mentions if m.candidate.kind == kind] for kind in LINK_FIELDS
        }
        for kind, name in LINK_FIELDS.items():
            if self.mentions[kind]:
                self.fields[name] = forms.TypedMultipleChoiceField(
                    label=GROUP_TITLES[kind],
                    choices=[(m.candidate.pk, m.candidate.name) for m in self.mentions[kind]],
                    coerce=int,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )

    def groups(self):
        """(title, [(checkbox, mention)]) per kind, for the template."""
        return [
            (GROUP_TITLES[kind], list(zip(self[name], self.mentions[kind], strict=True)))
            for kind, name in LINK_FIELDS.items()
            if name in self.fields
        ]

    def link(self, article):
        """Add the ticked records to the article's mentions; return how many."""
        added = 0
        for name in LINK_FIELDS.values():
            pks = self.cleaned_data.get(name) or []
            if pks:
                getattr(article, name).add(*pks)
                added += len(pks)
        return added


if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


class ArticleIntakeMixin(_AdminBase):
    """ModelAdmin mixin for Article: duplicate URL check and confirmed mention suggestions."""

    mentions_template = "admin/articles/article/mentions.html"

    def get_urls(self):
        mentions = path(
            "<path:object_id>/mentions/",
            self.admin_site.admin_view(self.mentions_view),
            name="articles_article_mentions",
        )
        return [mentions, *super().get_urls()]

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self._suggest_mentions_instead(request, obj, response)

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if not text_changed_in_last_save(obj):
            return response
        return self._suggest_mentions_instead(request, obj, response)

    def _suggest_mentions_instead(self, request, obj, response):
        if (
            IS_POPUP_VAR in request.POST
            or not isinstance(response, HttpResponseRedirect)
            or not unlinked_mentions(obj)
        ):
            return response
        url = reverse("admin:articles_article_mentions", args=[obj.pk])
        return redirect(f"{url}?{urlencode({'next': response.url})}")

    def mentions_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = MentionConfirmForm(data, mentions=unlinked_mentions(article))
        if request.method == "POST" and form.is_valid():
            added = form.link(article)
            if added:
                self.log_change(request, article, [{"changed": {"fields": ["mentions"]}}])
            message = ngettext("Linked %(count)d record.", "Linked %(count)d records.", added)
            messages.success(request, message % {"count": added})
            return redirect(self._next_url(request, article))
        context = {
            **self.admin_site.each_context(request),
            "title": _("What does this article mention?"),
            "subtitle": str(article),
            "opts": self.opts,
            "original": article,
            "form": form,
            "next_url": self._next_url(request, article),
        }
        return TemplateResponse(request, self.mentions_template, context)

    def _next_url(self, request, article):
        next_url = request.POST.get("next") or request.GET.get("next")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return next_url
        return reverse("admin:articles_article_change", args=[article.pk])
