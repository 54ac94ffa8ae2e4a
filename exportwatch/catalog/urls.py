from django.urls import path

from . import views

# Included before the licences URLs, so /chips/export/ is not read as a chip called "export".
urlpatterns = [
    path("chips/", views.ChipListView.as_view(), name="chip_list"),
    path("chips/export/", views.ChipExportView.as_view(), name="chips_export"),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/export/", views.CountryExportView.as_view(), name="countries_export"),
    path("companies/", views.CompanyListView.as_view(), name="company_list"),
    path("companies/export/", views.CompanyExportView.as_view(), name="companies_export"),
]
