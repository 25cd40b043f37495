"""
Atom feeds of published initiatives, new or changed, newest first.

`/initiatives/feed.atom` takes the browser's query string and its FilterSet (the one the
browser and the exports use), so any filtered view can be followed; a municipality's and
a county's feed follow their pages. A query the browser would refuse is a 400 with the
browser's messages; an unknown municipality or county a 404.

An entry says what changed, from the initiative's history (django-simple-history), using
only its *published* versions: the latest against the one published before it. A draft's
content, an edit made while unpublished and a pending change (which is not saved to the
record until approved, core/moderation.py) never reach a feed. An initiative the history
does not cover (bulk-loaded data) is shown as new.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.publishing import published_history
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from municipalities.models import County, Municipality

from .exports import invalid

ENTRIES = 50
# The <updated> of a feed without entries: a fixed date, not the time of the request
# (Django's default), so an empty feed does not look changed on every poll.
NEVER_CHANGED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
# The fields whose change an entry names (a change of parent is left out: the parent
# may be a draft, and naming the change would hint at it).
COMPARED = [
    "title",
    "summary",
    "slug",
    "type_id",
    "status",
    "start_year",
    "end_year",
    "start_date",
    "end_date",
]


@dataclass
class Entry:
    initiative: Initiative
    changed: list[str] | None  # None: new
    updated: object
    site: str  # the scheme and host, for the entry's id


@dataclass
class Followed:
    """What a feed follows (a selection, a municipality, a county) and the site's address."""

    subject: object
    site: str

    @classmethod
    def of(cls, subject, request):
        return cls(subject, request.build_absolute_uri("/").rstrip("/"))


def versions_by_initiative(initiatives):
    """{initiative id: [its published historical versions, newest first]}."""
    versions: dict[int, list[dict]] = defaultdict(list)
    rows = (
        published_history(Initiative)
        .filter(id__in=[i.pk for i in initiatives])
        .order_by("id", "-history_date", "-history_id")
        .values("id", "history_date", *COMPARED)
    )
    for row in rows:
        versions[row["id"]].append(row)
    return versions


def field_label(name):
    field = Initiative._meta.get_field(name.removesuffix("_id"))
    return str(getattr(field, "verbose_name", name))


def what_changed(versions):
    """(the labels of the fields that changed, or None if nothing has since it was first
    published; when) from an initiative's published versions, newest first.

    Versions that change none of the compared fields (a re-save, a change of its
    municipalities) are passed over, so an entry names a real change of the record.
    """
    for newer, older in zip(versions, versions[1:], strict=False):
        changed = [field_label(name) for name in COMPARED if newer[name] != older[name]]
        if changed:
            return changed, newer["history_date"]
    return None, versions[-1]["history_date"]


def entries(queryset, site):
    """The ENTRIES most recently changed initiatives, each with what changed."""
    initiatives = list(queryset.order_by("-updated_at", "-pk")[:ENTRIES])
    versions = versions_by_initiative(initiatives)
    found = []
    for initiative in initiatives:
        if initiative.pk in versions:
            changed, updated = what_changed(versions[initiative.pk])
        else:  # loaded in bulk, without history
            changed, updated = None, initiative.published_at or initiative.updated_at
        found.append(Entry(initiative, changed, updated, site))
    return sorted(found, key=lambda entry: entry.updated, reverse=True)


class AtomFeed(Atom1Feed):
    def latest_post_date(self):
        if not self.items:
            return NEVER_CHANGED
        return super().latest_post_date()


class InitiativeFeed(Feed):
    feed_type = AtomFeed

    def title(self, obj):
        return _("%(place)s: new and changed initiatives · Skoljämlikhet") % {
            "place": self.place(obj.subject)
        }

    def place(self, subject):
        raise NotImplementedError

    def initiatives(self, subject):
        """The published initiatives the feed follows."""
        raise NotImplementedError

    def subtitle(self, obj):
        return _("Published initiatives against school segregation, newest changes first.")

    def items(self, obj):
        return entries(self.initiatives(obj.subject).select_related("type"), obj.site)

    def item_title(self, item):
        if item.changed is None:
            return _("New: %(title)s") % {"title": item.initiative.title}
        return _("Changed: %(title)s") % {"title": item.initiative.title}

    def item_description(self, item):
        if item.changed is None:
            what = _("New initiative.")
        else:
            what = _("Changed: %(fields)s.") % {"fields": ", ".join(item.changed)}
        return f"{what} {item.initiative.summary}".strip()

    def item_link(self, item):
        return item.initiative.get_absolute_url()

    def item_guid(self, item):
        # A new id for each version, so a reader shows a change as a new entry.
        return f"{item.site}{self.item_link(item)}#version-{item.initiative.version}"

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.updated

    def item_pubdate(self, item):
        return item.initiative.published_at or item.initiative.created_at

    def item_categories(self, item):
        return [item.initiative.type.name]


@dataclass
class Selection:
    filterset: InitiativeFilter
    query: str


class BrowserFeed(InitiativeFeed):
    """The browser's selection, whatever its filters."""

    def get_object(self, request, selection):
        return Followed.of(selection, request)

    def place(self, subject):
        return _("Initiatives") if not subject.query else _("Selected initiatives")

    def link(self, obj):
        path, query = reverse("initiatives:list"), obj.subject.query
        return f"{path}?{query}" if query else path

    def initiatives(self, subject):
        return subject.filterset.qs


_browser_feed = BrowserFeed()


def browser_feed(request):
    base = Initiative.objects.published().for_listing()
    filterset = InitiativeFilter(request.GET, queryset=base, request=request)
    if not filterset.is_valid():
        return invalid(filterset)
    return _browser_feed(request, selection=Selection(filterset, request.GET.urlencode()))


class MunicipalityFeed(InitiativeFeed):
    def get_object(self, request, slug):
        return Followed.of(get_object_or_404(Municipality.objects.published(), slug=slug), request)

    def place(self, subject):
        return subject.name

    def link(self, obj):
        return obj.subject.get_absolute_url()

    def initiatives(self, subject):
        return Initiative.objects.published().in_municipality(subject)


class CountyFeed(InitiativeFeed):
    def get_object(self, request, code):
        return Followed.of(get_object_or_404(County.objects.published(), code=code), request)

    def place(self, subject):
        return capfirst(subject.name)

    def link(self, obj):
        return obj.subject.get_absolute_url()

    def initiatives(self, subject):
        return Initiative.objects.published().in_county(subject)
