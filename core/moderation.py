"""
Changes to what visitors see wait for a Publisher (after Wagtail's and Drupal's content
moderation: the live page stays as approved while an edit of it waits).

A record is *live* when `Model.objects.published()` holds it (`core.publishing`): a
published article, a role whose initiative, actor and source are public, any of the 290
municipalities. When someone who may not publish (`core.publishing.may_publish`) saves a
change to a live record, adds a record that would be live at once, or reverts one to an
earlier version, the admin saves nothing: the submitted form is kept as a
`PendingChange`. A Publisher sees it with a field-by-field comparison and a preview of
the public page, and approves it (the same form is submitted again, as the Publisher,
through the same validation, version check and history as any save) or rejects it with
a comment for the editor.

Both the comparison and the preview come from a *rehearsal*: the form is submitted inside
a transaction that is always rolled back, so what the Publisher sees is exactly what
approving would store, and nothing of it stays.
"""

import contextlib
import contextvars
from dataclasses import dataclass, field

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage import default_storage
from django.db import models, transaction
from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .caching import bump_generation
from .models import PendingChange
from .publishing import PublicationState, Publishable, may_publish
from .search import KEPT_VECTORS

VERSION_FIELD = "loaded_version"
# Never kept with a proposal: the token belongs to the editor's request.
NOT_KEPT = {"csrfmiddlewaretoken"}

_applying = contextvars.ContextVar("applying_pending_change", default=False)


class ReviewNeeded(Exception):
    """Raised by the admin's save instead of saving: the change must wait for review."""

    def __init__(self, obj, kind, history_id=None):
        super().__init__(str(obj))
        self.obj = obj
        self.kind = kind
        self.history_id = history_id


@contextlib.contextmanager
def applying():
    """Saves inside the block go through (a Publisher's approval, or a rehearsal)."""
    token = _applying.set(True)
    try:
        yield
    finally:
        _applying.reset(token)


def is_live(obj):
    """Whether visitors see the stored record now."""
    if obj.pk is None:
        return False
    return type(obj)._default_manager.published().filter(pk=obj.pk).exists()


def would_be_live(obj):
    """Whether visitors would see `obj` as it is in memory (a new or edited record)."""
    if isinstance(obj, Publishable) and obj.publication_state != PublicationState.PUBLISHED:
        return False
    for name in getattr(type(obj), "public_through", ()):
        target = getattr(obj, name, None)
        if target is not None and not is_live(target):
            return False
    return True


def needs_review(user, obj, adding):
    """Whether this save by `user` must wait for a Publisher instead of going live."""
    if _applying.get() or may_publish(user, type(obj)):
        return False
    return would_be_live(obj) if adding else (is_live(obj) or would_be_live(obj))


def public_url(obj):
    """The public page that shows `obj`: its own, or that of the record it belongs to."""
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    for name in getattr(type(obj), "public_through", ()):
        target = getattr(obj, name, None)
        if target is not None and hasattr(target, "get_absolute_url"):
            return target.get_absolute_url()
    return None


def kept_form(post):
    """The submitted form as JSON-ready data: {name: [values]}."""
    return {name: post.getlist(name) for name in post if name not in NOT_KEPT}


def form_to_submit(change, current_version=None):
    data = QueryDict(mutable=True)
    for name, values in change.data.items():
        data.setlist(name, values)
    if current_version is not None:
        # The Publisher chose to apply it over changes saved after it was proposed.
        data.setlist(VERSION_FIELD, [str(current_version)])
    return data


def propose(request, proposal):
    """Keep the change the admin refused to save (a ReviewNeeded) for a Publisher."""
    obj = proposal.obj
    adding = proposal.kind == PendingChange.Kind.ADD
    # Named as the live record is (the proposal may rename it).
    named = obj if adding else type(obj)._base_manager.get(pk=obj.pk)
    return PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id="" if adding else str(obj.pk),
        object_repr=str(named)[:300],
        kind=proposal.kind,
        history_id=proposal.history_id,
        data=kept_form(request.POST),
        base_version=None if adding else _stored_version(obj),
        proposed_by=request.user,
    )


def _stored_version(obj):
    return type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()


def current_object(change):
    if not change.object_id:
        return None
    return change.model._base_manager.filter(pk=change.object_id).first()


def is_stale(change):
    """Whether the live record moved on after the change was proposed."""
    obj = current_object(change)
    if obj is None or change.base_version is None:
        return False
    return obj.version != change.base_version


def submit(model_admin, request, change, force=False):
    """Submit the kept form again as `request.user`; returns the admin's response.

    A redirect means it was saved; anything else is the form shown again with its errors.
    The admin's own "changed successfully" message is dropped: the caller says what
    happened. `request` must have passed the CSRF check (the approval form, or the
    review page's GET for a rehearsal, which is always rolled back).
    """
    obj = current_object(change)
    current_version = obj.version if force and obj is not None else None
    saved = request.method, request.POST, getattr(request, "_messages", None)
    request.method, request.POST = "POST", form_to_submit(change, current_version)
    request._messages = default_storage(request)
    try:
        with applying():
            if change.kind == PendingChange.Kind.ADD:
                response = model_admin.add_view(request)
            elif change.kind == PendingChange.Kind.REVERT:
                response = model_admin.history_form_view(
                    request, change.object_id, str(change.history_id)
                )
            else:
                response = model_admin.change_view(request, change.object_id)
    finally:
        request.method, request.POST, request._messages = saved
    return response


