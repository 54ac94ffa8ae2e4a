from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import feeds, views

# Mounted at /alerts/.
urlpatterns = [
    path("", views.watchlist, name="watchlist"),
    path("follow/", views.follow, name="follow"),
    path("follows/<int:pk>/delete/", views.unfollow, name="unfollow"),
    path("frequency/", views.change_frequency, name="alert_frequency"),
    path("feed-address/", views.new_feed_address, name="new_feed_address"),
    # The secret token is the feed's only key, so feed readers can fetch it (even with REQUIRE_LOGIN).
    path("feed/<str:token>/", login_not_required(feeds.PersonalFeed()), name="personal_feed"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("unsubscribe/<str:token>/undo/", views.resubscribe, name="resubscribe"),
]
