"""
Evidence: every fact the knowledge base shows says which article states it, quotes the
passage that states it (word for word, checked against the article's text), and says
whether the source states it or only implies it (after Wikidata's references: "stated
in", "quotation"; here the quotation is machine-checked).

A fact model inherits `Evidence` and declares its own `source` foreign key to Article
(each with its own reverse name). An inferred fact needs a short reason, and public pages
label it as an interpretation ("tolkning").
"""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

WHITESPACE = re.compile(r"\s+")


class Basis(models.TextChoices):
    STATED = "stated", _("Stated in the source")
    INFERRED = "inferred", _("Inferred from the source")


def normalised(text):
    """Text with every run of whitespace (line breaks, non-breaking spaces) as one space."""
    return WHITESPACE.sub(" ", text or "").strip()


def passage_in(passage, text):
    """Whether `passage` occurs in `text`, whitespace aside."""
    wanted = normalised(passage)
    return bool(wanted) and wanted in normalised(text)


def passage_anchor(passage):
    """The id of a passage on its article's page: stable, from the passage's own words."""
    digest = hashlib.sha256(normalised(passage).encode()).hexdigest()[:10]
    return f"passage-{digest}"


def passage_pattern(passage):
    """A regular expression finding `passage` in the original text, whitespace aside."""
    words = normalised(passage).split(" ")
    return re.compile(r"\s+".join(re.escape(word) for word in words))


# Every model that inherits Inference lists these among its Meta.constraints.
INFERENCE_CONSTRAINTS: list[models.BaseConstraint] = [
    models.CheckConstraint(
        condition=Q(basis=Basis.STATED) | ~Q(inference_reason=""),
        name="%(app_label)s_%(class)s_inference_has_reason",
        violation_error_message=_("An inferred fact needs the reason for the inference."),
    ),
]


class Inference(models.Model):
    """Whether a fact is stated by its source or inferred from it, and why."""

    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices, default=Basis.STATED)
    inference_reason = models.TextField(
        _("reason for the inference"),
        blank=True,
        help_text=_("Required for an inferred fact: why the source supports it."),
    )

    class Meta:
        abstract = True
        constraints = INFERENCE_CONSTRAINTS

    @property
    def is_inferred(self):
        return self.basis == Basis.INFERRED

    def clean(self):
        super().clean()
        if self.basis == Basis.INFERRED and not self.inference_reason.strip():
            raise ValidationError(
                {"inference_reason": _("Say why the source supports this inference.")}
            )


class Evidence(Inference):
    """A fact taken from a source article, with the passage that states it."""

    passage = models.TextField(
        _("evidence passage"),
        blank=True,
        help_text=_(
            "Copied word for word from the source article: the sentence or phrase that "
            "states this fact."
        ),
    )

    class Meta(Inference.Meta):
        abstract = True

    @property
    def anchor(self):
        return passage_anchor(self.passage) if self.passage else ""

    def clean(self):
        super().clean()
        source = getattr(self, "source", None)  # None while no source is chosen
        if self.passage and source is not None and not passage_in(self.passage, source.body):
            raise ValidationError(
                {
                    "passage": _(
                        "This passage does not occur in “%(article)s”. Copy it word for word "
                        "from the article's text."
                    )
                    % {"article": source}
                }
            )
