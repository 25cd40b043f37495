"""Post admin forms back the way a browser would, from the page the admin rendered."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape


def admin_url(obj, action="change", *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=[obj.pk, *args])


def form_data(response):
    """The POST data of an admin change (or revert) page, every field as rendered."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[form.add_prefix(name)] = (
                [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
            )
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
