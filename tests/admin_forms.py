"""Post admin forms back the way a browser would, from the page the admin rendered."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from .app_servers import form_fields


def admin_url(obj, action="change", *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=[obj.pk, *args])


def form_data(response):
    """The POST data of an admin change (or revert) page: what a browser would send from
    the HTML the admin rendered (a field the page leaves out is left out here too)."""
    opts = response.context["opts"]
    data = {
        name: values[0] if len(values) == 1 else values
        for name, values in form_fields(
            response.content.decode(), f"{opts.model_name}_form"
        ).items()
    }
    data["_save"] = "Save"
    return data


def as_shown(message):
    """A message as a page shows it: in the site's language (the admin's), HTML-escaped."""
    with translation.override(settings.LANGUAGE_CODE):
        return escape(str(message))


def add_form(client, model, **fields):
    """The POST data of the model's admin add page as rendered (every inline's management
    form included), with `fields` filled in."""
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return {**form_data(response), **fields}
