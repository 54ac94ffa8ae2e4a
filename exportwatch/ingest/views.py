"""The news item page: what was received, what was extracted from it, and whether that went wrong."""

from django.views.generic import DetailView

from exportwatch.core.views import PageContextMixin
from exportwatch.licences.models import Evidence
from exportwatch.licences.views import prepare_steps, visible_changes, web_link

from .models import NewsItem


class NewsItemDetailView(PageContextMixin, DetailView):
    template_name = "ingest/newsitem_detail.html"
    context_object_name = "item"
    queryset = NewsItem.objects.select_related("source", "duplicate_of")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        evidence = list(
            Evidence.objects.filter(news_item=item, status_change__in=visible_changes(self.request.user))
            .select_related(
                "status_change",
                "status_change__company",
                "status_change__chip",
                "status_change__chip__vendor",
                "status_change__country",
                "status_change__authority",
            )
            .order_by("status_change__event_date", "id")
        )
        prepare_steps([row.status_change for row in evidence])
        context["evidence_rows"] = evidence
        context["source_link"] = web_link(item.url)
        # An error may name internals (a table, a constraint): only those who tend the ingest queue read it.
        context["show_error"] = self.request.user.has_perm("ingest.view_newsitem")
        return context
