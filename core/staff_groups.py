"""
The staff groups and what each may do in the admin.

- Editors add, change and delete content; they never manage users or groups. Their
  changes to what the public sees wait for a Publisher (see `core.moderation`).
- Viewers see everything in the admin and change nothing.
- Publishers are Editors who may also publish, and approve or reject pending changes.

Content is every model of the content apps (`core.content`). A model that sets
`reference_data = True` (the 290 municipalities and 21 counties from SCB) may be
corrected by Editors but not added or removed. Publishing is the `publish_<model>`
permission every publishable model declares.

`sync_staff_groups()` is idempotent; it runs after every migrate and from the
`sync_staff_groups` command.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from .content import content_models
from .models import PendingChange

EDITORS = "Editors"
VIEWERS = "Viewers"
PUBLISHERS = "Publishers"


def _permissions(models, actions):
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    wanted = {
        (content_types[model].pk, f"{action}_{model._meta.model_name}")
        for model in models
        for action in actions
    }
    found = Permission.objects.filter(
        content_type__in=content_types.values(), codename__in={c for _pk, c in wanted}
    )
    return [p for p in found if (p.content_type_id, p.codename) in wanted]


def group_permissions():
    models = content_models()
    reference = [m for m in models if getattr(m, "reference_data", False)]
    content = [m for m in models if m not in reference]
    editor = _permissions(content, ["add", "change", "delete", "view"]) + _permissions(
        reference, ["change", "view"]
    )
    viewer = _permissions(models, ["view"])
    publisher = editor + _permissions(models, ["publish"])
    # Everyone on the staff sees the pending changes; deciding needs publish rights.
    pending = _permissions([PendingChange], ["view"])
    editor, viewer, publisher = editor + pending, viewer + pending, publisher + pending
    return {EDITORS: editor, VIEWERS: viewer, PUBLISHERS: publisher}


def sync_staff_groups():
    """Create the groups if missing and set exactly their permissions."""
    for name, permissions in group_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def sync_staff_groups_after_migrate(**kwargs):
    sync_staff_groups()
