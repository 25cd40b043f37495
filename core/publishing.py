"""
What the public may see: the one rule, and the publication state it rests on.

A record is public when

1. it is published, if it has a publication state of its own (`Publishable`: articles,
   initiatives, actors, schools), and
2. every record it shows is public: each model lists in `public_through` the foreign
   keys whose target a visitor would see beside it (a role shows its initiative, its
   actor and its source article; an article shows its publisher). An empty optional key
   does not hide the record.

Records with neither (municipalities, counties, initiative types: reference data) are
always public. So a fact taken from a draft article, or naming a draft actor, stays
hidden even on a published initiative's page, and a new model is covered by declaring
its `public_through`.

Every public page, export, feed, sitemap, search, count, facet, map and chart takes its
querysets from here: `Model.objects.published()` (or `.visible_to(user)`: staff also see
drafts, with a banner), and `public_q(Model, "relation__")` for counts and filters across
a relation. No view spells the rule out itself.

The publication fields change only through `core.review.apply_transition`, which checks
the acting user's permissions; `Publishable.save()` refuses any other change to them
(a revert, an import, a bulk action or plain model code), see `PublicationLocked`.
"""

import contextlib
import contextvars
from collections import defaultdict
from operator import itemgetter
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import Expression
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _

from .concurrency import Versioned
from .id_lists import in_ids

PUBLICATION_FIELDS = ("publication_state", "published_at", "published_by")
STORED_FIELDS = ("publication_state", "published_at", "published_by_id")


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


# What a record starts as, whoever creates it.
NEW_RECORD = {
    "publication_state": PublicationState.DRAFT,
    "published_at": None,
    "published_by_id": None,
}


def public_q(model, prefix="", semi_join=False):
    """The condition for `model`'s rows (reached through `prefix`) to be public.

    The records a row shows are joined and checked in place; with `semi_join`, each is
    checked by `IN (its published rows)` instead. The two say the same: the second is
    for the few queries where PostgreSQL misjudges the joins (a prefetch of an
    initiative's quotes read the whole article table by a merge join: 100 ms, 5 ms so).
    `PublicQuerySet.published` asks for it on PostgreSQL only: SQLite builds each IN list
    by reading the whole table (a municipality's quotes took 16 ms so, 2 ms joined).
    """
    condition = own_state_q(model, prefix)
    for name in getattr(model, "public_through", ()):
        field = model._meta.get_field(name)
        related = field.related_model
        if semi_join:
            rule = public_q(related)
            if not rule:
                continue
            if field.null:
                # No record it shows that is not public: the same as "none, or a public
                # one", said so that PostgreSQL can look each row's record up (an
                # anti-join). `IS NULL OR IN (…)` cannot be made a join: it hashed every
                # published record first (an actor's payments received: 5 000 actors).
                hidden = related._default_manager.exclude(rule)
                condition &= ~Exists(hidden.filter(pk=OuterRef(f"{prefix}{name}")))
                continue
            through = Q(**{f"{prefix}{name}__in": related._default_manager.published()})
        else:
            through = public_q(related, f"{prefix}{name}__")
        if not through:
            continue
        if field.null:
            through = Q(**{f"{prefix}{name}__isnull": True}) | through
        condition &= through
    return condition


class SqlConstant(Expression):
    """A constant of the site's own (not a visitor's value) written into the SQL.

    PostgreSQL plans a prepared statement again on every run when a parameter might
    change the plan, and the publication rule's state was one: the browser's payment
    totals (seven tables joined) took 2.4 ms to plan and 0.1 ms to run. A statement
    whose rule is spelled out in its text is planned once per connection.
    """

    def __init__(self, value, output_field):
        if not (isinstance(value, str) and value.isascii() and value.replace("_", "").isalnum()):
            raise ValueError(f"not a plain constant: {value!r}")
        super().__init__(output_field=output_field)
        self.value = value

    def as_sql(self, compiler, connection):
        return f"'{self.value}'", []


PUBLISHED_IN_SQL = SqlConstant(PublicationState.PUBLISHED.value, models.CharField())


def own_state_q(model, prefix=""):
    """The rule's first part: the record (reached through `prefix`) is published, if it
    has a publication state of its own (else Q(), which holds for every row)."""
    if issubclass(model, Publishable):
        return Q(**{f"{prefix}publication_state": PUBLISHED_IN_SQL})
    return Q()


