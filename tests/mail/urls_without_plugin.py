"""A host URLconf that forgot `path("boligsocial/", include("estates.urls"))`."""

urlpatterns = []
