from django.urls import path, register_converter

from . import feeds, views


class CountryCodeConverter:
    """Two letters, either case: /countries/cn/ and /countries/CN/ name the same country."""

    regex = "[A-Za-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value.lower()


register_converter(CountryCodeConverter, "cc")

urlpatterns = [
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
    path("matrix/export/", views.MatrixExportView.as_view(), name="matrix_export"),
    path("chips/<slug:slug>/", views.ChipTimelineView.as_view(), name="chip_detail"),
    path("chips/<slug:slug>/feed/", feeds.ChipFeed(), name="chip_feed"),
    path("chips/<slug:slug>/<cc:code>/", views.ChipCountryTimelineView.as_view(), name="chip_country_detail"),
    path("chips/<slug:slug>/<cc:code>/feed/", feeds.ChipCountryFeed(), name="chip_country_feed"),
    path("countries/<cc:code>/", views.CountryTimelineView.as_view(), name="country_detail"),
    path("countries/<cc:code>/feed/", feeds.CountryFeed(), name="country_feed"),
    path("companies/<slug:slug>/", views.CompanyTimelineView.as_view(), name="company_detail"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/export/", views.ApplicationExportView.as_view(), name="applications_export"),
    path("applications/<int:pk>/", views.ApplicationTimelineView.as_view(), name="application_detail"),
    path("changes/", views.ChangeListView.as_view(), name="change_list"),
    path("changes/export/", views.StatusChangeExportView.as_view(), name="changes_export"),
    path("changes/between/", views.TrackChangesView.as_view(), name="track_changes"),
    path("changes/between/export/", views.TrackChangesExportView.as_view(), name="track_changes_export"),
]
