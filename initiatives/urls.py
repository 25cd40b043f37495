from django.urls import path

from . import exports, views

app_name = "initiatives"

urlpatterns = [
    path("initiatives/", views.InitiativeListView.as_view(), name="list"),
    path("initiatives/export.csv", exports.InitiativeCsvExportView.as_view(), name="export-csv"),
    path("initiatives/export.json", exports.InitiativeJsonExportView.as_view(), name="export-json"),
    path("initiatives/<slug:slug>/", views.InitiativeDetailView.as_view(), name="detail"),
]
