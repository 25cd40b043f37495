from django.urls import path

from . import views

app_name = "initiatives"

urlpatterns = [
    path("initiatives/", views.InitiativeListView.as_view(), name="list"),
    path("initiatives/<slug:slug>/", views.InitiativeDetailView.as_view(), name="detail"),
]
