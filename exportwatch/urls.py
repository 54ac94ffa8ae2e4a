from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("exportwatch.core.urls")),
    # Catalogue lists first: their /chips/export/ must win over the chip page /chips/<slug>/.
    path("", include("exportwatch.catalog.urls")),
    path("", include("exportwatch.licences.urls")),
    path("", include("exportwatch.ingest.urls")),
    path("alerts/", include("exportwatch.alerts.urls")),
    path("", include("exportwatch.screening.urls")),
]
