"""
`get_FOO_display()` without rebuilding the field's choices on every call.

Django's `Model._get_FIELD_display` flattens a field's choices and makes them hashable
into a new dict on each call (35 µs here); a page showing 50 roles asked 50 times. The
choices of a field are fixed when its model is defined (none of ours are callables), and
so are the translations of their labels (the compiled catalogues, read once per process),
so the labels are gathered and translated once per field and language: the list of
actors translated its fifty kinds, a lazy string and a catalogue lookup each, on every
request.
"""

import functools

from django.db.models.fields import Field
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


@functools.cache
def _labels(field: Field, language: str | None) -> dict:
    """{value: label as text in `language`} (the active language: the caller's)."""
    return {
        value: force_str(label, strings_only=True)
        for value, label in make_hashable(field.flatchoices)
    }


class ChoiceLabels:
    """Mixed into every content model (through `core.concurrency.Versioned`)."""

    def _get_FIELD_display(self, field):
        if isinstance(field.choices, CallableChoiceIterator):
            return super()._get_FIELD_display(field)  # type: ignore[misc]
        value = getattr(self, field.attname)
        return _labels(field, get_language()).get(make_hashable(value), value)


def labels_of(model, field_name, language=None):
    """{value: label as text} of a field's choices, in `language` (else the active one):
    for code that names many values it has read as values (not instances)."""
    return _labels(model._meta.get_field(field_name), language or get_language())


def label_of(record, field_name, language):
    """`record.get_FOO_display()` for the field `field_name`, in `language`: for the rows
    of a list, whose tags have read the page's language once (core/translation.py)."""
    value = getattr(record, field_name)
    return labels_of(type(record), field_name, language).get(make_hashable(value), value)
