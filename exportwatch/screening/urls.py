from django.urls import path

from . import views

urlpatterns = [
    path("screening/loads/", views.LoadListView.as_view(), name="screening_load_list"),
    path("screening/loads/<int:pk>/", views.LoadDetailView.as_view(), name="screening_load_detail"),
    path("screening/entities/", views.ListedEntityListView.as_view(), name="screening_entity_list"),
    path("screening/entities/export/", views.ListedEntityExportView.as_view(), name="screening_entities_export"),
]
