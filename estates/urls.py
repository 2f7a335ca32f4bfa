"""The plugin's few public URLs that are not Wagtail pages (a host mounts them under `boligsocial/`).

Each app appends its own patterns here with one line; the names are namespaced `boligsocial:`.
"""

from django.urls import include, path

from estates import language_views, media, unsubscribe_views

app_name = "boligsocial"

urlpatterns = []
urlpatterns += [path("foto/<str:token>/<str:size>/", media.serve_photo, name="photo")]
urlpatterns += [path("sprog/<str:code>/", language_views.choose_language, name="choose_language")]
urlpatterns += [path("afmeld/<str:token>/", unsubscribe_views.unsubscribe, name="unsubscribe")]
urlpatterns += [path("tilmelding/", include("community.signups.urls"))]
urlpatterns += [path("meld/", include("safety_walks.resident_reports.urls"))]
urlpatterns += [path("foelg/", include("safety_walks.following.urls"))]
