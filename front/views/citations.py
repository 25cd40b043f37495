"""
"Cite" on the initiative, municipality and article pages, their citation files, and the
read-only pages of the versions they cite.

A citation names the newest version of the record that was public when saved
(`core.publishing.published_versions`, from django-simple-history) and its permanent
page, `/<section>/<slug>/v/<history id>/`. That page is the record's usual page with the
record's own fields (title, summary, years, text, ...) as that version had them, under a
banner linking to the current page; what it links to (municipalities, roles, funding,
sources, quotes) is shown as it is now.
"""

import copy
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from core import citations
from core.citations import CitationFileView
from core.derived_cache import remember
from core.publishing import published_versions


def version_url_name(namespace):
    return f"{namespace}:version"


def citation_for(request, obj, version, namespace, *, with_files=True):
    """The citation of `obj` as `version` (a historical record, or None) has it."""
    kind = obj._meta.model_name
    slug = obj.slug
    title = str(as_of(copy.copy(obj), version)) if version is not None else str(obj)
    version_path = (
        reverse(version_url_name(namespace), kwargs={"slug": slug, "history_id": version.pk})
        if version is not None
        else None
    )
    files_at = None
    if with_files:
        files_at = reverse(f"{namespace}:cite", kwargs={"slug": slug, "format": "bib"})
        files_at = files_at.removesuffix(".bib")
    return citations.Citation(
        kind=kind,
        title=title,
        url=request.build_absolute_uri(obj.get_absolute_url()),
        version_url=version_path and request.build_absolute_uri(version_path),
        version_date=timezone.localdate(version.history_date) if version is not None else None,
        accessed=citations.today(),
        key=f"skoljamlikhet-{kind}-{slug}" + (f"-v{version.pk}" if version is not None else ""),
        files_at=files_at,
    )


def as_of(obj, version):
    """`obj` with its own fields as `version` had them; returns it.

    Not its relations (they stay as they are now) and not its identifiers (the primary key
    and unique fields such as the slug), so its links lead to the current pages.
    """
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.unique or field.is_relation:
            continue
        if hasattr(version, field.attname):
            setattr(obj, field.attname, getattr(version, field.attname))
    return obj


def latest_version(obj):
    """The newest version of `obj` visitors could see, or None."""
    return published_versions(obj).first()


def public_version(obj, history_id):
    """The version `history_id` of `obj` if it is one visitors could see, else 404."""
    version = published_versions(obj).filter(history_id=history_id).first()
    if version is None:
        raise Http404("No such public version of this record.")
    return version


class CitableMixin:
    """For a detail view: `citation` in the context, for the "Cite" block.

    Only a public record is cited (a draft, which staff see, has no block).
    """

    cite_namespace: str
    # Whether the block links the citation files (not on a version's page: they cite the
    # newest version).
    citation_files = True

    def cited_version(self, obj):
        """The newest public version, found once per content change (core.derived_cache):
        the history query, with the publication rule's joins, on every record page
        was a twentieth of an initiative's. Kept in a tuple, so a record without
        versions is remembered too."""
        key = f"cited-version:{obj._meta.label_lower}:{obj.pk}"
        return remember(key, lambda: (latest_version(obj),))[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        obj = self.object  # type: ignore[attr-defined]
        if getattr(obj, "is_published", True):
            context["citation"] = citation_for(
                self.request,  # type: ignore[attr-defined]
                obj,
                self.cited_version(obj),
                self.cite_namespace,
                with_files=self.citation_files,
            )
        return context


class VersionMixin(CitableMixin):
    """For a detail view: the page of one public version, under a banner, not indexed.

    The record must be public now and the version public when it was saved (404
    otherwise, also for another record's version). The record's own fields take the
    version's values; everything related is loaded by the detail view as it is now.
    """

    citation_files = False

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)  # type: ignore[misc]
        except Http404:
            moved = self.moved_to(kwargs["slug"], kwargs["history_id"])
            if moved is None:
                raise
            return redirect(moved, permanent=True)

    def moved_to(self, slug, history_id):
        """The version's address under the record's new slug, if the slug changed since."""
        model = self.get_queryset().model
        version = model.history.filter(history_id=history_id, slug=slug).first()
        if version is None:
            return None
        obj = model._default_manager.published().filter(pk=version.id).first()
        if obj is None or obj.slug == slug:
            return None
        return reverse(
            version_url_name(self.cite_namespace),
            kwargs={"slug": obj.slug, "history_id": history_id},
        )

    def get_queryset(self):
        # Staff too: a draft (even one that was public once) shows no old versions.
        return super().get_queryset().published()  # type: ignore[misc]

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)  # type: ignore[misc]
        self.version = public_version(obj, self.kwargs["history_id"])  # type: ignore[attr-defined]
        return as_of(obj, self.version)

    def cited_version(self, obj):
        return self.version

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            shown_version=self.version,
            version_date=timezone.localdate(self.version.history_date),
            current_url=self.object.get_absolute_url(),  # type: ignore[attr-defined]
        )
        return context


class RecordCitationView(CitationFileView):
    """The citation files of a public initiative, municipality or article (by slug)."""

    model: Any = None  # a model whose manager has `published()`
    cite_namespace = ""

    def get_citation(self):
        assert self.model is not None
        obj = get_object_or_404(self.model._default_manager.published(), slug=self.kwargs["slug"])
        return citation_for(self.request, obj, latest_version(obj), self.cite_namespace)
