from django.views.generic import DetailView, ListView

from .models import Article


class ArticleListView(ListView):
    paginate_by = 25
    template_name = "articles/article_list.html"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).select_related("publisher")


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).select_related("publisher")
