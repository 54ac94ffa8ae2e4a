from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("api/", views.ApiDocsView.as_view(), name="api_docs"),
    path("healthz", views.health, name="health"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    # Django's LogoutView accepts POST only, so a stray link or image cannot sign anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
