"""
The staff groups and what each may do in the admin.

- Editors add, change and delete content; they never manage users or groups.
- Viewers see everything in the admin and change nothing.
- Publishers are Editors who may also publish (used by the review workflow).

`sync_staff_groups()` is idempotent; it runs after every migrate and from the
`sync_staff_groups` command.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
VIEWERS = "Viewers"
PUBLISHERS = "Publishers"

# Content staff curate: full rights for editors.
CONTENT_MODELS = [
    ("municipalities", "school"),
    ("initiatives", "initiativetype"),
    ("initiatives", "actor"),
    ("initiatives", "initiative"),
    ("initiatives", "initiativesource"),
    ("initiatives", "participation"),
    ("initiatives", "funding"),
    ("articles", "article"),
    ("articles", "quote"),
]
# Reference data from SCB: editors may correct it but not add or remove municipalities.
REFERENCE_MODELS = [("municipalities", "county"), ("municipalities", "municipality")]


def _permissions(models, actions):
    wanted = [(app_label, f"{action}_{model}") for app_label, model in models for action in actions]
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted},
        codename__in={codename for _, codename in wanted},
    ).select_related("content_type")
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def group_permissions():
    editor = _permissions(CONTENT_MODELS, ["add", "change", "delete", "view"]) + _permissions(
        REFERENCE_MODELS, ["change", "view"]
    )
    viewer = _permissions(CONTENT_MODELS + REFERENCE_MODELS, ["view"])
    publisher = editor + list(
        Permission.objects.filter(
            content_type__app_label__in=["initiatives", "articles"],
            codename__in=["publish_initiative", "publish_article"],
        )
    )
    return {EDITORS: editor, VIEWERS: viewer, PUBLISHERS: publisher}


def sync_staff_groups():
    """Create the groups if missing and set exactly their permissions."""
    for name, permissions in group_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def sync_staff_groups_after_migrate(**kwargs):
    sync_staff_groups()
