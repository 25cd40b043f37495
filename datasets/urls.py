"""The /data/ page (in both languages) and the package's files (one address each, no language).

Every table has a route of its own (`data:initiatives` is /data/initiatives.csv), so each
file is a plain URL that links, tests and harvesters reach without parameters.
"""

from django.urls import path

from . import package, views

page_patterns = (
    [
        path("data/", views.DataPageView.as_view(), name="page"),
        path("data/cite.<citeformat:format>", views.DataCitationView.as_view(), name="cite"),
    ],
    "datasets",
)

file_patterns = (
    [
        path(package.DESCRIPTOR_NAME, views.descriptor_view, name="descriptor"),
        path(package.ZIP_NAME, views.zip_view, name="zip"),
        *(
            path(table.path, views.table_views[name], name=name)
            for name, table in package.TABLES.items()
        ),
    ],
    "data",
)
