from django.urls import path

from . import views

urlpatterns = [
    path("news/<int:pk>/", views.NewsItemDetailView.as_view(), name="newsitem_detail"),
]
