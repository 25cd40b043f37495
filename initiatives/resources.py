"""
Import and export of initiatives, participations and funding (django-import-export).

Files refer to other records by their stable keys: municipalities by SCB code; types,
schools, actors, initiatives and articles by slug. An unknown key, a malformed value or a
broken rule (end year before start year, a negative amount...) is a validation error on
its row, and a file with any invalid row saves nothing. A file exported from the admin
imports back unchanged.

The publication state is exported but never imported: publishing goes through review.
"""

import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from actors.models import Actor
from articles.models import Article
from core.moderation import needs_review
from municipalities.models import Municipality, School

from .models import Funding, Initiative, InitiativeType, Participation

SEPARATOR = ","


def _key(value):
    return "" if value is None else str(value).strip()


def municipality_code(value):
    """An SCB code as text; spreadsheets turn "0114" into the number 114."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    code = _key(value)
    return code.zfill(4) if code.isdigit() else code


class KeyWidget(widgets.ForeignKeyWidget):
    """A foreign key given by a unique field; an unknown key is an error on the row."""

    def __init__(self, model, field, normalise=_key):
        self.normalise = normalise
        super().__init__(model, field)

    def clean(self, value, row=None, **kwargs):
        key = self.normalise(value)
        if not key:
            return None
        try:
            return self.get_queryset(value, row).get(**{self.field: key})
        except self.model.DoesNotExist:
            raise ValueError(_no_such(self.model, self.field, [key])) from None


class KeysWidget(widgets.ManyToManyWidget):
    """Many-to-many keys separated by commas; any unknown key is an error on the row."""

    def __init__(self, model, field, normalise=_key):
        self.normalise = normalise
        super().__init__(model, separator=SEPARATOR, field=field)

    def clean(self, value, row=None, **kwargs):
        if value is None or isinstance(value, (int, float)):
            value = "" if value is None else str(value)
        keys = [self.normalise(key) for key in value.split(self.separator) if _key(key)]
        found = self.model.objects.filter(**{f"{self.field}__in": keys})
        missing = set(keys) - {getattr(obj, self.field) for obj in found}
        if missing:
            raise ValueError(_no_such(self.model, self.field, sorted(missing)))
        return found

    def render(self, value, obj=None, **kwargs):
        # Sorted, so that an export is stable and compares equal when imported back.
        if value is None:  # a new record, not saved yet
            return ""
        return self.separator.join(sorted(str(getattr(o, self.field)) for o in value.all()))


class StrictBooleanWidget(widgets.BooleanWidget):
    """Yes/no in Swedish or English; empty means no. Anything else is an error."""

    TRUE = {"1", "true", "yes", "ja", "x"}
    FALSE = {"", "0", "false", "no", "nej"}

    def clean(self, value, row=None, **kwargs):
        text = _key(value).casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” is not yes or no.") % {"value": value})


class AmountWidget(widgets.Widget):
    """An amount the same in every language: "8800000.00" out; "8 800 000,00" also in."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, (int, float, Decimal)):
            return Decimal(str(value))
        text = "".join(_key(value).split()).replace(",", ".")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not an amount.") % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class DayWidget(widgets.Widget):
    """A date as YYYY-MM-DD; spreadsheets may give a date cell instead."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date) or not _key(value):
            return value or None
        try:
            return date.fromisoformat(_key(value))
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else value.isoformat()


class UUIDWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)

    def clean(self, value, row=None, **kwargs):
        try:
            return uuid.UUID(_key(value))
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a valid identifier.") % {"value": value}
            ) from None


def _no_such(model, field, keys):
    return _("No %(model)s with %(field)s %(keys)s.") % {
        "model": model._meta.verbose_name,
        "field": model._meta.get_field(field).verbose_name,
        "keys": ", ".join(f"“{key}”" for key in keys),
    }


class StrictResource(resources.ModelResource):
    """All or nothing, every problem reported as a validation error on its row.

    An import is one more way to change records, so it obeys the same rule as the
    change form (core.moderation): a row that would change something visitors see, from
    someone who may not publish, is refused; the change form turns it into a pending
    change for a Publisher instead.
    """

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if user is not None and needs_review(user, instance, adding=instance._state.adding):
            raise ValidationError(
                _(
                    "Visitors see this record, so a change to it needs a Publisher. Import it "
                    "as a Publisher, or edit it in its form, where the change waits for review."
                )
            )
        super().before_save_instance(instance, row, **kwargs)

    def import_data(self, dataset, **kwargs):
        # The admin's confirm step does not ask for this; without it the valid rows of a
        # file would be saved and the invalid ones dropped.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def get_instance(self, instance_loader, row):
        # The library reports an unknown key in the identifying columns as a crash.
        errors: dict[str, ValidationError] = {}
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error))
        if errors:
            raise ValidationError(errors)
        return super().get_instance(instance_loader, row)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except (InvalidOperation, TypeError):
            # Numbers fail with InvalidOperation, which the library would not catch.
            raise ValueError(
                _("“%(value)s” is not a valid number.") % {"value": row[field.column_name]}
            ) from None

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many values are saved after the row, too late to be a validation error:
        # check their keys now.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error))]
        if errors:
            raise ValidationError(errors)

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True


class SpreadsheetImportExportMixin(ImportExportMixin):
    """ModelAdmin mixin: import with preview and export, as CSV or Excel files."""

    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]


class SchoolLinksField(fields.Field):
    """The schools an initiative concerns. Each link is a fact with a source: imported
    links cite the row's first source article, without a passage yet (the data-quality
    page lists them for staff to complete)."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        schools = self.clean(row)
        if not schools:
            instance.schools.clear()
            return
        sources = KeysWidget(Article, "slug").clean(row.get("sources"))
        if not sources:
            raise ValueError(_("Schools need a source: give the row's source articles."))
        instance.schools.set(schools, through_defaults={"source": sources.order_by("pk")[0]})


