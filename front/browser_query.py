"""
The initiative browser's address: kept clean for sharing, and shown as removable chips.

`shareable_query` drops what a submitted form adds but means nothing (empty boxes, the
default order and page size), so the view can redirect to an address worth sharing.
`active_filters` lists each filter value in use as a chip: its label, what it is, and
the address without it.
"""

from django.utils.http import urlencode

from initiatives.filters import DEFAULT_PAGE_SIZE, is_blank

# Parameters whose value is the default: left out of a shareable address.
DEFAULTS = {"order": "newest", "page_size": str(DEFAULT_PAGE_SIZE)}
# Not filters, so never chips.
NOT_FILTERS = {"order", "page", "page_size", "map"}


def shareable_query(query):
    """The query string without empty values and defaults, or None when there are none.

    `query`: a QueryDict. The order of the remaining parameters is kept.
    """
    kept = [
        (name, value)
        for name, values in query.lists()
        for value in values
        if not is_blank(value) and DEFAULTS.get(name) != value
    ]
    if len(kept) == sum(len(values) for _name, values in query.lists()):
        return None
    return urlencode(kept)


def address(request, query):
    """The browser's address with `query` (a QueryDict), without the page number."""
    query = query.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else request.path


def _shown(filterset, name, raw):
    """What a chip says for one raw value: the record's name when it is valid."""
    cleaned = (
        filterset.form.cleaned_data.get(name) if hasattr(filterset.form, "cleaned_data") else None
    )
    if cleaned is None or cleaned == "" or cleaned == []:
        return raw
    if name == "type":
        names = {kind.slug: kind.name for kind in cleaned}
        return names.get(raw, raw)
    if name == "has_funding":
        return dict(filterset.form.fields[name].choices).get(cleaned, raw)
    if name in ("municipality", "county", "actor", "funder"):
        return cleaned.name
    return raw


def active_filters(filterset, request):
    """[{label, value, remove_url}]: one chip per filter value in the address, in the
    form's order; invalid values too, so they can be removed as easily."""
    chips = []
    for name, field in filterset.form.fields.items():
        if name in NOT_FILTERS:
            continue
        for raw in request.GET.getlist(name):
            if is_blank(raw):
                continue
            without = request.GET.copy()
            without.setlist(name, [value for value in without.getlist(name) if value != raw])
            chips.append(
                {
                    "label": field.label,
                    "value": _shown(filterset, name, raw),
                    "remove_url": address(request, without),
                }
            )
    return chips
