"""
The admin's third-party packages ship no Swedish: django-axes, django-simple-history and
django-import-export. Their messages are listed here, marked with gettext_noop, only so
that `make messages` keeps them in our catalogue (locale/); Django looks there before a
package's own catalogue, so the admin is Swedish throughout. Nothing imports this module.

Made from each package's sources (`django-admin makemessages` in a copy of the package);
run that again after upgrading one of them and add what is new.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext

# django-axes (login throttling)
AXES_STRINGS = [
    _("Locked Out"),
    _("Yes"),
    _("No"),
    _("Form Data"),
    _("Meta Data"),
    _("Clean up expired attempts"),
    _("Cleaned up {count} expired access attempts."),
    _("Not set"),
    _("Attempt Remaining"),
    _("Account locked: too many login attempts. Please try again later."),
    _("Account locked: too many login attempts. Contact an admin to unlock your account."),
    _("User Agent"),
    _("IP Address"),
    _("Username"),
    _("HTTP Accept"),
    _("Path"),
    _("Attempt Time"),
    _("Access lock out"),
    _("access failure"),
    _("access failures"),
    _("GET Data"),
    _("POST Data"),
    _("Failed Logins"),
    _("access attempt"),
    _("access attempts"),
    _("Access Attempt"),
    _("Expires At"),
    _("The time when access attempt expires and is no longer valid."),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("Logout Time"),
    _("Session key hash (sha256)"),
    _("access log"),
    _("access logs"),
]

# django-simple-history (History, Revert)
SIMPLE_HISTORY_STRINGS = [
    _("View history: %s"),
    _("Change history: %s"),
    _('The %(name)s "%(obj)s" was changed successfully.'),
    _("You may edit it again below"),
    _("View %s"),
    _("Revert %s"),
    _("Created"),
    _("Changed"),
    _("Deleted"),
    _("Deleted %(type_name)s"),
    _("Choose a date from the list below to revert to a previous version of this object."),
    _("This object doesn't have a change history."),
    _("Home"),
    _("History"),
    _("View %(verbose_name)s"),
    _("Revert %(verbose_name)s"),
    _("View on site"),
    _("Press the 'Revert' button below to revert to this version of the object."),
    _("Press the 'Change History' button below to edit the history."),
    _("Object"),
    _("Date/time"),
    _("Comment"),
    _("Changed by"),
    _("Change reason"),
    _("Changes"),
    _("None"),
    _("Revert"),
    _("Change History"),
    _("Close"),
]


def _simple_history_plurals():  # never called: marks the plural forms for makemessages
    ngettext("entry", "entries", 1)


# django-import-export (Import, Export)
IMPORT_EXPORT_STRINGS = [
    _("Import"),
    _("%s through import_export"),
    _("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    _(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct format for the file."  # noqa: E501
    ),
    _("No valid data to import. Ensure your file has the correct headers or data for import."),
    _("Export"),
    _("Export selected %(verbose_name_plural)s"),
    _("export failed due to IllegalCharacterError"),
    _("Resource"),
    _("Format"),
    _("File to import"),
    _("Form is not validated, call `is_valid` first"),
    _('Select at least 1 field for "%(resource_name)s" to export'),
    _(
        "The following fields are declared in 'import_id_fields' but are not present in the resource fields: %s"  # noqa: E501
    ),
    _(
        "The following fields are declared in 'import_id_fields' but are not present in the file headers: %s"  # noqa: E501
    ),
    _("call to force_str() on instance failed: %s"),
    _("Home"),
    _("This exporter will export the following fields: "),
    _("Select all"),
    _("Submit"),
    _(
        "Below is a preview of data to be imported. If you are satisfied with the results, click 'Confirm import'"  # noqa: E501
    ),
    _("Confirm import"),
    _("Errors"),
    _("Line number"),
    _("Some rows failed to validate"),
    _(
        "Please correct these errors in your data where possible, then reupload it using the form above."  # noqa: E501
    ),
    _("Row"),
    _("Non field specific"),
    _("Preview"),
    _("New"),
    _("Skipped"),
    _("Delete"),
    _("Update"),
    _("This importer will import the following fields: "),
    _("Value could not be parsed."),
    _("use_natural_foreign_keys and key_is_id cannot both be True"),
]


def _import_export_plurals():  # never called: marks the plural forms for makemessages
    ngettext("Export %(len)s selected item.", "Export %(len)s selected items.", 1)
