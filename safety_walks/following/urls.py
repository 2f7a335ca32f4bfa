"""Follow, confirm and the Atom feeds (mounted under `boligsocial/foelg/`)."""

from django.urls import path

from safety_walks.following import feeds, views

app_name = "following"
urlpatterns = [
    path("", views.follow, name="follow"),
    path("sendt/", views.sent, name="sent"),
    path("bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feed/vandring/<int:page_id>/", feeds.walk_feed, name="walk_feed"),
    path("feed/omraade/<slug:slug>/", feeds.area_feed, name="area_feed"),
]