class PublicIds:
    """Which records of each model are public, by the rule above, asked once per record
    and remembered, for the rows of one large read."""

    def __init__(self):
        self.public = defaultdict(set)  # {model: public ids}
        self.seen = defaultdict(set)  # {model: every id asked about}

    def among(self, model, ids):
        """The public ids of `model`, at least those among `ids`."""
        if new := set(ids) - self.seen[model]:
            self.read(model, new)
        return self.public[model]

    def forget(self, model):
        """Let go of what is known of `model`'s records: for a read that asks about each
        batch's records anyway, so the sets do not grow with the whole read."""
        self.public.pop(model, None)
        self.seen.pop(model, None)

    def read(self, model, ids, *fields):
        """{id: (fields…)} of the public records among `ids`, remembered like `among`.

        The records' own state is asked in the query (`own_state_q`); the records they
        show (`public_through`: an article's publisher and author) are checked against
        what is known of those, asked once per record (PublicReferences), instead of
        joined to every row: a full export's 90 000 articles read with their publishers
        and authors joined took 0.44 s on PostgreSQL (every actor hashed twice for each
        chunk) and 0.29 s on SQLite, 0.28 and 0.20 s so."""
        references = PublicReferences(model, self, own_state=False)
        width = 1 + len(fields)
        found = (
            model._default_manager.filter(own_state_q(model), in_ids(model, "id", ids))
            .order_by()
            .values_list("pk", *fields, *references.fields)
        )
        rows = {row[0]: row[1:width] for row in references.public_rows(found, width)}
        self.seen[model].update(ids)
        self.public[model].update(rows)
        return rows


class PublicReferences:
    """The rule above for rows read without its joins: are the records they show public?

    `published()` checks every record a row shows (`public_through`) in the query, joined
    once per row. A large read showing the same actors and articles again and again (a
    full export: 127 000 roles citing 60 000 articles) spent most of its database time
    in those joins on PostgreSQL. Here the rows are read alone and their references
    checked afterwards against `public_ids` (PublicIds: the same rule, asked once per
    record). `known` names the relations whose records the caller read as public
    already (the initiatives of an export come from `published()`). A model with a state
    of its own is refused unless the caller asks for that state itself (`own_state=False`,
    as `PublicIds.read` does).
    """

    def __init__(self, model, public_ids, known=(), own_state=True):
        if own_state and issubclass(model, Publishable):
            raise TypeError(f"{model._meta.label} has a state of its own: use published()")
        self.public_ids = public_ids
        self.checks = []
        for name in getattr(model, "public_through", ()):
            field = model._meta.get_field(name)
            if name not in known and public_q(field.related_model):
                self.checks.append((field.attname, field.null, field.related_model))

    @property
    def shows(self):
        """The models whose records the rows show, checked here."""
        return {related for _attname, _null, related in self.checks}

    @property
    def fields(self):
        """The columns to read after a row's own values, for `public_rows`."""
        return [attname for attname, _null, _model in self.checks]

    def referenced(self, rows, width, model):
        """The ids of the `model` records that `rows` (as for `public_rows`) show, so a
        caller can read them at once (`PublicIds.read`) with what else it needs of them."""
        offsets = [
            offset
            for offset, (_attname, _null, related) in enumerate(self.checks, start=width)
            if related is model
        ]
        ids: set = set()
        for offset in offsets:
            ids.update(map(itemgetter(offset), rows))
        ids.discard(None)
        return ids

    def public_rows(self, rows, width):
        """Of `rows`, tuples of `width` values followed by `fields`, those whose records
        are all public (whole, so a caller can unpack them as read). An empty optional
        key does not hide a row (as in `public_q`)."""
        rows = list(rows)
        shown: defaultdict[type, set] = defaultdict(set)  # each model's records, asked at once
        for offset, (_attname, _null, model) in enumerate(self.checks, start=width):
            shown[model].update(map(itemgetter(offset), rows))
        for model, ids in shown.items():
            self.public_ids.among(model, ids - {None})
        for offset, (_attname, null, model) in enumerate(self.checks, start=width):
            public = self.public_ids.public[model]
            if null:
                rows = [row for row in rows if row[offset] in public or row[offset] is None]
            else:
                rows = [row for row in rows if row[offset] in public]
        return rows


def sees_drafts(user):
    """Staff see drafts on the public pages (marked as such); nobody else does."""
    return bool(user and user.is_authenticated and user.is_staff)


