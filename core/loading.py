"""
A content model's rows made into instances without `Model.__init__`.

Django makes every row a query reads into an instance by `Model.from_db`, which calls
`Model.__init__` with the row's values: two signals sent (`pre_init`, `post_init`), a
`setattr` per column, and where the query reads only some columns (`joined()`'s linked
fields, core/publishing.py) a list of every column with a search of the read ones for
each. A municipality's or an actor's page makes some 500 instances, its rows with the
records each row links to, at 5–10 µs each.

`from_db` is Django's documented hook for how instances are made from the database
("Customizing model loading"). `FastLoading.from_db` makes the same instance as
Django's: the row's values in the instance's `__dict__` under their columns' attribute
names (where `__init__`'s `setattr` puts them: a plain field's descriptor has no
setter, a foreign key's only forgets a cached related record, which a new instance has
none of), the columns not read left out (deferred: read when asked for, as Django's),
and a `ModelState` that is not adding and knows its database. Where that would not be
the same, Django's own is used: a model with a field whose descriptor does more, and
whenever a receiver listens to `pre_init` or `post_init` for the model (asked on every
call: a test or an app may connect one later). `tests/test_loading.py` holds the two
to each other.
"""

from inspect import getattr_static

from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

# The descriptors whose setting a new instance's column is a plain `__dict__` entry.
PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


_PLAIN: dict[type, bool] = {}  # per model: _loads_plainly's answer


def _loads_plainly(model):
    """Whether every column of `model` is set on an instance as a plain attribute."""
    plain = _PLAIN.get(model)
    if plain is None:
        plain = _PLAIN[model] = all(
            type(getattr_static(model, field.attname, None)) in PLAIN_DESCRIPTORS
            for field in model._meta.concrete_fields
        )
    return plain


class FastLoading:
    """Mixed into every content model (through `core.concurrency.Versioned`)."""

    @classmethod
    def from_db(cls, db, field_names, values):
        if not _loads_plainly(cls) or (
            # Asked of each signal only when it has any receivers at all: asking for the
            # model's was half of this method's time.
            (pre_init.receivers or post_init.receivers)
            and (pre_init.has_listeners(cls) or post_init.has_listeners(cls))
        ):
            return super().from_db(db, field_names, values)  # type: ignore[misc]
        new = cls.__new__(cls)
        state = ModelState()
        state.adding = False
        state.db = db
        attributes = new.__dict__
        attributes["_state"] = state
        # `field_names` are the read columns' attribute names, in the order of `values`.
        attributes.update(zip(field_names, values, strict=True))
        return new
