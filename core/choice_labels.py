"""
`get_FOO_display()` without rebuilding the field's choices on every call.

Django's `Model._get_FIELD_display` flattens a field's choices and makes them hashable
into a new dict on each call (35 µs here); a page showing 50 roles asked 50 times. The
choices of a field are fixed when its model is defined (none of ours are callables), so
their labels are gathered once per field; the label is still translated on each call,
into the language of the request.
"""

import functools

from django.db.models.fields import Field
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@functools.cache
def _labels(field: Field) -> dict:
    return dict(make_hashable(field.flatchoices))


class ChoiceLabels:
    """Mixed into every content model (through `core.concurrency.Versioned`)."""

    def _get_FIELD_display(self, field):
        if isinstance(field.choices, CallableChoiceIterator):
            return super()._get_FIELD_display(field)  # type: ignore[misc]
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)