def _field(attribute, widget=None, **kwargs):
    return fields.Field(attribute=attribute, column_name=attribute, widget=widget, **kwargs)


def _municipality():
    return KeyWidget(Municipality, "code", normalise=municipality_code)


class InitiativeResource(StrictResource):
    type = _field("type", KeyWidget(InitiativeType, "slug"))
    municipalities = _field(
        "municipalities", KeysWidget(Municipality, "code", normalise=municipality_code)
    )
    schools = SchoolLinksField(
        attribute="schools", column_name="schools", widget=KeysWidget(School, "slug")
    )
    sources = _field("sources", KeysWidget(Article, "slug"))
    start_date = _field("start_date", DayWidget())
    end_date = _field("end_date", DayWidget())
    publication_state = _field("publication_state", readonly=True)

    class Meta(StrictResource.Meta):
        model = Initiative
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "type",
            "summary",
            "status",
            "start_year",
            "end_year",
            "start_date",
            "end_date",
            "municipalities",
            "schools",
            "sources",
            "publication_state",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("type").prefetch_related(
            "municipalities", "schools", "sources"
        )


class ParticipationResource(StrictResource):
    initiative = _field("initiative", KeyWidget(Initiative, "slug"))
    actor = _field("actor", KeyWidget(Actor, "slug"))
    source = _field("source", KeyWidget(Article, "slug"))

    class Meta(StrictResource.Meta):
        model = Participation
        import_id_fields = ["initiative", "actor", "role"]
        fields = ["initiative", "actor", "role", "source", "note"]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("initiative", "actor", "source")


class FundingResource(StrictResource):
    uid = _field("uid", UUIDWidget())
    initiative = _field("initiative", KeyWidget(Initiative, "slug"))
    funder = _field("funder", KeyWidget(Actor, "slug"))
    recipient_municipality = _field("recipient_municipality", _municipality())
    recipient_actor = _field("recipient_actor", KeyWidget(Actor, "slug"))
    amount_sek = _field("amount_sek", AmountWidget())
    is_lower_bound = _field("is_lower_bound", StrictBooleanWidget())
    source = _field("source", KeyWidget(Article, "slug"))

    class Meta(StrictResource.Meta):
        model = Funding
        import_id_fields = ["uid"]
        fields = [
            "uid",
            "initiative",
            "funder",
            "recipient_municipality",
            "recipient_actor",
            "amount_sek",
            "is_lower_bound",
            "year",
            "note",
            "source",
        ]
        export_order = fields

    def before_import(self, dataset, **kwargs):
        # New funding rows need no identifier column: each empty one gets a new uid.
        if "uid" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="uid")

    def before_import_row(self, row, **kwargs):
        if not _key(row.get("uid")):
            row["uid"] = str(uuid.uuid4())

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(
            "initiative", "funder", "recipient_municipality", "recipient_actor", "source"
        )