class PublicQuerySet(models.QuerySet):
    """The QuerySet of every content model: `published()` applies the rule above."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sort_key = None

    def sorted_by(self, key):
        """The rows, unordered by the database, sorted by `key` (a function of a row) as
        they are read: for a record page's short lists read by prefetch.

        An ordered query with joined records costs Django's compiler more than the rest
        of it: it matches the ordering against every selected column, finding each
        column's identity by binding its constructor's signature, and SQLite calls the
        Swedish collation, a Python function, for every comparison. Sorted here, by the
        same rules (`core.collation.sort_key` is that collation's key): an initiative's
        page at scale 80.2 -> 74.7 million instructions a request (callgrind, SQLite),
        its roles, schools, quotes and parts sorted so. Only for keys that sort as the
        database does on both databases (a missing year: initiatives.models's
        NEWEST_PAYMENTS_FIRST puts it last on both, as its key does).
        """
        clone = self.order_by()
        clone._sort_key = key
        return clone

    def _clone(self):
        clone = super()._clone()  # type: ignore[misc]
        clone._sort_key = self._sort_key
        return clone

    def _fetch_all(self):
        if self._result_cache is None and self.query.is_empty():
            # Nothing to read (`none()`: a list a page knows has no rows, an initiative's
            # prefetched as such, initiatives.models.fact_prefetches): Django would still
            # compile the query.
            self._result_cache = []
            return
        super()._fetch_all()
        rows = self._result_cache
        if self._sort_key is not None and rows and self._iterable_class is ModelIterable:
            rows.sort(key=self._sort_key)

    def published(self, semi_join=False):
        """Only the rows an anonymous visitor may see (`semi_join`: see public_q)."""
        semi_join = semi_join and connections[self.db].vendor == "postgresql"
        condition = public_q(self.model, semi_join=semi_join)
        return self.filter(condition) if condition else self

    def visible_to(self, user, semi_join=False):
        """Staff see drafts too (with a banner); everyone else only public rows."""
        return self if sees_drafts(user) else self.published(semi_join=semi_join)

    def joined(self, *relations):
        """`select_related(*relations)` with only the columns pages show of a record a
        row links to (`linked_along`). The rows' own columns are all read.

        Each column a row brings is compiled into the query, read and converted, and
        set on its model instance: a role joined with its actor, initiative and source
        brought some 60 columns for the dozen its row shows, article texts among them.
        Leaving out the joined records' texts, search data and bookkeeping
        (`unlisted_fields`) took an actor's page at scale in one process 39.8 -> 36.4 ms
        on SQLite and 51 -> 42 ms on PostgreSQL. Reading only what a link to them shows
        (`linked_fields`: an actor's name, slug, kind and state, not its website, place
        or bookkeeping) took the same page 201.9 -> 177.8 million instructions a request,
        an initiative's 90.9 -> 79.8 million. A column a template asks for after all
        costs a query per row, which the pages' query-count tests catch.
        """
        joined = self.select_related(*relations)
        # Cumulative, as select_related() is: only() replaces the columns asked before.
        return joined.only(*linked_along(self.model, paths_of(joined.query.select_related)))

    def listed(self):
        """The rows without their own `unlisted_fields`, for a list of records (an actor's
        articles): not their whole texts, nor what only the admin shows."""
        return self.defer(*getattr(self.model, "unlisted_fields", ()))


def linked_along(model, relations):
    """The only() names of `model`'s rows joined along `relations` (select_related's
    paths): every column of the rows themselves, and of each record they link to its
    `linked_fields`, or where a model names none (a quote, a position: the row shows
    them whole) every column but its `unlisted_fields`. Each key a path goes through is
    read too, as select_related needs it."""
    names = {field.name: None for field in model._meta.concrete_fields}
    for relation in relations:
        related, path = model, []
        for part in relation.split("__"):
            path.append(part)
            names["__".join(path)] = None
            related = related._meta.get_field(part).related_model
            for name in shown_when_linked(related):
                names["__".join([*path, name])] = None
    return list(names)


def paths_of(tree, prefix=()):
    """The relation paths of a select_related() tree: "source", "source__publisher"."""
    if not isinstance(tree, dict):
        return []
    paths = []
    for name, subtree in tree.items():
        path = (*prefix, name)
        paths += ["__".join(path), *paths_of(subtree, path)]
    return paths


def shown_when_linked(model):
    """The fields of `model` that a row linking to one of its records reads."""
    linked = getattr(model, "linked_fields", None)
    if linked is not None:
        return linked
    unlisted = set(getattr(model, "unlisted_fields", ()))
    return [field.name for field in model._meta.concrete_fields if field.name not in unlisted]


# {(manager class, model, database alias, vendor, semi_join): the published queryset}
_published_querysets: dict[tuple, models.QuerySet] = {}


class PublicManager(models.Manager):
    """The manager of every content model (`objects`).

    `Model.objects.published()` hands out a copy of a queryset the rule was applied to
    once per process, as a view's class attribute `queryset` is: building the rule's
    joins took longer than running the queries (an initiative's page starts eleven
    querysets from it; 23.9 → 19.2 ms in one process at scale without). A related manager
    (`initiative.funding`) narrows its own queryset first, so it builds the rule as
    before; so does `published()` further down a chain (`.filter(…).published()`).
    """

    def published(self, semi_join=False):
        if type(self).get_queryset is not models.Manager.get_queryset:
            return self._everything().published(semi_join=semi_join)
        key = (type(self), self.model, self._db, connections[self.db].vendor, semi_join)
        queryset = _published_querysets.get(key)
        if queryset is None:
            queryset = self._everything().published(semi_join=semi_join)
            _published_querysets[key] = queryset
        return queryset.all()

    def _everything(self):
        return cast(PublicQuerySet, self.get_queryset())

    def visible_to(self, user, semi_join=False):
        return self.all() if sees_drafts(user) else self.published(semi_join=semi_join)


class PublicationLocked(PermissionDenied):
    """A save tried to change the publication fields outside a review transition."""


_publication_changes_allowed = contextvars.ContextVar("publication_changes", default=False)


@contextlib.contextmanager
def publication_changes_allowed():
    """Let saves inside the block set the publication fields.

    Only for code that has decided who may: `core.review.apply_transition`, after checking
    the acting user's permission, and the loaders of sourced data (the seed, the test
    factories), whose records are published as they are loaded.
    """
    token = _publication_changes_allowed.set(True)
    try:
        yield
    finally:
        _publication_changes_allowed.reset(token)


def may_publish(user, model):
    """Who may publish: a user with the model's `publish_<model>` permission (Publishers).

    The one place this is decided; the review workflow, pending changes, imports and
    the admin all ask here.
    """
    opts = model._meta
    return user is not None and user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


class Publishable(Versioned):
    """A record visitors see only once a Publisher has published it."""

    # What no list of these records shows (PublicQuerySet.listed), nor a row that links
    # to one where the model names no `linked_fields` (PublicQuerySet.joined); models
    # add their texts and search data.
    unlisted_fields: tuple[str, ...] = ("published_at", "published_by", "created_at", "updated_at")

    publication_state = models.CharField(
        _("publication state"),
        max_length=16,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.publication_state == PublicationState.PUBLISHED

    def save(self, *args, **kwargs):
        if not _publication_changes_allowed.get():
            self.refuse_publication_change()
        super().save(*args, **kwargs)

    def refuse_publication_change(self):
        """Raise PublicationLocked if this save would change who sees the record."""
        stored = None
        if not self._state.adding:
            stored = type(self)._base_manager.filter(pk=self.pk).values(*STORED_FIELDS).first()
        for attname, value in (stored or NEW_RECORD).items():
            if getattr(self, attname) != value:
                raise PublicationLocked(
                    f"{self._meta.label}: {attname} changes only through a review "
                    "transition by a user who may publish."
                )


def published_versions(obj):
    """The saved versions of `obj` visitors could see when each was saved, newest first.

    django-simple-history keeps one record per save; the rule above (`public_q`) picks
    those saved published (a draft's edits and review steps are not; reference data has
    no publication state, so each of its versions counts) and whose `public_through`
    records are public now. A change waiting for review is never saved, so it never has a
    version. Whether `obj` itself is public now is the caller's question (`published()`),
    asked first.
    """
    return published_history(type(obj), obj.history.all()).order_by("-history_date", "-history_id")


def published_history(model, versions=None):
    """The saved versions of `model`'s records (or of `versions`, a subset of its history)
    that visitors could see when each was saved: the rule of `published_versions`, for
    readers of many records at once (feeds, the data set's date)."""
    versions = (model.history.all() if versions is None else versions).exclude(history_type="-")
    condition = public_q(model)
    return versions.filter(condition) if condition else versions
