"""A URL configuration of its own, as a request may name one (tests/test_links_and_plans.py)."""

from django.urls import include, path
from django.views.generic import View

actors = (
    [
        path("people/", View.as_view(), name="list"),
        path("people/<slug:slug>/", View.as_view(), name="detail"),
    ],
    "actors",
)
urlpatterns = [path("", include(actors))]
