"""Follow, confirm and the Atom feeds (mounted under `boligsocial/foelg/`)."""

app_name = "following"
urlpatterns = []
