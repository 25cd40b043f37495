"""
Idempotent writes for data loaded from files (reference data, seed data).

`upsert()` saves only when a value differs, so loading the same file twice changes
nothing: no extra writes, no new `updated_at`.
"""

from dataclasses import dataclass, field


@dataclass
class UpsertStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_model: dict = field(default_factory=dict)

    def record(self, model, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)
        counts = self.by_model.setdefault(model._meta.label, {"created": 0, "updated": 0})
        if outcome in counts:
            counts[outcome] += 1

    def __str__(self):
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def upsert(model, lookup, values, stats, m2m=None):
    """Create or update one row found by `lookup`; `values` use attnames (`county_id`).

    `m2m` maps a many-to-many field name to the set of primary keys it should hold.
    The row is validated with full_clean() so a bad seed file fails loudly.
    """
    instance = model.objects.filter(**lookup).first()
    outcome = "unchanged"
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        outcome = "created"
    else:
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.full_clean()
            instance.save()
            outcome = "updated"
    for name, pks in (m2m or {}).items():
        manager = getattr(instance, name)
        if set(manager.values_list("pk", flat=True)) != set(pks):
            manager.set(pks)
            if outcome == "unchanged":
                outcome = "updated"
    stats.record(model, outcome)
    return instance
