"""
Tables sorted by a query parameter: `?sort=funding` (ascending) or `?sort=-funding`.

Sorting is a link in each column header, so it works without JavaScript, and the
address says how the table is sorted (it can be bookmarked and shared). The view
declares its columns with the orderings for both directions; `Sorting` reads the
request, gives the queryset ordering and, for the template, each header's link and
`aria-sort` state.
"""

from dataclasses import dataclass

PARAMETER = "sort"


@dataclass(frozen=True)
class Column:
    """A sortable column: `ascending` and `descending` are order_by() arguments.

    numeric: a first click sorts largest first, as people look for the most.
    """

    key: str
    label: str
    ascending: tuple
    descending: tuple
    numeric: bool = False

    @property
    def label_in_sentence(self):
        """The label inside a caption ("sorted by population"). Our labels are UI words,
        never names, so lower-casing the first letter is safe here."""
        label = str(self.label)
        return label[:1].lower() + label[1:]


class Sorting:
    def __init__(self, request, columns, default, anchor=""):
        """`anchor`: the id of the table's heading, so a sorted page opens at the table."""
        self.request = request
        self.anchor = f"#{anchor}" if anchor else ""
        self.columns = {column.key: column for column in columns}
        value = request.GET.get(PARAMETER, "") or default
        key, descending = value.removeprefix("-"), value.startswith("-")
        if key not in self.columns:
            key, descending = default.removeprefix("-"), default.startswith("-")
        self.key, self.descending = key, descending
        self.default = default

    @property
    def column(self):
        return self.columns[self.key]

    @property
    def order_by(self):
        column = self.column
        return list(column.descending if self.descending else column.ascending)

    @property
    def value(self):
        return ("-" if self.descending else "") + self.key

    def url_for(self, value):
        """The current address with `sort=value` (dropped when it is the default)."""
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop(PARAMETER, None)
        if value != self.default:
            query[PARAMETER] = value
        encoded = query.urlencode()
        return (f"?{encoded}" if encoded else self.request.path) + self.anchor

    def headers(self):
        """[{column, url, aria_sort, arrow}] for the template's <th> links."""
        headers = []
        for column in self.columns.values():
            current = column.key == self.key
            # The current column's link reverses it; another starts at its usual direction.
            descending = not self.descending if current else column.numeric
            headers.append(
                {
                    "key": column.key,
                    "label": column.label,
                    "numeric": column.numeric,
                    "url": self.url_for(("-" if descending else "") + column.key),
                    "aria_sort": (
                        ("descending" if self.descending else "ascending") if current else ""
                    ),
                    "arrow": ("▼" if self.descending else "▲") if current else "",
                }
            )
        return headers