def was_saved(response):
    return response.status_code in (301, 302)


def form_errors(response):
    """The error messages of a form the admin showed again, as text."""
    context = getattr(response, "context_data", None) or {}
    errors = context.get("errors") or []
    messages = [str(error) for group in errors for error in group]
    return messages or [_("The change could not be applied.")]


@dataclass
class Rehearsal:
    """What approving would do, found out and rolled back."""

    errors: list = field(default_factory=list)
    differences: list = field(default_factory=list)
    preview_html: str | None = None

    @property
    def ok(self):
        return not self.errors


def rehearse(model_admin, request, change, with_preview=False, force=False):
    """Apply the change in a transaction that is rolled back: its differences and preview."""
    rehearsal = Rehearsal()
    with transaction.atomic():
        obj = current_object(change)
        before = describe(model_admin, request, obj) if obj is not None else {}
        response = submit(model_admin, request, change, force=force)
        if not was_saved(response):
            rehearsal.errors = form_errors(response)
        else:
            after_obj = obj if obj is not None else _added_object(request, change)
            after_obj = type(after_obj)._base_manager.get(pk=after_obj.pk)
            rehearsal.differences = compare(before, describe(model_admin, request, after_obj))
            if with_preview:
                rehearsal.preview_html = render_public_page(request, after_obj)
        transaction.set_rollback(True)
    # Aggregates cached while the rehearsal's rows existed must never be served.
    bump_generation()
    return rehearsal


def _added_object(request, change):
    entry = (
        LogEntry.objects.filter(
            user=request.user, content_type=change.content_type, action_flag=ADDITION
        )
        .order_by("-pk")
        .first()
    )
    assert entry is not None, "the admin logs every addition it saves"
    return change.model._base_manager.get(pk=entry.object_id)


def approve(model_admin, request, change, force=False):
    """Apply the change as the Publisher; returns a list of errors (empty when applied)."""
    response = submit(model_admin, request, change, force=force)
    if not was_saved(response):
        return form_errors(response)
    change.status = PendingChange.Status.APPROVED
    change.decided_by = request.user
    change.decided_at = timezone.now()
    change.save()
    return []


def reject(request, change, comment):
    change.status = PendingChange.Status.REJECTED
    change.decided_by = request.user
    change.decided_at = timezone.now()
    change.comment = comment
    change.save()


# What the comparison leaves out: bookkeeping no editor types.
NOT_COMPARED = {"version", "created_at", "updated_at", "id", "uid", *KEPT_VECTORS}


def describe(model_admin, request, obj):
    """{(row, field label): shown value} for the record and the rows of its inlines."""
    shown = {}
    row = capfirst(obj._meta.verbose_name)
    shown.update(_fields_of(obj, row))
    for inline in model_admin.get_inline_instances(request, obj):
        fk = _foreign_key_to(inline, type(obj))
        for child in inline.model._base_manager.filter(**{fk.name: obj}).order_by("pk"):
            label = f"{capfirst(child._meta.verbose_name)} #{child.pk}"
            shown.update(_fields_of(child, label, skip={fk.name}))
    return shown


def _foreign_key_to(inline, parent_model):
    if inline.fk_name:
        return inline.model._meta.get_field(inline.fk_name)
    return next(
        f for f in inline.model._meta.fields if f.is_relation and f.related_model is parent_model
    )


def _fields_of(obj, row, skip=()):
    shown = {}
    for model_field in obj._meta.get_fields():
        if (
            not model_field.concrete
            or model_field.auto_created
            or model_field.name in NOT_COMPARED
            or model_field.name in skip
        ):
            continue
        if model_field.many_to_many:
            related = getattr(obj, model_field.name).all()
            value = ", ".join(sorted(str(item) for item in related))
        else:
            value = _shown_value(obj, model_field)
        shown[(row, capfirst(model_field.verbose_name))] = value
    return shown


def _shown_value(obj, model_field):
    if model_field.choices:
        return str(getattr(obj, f"get_{model_field.name}_display")())
    value = getattr(obj, model_field.name)
    if value is None or value == "":
        return ""
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    return str(value)


def compare(before, after):
    """[(row, field, before, after)] for every shown value that differs."""
    keys = list(dict.fromkeys([*before, *after]))
    return [
        (row, label, before.get((row, label), ""), after.get((row, label), ""))
        for row, label in keys
        if before.get((row, label), "") != after.get((row, label), "")
    ]


def render_public_page(request, obj):
    """The public page showing `obj` as an anonymous visitor would get it, or None."""
    url = public_url(obj)
    if not url:
        return None
    try:
        match = resolve(url)
    except Resolver404:
        return None
    visitor = HttpRequest()
    visitor.method = "GET"
    visitor.path = visitor.path_info = url
    visitor.META = {**request.META, "REQUEST_METHOD": "GET", "QUERY_STRING": "", "HTTP_COOKIE": ""}
    visitor.user = AnonymousUser()
    visitor.resolver_match = match
    visitor.is_preview = True  # type: ignore[attr-defined]  # read by the preview banner
    response = match.func(visitor, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        return None
    return response.content.decode(response.charset)
