"""Natural keys and aliases shared by the content models."""

from .publishing import PublicManager, PublicQuerySet


class SlugQuerySet(PublicQuerySet):
    """For models whose natural key is their slug (fixtures, snapshots, imports)."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class CodeQuerySet(PublicQuerySet):
    """For models whose natural key is an official code (SCB's county and municipality codes)."""

    def get_by_natural_key(self, code):
        return self.get(code=code)


class UidQuerySet(PublicQuerySet):
    """For rows without a name of their own (funding rows, quotes): a UUID."""

    def get_by_natural_key(self, uid):
        return self.get(uid=uid)


# Managers made here, once: models in other apps use them as `objects = SlugManager()`
# (`QuerySet.as_manager()` across modules is opaque to the type checker).
SlugManager = PublicManager.from_queryset(SlugQuerySet)
CodeManager = PublicManager.from_queryset(CodeQuerySet)
UidManager = PublicManager.from_queryset(UidQuerySet)


class AliasesMixin:
    """`alias_list` for a model with an `aliases` text field holding one name per line."""

    aliases: str

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]
