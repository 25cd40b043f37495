from django.views.generic import DetailView, ListView

from .models import Actor, Initiative


class InitiativeListView(ListView):
    paginate_by = 25
    template_name = "initiatives/initiative_list.html"

    def get_queryset(self):
        return Initiative.objects.visible_to(self.request.user).select_related("type")


class InitiativeDetailView(DetailView):
    template_name = "initiatives/initiative_detail.html"

    def get_queryset(self):
        return Initiative.objects.visible_to(self.request.user).select_related("type")


class ActorListView(ListView):
    model = Actor
    paginate_by = 50
    template_name = "initiatives/actor_list.html"


class ActorDetailView(DetailView):
    model = Actor
    template_name = "initiatives/actor_detail.html"
