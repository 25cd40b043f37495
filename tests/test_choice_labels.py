"""
`get_FOO_display()` (core.choice_labels) gathers a field's labels once: it still says
what Django's own says, for every choice of every content model, in both languages,
and the stored value itself when it is not among the choices.
"""

import pytest
from django.db import models
from django.utils import translation

from core.choice_labels import ChoiceLabels, label_of
from core.content import content_models
from initiatives.models import Participation


def choice_fields():
    return [
        (model, field)
        for model in content_models()
        for field in model._meta.concrete_fields
        if field.choices
    ]


def test_every_content_model_has_the_labels():
    fields = choice_fields()
    assert {model.__name__ for model, _field in fields} >= {"Initiative", "Participation", "Actor"}
    for model, _field in fields:
        assert issubclass(model, ChoiceLabels), model._meta.label


@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_label_is_djangos_in_the_pages_language(language):
    with translation.override(language):
        for model, field in choice_fields():
            for value, _label in field.flatchoices:
                record = model(**{field.attname: value})
                shown = getattr(record, f"get_{field.name}_display")()
                assert shown == models.Model._get_FIELD_display(record, field)
                assert isinstance(shown, str)


def test_labels_follow_the_language_and_unknown_values_show_as_stored():
    role = Participation(role=Participation.Role.FUNDER)
    with translation.override("sv"):
        assert role.get_role_display() == "Finansiär"
    with translation.override("en"):
        assert role.get_role_display() == "Funder"
    assert Participation(role="not-a-role").get_role_display() == "not-a-role"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_label_asked_in_a_language_is_the_one_shown_in_it(language):
    """`label_of()`, for rows that have read the page's language, says what
    `get_FOO_display()` says in that language, whichever language is active."""
    other = "sv" if language == "en" else "en"
    for model, field in choice_fields():
        for value, _label in field.flatchoices:
            record = model(**{field.attname: value})
            with translation.override(language):
                shown = getattr(record, f"get_{field.name}_display")()
            with translation.override(other):
                assert label_of(record, field.name, language) == shown
    assert label_of(Participation(role="not-a-role"), "role", language) == "not-a-role"
