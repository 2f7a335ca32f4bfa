"""The plugin's few public URLs that are not Wagtail pages (a host mounts them under `boligsocial/`).

Each app appends its own patterns here with one line; the names are namespaced `boligsocial:`.
"""

from django.urls import path  # noqa: F401  (used by the patterns the apps add below)

from estates import media, unsubscribe_views

app_name = "boligsocial"

urlpatterns = []
urlpatterns += [path("foto/<str:token>/<str:size>/", media.serve_photo, name="photo")]
urlpatterns += [path("afmeld/<str:token>/", unsubscribe_views.unsubscribe, name="unsubscribe")]
