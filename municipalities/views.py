from django.views.generic import DetailView, ListView

from .models import Municipality


class MunicipalityListView(ListView):
    model = Municipality
    queryset = Municipality.objects.select_related("county").order_by("county__code", "name")
    template_name = "municipalities/municipality_list.html"


class MunicipalityDetailView(DetailView):
    model = Municipality
    queryset = Municipality.objects.select_related("county")
    template_name = "municipalities/municipality_detail.html"
