"""Sign-up links that work without a login (mounted by estates/urls.py under `boligsocial/tilmelding/`)."""

from django.urls import path

from community.signups import link_views

app_name = "signups"
urlpatterns = [
    path("<str:token>/", link_views.receipt, name="receipt"),
    path("<str:token>/afmeld/", link_views.cancel, name="cancel"),
]
