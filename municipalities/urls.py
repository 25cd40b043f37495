from django.urls import path

from . import views

app_name = "municipalities"

urlpatterns = [
    path("municipalities/", views.MunicipalityListView.as_view(), name="list"),
    path("municipalities/<slug:slug>/", views.MunicipalityDetailView.as_view(), name="detail"),
]
