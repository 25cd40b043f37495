from django.urls import path

from . import compare, county_views, views

app_name = "municipalities"

urlpatterns = [
    path("municipalities/", views.MunicipalityListView.as_view(), name="list"),
    path("municipalities/<slug:slug>/", views.MunicipalityDetailView.as_view(), name="detail"),
    path("counties/", county_views.CountyListView.as_view(), name="county-list"),
    path("counties/<str:code>/", county_views.CountyDetailView.as_view(), name="county-detail"),
    path("compare/", compare.CompareView.as_view(), name="compare"),
]
